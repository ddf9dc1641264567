// Helpers shared by the lockfile readers: TOML/JSON parsing with located errors, typed access to untyped
// documents, hashes, markers, exact pins, local paths and URL credential redaction.
import { parse as parseTomlText, TomlError } from "smol-toml";
import { isValidName } from "../../core/names.js";
import { isValidVersion, type SpecifierSet, specifierSetContains } from "../../core/pep440/index.js";
import { formatMarker, tryParseMarker } from "../../core/pep508/index.js";
import { PysbomError } from "../../errors.js";
import { parseJson } from "../../formats/json.js";
import type { Checksum, ChecksumAlgorithm, Unknown } from "../../model/index.js";

/** An untyped TOML/JSON table. */
export type Table = Record<string, unknown>;

/**
 * Parses TOML; a syntax error becomes `INVALID_TOML` naming the file, line and column.
 * @example parseToml('a = 1', "uv.lock") // { a: 1 }
 */
export function parseToml(text: string, file: string): Table {
  try {
    // `__proto__`/`constructor` keys are dropped (a lockfile must not reach object prototypes); nesting
    // is bounded so a hostile file cannot exhaust the stack.
    return parseTomlText(text, {
      integersAsBigInt: "asNeeded",
      unsafeKeyBehaviour: "drop",
      maxDepth: 200,
    }) as Table;
  } catch (e) {
    if (e instanceof TomlError) {
      const first = e.message.split("\n", 1)[0]!.replace(/^Invalid TOML document: /, "");
      throw new PysbomError("INVALID_TOML", `${file}:${e.line}:${e.column}: invalid TOML: ${first}`, {
        cause: e,
        location: { file, line: e.line, column: e.column },
      });
    }
    throw e;
  }
}

/** Parses JSON; a syntax error becomes `INVALID_JSON` naming the file, line and column. */
export function parseJsonFile(text: string, file: string): unknown {
  return parseJson(text, file);
}

/** `v` when it is a table (not an array, not a date). */
export function asTable(v: unknown): Table | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date)
    ? (v as Table)
    : undefined;
}

