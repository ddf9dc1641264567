// The installed-files lists of a distribution: `RECORD` (PEP 376 / "Recording installed projects": CSV
// rows `path,algorithm=urlsafe-b64-digest,size`) and egg-info's `installed-files.txt` (one path a line,
// relative to the egg-info directory). Pure: text in, entries out; problems are returned, never thrown.
import { posix } from "node:path";
import type { ChecksumAlgorithm } from "../../model/index.js";

/** One row of RECORD. */
export interface RecordEntry {
  /** The path as written (relative to the site-packages directory, `/` separated, may climb with `..`). */
  readonly path: string;
  /** The recorded digest, as lowercase hex, when the row has one this tool can check. */
  readonly hash?: { readonly algorithm: ChecksumAlgorithm; readonly hex: string } | undefined;
  /** The hash field when present but not understood (unknown algorithm or bad encoding). */
  readonly badHash?: string | undefined;
  /** The recorded size in bytes, when given (a claim: never used to allocate anything). */
  readonly size?: number | undefined;
  /** 1-based line number in RECORD. */
  readonly line: number;
}

/** A problem with one RECORD row. */
export interface RecordProblem {
  readonly line: number;
  readonly message: string;
}

// hashlib names allowed in RECORD (the spec: "an algorithm from hashlib.algorithms_guaranteed"),
// mapped onto the model's algorithms. `blake2b` without a size is hashlib's 64-byte default.
export const HASHLIB_ALGORITHMS: Readonly<Record<string, ChecksumAlgorithm>> = {
  sha1: "SHA1",
  sha224: "SHA224",
  sha256: "SHA256",
  sha384: "SHA384",
  sha512: "SHA512",
  sha3_256: "SHA3-256",
  sha3_384: "SHA3-384",
  sha3_512: "SHA3-512",
  blake2b: "BLAKE2b-512",
  md5: "MD5",
};

const DIGEST_BYTES: Partial<Record<ChecksumAlgorithm, number>> = {
  SHA1: 20,
  SHA224: 28,
  SHA256: 32,
  SHA384: 48,
  SHA512: 64,
  "SHA3-256": 32,
  "SHA3-384": 48,
  "SHA3-512": 64,
  "BLAKE2b-512": 64,
  MD5: 16,
};

/** Splits CSV text into rows of fields (RFC 4180 quoting, as Python's `csv` module writes RECORD). */
export function parseCsv(text: string): { fields: string[]; line: number }[] {
  const rows: { fields: string[]; line: number }[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let field = "";
    let quoted = false;
    let atFieldStart = true;
    for (; i < n; i++) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else quoted = false;
        } else {
          if (c === "\n") line++;
          field += c;
        }
        continue;
      }
      if (c === '"' && atFieldStart) {
        quoted = true;
        atFieldStart = false;
      } else if (c === ",") {
        fields.push(field);
        field = "";
        atFieldStart = true;
      } else if (c === "\r" || c === "\n") {
        if (c === "\r" && text[i + 1] === "\n") i++;
        i++;
        line++;
        break;
      } else {
        field += c;
        atFieldStart = false;
      }
    }
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === "")) rows.push({ fields, line: startLine });
  }
  return rows;
}

/** Decodes the unpadded URL-safe base64 of RECORD (`sha256=…`) to lowercase hex, or undefined. */
export function recordDigestToHex(b64: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(b64)) return undefined;
  return Buffer.from(b64, "base64url").toString("hex");
}

const B64URL = /^[A-Za-z0-9_-]+={0,2}$/;
const HEX = /^[0-9a-fA-F]+$/;

// A RECORD row whose digest is decoded to hex only when asked for (most runs never need it).
class Row implements InstalledRecordEntry {
  #digest: string | undefined;
  #algorithm: ChecksumAlgorithm | undefined;
  #hash: RecordEntry["hash"] | null = null;
  constructor(
    readonly path: string,
    readonly line: number,
    readonly resolved: string | undefined,
    readonly size: number | undefined,
    readonly badHash: string | undefined,
    algorithm: ChecksumAlgorithm | undefined,
    digest: string | undefined,
  ) {
    this.#algorithm = algorithm;
    this.#digest = digest;
  }

