// PEP 440 version specifiers and specifier sets (`~=`, `==`, `!=`, `<=`, `>=`, `<`, `>`, `===`) with
// the matching and pre-release rules of Python `packaging` 26.2 (spec: "Version specifiers").
import {
  comparePublicVersions,
  compareVersions,
  formatVersion,
  isPostrelease,
  isPrerelease,
  PackagingError,
  publicVersion,
  pythonRepr,
  pythonStrip,
  tryParseVersion,
  type Version,
  versionFromParts,
  versionsEqual,
} from "./version.js";

/** A comparison operator of PEP 440 "Version specifiers". */
export type SpecifierOperator = "~=" | "==" | "!=" | "<=" | ">=" | "<" | ">" | "===";

/**
 * One version specifier such as `>=1.0` or `==2.*`. `version` is the text after the operator, as
 * written (stripped), like packaging's `Specifier.version`; the `_`-prefixed fields are precomputed.
 */
export interface Specifier {
  readonly operator: SpecifierOperator;
  readonly version: string;
  /** @internal `version` parsed (undefined for `===` arbitrary strings and `.*` wildcards). */
  readonly _version: Version | undefined;
  /** @internal for `==`/`!=` wildcards and `~=`: the split prefix and its numeric length. */
  readonly _prefix: WildcardPrefix | undefined;
  /** @internal for `<`: the earliest pre-release of the version (V.dev0). */
  readonly _earliest: Version | undefined;
}

/** @internal */
export interface WildcardPrefix {
  readonly split: readonly string[];
  readonly numericLength: number;
}

/** A comma-separated set of specifiers (`>=1.0,!=1.3.*,<2`); empty matches every version. */
export interface SpecifierSet {
  readonly specifiers: readonly Specifier[];
  /** @internal `"==="` occurs in the source text (packaging then compares string items as written). */
  readonly _hasArbitrary: boolean;
  /** @internal the specifiers in packaging's evaluation order ("cost based ordering"). */
  readonly _ordered: readonly Specifier[];
}

/** Options of {@link specifierSetContains} and {@link filterVersions}. */
export interface ContainsOptions {
  /** `true` admits pre-releases, `false` rejects them, `undefined` applies PEP 440's default. */
  readonly prereleases?: boolean | undefined;
}

// packaging's `Specifier._specifier_regex_str`, translated. Python's `\s` (str patterns) is wider than
// JavaScript's, so it is spelled out. Under re.IGNORECASE without re.ASCII, Python also matches "ſ" for
// "s" and "ı"/"İ" for "i": the `~=` branch is the only one not wrapped in `(?a:...)`, so its "post" and
// "preview" spell those out too (JavaScript's non-unicode /i folds only ASCII here).
const WS_CLASS = "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const WS = `[${WS_CLASS}]`;
const NUMBER = "v?(?:[0-9]+!)?[0-9]+";
const pre = (preview: string) => `(?:[-_.]?(?:alpha|beta|${preview}|pre|a|b|c|rc)[-_.]?[0-9]*)?`;
const post = (postWord: string) => `(?:-[0-9]+|[-_.]?(?:${postWord}|rev|r)[-_.]?[0-9]*)?`;
const DEV = "(?:[-_.]?dev[-_.]?[0-9]*)?";
const LOCAL = "(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?";
const ARBITRARY = `===${WS}*[^${WS_CLASS};)]*`;
const EQUALITY = `(?:==|!=)${WS}*${NUMBER}(?:\\.[0-9]+)*(?:\\.\\*|${pre("preview")}${post("post")}${DEV}${LOCAL})?`;
const COMPATIBLE = `~=${WS}*${NUMBER}(?:\\.[0-9]+)+${pre("prev[i\\u0130\\u0131]ew")}${post("po[s\\u017f]t")}${DEV}`;
const ORDERED = `(?:<=|>=|<|>)${WS}*${NUMBER}(?:\\.[0-9]+)*${pre("preview")}${post("post")}${DEV}`;

/**
 * The specifier pattern, unanchored, for the PEP 508 tokenizer (use with the `i` flag).
 * @internal
 */
export const SPECIFIER_PATTERN = `(?:${ARBITRARY}|${EQUALITY}|${COMPATIBLE}|${ORDERED})`;
const FULL_SPECIFIER = new RegExp(`^${WS}*${SPECIFIER_PATTERN}${WS}*$`, "i");

const PREFIX_SPLIT = /^([0-9]+)((?:a|b|c|rc)[0-9]+)$/;
const DIGITS = /^[0-9]+$/;

