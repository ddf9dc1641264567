// PEP 440 version parsing, normalisation and total ordering, exact to Python `packaging` 26.2
// (spec: https://packaging.python.org/en/latest/specifications/version-specifiers/, "Version scheme").
import { type ErrorCode, PysbomError } from "../../errors.js";

/**
 * A PysbomError that also names the exception Python `packaging` 26.2 raises for the same input
 * (`InvalidVersion`, `InvalidSpecifier`, `InvalidMarker`, `UndefinedComparison`, `KeyError`, …),
 * so callers and conformance tests can compare failures exactly.
 * @example
 * try { parseVersion("1.0.x"); } catch (e) { (e as PackagingError).pythonError; } // "InvalidVersion"
 */
export class PackagingError extends PysbomError {
  /** The class name of the exception `packaging` raises for this input. */
  readonly pythonError: string;

  constructor(code: ErrorCode, message: string, pythonError: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.pythonError = pythonError;
  }
}

/** A pre-release label in normal form (PEP 440 "Pre-release spelling": alpha→a, beta→b, c/pre/preview→rc). */
export type PreReleaseLabel = "a" | "b" | "rc";

/**
 * A parsed PEP 440 version. Every number is a `bigint`: release segments, epochs and post/dev numbers
 * are unbounded in PEP 440 (real data has date-like segments beyond 2^53), and a `number` would
 * silently round them. Local segments are lowercase strings or bigints, as in `packaging`.
 *
 * `_key` and `_publicKeyEnd` are internal: a precomputed string whose code-unit order is the PEP 440
 * order (see {@link compareVersions}); do not build them by hand, use {@link versionFromParts}.
 */
export interface Version {
  readonly epoch: bigint;
  readonly release: readonly bigint[];
  readonly pre: readonly [PreReleaseLabel, bigint] | undefined;
  readonly post: bigint | undefined;
  readonly dev: bigint | undefined;
  readonly local: readonly (string | bigint)[] | undefined;
  /** @internal order-preserving sort key. */
  readonly _key: string;
  /** @internal length of the key prefix that excludes the local segment (the public version's key). */
  readonly _publicKeyEnd: number;
}

/** The parts accepted by {@link versionFromParts} (like packaging's `Version.from_parts`). */
export interface VersionParts {
  readonly epoch?: bigint;
  readonly release: readonly bigint[];
  readonly pre?: readonly [PreReleaseLabel, bigint] | undefined;
  readonly post?: bigint | undefined;
  readonly dev?: bigint | undefined;
  readonly local?: readonly (string | bigint)[] | undefined;
}

// CPython refuses int() on strings of more than 4300 digits (sys.int_info.default_max_str_digits), so
// packaging raises ValueError for such a version; we reject it too (as INVALID_VERSION, pythonError
// "ValueError"). This also bounds every number's length, which the sort key relies on.
const MAX_INT_DIGITS = 4300;
// Error messages quote at most this many characters of the input.
const MESSAGE_INPUT_LIMIT = 200;

const FAIL_INVALID = 1;
const FAIL_DIGITS = 2;

/**
 * True for the characters Python's `re` `\s` (and `str.strip()`) treat as whitespace in str patterns:
 * packaging surrounds versions and specifiers with `\s*`, which is wider than JavaScript's `\s`
 * (it includes U+001C–U+001F and U+0085, and excludes U+FEFF).
 * @internal
 */