  get hash(): RecordEntry["hash"] {
    if (this.#hash === null)
      this.#hash =
        this.#algorithm && this.#digest !== undefined
          ? {
              algorithm: this.#algorithm,
              hex: this.#digest.startsWith("hex:") ? this.#digest.slice(4) : recordDigestToHex(this.#digest)!,
            }
          : undefined;
    return this.#hash;
  }
}

function entryFromFields(
  fields: readonly string[],
  line: number,
  problems: RecordProblem[],
  resolve: ((path: string) => string | undefined) | undefined,
): InstalledRecordEntry | undefined {
  const path = fields[0] ?? "";
  const hashField = fields[1] ?? "";
  const sizeField = fields[2] ?? "";
  if (path === "") {
    problems.push({ line, message: "row without a path" });
    return undefined;
  }
  if (fields.length > 3) problems.push({ line, message: `${fields.length} fields, expected 3` });
  let algorithm: ChecksumAlgorithm | undefined;
  let digest: string | undefined;
  let badHash: string | undefined;
  if (hashField !== "") {
    const eq = hashField.indexOf("=");
    algorithm = eq === -1 ? undefined : HASHLIB_ALGORITHMS[hashField.slice(0, eq).toLowerCase()];
    digest = eq === -1 ? undefined : hashField.slice(eq + 1);
    // Unpadded base64 of an n-byte digest has ceil(4n/3) characters. Debian's dh-python writes hex
    // (2n characters) instead: accepted too, the lengths cannot be confused.
    const bytes = algorithm ? (DIGEST_BYTES[algorithm] ?? 0) : 0;
    if (algorithm && digest !== undefined && digest.length === 2 * bytes && HEX.test(digest))
      digest = `hex:${digest.toLowerCase()}`;
    else if (
      !algorithm ||
      digest === undefined ||
      digest.replace(/=+$/, "").length !== Math.ceil((4 * bytes) / 3) ||
      !B64URL.test(digest)
    ) {
      algorithm = undefined;
      digest = undefined;
      badHash = hashField;
      problems.push({ line, message: `${path}: hash ${JSON.stringify(hashField)} not understood` });
    }
  }
  let size: number | undefined;
  if (sizeField !== "") {
    if (/^\d{1,15}$/.test(sizeField)) size = Number(sizeField);
    else problems.push({ line, message: `${path}: size ${JSON.stringify(sizeField)} is not a number` });
  }
  return new Row(path, line, resolve?.(path), size, badHash, algorithm, digest);
}

/** A RECORD entry plus its root-relative path (see {@link parseRecord}'s `resolve`). */
export interface InstalledRecordEntry extends RecordEntry {
  readonly resolved?: string | undefined;
}

/**
 * Parses RECORD text. Rows need 3 fields (path, hash, size); hash and size may be empty (RECORD itself,
 * compiled files). A bad hash or size is reported and left out of the entry (the path is kept).
 * `resolve` maps each written path to a root-relative one (stored as `resolved`).
 * @example parseRecord("six.py,sha256=4NRjY…,34549\nsix-1.17.0.dist-info/RECORD,,\n").entries[0].path // "six.py"
 */
export function parseRecord(
  text: string,
  resolve?: (path: string) => string | undefined,
): { entries: InstalledRecordEntry[]; problems: RecordProblem[] } {
  const entries: InstalledRecordEntry[] = [];
  const problems: RecordProblem[] = [];
  const push = (fields: readonly string[], line: number) => {
    const e = entryFromFields(fields, line, problems, resolve);
    if (e) entries.push(e);
  };
  if (text.includes('"')) {
    for (const { fields, line } of parseCsv(text)) push(fields, line);
    return { entries, problems };
  }
  // Fast path: without quotes a row is a line and a field ends at each comma.
  let start = 0;
  let line = 0;
  const n = text.length;
  while (start < n) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = n;
    line++;
    let row = text.slice(start, end);
    if (row.endsWith("\r")) row = row.slice(0, -1);
    start = end + 1;
    if (row.includes("\r")) {
      // Old Mac line ends: let the CSV reader split them.
      for (const r of parseCsv(row)) push(r.fields, line);
      continue;
    }
    if (row !== "") push(row.split(","), line);
  }
  return { entries, problems };
}

/**
 * Parses egg-info `installed-files.txt`: one path a line, relative to the egg-info directory.
 * @example parseInstalledFiles("../six.py\nPKG-INFO\n") // ["../six.py", "PKG-INFO"]
 */
export function parseInstalledFiles(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

/**
 * Resolves a path written in RECORD (relative to `base`, a root-relative directory) to a root-relative
 * path, or undefined when it is absolute or climbs out of the scanned root.
 * @example resolveUnder("lib/python3.12/site-packages", "../../../bin/pip") // "bin/pip"
 */
export function resolveUnder(base: string, written: string): string | undefined {
  // Fast path for the common case: a plain relative path.
  if (!/\\|^\/|^[A-Za-z]:|(?:^|\/)\.\.?(?:\/|$)|\/\/|\/$/.test(written))
    return base === "" ? written : `${base}/${written}`;
  const p = written.replace(/\\/g, "/");
  if (p.startsWith("/") || /^[A-Za-z]:\//.test(p)) return undefined;
  const joined = posix.normalize(base === "" ? p : `${base}/${p}`).replace(/\/+$/, "");
  if (joined === ".." || joined.startsWith("../") || joined === "." || joined === "") return undefined;
  return joined;
}
