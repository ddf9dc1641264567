// The scan: which components of an SBOM are PyPI packages (pypi purls) or CPython (the `python:python` CPE
// or `pkg:generic/python`), which OSV records affect them, grouped by aliases into findings with severity,
// fixed versions and the smallest upgrade; then `--ignore` and VEX statements, which suppress findings
// (kept, visibly, in `suppressed`).
import { tryParseCpe } from "../core/cpe.js";
import { canonicalizeName } from "../core/names.js";
import { compareVersions, isPrerelease, tryParseVersion, type Version } from "../core/pep440/index.js";
import { tryParsePurl } from "../core/purl.js";
import { type Document, describedIds, type Package } from "../model/index.js";
import type { QueryResult, RecordMatch, VulnDb } from "./db/store.js";
import { compareIds, groupByAliases } from "./osv/aliases.js";
import { equalityKey } from "./osv/matcher.js";
import { eventKind, eventValue, type OsvRecord } from "./osv/record.js";
import { maxSeverity, type Rating, ratingRank, type Severity, UNKNOWN_SEVERITY } from "./osv/severity.js";
import { decidingStatement, suppresses, type VexProduct, type VexStatement, type VexSubject } from "./vex.js";

/** A component the scan could identify. */
export interface ScanComponent {
  /** The model package id. */
  readonly id: string;
  /** The name as the SBOM writes it. */
  readonly name: string;
  /** The version matched (from the purl or CPE, else the package version). */
  readonly version?: string | undefined;
  readonly ecosystem: "PyPI" | "CPython";
  /** PEP 503 name, or `cpython`. */
  readonly key: string;
  readonly purl?: string | undefined;
  readonly cpes: readonly string[];
  readonly bomRef?: string | undefined;
  /** The `pysbom:location` property (where a generated SBOM found the package). */
  readonly location?: string | undefined;
}

/** A reference of an advisory (`references[]` of the grouped records). */
export interface AdvisoryReference {
  readonly type: string;
  readonly url: string;
}

/** One vulnerability of one component: records grouped by aliases. */
export interface VulnFinding {
  readonly component: ScanComponent;
  /** The id shown first: the first matched record id in compareIds order (PSF, PYSEC, CVE, GHSA, others). */
  readonly id: string;
  /** Every matched record id. */
  readonly ids: readonly string[];
  /** Other names of the vulnerability (aliases that are not matched records). */
  readonly aliases: readonly string[];
  readonly summary: string;
  readonly details?: string | undefined;
  readonly severity: Severity;
  /** Versions that fix it (ECOSYSTEM/SEMVER `fixed` events; for CPython, the first unaffected release). */
  readonly fixed: readonly string[];
  readonly published?: string | undefined;
  readonly modified: string;
  readonly references: readonly AdvisoryReference[];
  /** A VEX statement that applies without suppressing (`affected`, `under_investigation`). */
  readonly vex?: VexStatement | undefined;
}

/** A finding that `--ignore` or a VEX statement suppressed. */
export interface SuppressedFinding extends VulnFinding {
  readonly suppressedBy:
    | { readonly kind: "ignore"; readonly id: string }
    | { readonly kind: "vex"; readonly statement: VexStatement };
}

/** The smallest upgrade of a component that fixes all its (remaining) findings. */
export interface Upgrade {
  readonly version: string;
  /** Records not among the findings that still affect that version (empty when it is clean). */
  readonly stillAffectedBy: readonly string[];
}

/** The result for one component. */
export interface ComponentResult {
  readonly component: ScanComponent;
  readonly findings: readonly VulnFinding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly upgrade?: Upgrade | undefined;
  /** Why the component could not be checked (never "not affected" in that case). */
  readonly error?: string | undefined;
}

/** Everything a scan found. */
export interface ScanResult {
  /** Every component checked, in name/version order. */
  readonly components: readonly ComponentResult[];
  /** Remaining findings, in component then severity (highest first) then id order. */
  readonly findings: readonly VulnFinding[];
  readonly suppressed: readonly SuppressedFinding[];
  /** Components that could not be checked. */
  readonly errors: readonly { readonly component: ScanComponent; readonly message: string }[];
  /** Data problems of consulted records (skipped ranges…), each once. */
  readonly warnings: readonly string[];
  /**
   * Packages not checked: with neither a PyPI purl nor a CPython identifier, or the SBOM's own subject
   * without a version (a project's dynamic version); each with the reason.
   */
  readonly unchecked: readonly {
    readonly id: string;
    readonly name: string;
    readonly version?: string | undefined;
    readonly reason: string;
  }[];
}

