// `scan -o openvex`: an OpenVEX v0.2.0 document (https://github.com/openvex/spec, OPENVEX-SPEC.md): one
// `affected` statement per remaining finding, with the upgrade as its action statement; findings a VEX
// statement suppressed are restated with their status (`not_affected` with its justification or impact
// statement, `fixed`). Findings suppressed with `--ignore` are a local decision, not a VEX claim: left out.
import { sha256Hex } from "../model/index.js";
import type { ComponentResult, ScanComponent, ScanResult, VulnFinding } from "../vuln/scan.js";
import type { VexStatement } from "../vuln/vex.js";
import type { ScanReportContext } from "./vuln-json.js";

const OPENVEX_JUSTIFICATIONS = new Set([
  "component_not_present",
  "vulnerable_code_not_present",
  "vulnerable_code_not_in_execute_path",
  "vulnerable_code_cannot_be_controlled_by_adversary",
  "inline_mitigations_already_exist",
]);

// CycloneDX analysis justifications → the nearest OpenVEX justification (CISA "Minimum Requirements for VEX").
const FROM_CYCLONEDX: Record<string, string> = {
  code_not_present: "vulnerable_code_not_present",
  code_not_reachable: "vulnerable_code_not_in_execute_path",
  requires_configuration: "vulnerable_code_cannot_be_controlled_by_adversary",
  requires_dependency: "component_not_present",
  requires_environment: "vulnerable_code_cannot_be_controlled_by_adversary",
  protected_by_compiler: "inline_mitigations_already_exist",
  protected_at_runtime: "inline_mitigations_already_exist",
  protected_at_perimeter: "inline_mitigations_already_exist",
  protected_by_mitigating_control: "inline_mitigations_already_exist",
};

function product(c: ScanComponent): Record<string, unknown> {
  if (c.purl) return { "@id": c.purl, identifiers: { purl: c.purl } };
  const cpe = c.cpes[0];
  // The spec labels a CPE `cpe23`, its schema `@cpe23`: the `@id` alone satisfies both.
  if (cpe) return { "@id": cpe };
  return {
    "@id": `urn:pysbom:component:${encodeURIComponent(c.name)}@${encodeURIComponent(c.version ?? "")}`,
  };
}

function vulnerability(f: VulnFinding): Record<string, unknown> {
  const aliases = [...f.ids.slice(1), ...f.aliases];
  return aliases.length > 0 ? { name: f.id, aliases } : { name: f.id };
}

function actionStatement(c: ComponentResult): string {
  if (c.upgrade && c.upgrade.stillAffectedBy.length === 0)
    return `Upgrade ${c.component.name} to ${c.upgrade.version}.`;
  if (c.upgrade)
    return `Upgrade ${c.component.name} to ${c.upgrade.version} (still affected by ${c.upgrade.stillAffectedBy.join(", ")}).`;
  return `No fixed version of ${c.component.name} is known; remove it or mitigate the vulnerability.`;
}

/** The not_affected / fixed statement restating a suppressing VEX statement. */
function restated(f: VulnFinding, st: VexStatement): Record<string, unknown> {
  const base: Record<string, unknown> = { vulnerability: vulnerability(f), products: [product(f.component)] };
  if (st.status === "fixed") return { ...base, status: "fixed" };
  // OpenVEX: a not_affected statement has exactly one of justification / impact_statement.
  const j = st.justification;
  const justification =
    j === undefined
      ? undefined
      : OPENVEX_JUSTIFICATIONS.has(j)
        ? j
        : st.format === "cyclonedx"
          ? FROM_CYCLONEDX[j]
          : undefined;
  if (justification) return { ...base, status: "not_affected", justification };
  return {
    ...base,
    status: "not_affected",
    impact_statement: st.impact ?? (j ? `${j} (${st.file})` : `Not affected according to ${st.file}.`),
  };
}

/**
 * Renders the scan as an OpenVEX document. Its `@id` is derived from the content; `timestamp` is the
 * creation time (SOURCE_DATE_EPOCH when set).
 * @example renderScanOpenVex(result, context)
 */
export function renderScanOpenVex(
  r: ScanResult,
  ctx: ScanReportContext,
): { text: string; warnings: string[] } {
  const statements: Record<string, unknown>[] = [];
  for (const c of r.components) {
    for (const f of c.findings)
      statements.push({
        vulnerability: vulnerability(f),
        products: [product(f.component)],
        status: "affected",
        action_statement: actionStatement(c),
      });
    for (const f of c.suppressed)
      if (f.suppressedBy.kind === "vex") statements.push(restated(f, f.suppressedBy.statement));
  }
  const body = {
    "@context": "https://openvex.dev/ns/v0.2.0",
    "@id": "",
    author: "pysbom",
    timestamp: ctx.created,
    version: 1,
    tooling: `pysbom-${ctx.toolVersion}`,
    statements,
  };
  body["@id"] =
    `https://openvex.dev/docs/public/vex-${sha256Hex(JSON.stringify({ ...body, timestamp: "" }))}`;
  const warnings =
    statements.length === 0
      ? ["no findings: the OpenVEX document has no statements (its schema asks for at least one)"]
      : [];
  return { text: `${JSON.stringify(body, null, 2)}\n`, warnings };
}