/** `v` when it is an array. */
export function asArray(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

/** `v` when it is a string. */
export function asString(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** The strings of an array (others skipped). */
export function stringsOf(v: unknown): string[] {
  return (asArray(v) ?? []).filter((x): x is string => typeof x === "string");
}

/** The tables of an array (others skipped). */
export function tablesOf(v: unknown): Table[] {
  return (asArray(v) ?? []).map(asTable).filter((x): x is Table => x !== undefined);
}

// hashlib names (pip `--hash`, PEP 751 `hashes`, uv/poetry `alg:hex`) → SPDX algorithms, with hex lengths.
const HASHES: Readonly<Record<string, { alg: ChecksumAlgorithm; hex: number }>> = {
  md5: { alg: "MD5", hex: 32 },
  sha1: { alg: "SHA1", hex: 40 },
  sha224: { alg: "SHA224", hex: 56 },
  sha256: { alg: "SHA256", hex: 64 },
  sha384: { alg: "SHA384", hex: 96 },
  sha512: { alg: "SHA512", hex: 128 },
  sha3_256: { alg: "SHA3-256", hex: 64 },
  sha3_384: { alg: "SHA3-384", hex: 96 },
  sha3_512: { alg: "SHA3-512", hex: 128 },
  blake2b: { alg: "BLAKE2b-512", hex: 128 },
};

/**
 * A checksum from a hashlib algorithm name and a hex digest; undefined when the algorithm is unknown or
 * the digest is not hex of the right length.
 * @example checksumOf("sha256", "AB…") // { algorithm: "SHA256", value: "ab…" }
 */
export function checksumOf(algorithm: string, hex: string): Checksum | undefined {
  const h = HASHES[algorithm.toLowerCase().replace(/-/g, "_")];
  if (!h || hex.length !== h.hex || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
  return { algorithm: h.alg, value: hex.toLowerCase() };
}

/** A checksum from `alg:hex` (pip `--hash`, uv, poetry, pdm); undefined when malformed. */
export function checksumFromText(text: string): Checksum | undefined {
  const i = text.indexOf(":");
  if (i <= 0) return undefined;
  return checksumOf(text.slice(0, i), text.slice(i + 1));
}

/**
 * Appends checksums not already present; `seen` (the `ALG:value` keys of `into`) keeps repeated calls
 * linear, and is built from `into` when not given.
 */
export function addChecksums(into: Checksum[], more: readonly Checksum[], seen?: Set<string>): void {
  const keys = seen ?? new Set(into.map((c) => `${c.algorithm}:${c.value}`));
  for (const c of more) {
    const k = `${c.algorithm}:${c.value}`;
    if (keys.has(k)) continue;
    keys.add(k);
    into.push(c);
  }
}

/**
 * The normalised form of a marker (`str(Marker(text))`), or an error message when it does not parse.
 * @example normalizeMarker("python_version<'3.11'") // { marker: 'python_version < "3.11"' }
 */
export function normalizeMarker(text: string): { marker?: string; error?: string } {
  // Locks repeat the same few markers many times: parse each text once.
  let r = MARKERS.get(text);
  if (r === undefined) {
    const m = tryParseMarker(text);
    r =
      m === undefined
        ? { error: `invalid environment marker ${JSON.stringify(text)}` }
        : { marker: formatMarker(m) };
    if (MARKERS.size >= 10_000) MARKERS.clear();
    MARKERS.set(text, r);
  }
  return r;
}

const MARKERS = new Map<string, { marker?: string; error?: string }>();

/** Normalises a marker, recording an Unknown (and keeping the text as written) when it does not parse. */
export function markerOrUnknown(
  text: string | undefined,
  location: string,
  unknowns: Unknown[],
): string | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const r = normalizeMarker(text);
  if (r.marker !== undefined) return r.marker;
  unknowns.push({ location, code: "lock/invalid-marker", message: r.error! });
  return text.trim();
}

/** `a and b` for two (normalised) markers, parenthesised as needed. */
export function andMarkers(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined || a === b) return a;
  const r = normalizeMarker(`(${a}) and (${b})`);
  return r.marker ?? `(${a}) and (${b})`;
}

/** `a or b …` for markers; undefined when any of them is undefined (applies everywhere). */
export function orMarkers(list: readonly (string | undefined)[]): string | undefined {
  if (list.length === 0 || list.some((m) => m === undefined)) return undefined;
  const unique = [...new Set(list as string[])];
  if (unique.length === 1) return unique[0];
  const r = normalizeMarker(unique.map((m) => `(${m})`).join(" or "));
  return r.marker ?? unique.join(" or ");
}

/**
 * The version an exactly pinned specifier set names (`==1.2`, `===1.2`; not `==1.*`), else undefined.
 * A set with other clauses as well must still admit the pinned version.
 */
export function exactPin(set: SpecifierSet): string | undefined {
  const pins = set.specifiers.filter(
    (s) => s.operator === "===" || (s.operator === "==" && !s.version.endsWith(".*")),
  );
  if (pins.length !== 1) return undefined;
  const pin = pins[0]!;
  if (set.specifiers.length > 1 && !specifierSetContains(set, pin.version, { prereleases: true }))
    return undefined;
  return pin.version;
}

/** The directory part of a root-relative path ("" for a top-level file). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i === -1 ? "" : path.slice(0, i);
}

/** The last component of a path. */
export function baseOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i === -1 ? path : path.slice(i + 1);
}

/**
 * Joins a root-relative directory and a relative path; undefined when the result leaves the root.
 * @example joinRelative("a/b", "../c.txt") // "a/c.txt"
 */
