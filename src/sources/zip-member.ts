// One member of a zip archive held in memory (a wheel read out of a release tarball), bounded in size.
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { PysbomError } from "../errors.js";

/** Options of {@link readZipMember}. */
export interface ZipMemberOptions {
  /** Refuse the member when it is larger than this once decompressed (default 16 MiB). */
  readonly maxBytes?: number;
  /** Refuse archives with more entries (default 100,000). */
  readonly maxEntries?: number;
  /** The archive's name in messages. */
  readonly display?: string;
}

/**
 * The bytes of member `name` of the zip archive `bytes`, or undefined when there is no such member.
 * A damaged archive is an `INPUT_UNREADABLE` error.
 * @example await readZipMember(wheelBytes, "pip/_vendor/vendor.txt")
 */
export async function readZipMember(
  bytes: Uint8Array,
  name: string,
  options: ZipMemberOptions = {},
): Promise<Uint8Array | undefined> {
  const display = options.display ?? "zip archive";
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  const maxEntries = options.maxEntries ?? 100_000;
  const fail = (cause: unknown): PysbomError =>
    cause instanceof PysbomError
      ? cause
      : new PysbomError(
          "INPUT_UNREADABLE",
          `${display}: not a readable zip archive (${(cause as Error).message})`,
          {
            cause,
            location: { file: display },
          },
        );
  const zip = await new Promise<ZipFile>((resolve, reject) => {
    yauzl.fromBuffer(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      { lazyEntries: true, decodeStrings: true, validateEntrySizes: true },
      (err, z) => (err ? reject(fail(err)) : resolve(z)),
    );
  });
  try {
    if (zip.entryCount > maxEntries)
      throw new PysbomError("LIMIT_EXCEEDED", `${display}: more than ${maxEntries} entries`, {
        location: { file: display },
      });
    const entry = await new Promise<Entry | undefined>((resolve, reject) => {
      zip.on("entry", (e: Entry) => (e.fileName === name ? resolve(e) : zip.readEntry()));
      zip.on("end", () => resolve(undefined));
      zip.on("error", (e) => reject(fail(e)));
      zip.readEntry();
    });
    if (!entry) return undefined;
    if (entry.uncompressedSize > maxBytes)
      throw new PysbomError("LIMIT_EXCEEDED", `${display}: ${name} is larger than ${maxBytes} bytes`, {
        location: { file: display },
      });
    return await new Promise<Uint8Array>((resolve, reject) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err) {
          reject(fail(err));
          return;
        }
        const parts: Buffer[] = [];
        let total = 0;
        stream.on("data", (c: Buffer) => {
          total += c.length;
          if (total > maxBytes) {
            stream.destroy();
            reject(
              new PysbomError("LIMIT_EXCEEDED", `${display}: ${name} is larger than ${maxBytes} bytes`, {
                location: { file: display },
              }),
            );
            return;
          }
          parts.push(c);
        });
        stream.on("error", (e) => reject(fail(e)));
        stream.on("end", () => resolve(Buffer.concat(parts)));
      });
    });
  } finally {
    zip.close();
  }
}
