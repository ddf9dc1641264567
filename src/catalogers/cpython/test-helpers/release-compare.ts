// Test-only: compares pysbom's release SBOM (SPDX JSON) with release-tools' by content. Order does not
// matter; `created`, creators and the namespace are not compared. What pysbom adds on purpose is checked
// and then set aside: sourceInfo, pysbom:location annotations, explicit NOASSERTION licenseDeclared and
// copyrightText, CPython's purl, and canonical pypi purl names (`typing_extensions` → `typing-extensions`).
import { canonicalizePurl } from "../../../core/purl.js";

type Json = Record<string, unknown>;

function sortedRefs(refs: unknown): Json[] {
  return ((refs as Json[] | undefined) ?? [])
    .map((r) => {
      const category = String(r.referenceCategory).replace("_", "-");
      let locator = String(r.referenceLocator);
      if (r.referenceType === "purl") locator = canonicalizePurl(locator);
      return { referenceCategory: category, referenceLocator: locator, referenceType: r.referenceType };
    })
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

function sortedChecksums(list: unknown): Json[] {
  return ((list as Json[] | undefined) ?? [])
    .map((c) => ({ algorithm: c.algorithm, checksumValue: c.checksumValue }))
    .sort((a, b) => String(a.algorithm).localeCompare(String(b.algorithm)));
}

/** A package reduced to the members release-tools writes, in comparable form. */
export function comparablePackage(p: Json, ours: boolean): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(p)) {
    if (ours && (k === "annotations" || k === "sourceInfo")) continue;
    if (ours && (k === "licenseDeclared" || k === "copyrightText") && v === "NOASSERTION") continue;
    if (k === "externalRefs") out[k] = sortedRefs(v);
    else if (k === "checksums") out[k] = sortedChecksums(v);
    else out[k] = v;
  }
  if (ours && p.SPDXID === "SPDXRef-PACKAGE-cpython")
    out.externalRefs = (out.externalRefs as Json[]).filter(
      (r) => !String(r.referenceLocator).startsWith("pkg:generic/python@"),
    );
  return out;
}

/** The document's packages, files and relationships in comparable form, keyed for order-free comparison. */
export function comparableRelease(
  doc: Json,
  ours: boolean,
): {
  header: Json;
  packages: Record<string, Json>;
  files: Record<string, Json>;
  relationships: string[];
} {
  const packages: Record<string, Json> = {};
  for (const p of doc.packages as Json[]) packages[String(p.SPDXID)] = comparablePackage(p, ours);
  const files: Record<string, Json> = {};
  for (const f of doc.files as Json[])
    files[String(f.SPDXID)] = { fileName: f.fileName, checksums: sortedChecksums(f.checksums) };
  const relationships = (doc.relationships as Json[])
    .map((r) => `${r.spdxElementId} ${r.relationshipType} ${r.relatedSpdxElement}`)
    .sort();
  return {
    header: {
      SPDXID: doc.SPDXID,
      spdxVersion: doc.spdxVersion,
      name: doc.name,
      dataLicense: doc.dataLicense,
    },
    packages,
    files,
    relationships,
  };
}
