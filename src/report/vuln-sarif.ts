// `scan -o sarif`: SARIF 2.1.0 (OASIS, sarif-v2.1.0-os) for code-scanning dashboards: one rule per
// vulnerability, one result per (component, vulnerability), located at the scanned file (or, for a generated
// SBOM, the file the package was found in) with the package as a logical location. `security-severity` is
// the CVSS base score (GitHub code scanning's convention).
import { sha256Hex } from "../model/index.js";
import type { Rating } from "../vuln/osv/severity.js";
import type { ScanResult, VulnFinding } from "../vuln/scan.js";
import type { ScanReportContext } from "./vuln-json.js";

// A representative score for a rating without a CVSS vector (middle of the CVSS v3 band).
const RATING_SCORE: Partial<Record<Rating, string>> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "2.0",
};

function level(r: Rating): "error" | "warning" | "note" {
  return r === "critical" || r === "high" ? "error" : r === "low" || r === "none" ? "note" : "warning";
}

/** A relative or absolute path as a URI reference (each segment percent-encoded). */
function uriOf(path: string): string {
  const abs = path.startsWith("/");
  const enc = path
    .split("/")
    .filter((s, i) => s !== "" || i === 0)
    .map((s) => encodeURIComponent(s))
    .join("/");
  return abs ? `file://${enc}` : enc;
}

function locationOf(f: VulnFinding, ctx: ScanReportContext, generated: boolean): string {
  if (!generated || !f.component.location) return ctx.target;
  const base = ctx.target.replace(/\/+$/, "");
  return base === "." ? f.component.location : `${base}/${f.component.location}`;
}

function message(f: VulnFinding, upgrade: string | undefined): string {
  const c = f.component;
  const names = [...f.ids.slice(1), ...f.aliases];
  let text = `${c.name} ${c.version ?? ""} is affected by ${f.id}${names.length > 0 ? ` (${names.join(", ")})` : ""}`;
  if (f.summary) text += `: ${f.summary}`;
  if (!/[.!?]$/.test(text)) text += ".";
  if (f.fixed.length > 0) text += ` Fixed in ${f.fixed.join(", ")}.`;
  if (upgrade) text += ` Upgrade to ${upgrade}.`;
  return text;
}

/**
 * Renders the scan as a SARIF 2.1.0 log.
 * @example renderScanSarif(result, context, { generated: false })
 */
export function renderScanSarif(
  r: ScanResult,
  ctx: ScanReportContext,
  options: { generated: boolean },
): string {
  const rules: Record<string, unknown>[] = [];
  const ruleIndex = new Map<string, number>();
  const upgrades = new Map(r.components.map((c) => [c.component.id, c.upgrade?.version]));
  const results = r.findings.map((f) => {
    let index = ruleIndex.get(f.id);
    if (index === undefined) {
      index = rules.length;
      ruleIndex.set(f.id, index);
      const score =
        f.severity.score !== undefined ? f.severity.score.toFixed(1) : RATING_SCORE[f.severity.rating];
      const help = [
        f.summary || f.id,
        f.aliases.length > 0 ? `Aliases: ${f.aliases.join(", ")}` : "",
        ...f.references.slice(0, 10).map((ref) => `${ref.type}: ${ref.url}`),
      ].filter((x) => x !== "");
      rules.push({
        id: f.id,
        shortDescription: { text: f.summary || f.id },
        fullDescription: { text: f.details || f.summary || f.id },
        helpUri: `https://osv.dev/vulnerability/${encodeURIComponent(f.id)}`,
        help: { text: help.join("\n") },
        properties: {
          ...(score !== undefined ? { "security-severity": score } : {}),
          tags: ["security", "vulnerability", f.component.ecosystem],
        },
      });
    }
    const c = f.component;
    const fingerprint = sha256Hex(`${c.ecosystem}\u0000${c.key}\u0000${c.version ?? ""}\u0000${f.id}`);
    return {
      ruleId: f.id,
      ruleIndex: index,
      level: level(f.severity.rating),
      message: { text: message(f, upgrades.get(c.id)) },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: uriOf(locationOf(f, ctx, options.generated)) } },
          logicalLocations: [
            {
              name: `${c.name}@${c.version ?? ""}`,
              fullyQualifiedName: c.purl ?? c.cpes[0] ?? c.name,
              kind: "package",
            },
          ],
        },
      ],
      partialFingerprints: { "pysbomFinding/v1": fingerprint.slice(0, 32) },
    };
  });
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "pysbom",
            version: ctx.toolVersion,
            informationUri: "https://github.com/pysbom/pysbom",
            rules,
          },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
