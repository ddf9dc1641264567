// Filesystem edge of the vulnerability database: walking advisory directories, atomic writes, a writer
// lock, generation directories switched by renaming one pointer file, and reads at byte offsets.

import type { Dirent } from "node:fs";
import { closeSync, fstatSync, openSync, readdirSync, readSync } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PysbomError } from "../errors.js";

/** A file found by {@link walkFiles}. */
export interface FoundFile {
  readonly path: string;
  /** Path relative to the walked root, POSIX separators. */
  readonly rel: string;
}

/**
 * Every regular file below `root` for which `accept(rel)` is true, in name order. Hidden entries (`.git`,
 * `.github`…) and symbolic links are skipped, so a walk never leaves the tree. Synchronous: advisory trees
 * are thousands of small files, where one system call each beats a round trip through the thread pool.
 * @example for (const f of walkFiles("advisory-database", (r) => r.endsWith(".yaml"))) …
 */
export function* walkFiles(root: string, accept: (rel: string) => boolean): Iterable<FoundFile> {
  const stack: string[] = [""];
  while (stack.length > 0) {
    const rel = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch (cause) {
      throw new PysbomError(
        "INPUT_UNREADABLE",
        `cannot list ${join(root, rel)}: ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const dirs: string[] = [];
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const r = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) dirs.push(r);
      else if (e.isFile() && accept(r)) yield { path: join(root, r), rel: r };
    }
    for (let i = dirs.length - 1; i >= 0; i--) stack.push(dirs[i]!);
  }
}

/**
 * Reads a whole (small) file synchronously, refusing more than `maxBytes`.
 * @example readSmallFile("PYSEC-2021-1.json", 1 << 20, "PYSEC-2021-1.json")
 */
export function readSmallFile(path: string, maxBytes: number, display: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (cause) {
    throw new PysbomError("INPUT_UNREADABLE", `${display}: cannot open (${(cause as Error).message})`, {
      cause,
      location: { file: display },
    });
  }
  try {
    const size = fstatSync(fd).size;
    if (size > maxBytes)
      throw new PysbomError("LIMIT_EXCEEDED", `${display}: larger than ${maxBytes} bytes`, {
        location: { file: display },
      });
    const buf = Buffer.allocUnsafe(size);
    let done = 0;
    while (done < size) {
      const n = readSync(fd, buf, done, size - done, done);
      if (n === 0) break;
      done += n;
    }
    return buf.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}

/** `file`, `directory`, or undefined when nothing is there. */
export async function pathKind(path: string): Promise<"file" | "directory" | "other" | undefined> {
  try {
    const st = await stat(path);
    return st.isFile() ? "file" : st.isDirectory() ? "directory" : "other";
  } catch {
    return undefined;
  }
}

/** Writes a file atomically: a temporary file beside it, renamed into place. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.pysbom-${process.pid}.tmp`;
  try {
    await writeFile(tmp, data, { flag: "w" });
    await rename(tmp, path);
  } catch (cause) {
    await rm(tmp, { force: true });
    throw new PysbomError("OUTPUT_UNWRITABLE", `cannot write ${path}: ${(cause as Error).message}`, {
      cause,
    });
  }
}

/** Reads a whole file as UTF-8, or undefined when it does not exist. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new PysbomError("INPUT_UNREADABLE", `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** Creates a directory (and its parents). */
export async function ensureDir(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (cause) {
    throw new PysbomError("OUTPUT_UNWRITABLE", `cannot create ${path}: ${(cause as Error).message}`, {
      cause,
    });
  }
}

/** Removes a file or directory tree (no error when absent). */
export async function removePath(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}

/** Lists the names in a directory (empty when it does not exist). */
export async function listNames(path: string): Promise<string[]> {
  try {
    return (await readdir(path)).sort();
  } catch {
    return [];
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the writer lock of a database directory (`<dir>/lock`, holding the owner's pid) and returns its
 * release function. A lock left by a process that no longer runs is taken over.
 * @example const release = await acquireLock(dir); try { … } finally { await release(); }
 */
export async function acquireLock(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, "lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const h = await open(path, "wx");
      await h.writeFile(String(process.pid));
      await h.close();
      return () => rm(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST")
        throw new PysbomError("OUTPUT_UNWRITABLE", `cannot lock ${dir}: ${(e as Error).message}`, {
          cause: e,
        });
      const owner = Number((await readTextIfExists(path))?.trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && pidAlive(owner))
        throw new PysbomError(
          "OUTPUT_UNWRITABLE",
          `${dir} is being written by another pysbom (pid ${owner}); try again when it has finished`,
        );
      await rm(path, { force: true });
    }
  }
  throw new PysbomError("OUTPUT_UNWRITABLE", `cannot lock ${dir}`);
}

/** Reads byte ranges of one file through a file descriptor kept open (records of the database). */
export class RangeReader {
  readonly #fd: number;

  constructor(path: string) {
    try {
      this.#fd = openSync(path, "r");
    } catch (cause) {
      throw new PysbomError("INPUT_UNREADABLE", `cannot read ${path}: ${(cause as Error).message}`, {
        cause,
      });
    }
  }

  /** `length` bytes at `offset`. */
  read(offset: number, length: number): Buffer {
    const buf = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.#fd, buf, done, length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    return buf.subarray(0, done);
  }

  close(): void {
    closeSync(this.#fd);
  }
}
