// Matching a (PyPI name, version) against OSV affected entries, following osv-matching.md "Decisions for
// pysbom": PEP 503 names on both sides, PEP 440 order for ECOSYSTEM ranges (stable-sorted events, local
// versions take part, pre-releases by order only), SemVer 2.0.0 for SEMVER ranges, `versions` by PEP 440
// equality, affected = in any range OR listed; GIT ranges of PyPI packages are not evaluated.
import { canonicalizeName } from "../../core/names.js";
import {
  compareVersions,
  formatVersion,
  parseVersion,
  tryParseVersion,
  type Version,
} from "../../core/pep440/index.js";
import { pythonRepr } from "../../core/pep440/version.js";
import { PysbomError } from "../../errors.js";
import { BOTTOM, inRange, type RangeEvent, sortEvents, TOP } from "./ranges.js";
import {
  eventKind,
  eventValue,
  INFINITE_LIMIT,
  normalizeRepo,
  type OsvRange,
  type OsvRecord,
  ZERO_EVENT,
} from "./record.js";
import { compareSemver, type SemVer, tryParseSemver } from "./semver.js";

/** An event as stored: `[kind, value]` with kind `i`ntroduced, `f`ixed, `l`ast_affected or li`m`it. */
export type StoredEvent = readonly ["i" | "f" | "l" | "m", string];

/** A range as stored in the database index (`E` = ECOSYSTEM, `S` = SEMVER, `G` = GIT). */
export interface StoredRange {
  readonly t: "E" | "S" | "G";
  readonly e: readonly StoredEvent[];
}

/** What matching needs of one `affected[]` entry: the record's position and its evaluable ranges. */
export interface StoredEntry {
  readonly r: number;
  readonly g: readonly StoredRange[];
}

/**
 * A package (PyPI name, or GIT repository) as stored in the database index: its entries, and its `versions`
 * lists inverted: `[PEP 440 equality key, normal form, positions of the records listing it…]` per version.
 */
export interface StoredPackage {
  readonly e: readonly StoredEntry[];
  readonly v: readonly (readonly [string, string, ...number[]])[];
}

/** A version string's equality key and normal form (memoised by importers). */
export type VersionKeyCache = Map<string, readonly [key: string, normal: string] | undefined>;

const KIND_CODE = { introduced: "i", fixed: "f", last_affected: "l", limit: "m" } as const;
const CODE_KIND = { i: "introduced", f: "fixed", l: "last_affected", m: "limit" } as const;

/**
 * The PEP 440 equality key of a version: two versions are equal (`packaging` `==` on Version objects) iff
 * their keys are equal. It is the normal form with trailing zero release segments removed.
 * @example equalityKey(parseVersion("1.0.0")) === equalityKey(parseVersion("v1.0")) // "1"
 */
export function equalityKey(v: Version): string {
  let end = v.release.length;
  while (end > 1 && v.release[end - 1] === 0n) end--;
  let s = v.release.slice(0, end).join(".");
  if (v.epoch !== 0n) s = `${v.epoch}!${s}`;
  if (v.pre !== undefined) s += `${v.pre[0]}${v.pre[1]}`;
  if (v.post !== undefined) s += `.post${v.post}`;
  if (v.dev !== undefined) s += `.dev${v.dev}`;
  if (v.local !== undefined) s += `+${v.local.join(".")}`;
  return s;
}

/** The equality key of a version string, or undefined when it is not PEP 440. */
export function equalityKeyOf(s: string): string | undefined {
  const v = tryParseVersion(s);
  return v === undefined ? undefined : equalityKey(v);
}

// A version already in PEP 440 normal form without epoch or local part ("Normalization": integers without
// leading zeros, `a`/`b`/`rc`, `.postN`, `.devN`): 97% of the strings in PyPA `versions` lists. Such a string
// is its own normal form, and its equality key is it with trailing `.0` release segments removed.
const NORMAL_PUBLIC =
  /^((?:0|[1-9]\d*)(?:\.(?:0|[1-9]\d*))*)((?:(?:a|b|rc)(?:0|[1-9]\d*))?(?:\.post(?:0|[1-9]\d*))?(?:\.dev(?:0|[1-9]\d*))?)$/;

