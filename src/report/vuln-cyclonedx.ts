// `scan -o cyclonedx-json`: the scanned SBOM as CycloneDX (1.6 by default) with a `vulnerabilities` section
// (CycloneDX 1.6 "vulnerabilities"): one entry per vulnerability, `affects[].ref` naming the components'
// bom-refs (a CycloneDX input keeps its components and bom-refs). Findings a VEX statement suppressed are
// included with their `analysis`, so the output is also a VEX document; `--ignore`d ones are left out.
import { type CycloneDxVersion, toCycloneDxObject } from "../formats/index.js";
import type { Document } from "../model/index.js";
import type { ScanResult, SuppressedFinding, VulnFinding } from "../vuln/scan.js";
import type { VexStatement } from "../vuln/vex.js";

type Obj = Record<string, unknown>;

const METHOD: Record<string, string> = { CVSS_V2: "CVSSv2", CVSS_V4: "CVSSv4" };

// OpenVEX justifications → CycloneDX analysis justifications.
const FROM_OPENVEX: Record<string, string> = {
  component_not_present: "code_not_present",
  vulnerable_code_not_present: "code_not_present",
  vulnerable_code_not_in_execute_path: "code_not_reachable",
  vulnerable_code_cannot_be_controlled_by_adversary: "requires_environment",
  inline_mitigations_already_exist: "protected_by_mitigating_control",
};
const CDX_JUSTIFICATIONS = new Set([
  "code_not_present",
  "code_not_reachable",
  "requires_configuration",
  "requires_dependency",
  "requires_environment",
  "protected_by_compiler",
  "protected_at_runtime",
  "protected_at_perimeter",
  "protected_by_mitigating_control",
]);

function sourceOf(id: string): Obj {
  if (id.startsWith("CVE-")) return { name: "NVD", url: `https://nvd.nist.gov/vuln/detail/${id}` };
  if (id.startsWith("GHSA-")) return { name: "GitHub", url: `https://github.com/advisories/${id}` };
  return { name: "OSV", url: `https://osv.dev/vulnerability/${encodeURIComponent(id)}` };
}

function ratings(f: VulnFinding): Obj[] {
  const s = f.severity;
  if (s.source === "cvss") {
    const method =
      s.type === "CVSS_V3" ? (s.vector?.startsWith("CVSS:3.1/") ? "CVSSv31" : "CVSSv3") : METHOD[s.type!];
    return [{ source: { name: "OSV" }, score: s.score, severity: s.rating, method, vector: s.vector }];
  }
  if (s.source === "database") return [{ source: { name: "OSV" }, severity: s.rating, method: "other" }];
  return [];
}

function analysis(st: VexStatement): Obj {
  const state =
    st.format === "cyclonedx" && st.state ? st.state : st.status === "fixed" ? "resolved" : "not_affected";
  const j = st.justification;
  const justification = j === undefined ? undefined : CDX_JUSTIFICATIONS.has(j) ? j : FROM_OPENVEX[j];
  const detail = [st.impact, `VEX: ${st.file}`].filter((x) => x).join(" — ");
  return { state, ...(justification ? { justification } : {}), detail };
}

/**
 * The document as a CycloneDX BOM object with the scan's `vulnerabilities`, plus warnings.
 * @example JSON.stringify(scanToCycloneDx(doc, result).bom)
 */
export function scanToCycloneDx(
  doc: Document,
  r: ScanResult,
  specVersion: CycloneDxVersion = "1.6",
): { bom: Obj; warnings: string[] } {
  const { bom, bomRefs } = toCycloneDxObject(doc, { specVersion });
  const warnings: string[] = [];
  if (bom.vulnerabilities !== undefined)
    warnings.push("the input's own vulnerabilities section is replaced by the scan's");
  const upgrade = new Map(r.components.map((c) => [c.component.id, c.upgrade]));
  const entries = new Map<string, Obj & { affects: Obj[] }>();
  const add = (f: VulnFinding | SuppressedFinding) => {
    const ref = bomRefs.get(f.component.id);
    if (ref === undefined) return;
    // One entry per vulnerability and state: a suppressed and an open finding of the same id are separate.
    const st = "suppressedBy" in f && f.suppressedBy.kind === "vex" ? f.suppressedBy.statement : undefined;
    const key = `${f.id}\u0000${st ? `${st.file}\u0000${st.order}` : ""}`;
    let e = entries.get(key);
    if (!e) {
      const names = [...f.ids.slice(1), ...f.aliases];
      const advisories = f.references.filter((x) => x.type === "ADVISORY").map((x) => ({ url: x.url }));
      const up = upgrade.get(f.component.id);
      e = {
        "bom-ref": `vulnerability:${f.id}${st ? `:${entries.size}` : ""}`,
        id: f.id,
        source: sourceOf(f.id),
        ...(names.length > 0 ? { references: names.map((id) => ({ id, source: sourceOf(id) })) } : {}),
        ...(ratings(f).length > 0 ? { ratings: ratings(f) } : {}),
        ...(f.summary ? { description: f.summary } : {}),
        ...(f.details ? { detail: f.details } : {}),
        ...(!st && up ? { recommendation: `Upgrade ${f.component.name} to ${up.version}.` } : {}),
        ...(advisories.length > 0 ? { advisories } : {}),
        ...(f.published ? { published: f.published } : {}),
        updated: f.modified,
        ...(st ? { analysis: analysis(st) } : {}),
        affects: [],
      };
      entries.set(key, e);
    }
    if (!e.affects.some((a) => a.ref === ref))
      e.affects.push({
        ref,
        ...(f.component.version
          ? { versions: [{ version: f.component.version, status: st ? "unaffected" : "affected" }] }
          : {}),
      });
  };
  for (const f of r.findings) add(f);
  for (const f of r.suppressed) if (f.suppressedBy.kind === "vex") add(f);
  bom.vulnerabilities = [...entries.values()];
  return { bom, warnings };
}