export function joinRelative(dir: string, rel: string): string | undefined {
  const parts = dir === "" ? [] : dir.split("/");
  for (const seg of rel.replace(/\\/g, "/").split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join("/");
}

/**
 * Like {@link joinRelative}, but a path leaving the root keeps its leading `..` segments (local sources
 * outside the scanned directory are still named, relative to it).
 * @example joinLoose("a", "../../libs/x") // "../libs/x"
 */
export function joinLoose(dir: string, rel: string): string {
  const inside = joinRelative(dir, rel);
  if (inside !== undefined) return inside;
  const parts: string[] = [];
  for (const seg of [...(dir === "" ? [] : dir.split("/")), ...rel.replace(/\\/g, "/").split("/")]) {
    if (seg === "" || seg === ".") continue;
    if (seg === ".." && parts.length > 0 && parts[parts.length - 1] !== "..") parts.pop();
    else parts.push(seg);
  }
  return parts.join("/");
}

/**
 * A URL with its credentials hidden as pip's `redact_auth_from_url` does: a password becomes `****`,
 * and a lone user name (often a token) becomes `****`.
 * @example redactUrl("https://user:secret@example.org/simple") // "https://user:****@example.org/simple"
 */
export function redactUrl(url: string): string {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^/?#@]*)@/.exec(url);
  if (!m) return url;
  const auth = m[2]!;
  const colon = auth.indexOf(":");
  const redacted = colon === -1 ? "****" : `${auth.slice(0, colon)}:****`;
  return `${m[1]}${redacted}@${url.slice(m[0].length)}`;
}

/**
 * A URL without user information at all (for purl qualifiers and download locations).
 * @example stripCredentials("https://user:****@example.org/simple") // "https://example.org/simple"
 */
export function stripCredentials(url: string): string {
  return url.replace(/^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^/?#@]*@/, "$1");
}

/** The file name at the end of a URL's path (percent-decoded when possible). */
export function urlFileName(url: string): string | undefined {
  const path = url.split(/[?#]/, 1)[0]!;
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (base === "") return undefined;
  if (!base.includes("%")) return base;
  try {
    return decodeURIComponent(base);
  } catch {
    return base;
  }
}

/** True for a full hexadecimal commit id (SHA-1 or SHA-256). */
export function isCommitId(ref: string | undefined): boolean {
  return ref !== undefined && /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(ref);
}

/** Checks a locked name and version; returns an Unknown when either is unusable. */
export function checkNameVersion(
  name: string | undefined,
  version: string | undefined,
  location: string,
): Unknown | undefined {
  if (name === undefined || name === "")
    return { location, code: "lock/missing-name", message: "a locked package without a name" };
  if (!isValidName(name))
    return { location, code: "lock/invalid-name", message: `invalid package name ${JSON.stringify(name)}` };
  if (version !== undefined && !isValidVersion(version))
    return {
      location,
      code: "lock/invalid-version",
      message: `${name}: invalid version ${JSON.stringify(version)} (not PEP 440)`,
    };
  return undefined;
}

/** `file:line` (or just the file). */
export function at(file: string, line?: number): string {
  return line === undefined ? file : `${file}:${line}`;
}

/**
 * 1-based line numbers of `[[<header>]]` array-of-tables entries, in order (for locations of TOML lock
 * entries; smol-toml does not report positions of values).
 */
export function tableLines(text: string, header: string): number[] {
  const out: number[] = [];
  const needle = `[[${header}]]`;
  let line = 1;
  let start = 0;
  for (;;) {
    const nl = text.indexOf("\n", start);
    const end = nl === -1 ? text.length : nl;
    // Headers may be indented and followed by a comment; a cheap exact test keeps this linear.
    const l = text.slice(start, end).trim();
    if (l === needle || (l.startsWith(needle) && /^\s*(#|$)/.test(l.slice(needle.length)))) out.push(line);
    if (nl === -1) break;
    start = nl + 1;
    line++;
  }
  return out;
}