/** `[equality key, normal form]` of a version string (memoised in `cache`), or undefined when invalid. */
export function versionKey(s: string, cache?: VersionKeyCache): readonly [string, string] | undefined {
  const have = cache?.get(s);
  if (have !== undefined || cache?.has(s)) return have;
  const fast = NORMAL_PUBLIC.exec(s);
  if (fast) {
    const k = [fast[1]!.replace(/(?:\.0)+$/, "") + fast[2]!, s] as const;
    cache?.set(s, k);
    return k;
  }
  const v = tryParseVersion(s);
  const k = v === undefined ? undefined : ([equalityKey(v), formatVersion(v)] as const);
  cache?.set(s, k);
  return k;
}

function storeEvents(range: OsvRange): StoredRange["e"] {
  return range.events.map((e) => [KIND_CODE[eventKind(e)!], eventValue(e)] as StoredEvent);
}

/** A package being built by {@link addToIndex} (see {@link packageOf} for the stored form). */
export interface PackageBuilder {
  readonly e: StoredEntry[];
  /** Equality key → `[key, normal form, positions…]`. */
  readonly v: Map<string, [string, string, ...number[]]>;
}

/** The stored form of a built package. */
export function packageOf(b: PackageBuilder): StoredPackage {
  return { e: b.e, v: [...b.v.values()] };
}

function addListed(
  pkg: PackageBuilder,
  position: number,
  versions: readonly string[] | undefined,
  cache?: VersionKeyCache,
) {
  for (const s of versions ?? []) {
    const k = versionKey(s, cache);
    if (k === undefined) continue;
    const have = pkg.v.get(k[0]);
    if (!have) pkg.v.set(k[0], [k[0], k[1], position]);
    else if (have[have.length - 1] !== position) have.push(position);
  }
}

/**
 * Adds a checked record to the index being built: its PyPI entries under their PEP 503 names, its
 * package-less GIT entries (PSF's CPython records) under their normalised repository. Other ecosystems are
 * not indexed. Records must be added in position order.
 * @example addToIndex(record, 0, pypi, git)
 */
export function addToIndex(
  record: OsvRecord,
  position: number,
  pypi: Map<string, PackageBuilder>,
  git: Map<string, PackageBuilder>,
  cache?: VersionKeyCache,
): void {
  const builder = (m: Map<string, PackageBuilder>, key: string) => {
    let b = m.get(key);
    if (!b) {
      b = { e: [], v: new Map() };
      m.set(key, b);
    }
    return b;
  };
  for (const a of record.affected ?? []) {
    if (a.package?.ecosystem === "PyPI") {
      const b = builder(pypi, canonicalizeName(a.package.name));
      const g = (a.ranges ?? [])
        .filter((r) => r.type === "ECOSYSTEM" || r.type === "SEMVER")
        .map((r): StoredRange => ({ t: r.type === "SEMVER" ? "S" : "E", e: storeEvents(r) }));
      b.e.push({ r: position, g });
      addListed(b, position, a.versions, cache);
    } else if (a.package === undefined) {
      for (const r of a.ranges ?? []) {
        if (r.type !== "GIT" || r.repo === undefined) continue;
        const b = builder(git, normalizeRepo(r.repo));
        b.e.push({ r: position, g: [{ t: "G", e: storeEvents(r) }] });
        addListed(b, position, a.versions, cache);
      }
    }
  }
}

type Pep440Events = RangeEvent<Version>[];
type SemverEvents = RangeEvent<SemVer>[];

/** An entry ready for matching (event versions parsed and sorted once). */
export interface CompiledEntry {
  readonly record: number;
  readonly pep440: readonly Pep440Events[];
  readonly semver: readonly SemverEvents[];
  /** The event versions it names (upgrade candidates). */
  readonly known: readonly string[];
}

