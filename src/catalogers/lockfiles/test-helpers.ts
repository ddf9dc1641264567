// Test-only helpers for the lock cataloger: generate an SBOM in-process and look packages and edges up
// by name and version.
import { canonicalizeName } from "../../core/names.js";
import { normalizeVersion, tryParseVersion } from "../../core/pep440/index.js";
import type { Document, Package, RelationshipType } from "../../model/index.js";
import { generateSbom } from "../generate.js";

/** The fixed clock and tool of generated test documents. */
export const CREATED = "2025-01-01T00:00:00Z";

/** Generates the SBOM of `target` (relative to `cwd`) with the lock cataloger. */
export async function lockSbom(
  target: string,
  cwd: string,
  options: Record<string, unknown> = {},
): Promise<{ document: Document; warnings: string[] }> {
  const warnings: string[] = [];
  const r = await generateSbom([target], {
    type: "lock",
    cwd,
    created: CREATED,
    creators: [{ kind: "Tool", name: "pysbom", version: "0.0.0-test" }],
    options,
    warn: (m) => warnings.push(m),
  });
  return { document: r.document, warnings };
}

/** `name@normalised-version` (or `name@` without a version) of a package. */
export function pairOf(p: { name: string; version?: string | undefined }): string {
  const v =
    p.version === undefined || p.version === "NOASSERTION"
      ? ""
      : tryParseVersion(p.version)
        ? normalizeVersion(p.version)
        : p.version;
  return `${canonicalizeName(p.name)}@${v}`;
}

/** The package `name` (and version, when given), which must be unique. */
export function pkg(doc: Document, name: string, version?: string): Package {
  const found = doc.packages.filter(
    (p) =>
      canonicalizeName(p.name) === canonicalizeName(name) &&
      (version === undefined || pairOf(p) === pairOf({ name, version })),
  );
  if (found.length !== 1)
    throw new Error(`expected one package ${name}@${version ?? "*"}, found ${found.length}`);
  return found[0]!;
}

/** The described root package. */
export function rootOf(doc: Document): Package {
  const ids = doc.relationships.filter((r) => r.type === "DESCRIBES").map((r) => r.to);
  if (ids.length !== 1) throw new Error(`expected one described root, found ${ids.length}`);
  return doc.packages.find((p) => p.id === ids[0])!;
}

/** Relationship comments from `from` to `to` of the given type (package specs `name` or `name@version`). */
export function edgeComments(
  doc: Document,
  from: string,
  type: RelationshipType,
  to: string,
): (string | undefined)[] {
  const resolve = (spec: string): string => {
    const at = spec.lastIndexOf("@");
    return at > 0 ? pkg(doc, spec.slice(0, at), spec.slice(at + 1)).id : pkg(doc, spec).id;
  };
  const a = resolve(from);
  const b = resolve(to);
  return doc.relationships.filter((r) => r.from === a && r.type === type && r.to === b).map((r) => r.comment);
}
