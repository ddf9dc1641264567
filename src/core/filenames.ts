// Wheel and sdist filenames, exactly as Python `packaging` 26.2 `parse_wheel_filename`/`parse_sdist_filename`
// (binary distribution format "File name convention", PEP 427/491; source distribution file name, PEP 625).
import { PysbomError } from "../errors.js";
import { canonicalizeName, type NormalizedName } from "./names.js";
import { formatVersion, tryParseVersion } from "./pep440/version.js";

/** A parsed wheel filename. */
export interface WheelFilename {
  /** The project name, normalised like packaging's `canonicalize_name` (no validity check beyond the filename's). */
  readonly name: NormalizedName;
  /** The normalised PEP 440 version. */
  readonly version: string;
  /** The optional build tag: its leading digits as a number and the rest (PEP 427). */
  readonly build?: { readonly number: bigint; readonly tag: string };
  /** Every `interpreter-abi-platform` tag, compressed tag sets expanded, lowercased, de-duplicated, sorted. */
  readonly tags: readonly string[];
}

/** A parsed sdist filename. */
export interface SdistFilename {
  readonly name: NormalizedName;
  /** The normalised PEP 440 version. */
  readonly version: string;
}

/** Compressed tag sets are expanded as a product; more tags than this fails with `LIMIT_EXCEEDED`. */
export const MAX_WHEEL_TAGS = 10_000;

// packaging: `re.match(r"^[\w\d._]*$", name_part, re.UNICODE)`. Python's `\w` is exactly `[\p{L}\p{N}_]`
// (checked over all code points; only characters added after Python's Unicode version differ), and `$` also
// matches before one final newline, hence the `\n?`.
const WHEEL_NAME = /^[\p{L}\p{N}_.]*\n?$/u;
// packaging `_build_tag_regex = re.compile(r"(\d+)(.*)", re.ASCII)` used with `.match`: ASCII digits, then
// the rest up to the first newline (`.` does not match `\n`).
const BUILD_TAG = /^([0-9]+)([^\n]*)/;
const PYTHON_INT_MAX_STR_DIGITS = 4300;

function invalid(message: string, filename: string): PysbomError {
  return new PysbomError("INVALID_FILENAME", `${message}: ${JSON.stringify(filename.slice(0, 300))}`);
}