function parseEvents<V>(
  e: readonly StoredEvent[],
  parse: (s: string) => V | undefined,
): RangeEvent<V>[] | undefined {
  const out: RangeEvent<V>[] = [];
  for (const [code, value] of e) {
    const kind = CODE_KIND[code];
    if (kind === "introduced" && value === ZERO_EVENT) out.push({ kind, at: BOTTOM });
    else if (kind === "limit" && value === INFINITE_LIMIT) out.push({ kind, at: TOP });
    else {
      const at = parse(value);
      // The import check dropped ranges with unparsable events; a hand-edited index may still have one.
      if (at === undefined) return undefined;
      out.push({ kind, at });
    }
  }
  return out;
}

/**
 * Parses and sorts an entry's events once.
 * @example compileEntry(stored).pep440.length
 */
export function compileEntry(stored: StoredEntry): CompiledEntry {
  const pep440: Pep440Events[] = [];
  const semver: SemverEvents[] = [];
  const known: string[] = [];
  for (const r of stored.g) {
    if (r.t === "G") continue;
    for (const [code, value] of r.e)
      if (!(code === "i" && value === ZERO_EVENT) && code !== "m") known.push(value);
    if (r.t === "E") {
      const ev = parseEvents(r.e, tryParseVersion);
      if (ev) pep440.push(sortEvents(ev, compareVersions));
    } else if (r.t === "S") {
      const ev = parseEvents(r.e, tryParseSemver);
      if (ev) semver.push(sortEvents(ev, compareSemver));
    }
  }
  return { record: stored.r, pep440, semver, known };
}

/** The outcome of matching one version against one entry. */
export type EntryMatch = "affected" | "unaffected" | { readonly problem: string };

/**
 * Decides whether a parsed PEP 440 version lies in any of an entry's ranges: ECOSYSTEM ranges by PEP 440
 * order, SEMVER ranges by the SemVer order of the raw query string (a query that is not SemVer cannot be
 * placed in such a range and yields a problem). Listing in `versions` is checked by the caller, on the
 * package's inverted lists ({@link StoredPackage.v}).
 * @example inEntryRanges(compileEntry(e), parseVersion("3.2.0"), "3.2.0")
 */
export function inEntryRanges(entry: CompiledEntry, v: Version, raw: string): EntryMatch {
  for (const events of entry.pep440) if (inRange(events, v, compareVersions)) return "affected";
  if (entry.semver.length > 0) {
    const sv = tryParseSemver(raw);
    if (sv === undefined)
      return { problem: `has a SEMVER range, and ${JSON.stringify(raw)} is not a SemVer 2.0.0 version` };
    for (const events of entry.semver) if (inRange(events, sv, compareSemver)) return "affected";
  }
  return "unaffected";
}

/**
 * Convenience for one record (no database): is PyPI package `name` at `version` affected by `record`?
 * Withdrawn records never match. Throws `INVALID_VERSION` when `version` is not PEP 440.
 * @example isAffected(record, "Django", "3.2.0") // true
 */
export function isAffected(record: OsvRecord, name: string, version: string): boolean {
  if (record.withdrawn !== undefined) return false;
  const v = tryParseVersion(version);
  if (v === undefined) throw invalidQueryVersion(version);
  const pypi = new Map<string, PackageBuilder>();
  addToIndex(record, 0, pypi, new Map());
  const pkg = pypi.get(canonicalizeName(name));
  if (!pkg) return false;
  if (pkg.v.has(equalityKey(v))) return true;
  return pkg.e.some((e) => inEntryRanges(compileEntry(e), v, version) === "affected");
}

/** The error for a query version that is not PEP 440 (decision 5: never "not affected"). */
export function invalidQueryVersion(version: string): PysbomError {
  let reason = "";
  try {
    parseVersion(version);
  } catch (e) {
    reason = ` (${(e as Error).message})`;
  }
  return new PysbomError("INVALID_VERSION", `invalid PEP 440 version ${pythonRepr(version)}${reason}`);
}