// packaging's `_version_split`: epoch, then dot-separated parts, with "1rc2" split as "1", "rc2".
function versionSplit(version: string): string[] {
  const bang = version.lastIndexOf("!");
  const result = [bang > 0 ? version.slice(0, bang) : "0"];
  for (const item of (bang >= 0 ? version.slice(bang + 1) : version).split(".")) {
    const m = PREFIX_SPLIT.exec(item);
    if (m) result.push(m[1]!, m[2]!);
    else result.push(item);
  }
  return result;
}

function numericPrefixLength(split: readonly string[]): number {
  let n = 0;
  while (n < split.length && DIGITS.test(split[n]!)) n++;
  return n;
}

// packaging's `canonicalize_version(s, strip_trailing_zero=False)`: invalid strings come back unaltered.
function canonicalize(s: string): string {
  const v = tryParseVersion(s);
  return v === undefined ? s : formatVersion(v);
}

function wildcardPrefix(prefixVersion: string): WildcardPrefix {
  const split = versionSplit(canonicalize(prefixVersion));
  return { split, numericLength: numericPrefixLength(split) };
}

function isSuffix(segment: string): boolean {
  return (
    segment.startsWith("dev") ||
    segment.startsWith("a") ||
    segment.startsWith("b") ||
    segment.startsWith("rc") ||
    segment.startsWith("post")
  );
}

// PEP 440 "Compatible release": ~=V.N is >=V.N, ==V.*. packaging derives the prefix from the spec text
// as written (so e.g. "~=1.0.POST1" keeps "POST1" as a release-like part, exactly as packaging does).
function compatiblePrefix(version: string): WildcardPrefix {
  const parts: string[] = [];
  for (const seg of versionSplit(version)) {
    if (isSuffix(seg)) break;
    parts.push(seg);
  }
  parts.pop();
  const [epoch, ...rest] = parts;
  return wildcardPrefix(`${epoch}!${rest.join(".")}`);
}

function scanSpecifier(text: string): Specifier | undefined {
  if (!FULL_SPECIFIER.test(text)) return undefined;
  const t = pythonStrip(text);
  let operator: SpecifierOperator;
  if (t.startsWith("===")) operator = "===";
  else {
    const two = t.slice(0, 2);
    operator = (
      two === "~=" || two === "==" || two === "!=" || two === "<=" || two === ">=" ? two : t.slice(0, 1)
    ) as SpecifierOperator;
  }
  const version = pythonStrip(t.slice(operator.length));
  const wildcard = version.endsWith(".*") && (operator === "==" || operator === "!=");
  const parsed = tryParseVersion(version);
  let prefix: WildcardPrefix | undefined;
  if (wildcard) prefix = wildcardPrefix(version.slice(0, -2));
  else if (operator === "~=") prefix = compatiblePrefix(version);
  const earliest =
    operator === "<" && parsed !== undefined
      ? versionFromParts({ ...parsed, dev: 0n, local: undefined })
      : undefined;
  return { operator, version, _version: parsed, _prefix: prefix, _earliest: earliest };
}

function invalidSpecifier(s: string): PackagingError {
  return new PackagingError("INVALID_SPECIFIER", `Invalid specifier: ${pythonRepr(s)}`, "InvalidSpecifier");
}

/**
 * Parses one specifier (`">= 1.0"`, `"==2.*"`, `"===foo"`) like `packaging.specifiers.Specifier`.
 * Throws `INVALID_SPECIFIER` (a {@link PackagingError}) when invalid.
 * @example parseSpecifier(" ~= 1.4.5 ") // { operator: "~=", version: "1.4.5", … }
 */
export function parseSpecifier(s: string): Specifier {
  const spec = scanSpecifier(s);
  if (!spec) throw invalidSpecifier(s);
  return spec;
}

/**
 * Like {@link parseSpecifier} but returns `undefined` when invalid.
 * @example tryParseSpecifier(">=1.0.*") // undefined (wildcards only with == and !=)
 */
export function tryParseSpecifier(s: string): Specifier | undefined {
  return scanSpecifier(s);
}

/**
 * True when `s` is one valid specifier.
 * @example isValidSpecifier("~=1") // false (~= needs two release segments)
 */
export function isValidSpecifier(s: string): boolean {
  return FULL_SPECIFIER.test(s);
}