/** Options of {@link scanDocument}. */
export interface ScanOptions {
  readonly vex?: readonly VexStatement[];
  /** Vulnerability ids (any alias) to suppress. */
  readonly ignore?: readonly string[];
}

// SPDX's "no assertion" / "none" written as a version by some producers.
const NO_VERSION = new Set(["", "NOASSERTION", "NONE"]);

function purlsOf(p: Package): string[] {
  const out = p.purl ? [p.purl] : [];
  for (const r of p.externalRefs) if (r.type === "purl" && !out.includes(r.locator)) out.push(r.locator);
  return out;
}

function property(p: Package, name: string): string | undefined {
  return p.properties.find((x) => x.name === name)?.value;
}

/** The CPython version a `cpe:2.3:a:python:python:…` names (pre-release in `update` joined), if any. */
function cpythonCpeVersion(cpe: string): string | undefined | null {
  const c = tryParseCpe(cpe);
  if (c?.part !== "a" || c.vendor !== "python" || c.product !== "python") return null;
  if (c.version === "*" || c.version === "-" || c.version === "") return undefined;
  const update = c.update === "*" || c.update === "-" || c.update === "" ? "" : c.update;
  return c.version + update;
}

/**
 * The component a package is, when pysbom can match it: PyPI (a `pkg:pypi/` purl) or CPython (the CPE
 * `cpe:2.3:a:python:python:…` or the purl `pkg:generic/python`). Undefined for anything else.
 * @example componentOf(pkg)?.key // "django"
 */
export function componentOf(p: Package): ScanComponent | undefined {
  const common = {
    id: p.id,
    name: p.name,
    cpes: p.cpes,
    bomRef: p.bomRef,
    location: property(p, "pysbom:location"),
  };
  for (const s of purlsOf(p)) {
    const purl = tryParsePurl(s);
    if (!purl) continue;
    if (purl.type.toLowerCase() === "pypi")
      return {
        ...common,
        ecosystem: "PyPI",
        key: canonicalizeName(purl.name),
        version: purl.version ?? p.version,
        purl: s,
      };
    if (
      purl.type.toLowerCase() === "generic" &&
      !purl.namespace &&
      ["python", "cpython"].includes(purl.name.toLowerCase())
    )
      return { ...common, ecosystem: "CPython", key: "cpython", version: purl.version ?? p.version, purl: s };
  }
  for (const cpe of p.cpes) {
    const v = cpythonCpeVersion(cpe);
    if (v !== null)
      return { ...common, ecosystem: "CPython", key: "cpython", version: v ?? p.version, purl: p.purl };
  }
  return undefined;
}

/** The VEX view of a package. */
function subjectOf(p: Package | undefined, roots: readonly VexProduct[]): VexSubject {
  return { purl: p?.purl, cpes: p?.cpes ?? [], bomRef: p?.bomRef, roots };
}

/** `fixed` event values of the record's affected entries for this package. */
function fixedEvents(record: OsvRecord, component: ScanComponent): string[] {
  const out: string[] = [];
  for (const a of record.affected ?? []) {
    if (component.ecosystem === "PyPI") {
      if (a.package?.ecosystem !== "PyPI" || canonicalizeName(a.package.name) !== component.key) continue;
    } else if (a.package !== undefined) continue;
    for (const r of a.ranges ?? []) {
      if (r.type === "GIT") continue;
      for (const e of r.events) if (eventKind(e) === "fixed") out.push(eventValue(e));
    }
  }
  return out;
}

function sortByVersion(values: Iterable<string>): string[] {
  const parsed = [...new Set(values)].map((s) => [s, tryParseVersion(s)] as const);
  return parsed
    .sort((a, b) =>
      a[1] && b[1]
        ? compareVersions(a[1], b[1])
        : a[1]
          ? -1
          : b[1]
            ? 1
            : a[0] < b[0]
              ? -1
              : a[0] > b[0]
                ? 1
                : 0,
    )
    .map((x) => x[0]);
}

/** For CPython: per release series, the first release after an affected one that is not affected. */
function cpythonFixed(releases: readonly string[], affects: (v: string) => boolean): string[] {
  const out: string[] = [];
  const series = (v: Version) => `${v.epoch}!${v.release[0]}.${v.release[1] ?? 0n}`;
  let prev: { series: string; affected: boolean } | undefined;
  for (const r of releases) {
    const v = tryParseVersion(r);
    if (!v) continue;
    const s = series(v);
    const affected = affects(r);
    if (prev && prev.series === s && prev.affected && !affected) out.push(r);
    prev = { series: s, affected };
  }
  return out;
}

