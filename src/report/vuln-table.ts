// `scan -o table` (default): one line per finding for people, then the upgrades and a summary line.
import { compareVersions, tryParseVersion } from "../core/pep440/index.js";
import type { ScanResult, VulnFinding } from "../vuln/scan.js";
import { formatTable } from "./table.js";

const MAX_FIXED_SHOWN = 3;
const MAX_ALIASES_SHOWN = 3;

function severityCell(f: VulnFinding): string {
  return f.severity.score !== undefined
    ? `${f.severity.rating} ${f.severity.score.toFixed(1)}`
    : f.severity.rating;
}

/** The fixed versions above the installed one (all of them when it cannot be ordered), shortened. */
function fixedCell(f: VulnFinding): string {
  const installed = f.component.version === undefined ? undefined : tryParseVersion(f.component.version);
  const above = f.fixed.filter((s) => {
    const v = tryParseVersion(s);
    return !installed || !v || compareVersions(v, installed) > 0;
  });
  const shown = above.slice(0, MAX_FIXED_SHOWN).join(", ");
  return above.length > MAX_FIXED_SHOWN ? `${shown}, …` : shown || "-";
}

function aliasCell(f: VulnFinding): string {
  const names = [...f.ids.slice(1), ...f.aliases];
  const shown = names.slice(0, MAX_ALIASES_SHOWN).join(", ");
  return names.length > MAX_ALIASES_SHOWN ? `${shown}, … (+${names.length - MAX_ALIASES_SHOWN})` : shown;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The table report: NAME, INSTALLED, FIXED IN (fixed versions above the installed one), VULNERABILITY,
 * SEVERITY, ALIASES; then upgrades, suppressions and a summary.
 * @example renderScanTable(result)
 */
export function renderScanTable(r: ScanResult): string {
  const out: string[] = [];
  if (r.findings.length > 0) {
    out.push(
      formatTable(
        ["NAME", "INSTALLED", "FIXED IN", "VULNERABILITY", "SEVERITY", "ALIASES"],
        r.findings.map((f) => [
          f.component.name,
          f.component.version ?? "",
          fixedCell(f),
          f.id,
          severityCell(f),
          aliasCell(f),
        ]),
      ),
    );
    const upgrades = r.components.filter((c) => c.findings.length > 0);
    const lines = upgrades.map((c) => {
      const head = `  ${c.component.name} ${c.component.version ?? ""}`;
      if (!c.upgrade) return `${head}: no known version fixes all ${plural(c.findings.length, "finding")}`;
      const still =
        c.upgrade.stillAffectedBy.length > 0
          ? ` (still affected by ${c.upgrade.stillAffectedBy.join(", ")})`
          : "";
      return `${head} -> ${c.upgrade.version}${still}`;
    });
    out.push(`\nUpgrades that fix every finding of a package:\n${lines.join("\n")}\n`);
  }
  if (r.suppressed.length > 0) {
    const lines = r.suppressed.map((f) => {
      const by =
        f.suppressedBy.kind === "ignore"
          ? `--ignore ${f.suppressedBy.id}`
          : `${f.suppressedBy.statement.status}${f.suppressedBy.statement.justification ? ` (${f.suppressedBy.statement.justification})` : ""} in ${f.suppressedBy.statement.file}`;
      return `  ${f.component.name} ${f.component.version ?? ""} ${f.id}: ${by}`;
    });
    out.push(`\nSuppressed:\n${lines.join("\n")}\n`);
  }
  const checked = r.components.length - r.errors.length;
  const vulnerable = r.components.filter((c) => c.findings.length > 0).length;
  let summary =
    r.findings.length > 0
      ? `${plural(r.findings.length, "vulnerability", "vulnerabilities")} in ${vulnerable} of ${plural(checked, "package")} checked`
      : `No known vulnerabilities in ${plural(checked, "package")} checked`;
  const extra: string[] = [];
  if (r.suppressed.length > 0) extra.push(`${r.suppressed.length} suppressed`);
  if (r.errors.length > 0) extra.push(`${plural(r.errors.length, "package")} could not be checked`);
  const noId = r.unchecked.filter((u) => u.reason.startsWith("no PyPI")).length;
  if (noId > 0) extra.push(`${noId} without a PyPI purl or CPython identifier`);
  if (noId < r.unchecked.length) extra.push("the SBOM's subject has no version");
  if (extra.length > 0) summary += ` (${extra.join("; ")})`;
  out.push(`${out.length > 0 ? "\n" : ""}${summary}.\n`);
  return out.join("");
}
