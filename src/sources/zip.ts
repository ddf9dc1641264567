// Reading zip archives as a stream of entries (yauzl, lazily, one entry in memory at a time), for OSV exports
// such as osv.dev's `PyPI/all.zip` and GitHub archives of advisory repositories.
import type { Readable } from "node:stream";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { PysbomError } from "../errors.js";

/** One file of the archive. */
export interface ZipEntryData {
  /** Path inside the archive (POSIX separators, as stored). */
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** Options of {@link readZipEntries}. */
export interface ZipReadOptions {
  /** Only entries for which this returns true are decompressed. */
  readonly filter?: (name: string) => boolean;
  /** Refuse entries larger than this once decompressed (default 64 MiB). */
  readonly maxEntryBytes?: number;
  /** Refuse archives with more entries (default 1,000,000). */
  readonly maxEntries?: number;
  /** How to name the archive in messages (default: its path). */
  readonly display?: string;
}

function unreadable(display: string, cause: unknown): PysbomError {
  if (cause instanceof PysbomError) return cause;
  return new PysbomError(
    "INPUT_UNREADABLE",
    `${display}: not a readable zip archive (${(cause as Error).message})`,
    {
      cause,
      location: { file: display },
    },
  );
}

function nextEntry(zip: ZipFile): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const done = () => {
      zip.off("entry", onEntry);
      zip.off("end", onEnd);
      zip.off("error", onError);
    };
    const onEntry = (e: Entry) => {
      done();
      resolve(e);
    };
    const onEnd = () => {
      done();
      resolve(undefined);
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    zip.on("entry", onEntry);
    zip.on("end", onEnd);
    zip.on("error", onError);
    zip.readEntry();
  });
}

async function readEntry(zip: ZipFile, entry: Entry, max: number, display: string): Promise<Uint8Array> {
  const stream = await new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(entry, (err, s) => (err || !s ? reject(err ?? new Error("no stream")) : resolve(s))),
  );
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of stream) {
    total += (c as Buffer).length;
    if (total > max) {
      stream.destroy();
      throw new PysbomError("LIMIT_EXCEEDED", `${display}!${entry.fileName}: larger than ${max} bytes`, {
        location: { file: display },
      });
    }
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks, total);
}

/**
 * Streams the files of a zip archive (directories are skipped). Entry sizes are checked against the
 * archive's headers and `maxEntryBytes`, so a zip bomb cannot exhaust memory. Stopping the iteration early
 * closes the archive.
 * @example for await (const e of readZipEntries("all.zip", { filter: (n) => n.endsWith(".json") })) …
 */
export async function* readZipEntries(
  path: string,
  options: ZipReadOptions = {},
): AsyncIterable<ZipEntryData> {
  const display = options.display ?? path;
  const maxEntryBytes = options.maxEntryBytes ?? 64 * 1024 * 1024;
  const maxEntries = options.maxEntries ?? 1_000_000;
  let zip: ZipFile;
  try {
    zip = await new Promise<ZipFile>((resolve, reject) =>
      yauzl.open(
        path,
        { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false },
        (err, z) => (err || !z ? reject(err ?? new Error("cannot open")) : resolve(z)),
      ),
    );
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new PysbomError("INPUT_NOT_FOUND", `${display}: no such file`, {
        cause,
        location: { file: display },
      });
    throw unreadable(display, cause);
  }
  try {
    if (zip.entryCount > maxEntries)
      throw new PysbomError("LIMIT_EXCEEDED", `${display}: more than ${maxEntries} entries`, {
        location: { file: display },
      });
    for (;;) {
      let entry: Entry | undefined;
      let bytes: Uint8Array;
      try {
        entry = await nextEntry(zip);
        if (entry === undefined) return;
        if (entry.fileName.endsWith("/") || (options.filter && !options.filter(entry.fileName))) continue;
        if (entry.uncompressedSize > maxEntryBytes)
          throw new PysbomError(
            "LIMIT_EXCEEDED",
            `${display}!${entry.fileName}: larger than ${maxEntryBytes} bytes`,
            {
              location: { file: display },
            },
          );
        bytes = await readEntry(zip, entry, maxEntryBytes, display);
      } catch (cause) {
        throw unreadable(display, cause);
      }
      yield { name: entry.fileName, bytes };
    }
  } finally {
    zip.close();
  }
}
