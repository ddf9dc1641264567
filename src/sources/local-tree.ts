// A Resolver over a local directory that uses synchronous system calls: for commands that read thousands
// of small files of one tree (`pysbom cpython update` hashing vendored code), where a thread-pool round
// trip per call costs more than the call. Same rules as DirectoryResolver: links are followed only while
// they stay inside the root, loops are reported, reads are bounded.
import type { Dirent, Stats } from "node:fs";
import {
  closeSync,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readlinkSync,
  readSync,
  realpathSync,
  statSync,
} from "node:fs";
import { sep } from "node:path";
import { PysbomError } from "../errors.js";
import {
  DEFAULT_MAX_FILE_BYTES,
  type Entry,
  type EntryKind,
  normalizeRelative,
  type Resolver,
  type WalkOptions,
} from "./resolver.js";

/**
 * A synchronous-I/O Resolver for a local tree (behaves as {@link DirectoryResolver}).
 * @example const r = new LocalTreeResolver("/src/cpython", "cpython"); await r.readBytes("Misc/sbom.spdx.json")
 */
export class LocalTreeResolver implements Resolver {
  readonly root: string;
  readonly #abs: string;
  #real: string | undefined;

  /**
   * @param absRoot absolute path of the root directory
   * @param display how to name the root in messages (default: absRoot)
   */
  constructor(absRoot: string, display?: string) {
    this.#abs = absRoot.replace(/\/+$/, "") || "/";
    this.root = display ?? absRoot;
  }