// packaging's `_operator_cost`: cheap, selective operators first; `all()` short-circuits in that order.
function cost(s: Specifier): number {
  const wildcard = s.version.endsWith(".*");
  switch (s.operator) {
    case "==":
      return wildcard ? 2 : 0;
    case "===":
      return 0;
    case "~=":
      return 2;
    case "!=":
      return wildcard ? 4 : 3;
    default:
      return 1;
  }
}

function makeSet(specifiers: Specifier[], hasArbitrary: boolean): SpecifierSet {
  const ordered = specifiers.length > 1 ? [...specifiers].sort((a, b) => cost(a) - cost(b)) : specifiers;
  return { specifiers, _hasArbitrary: hasArbitrary, _ordered: ordered };
}

function scanSet(s: string): SpecifierSet | string {
  const specs: Specifier[] = [];
  // packaging: split on ",", strip each item, drop empty items.
  for (const raw of s.split(",")) {
    const item = pythonStrip(raw);
    if (!item) continue;
    const spec = scanSpecifier(item);
    if (!spec) return item;
    specs.push(spec);
  }
  return makeSet(specs, s.includes("==="));
}

/**
 * Parses a comma-separated specifier set like `packaging.specifiers.SpecifierSet` (empty items are
 * ignored; `""` is the empty set). Throws `INVALID_SPECIFIER` naming the first invalid item.
 * @example parseSpecifierSet(">=1.0, !=1.3.*, <2").specifiers.length // 3
 */
export function parseSpecifierSet(s: string): SpecifierSet {
  const r = scanSet(s);
  if (typeof r === "string") throw invalidSpecifier(r);
  return r;
}

/**
 * Like {@link parseSpecifierSet} but returns `undefined` when invalid.
 * @example tryParseSpecifierSet(">=1.0,latest") // undefined
 */
export function tryParseSpecifierSet(s: string): SpecifierSet | undefined {
  const r = scanSet(s);
  return typeof r === "string" ? undefined : r;
}

/**
 * True when `s` is a valid specifier set.
 * @example isValidSpecifierSet(">=1.0,<2") // true
 */
export function isValidSpecifierSet(s: string): boolean {
  return typeof scanSet(s) !== "string";
}

/**
 * The specifier as text (`str(Specifier)`): operator then version as written.
 * @example formatSpecifier(parseSpecifier("~= 1.0")) // "~=1.0"
 */
export function formatSpecifier(spec: Specifier): string {
  return spec.operator + spec.version;
}

// Python compares str by code point; JavaScript's `<` by UTF-16 code unit (differs above U+FFFF).
function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if ((x >= 0xd800 && x <= 0xdfff) || (y >= 0xd800 && y <= 0xdfff))
      return a.codePointAt(i)! - b.codePointAt(i)!;
    return x - y;
  }
  return a.length - b.length;
}

function requireVersion(spec: Specifier): Version {
  // Only reachable for `~=` specifiers that packaging's regex accepts through Unicode case folding
  // ("~=1.0poſt1") but that are not versions; packaging fails its internal assertion there.
  if (spec._version === undefined)
    throw new PackagingError(
      "INVALID_SPECIFIER",
      `Specifier ${pythonRepr(formatSpecifier(spec))} does not hold a valid version`,
      "AssertionError",
    );
  return spec._version;
}

// packaging's `Specifier._canonical_spec` (used to deduplicate sets): trailing zeros stripped except
// for `~=`, whose segment count is meaningful.
function canonicalSpec(spec: Specifier): string {
  if (spec.operator === "===" || spec.version.endsWith(".*")) return `${spec.operator}\0${spec.version}`;
  const v = requireVersion(spec);
  let release = v.release;
  if (spec.operator !== "~=") {
    let n = release.length;
    while (n > 1 && release[n - 1] === 0n) n--;
    release = release.slice(0, n);
  }
  return `${spec.operator}\0${formatVersion({ ...v, release })}`;
}

/**
 * The set with its specifiers in `str(SpecifierSet)` order: sorted by text, and duplicates after
 * canonicalisation (`==1.0` and `==1.0.0`, which match the same versions) removed.
 * @example formatSpecifierSet(canonicalSpecifierSet(parseSpecifierSet(">=1.0.0,<2,>=1.0"))) // "<2,>=1.0"
 */
export function canonicalSpecifierSet(set: SpecifierSet): SpecifierSet {
  const specs = set.specifiers;
  if (specs.length <= 1) return set;
  const sorted = specs
    .map((s) => [formatSpecifier(s), s] as const)
    .sort((a, b) => compareCodePoints(a[0], b[0]));
  const seen = new Set<string>();
  const out: Specifier[] = [];
  for (const [, spec] of sorted) {
    const key = canonicalSpec(spec);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(spec);
  }
  return makeSet(out, set._hasArbitrary);
}

