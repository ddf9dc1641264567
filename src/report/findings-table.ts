// `validate -o table` (the default on a terminal): for people — per document a summary (format, result,
// profiles, score with its breakdown), then the findings grouped by component, each with its place and a
// one-line fix hint.
import type { ValidationFinding, ValidationOutcome, ValidationReport } from "../validate/index.js";
import { isValidationFailure } from "../validate/index.js";
import { formatTable } from "./table.js";

const FORMAT_NAME = {
  "spdx-json": "SPDX JSON",
  "spdx-tag-value": "SPDX tag-value",
  "cyclonedx-json": "CycloneDX JSON",
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function where(f: ValidationFinding): string {
  const at = f.path === "" ? "/" : f.path;
  return f.line === undefined ? at : `${f.line}:${f.column ?? 1} ${at}`;
}

function summary(r: ValidationReport): string[] {
  const version = r.format === "cyclonedx-json" ? `CycloneDX ${r.specVersion}` : r.specVersion;
  const lines = [
    `${r.file}: ${version} (${FORMAT_NAME[r.format]}), ${plural(r.components, "component")}`,
    `  ${r.valid ? "valid" : "NOT VALID"}: ${plural(r.counts.errors, "error")}, ${plural(r.counts.warnings, "warning")}, ${plural(r.counts.infos, "info")}`,
  ];
  for (const p of r.profiles)
    lines.push(`  profile ${p}: ${r.conformance[p] ? "conformant" : "NOT CONFORMANT"}`);
  const breakdown = r.score.categories.map((c) => `${c.name} ${c.score.toFixed(1)}`).join(", ");
  lines.push(`  quality score: ${r.score.score.toFixed(1)}/10 (${breakdown})`);
  return lines;
}

/**
 * Renders outcomes for a terminal.
 * @example renderFindingsTable([report])
 */
export function renderFindingsTable(outcomes: readonly ValidationOutcome[]): string {
  const out: string[] = [];
  for (const o of outcomes) {
    if (out.length > 0) out.push("");
    if (isValidationFailure(o)) {
      out.push(`${o.file}: NOT READ: ${o.error.message}`);
      continue;
    }
    out.push(...summary(o));
    if (o.findings.length === 0) continue;
    // Groups in order of first appearance: the document's own findings first.
    const groups = new Map<string, ValidationFinding[]>();
    groups.set("(document)", []);
    for (const f of o.findings) {
      const key = f.component ?? "(document)";
      const list = groups.get(key);
      if (list) list.push(f);
      else groups.set(key, [f]);
    }
    for (const [name, list] of groups) {
      if (list.length === 0) continue;
      out.push("", `  ${name}`);
      const rows = list.flatMap((f) => [
        [f.severity, f.code, where(f), f.message],
        ...(f.hint ? [["", "", "", `fix: ${f.hint}`]] : []),
      ]);
      const table = formatTable(["SEVERITY", "CODE", "WHERE", "MESSAGE"], rows);
      out.push(
        ...table
          .trimEnd()
          .split("\n")
          .slice(1)
          .map((l) => `    ${l}`),
      );
    }
  }
  return `${out.join("\n")}\n`;
}
