// Matching a (PyPI name, version) against OSV affected entries, following osv-matching.md "Decisions for
// pysbom": PEP 503 names on both sides, PEP 440 order for ECOSYSTEM ranges (stable-sorted events, local
// versions take part, pre-releases by order only), SemVer 2.0.0 for SEMVER ranges, `versions` by PEP 440
// equality, affected = in any range OR listed; GIT ranges of PyPI packages are not evaluated.
import { canonicalizeName } from "../../core/names.js";
import { compareVersions, parseVersion, tryParseVersion, type Version } from "../../core/pep440/index.js";
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

/**
 * What matching needs of one `affected[]` entry, as stored in the database index: the record's position,
 * its evaluable ranges, and the PEP 440 equality keys of its `versions`.
 */
export interface StoredEntry {
  readonly r: number;
  readonly g: readonly StoredRange[];
  readonly v: readonly string[];
}

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

function storeEvents(range: OsvRange): StoredRange["e"] {
  return range.events.map((e) => [KIND_CODE[eventKind(e)!], eventValue(e)] as StoredEvent);
}

function versionKeys(
  versions: readonly string[] | undefined,
  cache?: Map<string, string | undefined>,
): string[] {
  const keys = new Set<string>();
  for (const s of versions ?? []) {
    let k = cache?.get(s);
    if (k === undefined && !cache?.has(s)) {
      k = equalityKeyOf(s);
      cache?.set(s, k);
    }
    if (k !== undefined) keys.add(k);
  }
  return [...keys];
}

/**
 * The index entries of a checked record: PyPI entries by PEP 503 name, and package-less GIT entries (PSF's
 * CPython records) by normalised repository. Other ecosystems are not indexed.
 * @example indexEntries(record, 0).pypi.get("django")
 */
export function indexEntries(
  record: OsvRecord,
  position: number,
  cache?: Map<string, string | undefined>,
): { pypi: Map<string, StoredEntry[]>; git: Map<string, StoredEntry[]> } {
  const pypi = new Map<string, StoredEntry[]>();
  const git = new Map<string, StoredEntry[]>();
  for (const a of record.affected ?? []) {
    if (a.package?.ecosystem === "PyPI") {
      const g = (a.ranges ?? [])
        .filter((r) => r.type === "ECOSYSTEM" || r.type === "SEMVER")
        .map((r): StoredRange => ({ t: r.type === "SEMVER" ? "S" : "E", e: storeEvents(r) }));
      const name = canonicalizeName(a.package.name);
      pypi.set(name, [...(pypi.get(name) ?? []), { r: position, g, v: versionKeys(a.versions, cache) }]);
    } else if (a.package === undefined) {
      for (const r of a.ranges ?? []) {
        if (r.type !== "GIT" || r.repo === undefined) continue;
        const repo = normalizeRepo(r.repo);
        const entry: StoredEntry = {
          r: position,
          g: [{ t: "G", e: storeEvents(r) }],
          v: versionKeys(a.versions, cache),
        };
        git.set(repo, [...(git.get(repo) ?? []), entry]);
      }
    }
  }
  return { pypi, git };
}

type Pep440Events = RangeEvent<Version>[];
type SemverEvents = RangeEvent<SemVer>[];

/** An entry ready for matching (event versions parsed and sorted once). */
export interface CompiledEntry {
  readonly record: number;
  readonly pep440: readonly Pep440Events[];
  readonly semver: readonly SemverEvents[];
  readonly versions: ReadonlySet<string>;
  /** Every version string the entry names (events and `versions`), for upgrade candidates. */
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
  return { record: stored.r, pep440, semver, versions: new Set(stored.v), known: [...known, ...stored.v] };
}

/** The outcome of matching one version against one entry. */
export type EntryMatch = "affected" | "unaffected" | { readonly problem: string };

/**
 * Decides whether a parsed PEP 440 version is affected by an entry: listed in `versions` (PEP 440
 * equality) or inside any ECOSYSTEM range (PEP 440 order) or SEMVER range (SemVer order of the raw query
 * string; a query that is not SemVer cannot be placed in such a range and yields a problem).
 * @example entryAffects(compileEntry(e), parseVersion("3.2.0"), "3.2.0")
 */
export function entryAffects(entry: CompiledEntry, v: Version, raw: string): EntryMatch {
  if (entry.versions.has(equalityKey(v))) return "affected";
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
  const entries = indexEntries(record, 0).pypi.get(canonicalizeName(name)) ?? [];
  return entries.some((e) => entryAffects(compileEntry(e), v, version) === "affected");
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