/**
 * The specifier set as text, like `str(SpecifierSet)`: sorted, duplicates (after canonicalisation,
 * so `==1.0` and `==1.0.0`) removed.
 * @example formatSpecifierSet(parseSpecifierSet("<2, >=1.0, >=1.0.0")) // "<2,>=1.0"
 */
export function formatSpecifierSet(set: SpecifierSet): string {
  return canonicalSpecifierSet(set).specifiers.map(formatSpecifier).join(",");
}

// PEP 440 "Version matching" with a `.*` prefix: compare the candidate's public version, zero-padded,
// split like the prefix, segment by segment (packaging's `_compare_equal` wildcard branch).
function prefixMatches(prefix: WildcardPrefix, v: Version): boolean {
  const split = versionSplit(publicVersion(v));
  const numeric = numericPrefixLength(split);
  const pad = prefix.numericLength - numeric;
  const padded =
    pad > 0 ? [...split.slice(0, numeric), ...Array(pad).fill("0"), ...split.slice(numeric)] : split;
  if (padded.length < prefix.split.length) return false;
  for (let i = 0; i < prefix.split.length; i++) if (padded[i] !== prefix.split[i]) return false;
  return true;
}

function equalMatches(spec: Specifier, v: Version): boolean {
  if (spec._prefix !== undefined) return prefixMatches(spec._prefix, v);
  const sv = requireVersion(spec);
  // PEP 440: without a local label in the specifier, the candidate's local label is ignored.
  return sv.local === undefined ? comparePublicVersions(v, sv) === 0 : versionsEqual(v, sv);
}

/** Whether a parsed version satisfies one (non-`===`) specifier, as packaging's `_compare_*`. */
function operatorMatches(spec: Specifier, v: Version): boolean {
  switch (spec.operator) {
    case "==":
      return equalMatches(spec, v);
    case "!=":
      return !equalMatches(spec, v);
    case "<=":
      return comparePublicVersions(v, requireVersion(spec)) <= 0;
    case ">=":
      return comparePublicVersions(v, requireVersion(spec)) >= 0;
    case "~=":
      return comparePublicVersions(v, requireVersion(spec)) >= 0 && prefixMatches(spec._prefix!, v);
    case "<": {
      const sv = requireVersion(spec);
      if (compareVersions(v, sv) >= 0) return false;
      // PEP 440: "<V MUST NOT allow a pre-release of the specified version unless the specified
      // version is itself a pre-release."
      return !(!isPrerelease(sv) && isPrerelease(v) && compareVersions(v, spec._earliest!) >= 0);
    }
    case ">": {
      const sv = requireVersion(spec);
      if (compareVersions(v, sv) <= 0) return false;
      // PEP 440: ">V MUST NOT allow a post-release of the specified version unless the specified
      // version is itself a post-release."
      if (!isPostrelease(sv) && isPostrelease(v)) {
        const base = versionFromParts({ ...v, post: undefined, dev: undefined, local: undefined });
        if (versionsEqual(base, sv)) return false;
      }
      // ">V MUST NOT match a local version of the specified version".
      return !(v.local !== undefined && comparePublicVersions(v, sv) === 0);
    }
    default:
      return false;
  }
}

// `===` (PEP 440 "Arbitrary equality"): case-insensitive string comparison with the item as given.
function arbitraryMatches(spec: Specifier, text: string): boolean {
  return text.toLowerCase() === spec.version.toLowerCase();
}

// packaging's `Specifier.prereleases` (without an explicit override).
function specifierPrereleases(spec: Specifier): boolean {
  if (spec.operator === "!=") return false;
  if (spec.operator === "==" && spec.version.endsWith(".*")) return false;
  return spec._version !== undefined && isPrerelease(spec._version);
}

/**
 * True when some specifier of the set mentions a pre-release (`>=1.0b1`), which makes
 * {@link filterVersions} admit pre-releases by default (packaging's `SpecifierSet.prereleases`).
 * @example setMentionsPrerelease(parseSpecifierSet(">=1.0rc1")) // true
 */
export function setMentionsPrerelease(set: SpecifierSet): boolean {
  return set.specifiers.some(specifierPrereleases);
}

