// Streaming tar reading (POSIX ustar and pax, GNU long names) over gzip (node:zlib) or xz (xz-decompress,
// WebAssembly): entries are handed to a visitor chunk by chunk as the archive is decompressed, so a release
// tarball is described in one pass without extracting anything to disk. Every size is bounded.
import { Readable } from "node:stream";
import { createGunzip, type ZlibOptions } from "node:zlib";
import xz from "xz-decompress";
import { PysbomError } from "../errors.js";

const { XzReadableStream } = xz;

/** Kinds of tar members (Python tarfile's isfile/isdir/issym/islnk). */
export type TarEntryType = "file" | "directory" | "symlink" | "hardlink" | "other";

/** One member's header (after pax and GNU long-name records are applied). */
export interface TarEntry {
  /** Member name as stored (UTF-8), directories without their trailing `/`. */
  readonly name: string;
  readonly type: TarEntryType;
  /** Bytes of data that follow (0 for links and directories). */
  readonly size: number;
  /** Link target for symbolic and hard links. */
  readonly linkname?: string | undefined;
  readonly mode: number;
}

/**
 * Receives one member's data; return it from the visitor to read the member, or undefined to skip it.
 * Chunks are views into the decompressed buffers: keep them only if the chunk source does not reuse its
 * buffers ({@link decompressedChunks} never does). `end` may return a promise to hold the reading back.
 */
export interface TarEntrySink {
  data(chunk: Uint8Array): void;
  end(): void | Promise<void>;
}

/** Bounds of {@link readTar}. */
export interface TarLimits {
  /** Most members read (default 1,000,000). */
  readonly maxEntries?: number;
  /** Most bytes of member data in the archive (default 16 GiB). */
  readonly maxTotalBytes?: number;
  /** Largest pax or GNU long-name record (default 1 MiB). */
  readonly maxMetaBytes?: number;
  /** Name of the archive in messages. */
  readonly display?: string;
}

/** Compressions understood by {@link decompressedChunks}. */
export type TarCompression = "gzip" | "xz" | "none";

const BLOCK = 512;

function unreadable(display: string, message: string, cause?: unknown): PysbomError {
  return new PysbomError("INPUT_UNREADABLE", `${display}: ${message}`, {
    cause,
    location: { file: display },
  });
}

function cString(buf: Buffer, start: number, end: number): string {
  const zero = buf.indexOf(0, start);
  return buf.toString("utf8", start, zero < 0 || zero > end ? end : zero);
}

function parseNumber(buf: Buffer, start: number, len: number): number {
  if (buf[start]! & 0x80) {
    // GNU base-256: big-endian two's complement with the high bit as a marker.
    let v = buf[start]! & 0x7f;
    for (let i = 1; i < len; i++) v = v * 256 + buf[start + i]!;
    return v;
  }
  const s = cString(buf, start, start + len).trim();
  if (s === "") return 0;
  if (!/^[0-7]+$/.test(s)) return Number.NaN;
  return Number.parseInt(s, 8);
}

function checksumOk(h: Buffer): boolean {
  const stored = parseNumber(h, 148, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : h[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return stored === unsigned || stored === signed;
}

function parsePax(data: Buffer, display: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space < 0) break;
    const len = Number(data.toString("ascii", i, space));
    if (!Number.isInteger(len) || len <= 0 || i + len > data.length)
      throw unreadable(display, "malformed pax extended header");
    const record = data.toString("utf8", space + 1, i + len - 1);
    const eq = record.indexOf("=");
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    i += len;
  }
  return out;
}

/**
 * Reads a tar stream, calling `visit` for every member (pax `x`/`g` and GNU `L`/`K` records are applied
 * to the names, not reported). Members whose visitor returns a sink get their data in order.
 * @example
 * await readTar(chunks, (e) => (e.type === "file" ? { data: (c) => h.update(c), end: () => {} } : undefined));
 */