/**
 * The smallest known version above the installed one (no local versions; pre-releases only when the
 * installed version is one) that none of the findings' records affects, preferring one no other record
 * affects either; undefined when no known version fixes them all.
 */
function upgradeFor(
  installed: Version,
  candidates: readonly string[],
  findingRecords: readonly RecordMatch[],
  others: readonly RecordMatch[],
  affects: (r: RecordMatch, v: string) => boolean,
): Upgrade | undefined {
  const pre = isPrerelease(installed);
  const options = candidates
    .map((s) => [s, tryParseVersion(s)] as const)
    .filter(
      (x): x is readonly [string, Version] =>
        x[1] !== undefined &&
        x[1].local === undefined &&
        compareVersions(x[1], installed) > 0 &&
        (pre || !isPrerelease(x[1])),
    )
    .sort((a, b) => compareVersions(a[1], b[1]));
  let fallback: Upgrade | undefined;
  const seen = new Set<string>();
  for (const [s, v] of options) {
    const key = equalityKey(v);
    if (seen.has(key)) continue;
    seen.add(key);
    if (findingRecords.some((r) => affects(r, s))) continue;
    const still = others.filter((r) => affects(r, s)).map((r) => r.record.id);
    if (still.length === 0) return { version: s, stillAffectedBy: [] };
    fallback ??= { version: s, stillAffectedBy: still.sort(compareIds) };
  }
  return fallback;
}

/**
 * Scans a document against the database.
 * @example const result = scanDocument(document, db, { ignore: ["CVE-2024-1"] })
 */