// One item against every specifier, pre-releases allowed or not (packaging's `_filter_versions`).
function matchesAll(set: SpecifierSet, text: string, v: Version | undefined, prereleases: boolean): boolean {
  if (v === undefined) {
    // Only `===` can match something that is not a version.
    for (const s of set._ordered) if (s.operator !== "===" || !arbitraryMatches(s, text)) return false;
    return true;
  }
  if (!prereleases && isPrerelease(v)) return false;
  for (const s of set._ordered)
    if (!(s.operator === "===" ? arbitraryMatches(s, text) : operatorMatches(s, v))) return false;
  return true;
}

type Item = string | Version;
const textOf = (item: Item) => (typeof item === "string" ? item : formatVersion(item));
const versionOf = (item: Item) => (typeof item === "string" ? tryParseVersion(item) : item);

/**
 * Whether a version satisfies one specifier, as packaging's `Specifier.contains(version, prereleases)`
 * (PEP 508 markers compare version-like variables this way, with `prereleases: true`).
 * @example specifierContains(parseSpecifier("~=3.10"), "3.12") // true
 */
export function specifierContains(spec: Specifier, version: Item, opts?: ContainsOptions): boolean {
  const v = versionOf(version);
  if (v === undefined) return spec.operator === "===" && arbitraryMatches(spec, textOf(version));
  if (opts?.prereleases === false && isPrerelease(v)) return false;
  return spec.operator === "===" ? arbitraryMatches(spec, textOf(version)) : operatorMatches(spec, v);
}

/**
 * Whether a version satisfies every specifier of the set, as packaging 26.2's
 * `SpecifierSet.contains(version, prereleases)`. With `prereleases` unset, a pre-release is admitted
 * when it matches (packaging 26: "there are no other versions"); `false` rejects pre-releases.
 * A string that is not a valid version only matches `===` specifiers (and the empty set).
 * @example
 * specifierSetContains(parseSpecifierSet(">=1.0,!=1.3.*"), "1.3.2") // false
 * specifierSetContains(parseSpecifierSet(">=1.0"), "2.0b1", { prereleases: false }) // false
 */
export function specifierSetContains(set: SpecifierSet, version: Item, opts?: ContainsOptions): boolean {
  const prereleases = opts?.prereleases;
  const v = versionOf(version);
  if (set.specifiers.length === 0)
    return prereleases === false ? !(v !== undefined && isPrerelease(v)) : true;
  return matchesAll(set, textOf(version), v, prereleases ?? true);
}

// PEP 440 "Handling of pre-releases": keep finals; admit pre-releases only when no final matched.
// Strings that are not versions (they matched `===`) are kept, in order.
function filterPrereleases<T extends Item>(items: readonly T[]): T[] {
  const out: T[] = [];
  const nonFinal: T[] = [];
  const arbitrary: T[] = [];
  let foundFinal = false;
  for (const item of items) {
    const v = versionOf(item);
    if (v === undefined) {
      if (foundFinal) out.push(item);
      else {
        arbitrary.push(item);
        nonFinal.push(item);
      }
    } else if (!isPrerelease(v)) {
      if (!foundFinal) {
        out.push(...arbitrary);
        foundFinal = true;
      }
      out.push(item);
    } else if (!foundFinal) nonFinal.push(item);
  }
  return foundFinal ? out : nonFinal;
}

/**
 * The candidates that satisfy the set, in order, as packaging's `SpecifierSet.filter`: pre-releases
 * are admitted when `prereleases` is true, when a specifier mentions one, or when no final release
 * matches (the PEP 440 fallback).
 * @example
 * filterVersions(parseSpecifierSet(">=1.2"), ["1.1", "1.3", "1.5a1"]) // ["1.3"]
 * filterVersions(parseSpecifierSet(">=1.2"), ["1.1", "1.5a1"]) // ["1.5a1"]
 */
export function filterVersions<T extends Item>(
  set: SpecifierSet,
  candidates: readonly T[],
  opts?: ContainsOptions,
): T[] {
  let prereleases = opts?.prereleases;
  if (prereleases === undefined && setMentionsPrerelease(set)) prereleases = true;
  if (set.specifiers.length > 0) {
    const admit = prereleases ?? true;
    const matched = candidates.filter((c) => matchesAll(set, textOf(c), versionOf(c), admit));
    return prereleases === undefined ? filterPrereleases(matched) : matched;
  }
  if (prereleases === true) return [...candidates];
  if (prereleases === false)
    return candidates.filter((c) => {
      const v = versionOf(c);
      return v === undefined || !isPrerelease(v);
    });
  return filterPrereleases(candidates);
}
