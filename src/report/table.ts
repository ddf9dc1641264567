// A plain-text table of the packages in a document (syft's `table` output), for people.
import { type Document, deriveScopes } from "../model/index.js";

/** Pads cells into aligned columns. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join("\n")}\n`;
}

/**
 * NAME, VERSION, TYPE, LICENSE and PURL of every package, sorted by name and version; a SCOPE column
 * (required / optional / excluded, derived from the dependency graph) when the graph has dev or optional
 * dependencies.
 * @example renderPackageTable(doc) // "NAME      VERSION  …\nrequests  2.31.0 …\n"
 */
export function renderPackageTable(doc: Document): string {
  const scopes = deriveScopes(doc);
  const withScope = scopes.size > 0;
  const rows = doc.packages
    .map((p) => {
      const row = [p.name, p.version ?? "", (p.purpose ?? "").toLowerCase()];
      if (withScope) row.push(scopes.get(p.id) ?? "");
      row.push(p.licenseDeclared ?? p.licenseConcluded ?? "", p.purl ?? "");
      return row;
    })
    .sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : 0));
  const header = withScope
    ? ["NAME", "VERSION", "TYPE", "SCOPE", "LICENSE", "PURL"]
    : ["NAME", "VERSION", "TYPE", "LICENSE", "PURL"];
  const table = formatTable(header, rows);
  return doc.unknowns.length > 0
    ? `${table}\n${doc.unknowns.length} unknown(s): not resolved, see the SBOM\n`
    : table;
}