function compareCodePoints(a: string, b: string): number {
  // Python sorts str by code point; JS `<` compares UTF-16 code units, which differs only for astral
  // characters against U+E000–U+FFFF.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

// packaging `parse_tag`: `interpreters, abis, platforms = tag.split("-")`, each a `.`-separated set, expanded
// as a product; `Tag` lowercases every part, so de-duplicating each lowercased component gives the same set.
// Components are de-duplicated one at a time so that a tag-set bomb stops at the first oversized one.
function expandTagSet(tag: string, input: string): string[] | undefined {
  const parts = tag.split("-");
  if (parts.length !== 3) return undefined;
  const sets: string[][] = [];
  let product = 1;
  for (const part of parts) {
    const set = [...new Set(part.split(".").map((p) => p.toLowerCase()))];
    product *= set.length;
    if (product > MAX_WHEEL_TAGS)
      throw new PysbomError(
        "LIMIT_EXCEEDED",
        `More than ${MAX_WHEEL_TAGS} tags in ${JSON.stringify(input.slice(0, 300))}`,
      );
    sets.push(set);
  }
  const out: string[] = [];
  for (const i of sets[0]!) for (const a of sets[1]!) for (const p of sets[2]!) out.push(`${i}-${a}-${p}`);
  return out.sort(compareCodePoints);
}

/**
 * Expands a tag set (`py2.py3-none-any`) into sorted `interpreter-abi-platform` triples, like packaging's
 * `parse_tag`. Throws `INVALID_FILENAME` unless there are exactly three `-`-separated parts.
 * @example parseTagSet("py2.py3-none-any") // ["py2-none-any", "py3-none-any"]
 */
export function parseTagSet(tag: string): string[] {
  const tags = expandTagSet(tag, tag);
  if (!tags) throw invalid("A tag set needs exactly three '-'-separated parts", tag);
  return tags;
}

type WheelParts = {
  readonly name: NormalizedName;
  readonly version: string;
  readonly build: { readonly number: bigint; readonly tag: string } | undefined;
  /** The compressed tag set, expanded only when parsing (validity never depends on it). */
  readonly tagSet: string;
};

function scanWheel(filename: string): WheelParts | PysbomError {
  if (!filename.endsWith(".whl"))
    return invalid("Invalid wheel filename (extension must be '.whl')", filename);
  const stem = filename.slice(0, -4);
  let dashes = 0;
  for (let i = stem.indexOf("-"); i >= 0 && dashes <= 5; i = stem.indexOf("-", i + 1)) dashes++;
  if (dashes !== 4 && dashes !== 5)
    return invalid("Invalid wheel filename (wrong number of parts)", filename);
  // `filename.split("-", dashes - 2)`: name, version, [build,] and the tag set with its two dashes.
  const parts: string[] = [];
  let start = 0;
  for (let k = 0; k < dashes - 2; k++) {
    const d = stem.indexOf("-", start);
    parts.push(stem.slice(start, d));
    start = d + 1;
  }
  const namePart = parts[0]!;
  // PEP 427 escaping: the name is word characters, digits, `.` and `_`, never `__`.
  if (namePart.includes("__") || !WHEEL_NAME.test(namePart)) return invalid("Invalid project name", filename);
  const version = tryParseVersion(parts[1]!);
  if (version === undefined) return invalid("Invalid wheel filename (invalid version)", filename);
  let build: WheelParts["build"];
  if (dashes === 5) {
    const m = BUILD_TAG.exec(parts[2]!);
    if (!m) return invalid(`Invalid build number: ${parts[2]}`, filename);
    // packaging calls `int()` on the digits; CPython (3.11+) refuses more than 4300 digits by default
    // (`sys.get_int_max_str_digits()`) with a ValueError, so such a filename does not parse there either.
    if (m[1]!.length > PYTHON_INT_MAX_STR_DIGITS)
      return invalid(
        "Invalid build number (exceeds the limit of 4300 digits for integer conversion)",
        filename,
      );
    build = { number: BigInt(m[1]!), tag: m[2]! };
  }
  return {
    name: canonicalizeName(namePart),
    version: formatVersion(version),
    build,
    tagSet: stem.slice(start),
  };
}

/**
 * Parses a wheel filename like packaging's `parse_wheel_filename`; throws `INVALID_FILENAME`
 * (or `LIMIT_EXCEEDED` past {@link MAX_WHEEL_TAGS} expanded tags).
 * @example
 * parseWheelFilename("Foo_Bar-1.0-1-py2.py3-none-any.whl")
 * // { name: "foo-bar", version: "1.0", build: { number: 1n, tag: "" }, tags: ["py2-none-any", "py3-none-any"] }
 */
export function parseWheelFilename(filename: string): WheelFilename {
  const r = scanWheel(filename);
  if (r instanceof PysbomError) throw r;
  // The tag set holds exactly two dashes here (the filename had 4 or 5), so it always has three parts.
  const tags = expandTagSet(r.tagSet, filename)!;
  return { name: r.name, version: r.version, ...(r.build ? { build: r.build } : {}), tags };
}

/**
 * Like {@link parseWheelFilename} but returns `undefined` when the filename is invalid (or expands to more
 * than {@link MAX_WHEEL_TAGS} tags).
 * @example tryParseWheelFilename("foo-bar-1.0-py3-none-any.whl") // undefined (a raw `-` in the name)
 */
export function tryParseWheelFilename(filename: string): WheelFilename | undefined {
  try {
    return parseWheelFilename(filename);
  } catch (e) {
    if (e instanceof PysbomError) return undefined;
    throw e;
  }
}

/**
 * True when packaging's `parse_wheel_filename` accepts `filename` (tags are not expanded, so this never
 * hits the tag limit).
 * @example isValidWheelFilename("pip-24.0-py3-none-any.whl") // true
 */
export function isValidWheelFilename(filename: string): boolean {
  return !(scanWheel(filename) instanceof PysbomError);
}

function scanSdist(filename: string): SdistFilename | PysbomError {
  let stem: string;
  if (filename.endsWith(".tar.gz")) stem = filename.slice(0, -7);
  else if (filename.endsWith(".zip")) stem = filename.slice(0, -4);
  else return invalid("Invalid sdist filename (extension must be '.tar.gz' or '.zip')", filename);
  // "We are requiring a PEP 440 version, which cannot contain dashes, so we split on the last dash."
  const dash = stem.lastIndexOf("-");
  if (dash < 0) return invalid("Invalid sdist filename", filename);
  const version = tryParseVersion(stem.slice(dash + 1));
  if (version === undefined) return invalid("Invalid sdist filename (invalid version)", filename);
  // packaging does not validate the name part of an sdist filename, it only normalises it.
  return { name: canonicalizeName(stem.slice(0, dash)), version: formatVersion(version) };
}

/**
 * Parses an sdist filename (`.tar.gz` or `.zip`) like packaging's `parse_sdist_filename`; throws
 * `INVALID_FILENAME`.
 * @example parseSdistFilename("zope.interface-6.2.tar.gz") // { name: "zope-interface", version: "6.2" }
 */
export function parseSdistFilename(filename: string): SdistFilename {
  const r = scanSdist(filename);
  if (r instanceof PysbomError) throw r;
  return r;
}

/**
 * Like {@link parseSdistFilename} but returns `undefined` for an invalid filename.
 * @example tryParseSdistFilename("foo-1.0.tar.bz2") // undefined
 */
export function tryParseSdistFilename(filename: string): SdistFilename | undefined {
  const r = scanSdist(filename);
  return r instanceof PysbomError ? undefined : r;
}

/**
 * True when packaging's `parse_sdist_filename` accepts `filename`.
 * @example isValidSdistFilename("Foo_Bar-1.0.zip") // true
 */
export function isValidSdistFilename(filename: string): boolean {
  return !(scanSdist(filename) instanceof PysbomError);
}