export function isPythonWhitespace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    (c >= 0x1c && c <= 0x20) ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Python's `str.strip()` (same whitespace set as {@link isPythonWhitespace}). @internal */
export function pythonStrip(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isPythonWhitespace(s.charCodeAt(a))) a++;
  while (b > a && isPythonWhitespace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/**
 * Python's `repr()` of a string, shortened to a bounded length, for error messages that read like
 * packaging's (`Invalid version: '1.0.x'`).
 * @internal
 */
export function pythonRepr(s: string): string {
  const cut = s.length > MESSAGE_INPUT_LIMIT;
  const t = cut ? s.slice(0, MESSAGE_INPUT_LIMIT) : s;
  const q = t.includes("'") && !t.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of t) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\" || ch === q) out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c >= 0x7f && !/^[\p{C}\p{Z}]$/u.test(ch)) out += ch;
    else if (c <= 0xff) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else if (c <= 0xffff) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += `\\U${c.toString(16).padStart(8, "0")}`;
  }
  out += q;
  return cut ? `${out}… (${s.length} characters)` : out;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSep(c: number): boolean {
  // PEP 440 "Pre-release separators" etc.: `.`, `_` or `-`.
  return c === 46 || c === 95 || c === 45;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

// Case-insensitive ASCII match of a lowercase word at s[i..] (packaging's pattern is `(?a:...)` with
// re.IGNORECASE, so only ASCII case folding applies: "ſ" is not "s").
function matchWord(s: string, i: number, word: string): boolean {
  if (i + word.length > s.length) return false;
  for (let k = 0; k < word.length; k++) {
    if ((s.charCodeAt(i + k) | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}

// Canonical digits (leading zeros dropped, as Python's int()) of s[start..end).
function digitsOf(s: string, start: number, end: number): string {
  let k = start;
  while (k < end - 1 && s.charCodeAt(k) === 48) k++;
  return s.slice(k, end);
}

// A number in the sort key: its digit count, then its digits (canonical digit strings of equal length
// compare like the numbers). The count is one character 0x21..0xFE for up to 222 digits, else 0xFF and
// two characters (high, low byte), so longer numbers sort later and every key character is below
// U+0100: V8 then stores keys as one-byte strings, which compare faster.
function numKey(d: string): string {
  const n = d.length;
  return n <= 0xde ? String.fromCharCode(0x20 + n) + d : String.fromCharCode(0xff, n >> 8, n & 0xff) + d;
}

// Key markers, all below every digit-count character (0x21): END_RELEASE ends the release so a
// shorter (trimmed) release sorts first; RANK_BASE + rank encodes the small ranks of packaging's
// `_cmpkey`; LOCAL_STR starts a string local segment (sorts before numeric segments, PEP 440 "Local
// version identifiers") and STR_END ends it.
const END_RELEASE = "\x01";
const STR_END = "\x01";
const LOCAL_STR = "\x02";
const RANK_BASE = 0x03;

function rank(r: number): string {
  return String.fromCharCode(RANK_BASE + r + 1);
}

const PRE_RANK: Record<PreReleaseLabel, number> = { a: 0, b: 1, rc: 2 };

// packaging's `_cmpkey`: (epoch, release without trailing zeros, (pre_rank, pre_n, post_rank, post_n,
// dev_rank, dev_n), local), where pre_rank is -1 for dev-only releases, 0/1/2 for a/b/rc and 3 for none.
function buildKey(
  epoch: string,
  release: readonly string[],
  preLabel: PreReleaseLabel | undefined,
  preN: string,
  post: string | undefined,
  dev: string | undefined,
  local: readonly (string | bigint)[] | undefined,
  localDigits: readonly (string | undefined)[] | undefined,
): [string, number] {
  let key = numKey(epoch);
  let last = release.length;
  while (last > 0 && release[last - 1] === "0") last--;
  for (let k = 0; k < last; k++) key += numKey(release[k]!);
  key += END_RELEASE;
  let preRank: number;
  if (preLabel === undefined && post === undefined && dev !== undefined) preRank = -1;
  else if (preLabel === undefined) preRank = 3;
  else preRank = PRE_RANK[preLabel];
  key += rank(preRank) + numKey(preLabel === undefined ? "0" : preN);
  key += post === undefined ? rank(0) + numKey("0") : rank(1) + numKey(post);
  key += dev === undefined ? rank(1) + numKey("0") : rank(0) + numKey(dev);
  const publicEnd = key.length;
  if (local !== undefined) {
    for (let k = 0; k < local.length; k++) {
      const seg = local[k]!;
      key += typeof seg === "string" ? LOCAL_STR + seg + STR_END : numKey(localDigits?.[k] ?? seg.toString());
    }
  }
  return [key, publicEnd];
}

function big(d: string): bigint {
  // BigInt(number) is faster than parsing a string, and exact below 2^53 (16+ digits go via string).
  return d.length < 16 ? BigInt(Number(d)) : BigInt(d);
}

/** Parses like `packaging.version.Version(s)`; returns a failure code instead of throwing. */
function scan(s: string): Version | number {
  const n = s.length;
  let i = 0;
  // Python only converts numbers (and hits int()'s digit limit) once the whole pattern matched.
  let tooLong = false;
  // `\s*` then `v?`
  while (i < n && isPythonWhitespace(s.charCodeAt(i))) i++;
  if (i < n && (s.charCodeAt(i) | 0x20) === 118) i++;
  // epoch `([0-9]+)!` and release `[0-9]+(\.[0-9]+)*`
  let start = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  if (i === start) return FAIL_INVALID;
  let epoch = "0";
  if (i < n && s.charCodeAt(i) === 33 /* ! */) {
    if (i - start > MAX_INT_DIGITS) tooLong = true;
    epoch = digitsOf(s, start, i);
    i++;
    start = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i === start) return FAIL_INVALID;
  }
  const release: string[] = [];
  for (;;) {
    if (i - start > MAX_INT_DIGITS) tooLong = true;
    release.push(digitsOf(s, start, i));
    if (i + 1 < n && s.charCodeAt(i) === 46 && isDigit(s.charCodeAt(i + 1))) {
      start = ++i;
      while (i < n && isDigit(s.charCodeAt(i))) i++;
    } else break;
  }
  // pre-release `[._-]?(alpha|a|beta|b|preview|pre|c|rc)[._-]?([0-9]+)?` (alternatives in regex order;
  // taking the longest spelling never needs backtracking because nothing can follow a shorter one).
  let preLabel: PreReleaseLabel | undefined;
  let preN = "0";
  {
    let j = i;
    if (j < n && isSep(s.charCodeAt(j))) j++;
    let len = 0;
    const c = j < n ? s.charCodeAt(j) | 0x20 : 0;
    if (c === 97 /* a */) {
      preLabel = "a";
      len = matchWord(s, j, "alpha") ? 5 : 1;
    } else if (c === 98 /* b */) {
      preLabel = "b";
      len = matchWord(s, j, "beta") ? 4 : 1;
    } else if (c === 99 /* c */) {
      preLabel = "rc";
      len = 1;
    } else if (c === 112 /* p */) {
      if (matchWord(s, j, "preview")) len = 7;
      else if (matchWord(s, j, "pre")) len = 3;
      if (len) preLabel = "rc";
    } else if (c === 114 /* r */ && matchWord(s, j, "rc")) {
      preLabel = "rc";
      len = 2;
    }
    if (preLabel !== undefined) {
      j += len;
      if (j < n && isSep(s.charCodeAt(j))) j++;
      const ds = j;
      while (j < n && isDigit(s.charCodeAt(j))) j++;
      if (j > ds) {
        if (j - ds > MAX_INT_DIGITS) tooLong = true;
        preN = digitsOf(s, ds, j);
      }
      i = j;
    }
  }
  // post-release `-([0-9]+)` | `[._-]?(post|rev|r)[._-]?([0-9]+)?` (PEP 440 "Implicit post releases")
  let post: string | undefined;
  if (i + 1 < n && s.charCodeAt(i) === 45 && isDigit(s.charCodeAt(i + 1))) {
    const ds = ++i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    if (i - ds > MAX_INT_DIGITS) tooLong = true;
    post = digitsOf(s, ds, i);
  } else {
    let j = i;
    if (j < n && isSep(s.charCodeAt(j))) j++;
    let len = 0;
    if (matchWord(s, j, "post")) len = 4;
    else if (matchWord(s, j, "rev")) len = 3;
    else if (matchWord(s, j, "r")) len = 1;
    if (len) {
      j += len;
      if (j < n && isSep(s.charCodeAt(j))) j++;
      const ds = j;
      while (j < n && isDigit(s.charCodeAt(j))) j++;
      if (j - ds > MAX_INT_DIGITS) tooLong = true;
      post = j > ds ? digitsOf(s, ds, j) : "0";
      i = j;
    }
  }
  // dev release `[._-]?dev[._-]?([0-9]+)?`
  let dev: string | undefined;
  {
    let j = i;
    if (j < n && isSep(s.charCodeAt(j))) j++;
    if (matchWord(s, j, "dev")) {
      j += 3;
      if (j < n && isSep(s.charCodeAt(j))) j++;
      const ds = j;
      while (j < n && isDigit(s.charCodeAt(j))) j++;
      if (j - ds > MAX_INT_DIGITS) tooLong = true;
      dev = j > ds ? digitsOf(s, ds, j) : "0";
      i = j;
    }
  }
  // local version `\+[a-z0-9]+([._-][a-z0-9]+)*`; numeric segments become ints, others lowercase.
  let local: (string | bigint)[] | undefined;
  let localDigits: (string | undefined)[] | undefined;
  if (i < n && s.charCodeAt(i) === 43 /* + */) {
    let j = i + 1;
    if (!(j < n && isAsciiAlnum(s.charCodeAt(j)))) return FAIL_INVALID;
    local = [];
    localDigits = [];
    for (;;) {
      const ss = j;
      let allDigits = true;
      while (j < n && isAsciiAlnum(s.charCodeAt(j))) {
        if (!isDigit(s.charCodeAt(j))) allDigits = false;
        j++;
      }
      if (allDigits && j - ss > MAX_INT_DIGITS) {
        tooLong = true; // rejected below; never build a huge bigint
      } else if (allDigits) {
        const d = digitsOf(s, ss, j);
        local.push(big(d));
        localDigits.push(d);
      } else {
        local.push(s.slice(ss, j).toLowerCase());
        localDigits.push(undefined);
      }
      if (j + 1 < n && isSep(s.charCodeAt(j)) && isAsciiAlnum(s.charCodeAt(j + 1))) j++;
      else break;
    }
    i = j;
  }
  while (i < n && isPythonWhitespace(s.charCodeAt(i))) i++;
  if (i !== n) return FAIL_INVALID;
  if (tooLong) return FAIL_DIGITS;

  const [key, publicEnd] = buildKey(epoch, release, preLabel, preN, post, dev, local, localDigits);
  return {
    epoch: big(epoch),
    release: release.map(big),
    pre: preLabel === undefined ? undefined : [preLabel, big(preN)],
    post: post === undefined ? undefined : big(post),
    dev: dev === undefined ? undefined : big(dev),
    local,
    _key: key,
    _publicKeyEnd: publicEnd,
  };
}

function failure(s: string, code: number): PackagingError {
  return code === FAIL_DIGITS
    ? new PackagingError(
        "INVALID_VERSION",
        `Invalid version: ${pythonRepr(s)} (an integer has more than ${MAX_INT_DIGITS} digits)`,
        "ValueError",
      )
    : new PackagingError("INVALID_VERSION", `Invalid version: ${pythonRepr(s)}`, "InvalidVersion");
}

/**
 * Parses a PEP 440 version like `packaging.version.Version(s)`: surrounding whitespace, a leading `v`,
 * alternative spellings (`1.0-alpha.1`, `1.0-1`, `1.0.rev2`) and any case are accepted.
 * Throws `INVALID_VERSION` (a {@link PackagingError}) when `s` is not a version.
 * @example parseVersion("v1.0-RC.1").pre // ["rc", 1n]
 */
export function parseVersion(s: string): Version {
  const r = scan(s);
  if (typeof r === "number") throw failure(s, r);
  return r;
}

/**
 * Like {@link parseVersion} but returns `undefined` for an invalid version.
 * @example tryParseVersion("latest") // undefined
 */
export function tryParseVersion(s: string): Version | undefined {
  const r = scan(s);
  return typeof r === "number" ? undefined : r;
}

/**
 * True when `s` is a valid PEP 440 version (after packaging's lenient normalisation).
 * @example isValidVersion("1.0.post1") // true; isValidVersion("1.0.x") // false
 */
export function isValidVersion(s: string): boolean {
  return typeof scan(s) !== "number";
}

/**
 * Builds a version from its parts (packaging's `Version.from_parts`); local string segments are
 * lowercased. Throws `INVALID_VERSION` for negative numbers, an empty release or a bad local segment.
 * @example formatVersion(versionFromParts({ release: [1n, 2n], dev: 0n })) // "1.2.dev0"
 */
export function versionFromParts(parts: VersionParts): Version {
  const bad = (what: string) =>
    new PackagingError("INVALID_VERSION", `Invalid version part: ${what}`, "InvalidVersion");
  const epoch = parts.epoch ?? 0n;
  const nums = [epoch, ...parts.release, parts.pre?.[1] ?? 0n, parts.post ?? 0n, parts.dev ?? 0n];
  if (parts.release.length === 0) throw bad("release must be non-empty");
  if (parts.pre !== undefined && !Object.hasOwn(PRE_RANK, parts.pre[0]))
    throw bad(`pre-release label ${pythonRepr(String(parts.pre[0]))}`);
  if (nums.some((x) => x < 0n)) throw bad("numbers must be non-negative");
  const local = parts.local?.map((seg) => {
    if (typeof seg === "bigint") {
      if (seg < 0n) throw bad("local numbers must be non-negative");
      return seg;
    }
    if (!/^[a-z0-9]+$/i.test(seg) || /^[0-9]+$/.test(seg)) throw bad(`local segment ${pythonRepr(seg)}`);
    return seg.toLowerCase();
  });
  if (local !== undefined && local.length === 0) throw bad("local must be non-empty");
  const [key, publicEnd] = buildKey(
    epoch.toString(),
    parts.release.map((x) => x.toString()),
    parts.pre?.[0],
    (parts.pre?.[1] ?? 0n).toString(),
    parts.post?.toString(),
    parts.dev?.toString(),
    local,
    undefined,
  );
  return {
    epoch,
    release: [...parts.release],
    pre: parts.pre === undefined ? undefined : [parts.pre[0], parts.pre[1]],
    post: parts.post,
    dev: parts.dev,
    local,
    _key: key,
    _publicKeyEnd: publicEnd,
  };
}

/**
 * PEP 440 total order ("Summary of permitted suffixes and relative ordering"), as packaging's `_cmpkey`:
 * negative when `a < b`, 0 when equal (`1.0 == 1.0.0`), positive when `a > b`.
 * @example ["1.0", "1.0a1", "1.0.post1"].map(parseVersion).sort(compareVersions).map(formatVersion)
 * // ["1.0a1", "1.0", "1.0.post1"]
 */
export function compareVersions(a: Version, b: Version): number {
  return a._key === b._key ? 0 : a._key < b._key ? -1 : 1;
}

/**
 * Like {@link compareVersions} but ignoring local segments on both sides (compares public versions).
 * @internal
 */
export function comparePublicVersions(a: Version, b: Version): number {
  const ka = a._key.slice(0, a._publicKeyEnd);
  const kb = b._key.slice(0, b._publicKeyEnd);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * True when two versions are equal under PEP 440 (`1.0 == 1.0.0 == v1.0`).
 * @example versionsEqual(parseVersion("1.0"), parseVersion("1.0.0")) // true
 */
export function versionsEqual(a: Version, b: Version): boolean {
  return a._key === b._key;
}

function formatPublic(v: Version): string {
  let s = v.release.join(".");
  if (v.epoch !== 0n) s = `${v.epoch}!${s}`;
  if (v.pre !== undefined) s += `${v.pre[0]}${v.pre[1]}`;
  if (v.post !== undefined) s += `.post${v.post}`;
  if (v.dev !== undefined) s += `.dev${v.dev}`;
  return s;
}

/**
 * The normalised string form (`str(Version(...))`, PEP 440 "Normalization").
 * @example formatVersion(parseVersion("1.0-ALPHA_1+Ubuntu-1")) // "1.0a1+ubuntu.1"
 */
export function formatVersion(v: Version): string {
  const s = formatPublic(v);
  return v.local === undefined ? s : `${s}+${v.local.join(".")}`;
}

/**
 * Parses and formats: the normalised form of a version string. Throws `INVALID_VERSION` when invalid.
 * @example normalizeVersion(" v2!1.0.0-r3 ") // "2!1.0.0.post3"
 */
export function normalizeVersion(s: string): string {
  return formatVersion(parseVersion(s));
}

/**
 * The version without its local segment (packaging's `Version.public`).
 * @example publicVersion(parseVersion("1.0+cpu")) // "1.0"
 */
export function publicVersion(v: Version): string {
  return formatPublic(v);
}

/**
 * Epoch and release only (packaging's `Version.base_version`).
 * @example baseVersion(parseVersion("1!2.0rc1.post2+x")) // "1!2.0"
 */
export function baseVersion(v: Version): string {
  const r = v.release.join(".");
  return v.epoch !== 0n ? `${v.epoch}!${r}` : r;
}

/**
 * The local segment in normal form, or `undefined` (packaging's `Version.local`).
 * @example localVersion(parseVersion("1.0+Ubuntu_01")) // "ubuntu.1"
 */
export function localVersion(v: Version): string | undefined {
  return v.local === undefined ? undefined : v.local.join(".");
}

/**
 * True for pre-releases and development releases (PEP 440 "Handling of pre-releases").
 * @example isPrerelease(parseVersion("1.0.dev1")) // true
 */
export function isPrerelease(v: Version): boolean {
  return v.dev !== undefined || v.pre !== undefined;
}

/**
 * True when the version has a post-release segment.
 * @example isPostrelease(parseVersion("1.0-1")) // true
 */
export function isPostrelease(v: Version): boolean {
  return v.post !== undefined;
}

/**
 * True when the version has a development-release segment.
 * @example isDevrelease(parseVersion("1.0a1.dev0")) // true
 */
export function isDevrelease(v: Version): boolean {
  return v.dev !== undefined;
}