  #realRoot(): string {
    if (this.#real === undefined) {
      try {
        this.#real = realpathSync.native(this.#abs);
      } catch (cause) {
        throw new PysbomError("INPUT_NOT_FOUND", `${this.root}: no such directory`, {
          cause,
          location: { file: this.root },
        });
      }
    }
    return this.#real;
  }

  #join(rel: string): string {
    return rel === "" ? this.#abs : `${this.#abs}/${rel}`;
  }

  #inside(real: string, root: string): boolean {
    return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
  }

  #resolve(
    rel: string,
  ): { real: string; st: Stats } | { unfollowed: NonNullable<Entry["unfollowed"]> } | undefined {
    const root = this.#realRoot();
    const abs = this.#join(rel);
    let real: string;
    try {
      real = realpathSync.native(abs);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ELOOP") return { unfollowed: "loop" };
      let l: Stats | undefined;
      try {
        l = lstatSync(abs);
      } catch {
        l = undefined;
      }
      return l?.isSymbolicLink() ? { unfollowed: "dangling" } : undefined;
    }
    if (!this.#inside(real, root)) return { unfollowed: "outside-root" };
    return { real, st: statSync(real) };
  }

  #entry(path: string, st: Stats, link: boolean): Entry {
    const kind: EntryKind = st.isFile() ? "file" : st.isDirectory() ? "directory" : "other";
    return { path, kind, size: st.isFile() ? st.size : 0, link };
  }

  async stat(path: string): Promise<Entry | undefined> {
    const rel = normalizeRelative(path);
    const r = this.#resolve(rel);
    if (r === undefined || "unfollowed" in r) return undefined;
    let link = false;
    try {
      link = lstatSync(this.#join(rel)).isSymbolicLink();
    } catch {
      link = false;
    }
    return this.#entry(rel, r.st, link);
  }

  #list(dir: string): Entry[] {
    const rel = normalizeRelative(dir);
    const r = this.#resolve(rel);
    if (r === undefined || "unfollowed" in r || !r.st.isDirectory()) return [];
    let dirents: Dirent[];
    try {
      dirents = readdirSync(r.real, { withFileTypes: true });
    } catch {
      return [];
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const out: Entry[] = [];
    for (const d of dirents) {
      const path = rel === "" ? d.name : `${rel}/${d.name}`;
      if (d.isSymbolicLink()) {
        const t = this.#resolve(path);
        if (t === undefined) out.push({ path, kind: "symlink", size: 0, link: true, unfollowed: "dangling" });
        else if ("unfollowed" in t)
          out.push({ path, kind: "symlink", size: 0, link: true, unfollowed: t.unfollowed });
        else out.push(this.#entry(path, t.st, true));
      } else if (d.isFile() || d.isDirectory()) {
        try {
          out.push(this.#entry(path, statSync(`${r.real}/${d.name}`), false));
        } catch {
          // vanished meanwhile
        }
      } else out.push({ path, kind: "other", size: 0, link: false });
    }
    return out;
  }

  async list(dir = ""): Promise<Entry[]> {
    return this.#list(dir);
  }

  #openChecked(path: string): { real: string; size: number; where: string } {
    const rel = normalizeRelative(path);
    const r = this.#resolve(rel);
    const where = rel === "" ? this.root : `${this.root}/${rel}`;
    if (r === undefined)
      throw new PysbomError("INPUT_NOT_FOUND", `${where}: no such file`, { location: { file: where } });
    if ("unfollowed" in r)
      throw new PysbomError("INPUT_UNREADABLE", `${where}: symbolic link not followed (${r.unfollowed})`, {
        location: { file: where },
      });
    if (!r.st.isFile())
      throw new PysbomError("INPUT_UNREADABLE", `${where}: not a regular file`, {
        location: { file: where },
      });
    return { real: r.real, size: r.st.size, where };
  }

  async readBytes(path: string, options: { maxBytes?: number } = {}): Promise<Uint8Array> {
    const max = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
    const { real, where } = this.#openChecked(path);
    const tooBig = (): PysbomError =>
      new PysbomError("LIMIT_EXCEEDED", `${where}: more than the ${max}-byte limit for this file`, {
        location: { file: where },
      });
    const fd = openSync(real, "r");
    try {
      const size = fstatSync(fd).size;
      if (size > max)
        throw new PysbomError(
          "LIMIT_EXCEEDED",
          `${where}: ${size} bytes, more than the ${max}-byte limit for this file`,
          {
            location: { file: where },
          },
        );
      // Read one byte more than the expected size, to notice a file that grew meanwhile.
      const cap = size + 1;
      const buf = Buffer.allocUnsafe(cap);
      let total = 0;
      while (total < cap) {
        const n = readSync(fd, buf, total, cap - total, null);
        if (n === 0) break;
        total += n;
      }
      if (total > max) throw tooBig();
      if (total === cap) {
        const parts: Buffer[] = [buf];
        for (;;) {
          const more = Buffer.allocUnsafe(65536);
          const n = readSync(fd, more, 0, more.length, null);
          if (n === 0) break;
          total += n;
          if (total > max) throw tooBig();
          parts.push(more.subarray(0, n));
        }
        return Buffer.concat(parts, total);
      }
      return buf.subarray(0, total);
    } finally {
      closeSync(fd);
    }
  }

  async readText(path: string, options: { maxBytes?: number } = {}): Promise<string> {
    return new TextDecoder("utf-8").decode(await this.readBytes(path, options));
  }

  async *stream(path: string): AsyncIterable<Uint8Array> {
    const { real } = this.#openChecked(path);
    const fd = openSync(real, "r");
    try {
      for (;;) {
        const buf = Buffer.allocUnsafe(1 << 20);
        const n = readSync(fd, buf, 0, buf.length, null);
        if (n === 0) break;
        yield buf.subarray(0, n);
      }
    } finally {
      closeSync(fd);
    }
  }

  async *walk(options: WalkOptions = {}): AsyncIterable<Entry> {
    const max = options.maxEntries ?? 5_000_000;
    const maxDepth = options.maxDepth ?? 64;
    const seen = new Set<string>();
    let count = 0;
    const start = normalizeRelative(options.from ?? "");
    const first = this.#resolve(start);
    if (first === undefined || "unfollowed" in first || !first.st.isDirectory()) return;
    seen.add(`${first.st.dev}:${first.st.ino}`);
    const stack: [string, number][] = [[start, 0]];
    while (stack.length > 0) {
      const [dir, depth] = stack.pop()!;
      const subdirs: string[] = [];
      for (const e of this.#list(dir)) {
        if (++count > max)
          throw new PysbomError("LIMIT_EXCEEDED", `${this.root}: more than ${max} entries; giving up`, {
            location: { file: this.root },
          });
        if (e.kind === "directory") {
          const name = e.path.slice(e.path.lastIndexOf("/") + 1);
          if (options.skipDir?.(e.path, name)) continue;
          let key = e.path;
          try {
            const st = statSync(this.#join(e.path));
            key = `${st.dev}:${st.ino}`;
          } catch {
            // keep the path as the key
          }
          if (seen.has(key)) {
            yield { ...e, kind: "symlink", unfollowed: "loop" };
            continue;
          }
          seen.add(key);
          yield e;
          if (depth + 1 < maxDepth) subdirs.push(e.path);
        } else yield e;
      }
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push([subdirs[i]!, depth + 1]);
    }
  }

  /** The target of a symbolic link (for messages), or undefined. */
  async linkTarget(path: string): Promise<string | undefined> {
    try {
      return readlinkSync(this.#join(normalizeRelative(path)));
    } catch {
      return undefined;
    }
  }
}