export async function readTar(
  chunks: AsyncIterable<Uint8Array>,
  visit: (entry: TarEntry) => TarEntrySink | undefined,
  limits: TarLimits = {},
): Promise<{ entries: number; bytes: number }> {
  const display = limits.display ?? "archive";
  const maxEntries = limits.maxEntries ?? 1_000_000;
  const maxTotal = limits.maxTotalBytes ?? 16 * 1024 * 1024 * 1024;
  const maxMeta = limits.maxMetaBytes ?? 1024 * 1024;

  let header = Buffer.alloc(BLOCK);
  let headerFill = 0;
  // Data of the current member still to come, then its padding.
  let remaining = 0;
  let padding = 0;
  let sink: TarEntrySink | undefined;
  // A pax/GNU record being collected.
  let meta: { kind: string; parts: Buffer[]; size: number } | undefined;
  let paxLocal: Record<string, string> = {};
  const paxGlobal: Record<string, string> = {};
  let longName: string | undefined;
  let longLink: string | undefined;
  let entries = 0;
  let total = 0;
  let ended = false;
  let sawAnything = false;

  const finishData = (): void | Promise<void> => {
    if (meta) {
      const data = Buffer.concat(meta.parts);
      if (meta.kind === "x") paxLocal = parsePax(data, display);
      else if (meta.kind === "g") Object.assign(paxGlobal, parsePax(data, display));
      else if (meta.kind === "L") longName = cString(data, 0, data.length);
      else if (meta.kind === "K") longLink = cString(data, 0, data.length);
      meta = undefined;
    } else if (sink) {
      const s = sink;
      sink = undefined;
      return s.end();
    }
  };
  // A sink's end() may ask the reader to wait (back-pressure); the wait happens between chunks.
  let waiting: Promise<void> | undefined;
  const finish = (): void => {
    const r = finishData();
    if (r) waiting = waiting ? waiting.then(() => r) : r;
  };

  const onHeader = (h: Buffer): void => {
    if (h.every((b) => b === 0)) {
      ended = true;
      return;
    }
    if (!checksumOk(h)) throw unreadable(display, sawAnything ? "corrupt tar header" : "not a tar archive");
    sawAnything = true;
    const typeflag = String.fromCharCode(h[156]!);
    const size = parseNumber(h, 124, 12);
    if (!Number.isFinite(size) || size < 0) throw unreadable(display, "corrupt tar header (size)");
    total += size;
    if (total > maxTotal)
      throw new PysbomError("LIMIT_EXCEEDED", `${display}: more than ${maxTotal} bytes of member data`, {
        location: { file: display },
      });
    remaining = size;
    padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if ("xgLK".includes(typeflag) && typeflag !== "\0") {
      if (size > maxMeta)
        throw new PysbomError(
          "LIMIT_EXCEEDED",
          `${display}: tar metadata record larger than ${maxMeta} bytes`,
          {
            location: { file: display },
          },
        );
      meta = { kind: typeflag, parts: [], size };
      if (size === 0) finish();
      return;
    }
    if (++entries > maxEntries)
      throw new PysbomError("LIMIT_EXCEEDED", `${display}: more than ${maxEntries} members`, {
        location: { file: display },
      });
    const magic = h.toString("latin1", 257, 263);
    const ustar = magic === "ustar\0";
    let name = cString(h, 0, 100);
    if (ustar) {
      const prefix = cString(h, 345, 500);
      if (prefix !== "") name = `${prefix}/${name}`;
    }
    let linkname = cString(h, 157, 257);
    const pax = { ...paxGlobal, ...paxLocal };
    if (pax.path !== undefined) name = pax.path;
    if (longName !== undefined) name = longName;
    if (pax.linkpath !== undefined) linkname = pax.linkpath;
    if (longLink !== undefined) linkname = longLink;
    if (pax.size !== undefined && /^\d+$/.test(pax.size)) {
      const paxSize = Number(pax.size);
      total += paxSize - size;
      remaining = paxSize;
      padding = (BLOCK - (paxSize % BLOCK)) % BLOCK;
    }
    paxLocal = {};
    longName = undefined;
    longLink = undefined;
    let type: TarEntryType;
    switch (typeflag) {
      case "0":
      case "7":
        type = "file";
        break;
      case "\0":
        // tarfile: an old-style regular file whose name ends in "/" is a directory.
        type = name.endsWith("/") ? "directory" : "file";
        break;
      case "1":
        type = "hardlink";
        break;
      case "2":
        type = "symlink";
        break;
      case "5":
        type = "directory";
        break;
      default:
        type = "other";
    }
    if (type === "directory") name = name.replace(/\/+$/, "");
    const entry: TarEntry = {
      name,
      type,
      size: type === "file" ? remaining : 0,
      linkname: type === "symlink" || type === "hardlink" ? linkname : undefined,
      mode: parseNumber(h, 100, 8) || 0,
    };
    sink = visit(entry);
    if (remaining === 0) finish();
  };

  for await (const raw of chunks) {
    if (ended) break;
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    let off = 0;
    while (off < chunk.length && !ended) {
      if (remaining > 0) {
        const n = Math.min(remaining, chunk.length - off);
        const part = chunk.subarray(off, off + n);
        if (meta) meta.parts.push(Buffer.from(part));
        else sink?.data(part);
        remaining -= n;
        off += n;
        if (remaining === 0) finish();
        continue;
      }
      if (padding > 0) {
        const n = Math.min(padding, chunk.length - off);
        padding -= n;
        off += n;
        continue;
      }
      const n = Math.min(BLOCK - headerFill, chunk.length - off);
      if (headerFill === 0 && n === BLOCK) {
        onHeader(chunk.subarray(off, off + BLOCK));
      } else {
        chunk.copy(header, headerFill, off, off + n);
        headerFill += n;
        if (headerFill === BLOCK) {
          onHeader(header);
          header = Buffer.alloc(BLOCK);
          headerFill = 0;
        }
      }
      off += n;
    }
    if (waiting) {
      await waiting;
      waiting = undefined;
    }
  }
  if (waiting) await waiting;
  if (!ended && (remaining > 0 || headerFill > 0 || meta !== undefined))
    throw unreadable(display, "truncated tar archive");
  if (!sawAnything && !ended) throw unreadable(display, "empty or not a tar archive");
  return { entries, bytes: total };
}

