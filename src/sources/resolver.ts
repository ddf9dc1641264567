// The I/O edge for scanned trees: a Resolver lists and reads files under a root and never follows a link
// out of it (syft's resolver idea). Catalogers see only this interface, never the filesystem.
import type { Dirent, Stats } from "node:fs";
import { readFileSync } from "node:fs";
import { lstat, open, readdir, readlink, realpath, stat } from "node:fs/promises";
import { posix, sep } from "node:path";
import { PysbomError } from "../errors.js";
import type { Checksum, ChecksumAlgorithm } from "../model/index.js";
import { hashBytes, hashStream } from "./hash.js";

/** What a path is. `symlink` only for links that are not followed (dangling or leading out of the root). */
export type EntryKind = "file" | "directory" | "symlink" | "other";

/** One entry under the root. */
export interface Entry {
  /** Root-relative POSIX path ("" is the root). */
  readonly path: string;
  readonly kind: EntryKind;
  /** Size in bytes for files (0 otherwise). */
  readonly size: number;
  /** True when the entry is a symbolic link (followed or not). */
  readonly link: boolean;
  /** For unfollowed links: why (`outside-root`, `dangling`, `loop`). */
  readonly unfollowed?: "outside-root" | "dangling" | "loop" | undefined;
}

/** Options of {@link Resolver.walk}. */
export interface WalkOptions {
  /** Root-relative directory to start from (default: the root). */
  readonly from?: string;
  /** Return true to skip a directory (its path and base name). */
  readonly skipDir?: (path: string, name: string) => boolean;
  /** Stop with `LIMIT_EXCEEDED` after this many entries (default 5,000,000). */
  readonly maxEntries?: number;
  /** Deepest directory level walked (default 64). */
  readonly maxDepth?: number;
}

/** Read access to a tree of files. */
export interface Resolver {
  /** The root as the user named it (for messages). */
  readonly root: string;
  /** Entries directly inside `dir`, sorted by name. */
  list(dir?: string): Promise<Entry[]>;
  /** The entry at `path`, or undefined when it does not exist or leads outside the root. */
  stat(path: string): Promise<Entry | undefined>;
  /** All bytes of a file, refusing more than `maxBytes` (default 64 MiB) with `LIMIT_EXCEEDED`. */
  readBytes(path: string, options?: { maxBytes?: number }): Promise<Uint8Array>;
  /** A file as text: UTF-8, invalid sequences replaced by U+FFFD. */
  readText(path: string, options?: { maxBytes?: number }): Promise<string>;
  /** A file's bytes as a stream of chunks (for hashing big files without holding them). */
  stream(path: string): AsyncIterable<Uint8Array>;
  /** Every entry below `from`, depth first in name order; each real directory is visited once. */
  walk(options?: WalkOptions): AsyncIterable<Entry>;
  /** Optional fast path for digests; use {@link digestFile}, which falls back to `stream`. */
  digest?(
    path: string,
    algorithms: readonly ChecksumAlgorithm[],
  ): Promise<{ checksums: Checksum[]; size: number }>;
}

/**
 * Digests of a file read through any resolver (its fast path when it has one), and the file's size.
 * @example await digestFile(resolver, "pkg/__init__.py", ["SHA256"])
 */
export function digestFile(
  resolver: Resolver,
  path: string,
  algorithms: readonly ChecksumAlgorithm[],
): Promise<{ checksums: Checksum[]; size: number }> {
  return resolver.digest ? resolver.digest(path, algorithms) : hashStream(resolver.stream(path), algorithms);
}

/** What #resolve finds: a real path inside the root, a reason a link is not followed, or nothing. */
type Resolved =
  | { real: string; st: Stats; link: boolean }
  | { unfollowed: NonNullable<Entry["unfollowed"]> }
  | undefined;

/** Files up to this size are digested from one synchronous read. */
const SMALL_FILE = 256 * 1024;

/** Default largest file read whole by {@link Resolver.readBytes}. */
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Normalises a root-relative path; throws `INVALID_DOCUMENT`-free usage errors for escapes. */
export function normalizeRelative(path: string): string {
  if (path === "" || path === ".") return "";
  if (path.startsWith("/"))
    throw new PysbomError("INTERNAL", `resolver paths are relative to the root, got ${JSON.stringify(path)}`);
  const n = posix.normalize(path).replace(/\/+$/, "");
  if (n === "." || n === "") return "";
  if (n === ".." || n.startsWith("../"))
    throw new PysbomError("INPUT_UNREADABLE", `${JSON.stringify(path)} leads outside the scanned root`);
  return n;
}