export function scanDocument(doc: Document, db: VulnDb, options: ScanOptions = {}): ScanResult {
  const ignore = new Set(options.ignore ?? []);
  const statements = options.vex ?? [];
  const byId = new Map(doc.packages.map((p) => [p.id, p]));
  const rootIds = new Set(describedIds(doc));
  const roots = [...rootIds]
    .map((id) => byId.get(id))
    .filter((p) => p !== undefined)
    .map((p): VexProduct => ({ purl: p.purl, cpe: p.cpes[0], ref: p.bomRef }));
  const queries = new Map<string, QueryResult>();
  const records = new Map<number, OsvRecord>();
  const recordOf = (m: RecordMatch) => {
    let r = records.get(m.position);
    if (!r) {
      r = db.readLine(m.position).record;
      records.set(m.position, r);
    }
    return r;
  };
  const warnings = new Set<string>();
  const components: ComponentResult[] = [];
  const unchecked: ScanResult["unchecked"][number][] = [];
  for (const p of doc.packages) {
    const c = componentOf(p);
    if (!c) {
      unchecked.push({
        id: p.id,
        name: p.name,
        version: p.version,
        reason: "no PyPI purl or CPython identifier",
      });
      continue;
    }
    if (c.version === undefined || NO_VERSION.has(c.version)) {
      // The described project itself often has no version (dynamic); any other component must have one.
      if (rootIds.has(p.id))
        unchecked.push({ id: p.id, name: p.name, reason: "the SBOM's subject has no version" });
      else
        components.push({
          component: { ...c, version: undefined },
          findings: [],
          suppressed: [],
          error: "no version: cannot be matched",
        });
      continue;
    }
    const qkey = `${c.key}\u0000${c.version}`;
    let q = queries.get(qkey);
    if (!q) {
      q = c.ecosystem === "PyPI" ? db.queryPypi(c.key, c.version) : db.queryCpython(c.version);
      queries.set(qkey, q);
    }
    for (const w of q.problems) warnings.add(w);
    const groups = groupByAliases(q.matches.map((m) => m.record)).map((g) => g.map((i) => q.matches[i]!));
    const findings: VulnFinding[] = [];
    const suppressed: SuppressedFinding[] = [];
    const releases = c.ecosystem === "CPython" ? db.cpythonReleases() : [];
    for (const group of groups) {
      const ids = group.map((m) => m.record.id).sort(compareIds);
      const aliases = [...new Set(group.flatMap((m) => m.record.aliases))]
        .filter((a) => !ids.includes(a))
        .sort(compareIds);
      const primary = ids[0]!;
      const first = group.find((m) => m.record.id === primary)!;
      const full = group.map(recordOf);
      let severity = UNKNOWN_SEVERITY;
      for (const m of group) severity = maxSeverity(severity, m.record.severity);
      const fixed =
        c.ecosystem === "PyPI"
          ? sortByVersion(full.flatMap((r) => fixedEvents(r, c)))
          : cpythonFixed(releases, (v) => group.some((m) => q.affects(m, v)));
      const refs = new Map<string, AdvisoryReference>();
      for (const r of full)
        for (const ref of r.references ?? []) if (!refs.has(ref.url)) refs.set(ref.url, ref);
      const finding: VulnFinding = {
        component: c,
        id: primary,
        ids,
        aliases,
        summary: first.record.summary || group.find((m) => m.record.summary)?.record.summary || "",
        details: full[group.indexOf(first)]?.details,
        severity,
        fixed,
        published: group
          .map((m) => m.record.published)
          .filter((x) => x !== undefined)
          .sort()[0],
        modified: group
          .map((m) => m.record.modified)
          .sort()
          .at(-1)!,
        references: [...refs.values()],
      };
      const names = new Set([...ids, ...aliases]);
      const ignored = [...names].find((n) => ignore.has(n));
      if (ignored !== undefined) {
        suppressed.push({ ...finding, suppressedBy: { kind: "ignore", id: ignored } });
        continue;
      }
      const st = decidingStatement(statements, names, subjectOf(p, roots));
      if (st && suppresses(st.status))
        suppressed.push({ ...finding, suppressedBy: { kind: "vex", statement: st } });
      else findings.push(st ? { ...finding, vex: st } : finding);
    }
    findings.sort(compareFindings);
    suppressed.sort(compareFindings);
    let upgrade: Upgrade | undefined;
    const installed = tryParseVersion(c.version);
    if (findings.length > 0 && installed) {
      const findingIds = new Set(findings.flatMap((f) => f.ids));
      const findingRecords = q.matches.filter((m) => findingIds.has(m.record.id));
      const suppressedIds = new Set(suppressed.flatMap((f) => f.ids));
      const others = q.candidates.filter(
        (m) =>
          !findingIds.has(m.record.id) &&
          !suppressedIds.has(m.record.id) &&
          !m.record.aliases.some((a) => ignore.has(a)) &&
          !ignore.has(m.record.id),
      );
      const candidates = c.ecosystem === "PyPI" ? q.known() : releases;
      upgrade = upgradeFor(installed, candidates, findingRecords, others, q.affects);
    }
    components.push({ component: c, findings, suppressed, upgrade, error: q.error });
  }
  components.sort((a, b) => compareComponents(a.component, b.component));
  return {
    components,
    findings: components.flatMap((r) => r.findings),
    suppressed: components.flatMap((r) => r.suppressed),
    errors: components
      .filter((r) => r.error !== undefined)
      .map((r) => ({ component: r.component, message: r.error! })),
    warnings: [...warnings].sort(),
    unchecked: unchecked.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}

function cmpStr(a: string | undefined, b: string | undefined): number {
  const x = a ?? "";
  const y = b ?? "";
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareComponents(a: ScanComponent, b: ScanComponent): number {
  const va = a.version === undefined ? undefined : tryParseVersion(a.version);
  const vb = b.version === undefined ? undefined : tryParseVersion(b.version);
  return (
    cmpStr(a.key, b.key) ||
    (va && vb ? compareVersions(va, vb) : cmpStr(a.version, b.version)) ||
    cmpStr(a.name, b.name) ||
    cmpStr(a.id, b.id)
  );
}

function compareFindings(a: VulnFinding, b: VulnFinding): number {
  return (
    ratingRank(b.severity.rating) - ratingRank(a.severity.rating) ||
    (b.severity.score ?? -1) - (a.severity.score ?? -1) ||
    compareIds(a.id, b.id)
  );
}

/** The `--fail-on` thresholds. */
export type FailOn = Exclude<Rating, "unknown" | "none"> | "any";

/**
 * True when a remaining finding is at or above the threshold (`any`: every finding, also unrated ones).
 * @example failsPolicy(result, "high")
 */
export function failsPolicy(result: ScanResult, threshold: FailOn): boolean {
  if (threshold === "any") return result.findings.length > 0;
  const min = ratingRank(threshold);
  return result.findings.some((f) => ratingRank(f.severity.rating) >= min);
}
