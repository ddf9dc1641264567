// `scan -o json`: the scan result as JSON (pysbom's own format, documented in the README): per component
// its findings with every id and alias, severity, fixed versions and upgrade, the suppressed findings with
// what suppressed them, and what could not be checked.
import type {
  ComponentResult,
  ScanComponent,
  ScanResult,
  SuppressedFinding,
  VulnFinding,
} from "../vuln/scan.js";
import type { VexStatement } from "../vuln/vex.js";

/** What the reports say about the run besides the result. */
export interface ScanReportContext {
  /** The target as the user named it. */
  readonly target: string;
  /** `spdx-json`, `cyclonedx-json`… for SBOM input, or the cataloger types used to generate one. */
  readonly input: string;
  readonly toolVersion: string;
  readonly database: {
    readonly path: string;
    readonly records: number;
    readonly lastModified?: string | undefined;
    /** When the data was last imported or checked against its sources. */
    readonly checked?: string | undefined;
  };
  /** Creation time of generated documents (OpenVEX timestamp). */
  readonly created: string;
}

function component(c: ScanComponent): Record<string, unknown> {
  return {
    name: c.name,
    version: c.version ?? null,
    ecosystem: c.ecosystem,
    purl: c.purl ?? null,
    cpes: c.cpes.length > 0 ? c.cpes : undefined,
    bomRef: c.bomRef,
    location: c.location,
  };
}

function vex(st: VexStatement): Record<string, unknown> {
  return {
    file: st.file,
    format: st.format,
    vulnerability: st.vulnerability,
    status: st.status,
    state: st.state,
    justification: st.justification,
    impact: st.impact,
    timestamp: st.timestamp,
  };
}

function finding(f: VulnFinding): Record<string, unknown> {
  return {
    id: f.id,
    ids: f.ids,
    aliases: f.aliases,
    summary: f.summary,
    severity: {
      rating: f.severity.rating,
      score: f.severity.score ?? null,
      type: f.severity.type ?? null,
      vector: f.severity.vector ?? null,
      source: f.severity.source,
    },
    fixed: f.fixed,
    published: f.published ?? null,
    modified: f.modified,
    references: f.references,
    vex: f.vex ? vex(f.vex) : undefined,
  };
}

function suppressed(f: SuppressedFinding): Record<string, unknown> {
  return {
    ...finding(f),
    suppressedBy:
      f.suppressedBy.kind === "ignore"
        ? { kind: "ignore", id: f.suppressedBy.id }
        : { kind: "vex", ...vex(f.suppressedBy.statement) },
  };
}

function result(r: ComponentResult): Record<string, unknown> {
  return {
    component: component(r.component),
    findings: r.findings.map(finding),
    suppressed: r.suppressed.map(suppressed),
    upgrade: r.upgrade ?? null,
    error: r.error ?? null,
  };
}

/** Counts by rating, for summaries. */
export function countByRating(findings: readonly VulnFinding[]): Record<string, number> {
  const out: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0, none: 0, unknown: 0 };
  for (const f of findings) out[f.severity.rating] = (out[f.severity.rating] ?? 0) + 1;
  return out;
}

/**
 * Renders the scan result as JSON. Components with nothing to report (no finding, suppression or error) are
 * counted in the summary only.
 * @example renderScanJson(result, context)
 */
export function renderScanJson(r: ScanResult, ctx: ScanReportContext): string {
  const listed = r.components.filter((c) => c.findings.length > 0 || c.suppressed.length > 0 || c.error);
  const doc = {
    tool: { name: "pysbom", version: ctx.toolVersion },
    target: ctx.target,
    input: ctx.input,
    database: {
      path: ctx.database.path,
      records: ctx.database.records,
      lastModified: ctx.database.lastModified ?? null,
      checked: ctx.database.checked ?? null,
    },
    summary: {
      components: r.components.length + r.unchecked.length,
      checked: r.components.length - r.errors.length,
      unchecked: r.unchecked.length,
      errors: r.errors.length,
      vulnerable: r.components.filter((c) => c.findings.length > 0).length,
      findings: r.findings.length,
      suppressed: r.suppressed.length,
      bySeverity: countByRating(r.findings),
    },
    results: listed.map(result),
    unchecked: r.unchecked.map((u) => ({ name: u.name, version: u.version ?? null, reason: u.reason })),
    warnings: r.warnings,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