/** A resolver over a directory of the local filesystem. */
export class DirectoryResolver implements Resolver {
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

  async #realRoot(): Promise<string> {
    this.#real ??= await realpath(this.#abs).catch((cause) => {
      throw new PysbomError("INPUT_NOT_FOUND", `${this.root}: no such directory`, {
        cause,
        location: { file: this.root },
      });
    });
    return this.#real;
  }

  #join(rel: string): string {
    return rel === "" ? this.#abs : `${this.#abs}/${rel}`;
  }

  #inside(real: string, root: string): boolean {
    return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
  }

  /** Real paths of directories already resolved (root-relative path → real path or a failure). */
  readonly #dirs = new Map<string, Promise<Resolved>>();

  /**
   * Resolves a root-relative path to a real path inside the root, or a reason it cannot be followed.
   * Fast path: the parent directory's real path is cached, so a plain file costs one lstat; links take
   * the full realpath check.
   */
  async #resolve(rel: string): Promise<Resolved> {
    const root = await this.#realRoot();
    if (rel === "") return { real: root, st: await stat(root), link: false };
    const cut = rel.lastIndexOf("/");
    const parent = await this.#resolveDir(cut < 0 ? "" : rel.slice(0, cut));
    if (parent === undefined) return undefined;
    if ("unfollowed" in parent) return parent;
    if (!parent.st.isDirectory()) return undefined;
    const real = `${parent.real === "/" ? "" : parent.real}/${rel.slice(cut + 1)}`;
    const l = await lstat(real).catch(() => undefined);
    if (l === undefined) return undefined;
    if (!l.isSymbolicLink()) return { real, st: l, link: false };
    return this.#resolveLink(real, root);
  }

  #resolveDir(rel: string): Promise<Resolved> {
    let p = this.#dirs.get(rel);
    if (p === undefined) {
      p = this.#resolve(rel);
      this.#dirs.set(rel, p);
    }
    return p;
  }

  async #resolveLink(abs: string, root: string): Promise<Resolved> {
    let real: string;
    try {
      real = await realpath(abs);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ELOOP") return { unfollowed: "loop" };
      return { unfollowed: "dangling" };
    }
    if (!this.#inside(real, root)) return { unfollowed: "outside-root" };
    const st = await stat(real).catch(() => undefined);
    if (st === undefined) return { unfollowed: "dangling" };
    return { real, st, link: true };
  }

  #entry(path: string, st: Stats, link: boolean): Entry {
    const kind: EntryKind = st.isFile() ? "file" : st.isDirectory() ? "directory" : "other";
    return { path, kind, size: st.isFile() ? st.size : 0, link };
  }

  async stat(path: string): Promise<Entry | undefined> {
    const rel = normalizeRelative(path);
    const r = await this.#resolve(rel);
    if (r === undefined || "unfollowed" in r) return undefined;
    return this.#entry(rel, r.st, r.link);
  }

  async list(dir = ""): Promise<Entry[]> {
    const rel = normalizeRelative(dir);
    const r = await this.#resolve(rel);
    if (r === undefined || "unfollowed" in r || !r.st.isDirectory()) return [];
    let dirents: Dirent[];
    try {
      dirents = await readdir(r.real, { withFileTypes: true });
    } catch {
      return [];
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const real = r.real === "/" ? "" : r.real;
    const root = await this.#realRoot();
    // Entries are looked at concurrently; the result keeps the sorted name order.
    const out = await Promise.all(
      dirents.map(async (d): Promise<Entry | undefined> => {
        const path = rel === "" ? d.name : `${rel}/${d.name}`;
        if (d.isSymbolicLink()) {
          const t = await this.#resolveLink(`${real}/${d.name}`, root);
          if (t === undefined || "unfollowed" in t)
            return { path, kind: "symlink", size: 0, link: true, unfollowed: t?.unfollowed ?? "dangling" };
          return this.#entry(path, t.st, true);
        }
        if (d.isFile() || d.isDirectory()) {
          const st = await lstat(`${real}/${d.name}`).catch(() => undefined);
          return st ? this.#entry(path, st, false) : undefined;
        }
        return { path, kind: "other", size: 0, link: false };
      }),
    );
    return out.filter((e): e is Entry => e !== undefined);
  }

  async #openChecked(path: string): Promise<{ real: string; size: number }> {
    const rel = normalizeRelative(path);
    const r = await this.#resolve(rel);
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
    return { real: r.real, size: r.st.size };
  }

  async readBytes(path: string, options: { maxBytes?: number } = {}): Promise<Uint8Array> {
    const max = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
    const { real, size } = await this.#openChecked(path);
    const where = `${this.root}/${normalizeRelative(path)}`;
    if (size > max)
      throw new PysbomError(
        "LIMIT_EXCEEDED",
        `${where}: ${size} bytes, more than the ${max}-byte limit for this file`,
        { location: { file: where } },
      );
    const handle = await open(real, "r");
    try {
      const chunks: Buffer[] = [];
      let total = 0;
      const buf = Buffer.allocUnsafe(Math.min(Math.max(size, 1), 1 << 20));
      for (;;) {
        const { bytesRead } = await handle.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        total += bytesRead;
        if (total > max)
          throw new PysbomError("LIMIT_EXCEEDED", `${where}: more than the ${max}-byte limit for this file`, {
            location: { file: where },
          });
        chunks.push(Buffer.from(buf.subarray(0, bytesRead)));
      }
      return Buffer.concat(chunks, total);
    } finally {
      await handle.close();
    }
  }

  async readText(path: string, options: { maxBytes?: number } = {}): Promise<string> {
    return new TextDecoder("utf-8").decode(await this.readBytes(path, options));
  }

  async *stream(path: string): AsyncIterable<Uint8Array> {
    const { real, size } = await this.#openChecked(path);
    const handle = await open(real, "r");
    try {
      const buf = Buffer.allocUnsafe(Math.min(Math.max(size, 1), 1 << 20));
      for (;;) {
        const { bytesRead } = await handle.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        yield buf.subarray(0, bytesRead);
      }
    } finally {
      await handle.close();
    }
  }

  async *walk(options: WalkOptions = {}): AsyncIterable<Entry> {
    const max = options.maxEntries ?? 5_000_000;
    const maxDepth = options.maxDepth ?? 64;
    const seen = new Set<string>();
    let count = 0;
    const start = normalizeRelative(options.from ?? "");
    const first = await this.#resolve(start);
    if (first === undefined || "unfollowed" in first || !first.st.isDirectory()) return;
    seen.add(`${first.st.dev}:${first.st.ino}`);
    const stack: [string, number][] = [[start, 0]];
    while (stack.length > 0) {
      const [dir, depth] = stack.pop()!;
      const entries = await this.list(dir);
      const subdirs: string[] = [];
      for (const e of entries) {
        if (++count > max)
          throw new PysbomError("LIMIT_EXCEEDED", `${this.root}: more than ${max} entries; giving up`, {
            location: { file: this.root },
          });
        if (e.kind === "directory") {
          const name = e.path.slice(e.path.lastIndexOf("/") + 1);
          if (options.skipDir?.(e.path, name)) continue;
          const st = await stat(this.#join(e.path)).catch(() => undefined);
          const key = st ? `${st.dev}:${st.ino}` : e.path;
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

  async digest(
    path: string,
    algorithms: readonly ChecksumAlgorithm[],
  ): Promise<{ checksums: Checksum[]; size: number }> {
    const { real, size } = await this.#openChecked(path);
    if (size <= SMALL_FILE) {
      // Small files (most of an installed environment): one synchronous read after the checks above is
      // much cheaper than a chain of thread-pool round trips, and cannot hold much memory.
      let bytes: Buffer;
      try {
        bytes = readFileSync(real);
      } catch (cause) {
        throw new PysbomError(
          "INPUT_UNREADABLE",
          `${this.root}/${normalizeRelative(path)}: ${(cause as Error).message}`,
          { cause },
        );
      }
      if (bytes.length <= SMALL_FILE) return { checksums: hashBytes(bytes, algorithms), size: bytes.length };
    }
    return hashStream(this.stream(path), algorithms);
  }

  /** The target of a symbolic link (for messages), or undefined. */
  async linkTarget(path: string): Promise<string | undefined> {
    return readlink(this.#join(normalizeRelative(path))).catch(() => undefined);
  }
}