/** Detects gzip / xz from the first bytes (undefined for anything else). */
export function sniffCompression(head: Uint8Array): TarCompression | undefined {
  if (head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58 && head[4] === 0x5a)
    return "xz";
  return undefined;
}

/**
 * Decompresses a stream of chunks (each input chunk is copied, so callers may reuse their buffers).
 * Corrupt data is an `INPUT_UNREADABLE` error naming the archive.
 * @example for await (const c of decompressedChunks(resolver.stream("Python-3.13.0.tgz"), "gzip")) …
 */
export async function* decompressedChunks(
  chunks: AsyncIterable<Uint8Array>,
  compression: TarCompression,
  display = "archive",
): AsyncIterable<Uint8Array> {
  async function* copies(): AsyncIterable<Uint8Array> {
    for await (const c of chunks) yield Buffer.from(c);
  }
  if (compression === "none") {
    yield* copies();
    return;
  }
  try {
    if (compression === "gzip") {
      // Large buffers let inflation (on the thread pool) run ahead of the consumer.
      // (ZlibOptions does not declare the stream option, but zlib streams pass it to their Transform.)
      const gunzip = createGunzip({ chunkSize: 1024 * 1024, highWaterMark: 16 * 1024 * 1024 } as ZlibOptions);
      const source = Readable.from(copies());
      source.on("error", (e) => gunzip.destroy(e));
      source.pipe(gunzip);
      yield* gunzip as AsyncIterable<Uint8Array>;
    } else {
      const web = Readable.toWeb(Readable.from(copies())) as ReadableStream<Uint8Array>;
      const out = new XzReadableStream(web);
      // Copied: the WebAssembly decoder's output buffers are not ours to keep.
      for await (const c of Readable.fromWeb(
        out as Parameters<typeof Readable.fromWeb>[0],
      ) as AsyncIterable<Uint8Array>)
        yield Buffer.from(c);
    }
  } catch (cause) {
    if (cause instanceof PysbomError) throw cause;
    throw unreadable(display, `cannot decompress (${compression}): ${(cause as Error).message}`, cause);
  }
}
