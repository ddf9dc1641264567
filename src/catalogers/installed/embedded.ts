// PEP 770 SBOM documents a distribution ships in `.dist-info/sboms/` (e.g. the OpenSSL and Rust crates
// statically linked into cryptography): decoded with pysbom's own SPDX/CycloneDX readers, their packages
// become packages CONTAINed by the distribution, their dependency edges are kept.
import { licenseIdsOf } from "../../core/license/index.js";
import { isPysbomError } from "../../errors.js";
import { decodeSbom } from "../../formats/index.js";
import {
  contentHash,
  createPackage,
  type ExtractedLicense,
  type Package,
  type Relationship,
  relate,
  type Unknown,
} from "../../model/index.js";
import type { Resolver } from "../../sources/resolver.js";

const KEPT_RELATIONSHIPS = new Set([
  "CONTAINS",
  "DEPENDS_ON",
  "DEPENDENCY_OF",
  "RUNTIME_DEPENDENCY_OF",
  "BUILD_DEPENDENCY_OF",
  "DEV_DEPENDENCY_OF",
  "OPTIONAL_DEPENDENCY_OF",
  "STATIC_LINK",
  "DYNAMIC_LINK",
]);

/** Packages and relationships taken from a distribution's embedded SBOMs. */
export interface EmbeddedResult {
  readonly packages: Package[];
  readonly relationships: Relationship[];
  readonly extractedLicenses: ExtractedLicense[];
  readonly unknowns: Unknown[];
}

const MAX_SBOM = 64 * 1024 * 1024;

function licenseRefs(expr: string | undefined): string[] {
  if (expr === undefined || expr === "NONE" || expr === "NOASSERTION") return [];
  try {
    return licenseIdsOf(expr).filter((id) => id.startsWith("LicenseRef-"));
  } catch {
    return [];
  }
}

/**
 * Reads the SBOM files of one distribution; `parentId` is the distribution's package id, `idSeed`
 * keeps the new ids unique per target.
 * @example await readEmbeddedSboms(resolver, ["…/cryptography-46.0.3.dist-info/sboms/sbom.json"], cryptographyId, "env")
 */
export async function readEmbeddedSboms(
  resolver: Resolver,
  paths: readonly string[],
  parentId: string,
  idSeed: string,
  parentName: string,
): Promise<EmbeddedResult> {
  const out: EmbeddedResult = { packages: [], relationships: [], extractedLicenses: [], unknowns: [] };
  for (const path of paths) {
    let document: ReturnType<typeof decodeSbom>["document"];
    try {
      const text = await resolver.readText(path, { maxBytes: MAX_SBOM });
      document = decodeSbom(text, { file: path, lenient: true }).document;
    } catch (e) {
      if (!isPysbomError(e)) throw e;
      out.unknowns.push({
        location: path,
        code: "env/embedded-sbom-unreadable",
        message: `${parentName}: PEP 770 SBOM not read: ${e.message}`,
      });
      continue;
    }
    const ids = new Map<string, string>();
    for (const p of document.packages) ids.set(p.id, `package-${contentHash([idSeed, path, p.id])}`);
    const extracted = new Map(document.extractedLicenses.map((l) => [l.id, l]));
    const contained = new Set<string>();
    for (const r of document.relationships) {
      const from = ids.get(r.from);
      const to = ids.get(r.to);
      if (!from || !to || from === to || !KEPT_RELATIONSHIPS.has(r.type)) continue;
      if (r.type === "CONTAINS") contained.add(to);
      out.relationships.push(relate(from, r.type, to, r.comment));
    }
    for (const p of document.packages) {
      const id = ids.get(p.id)!;
      for (const ref of [...licenseRefs(p.licenseDeclared), ...licenseRefs(p.licenseConcluded)]) {
        if (out.extractedLicenses.some((l) => l.id === ref)) continue;
        out.extractedLicenses.push(
          extracted.get(ref) ?? {
            id: ref,
            name: ref.slice("LicenseRef-".length),
            text: `${ref}: named in ${path} without its text`,
          },
        );
      }
      out.packages.push(
        createPackage({
          id,
          name: p.name,
          version: p.version ?? "NOASSERTION",
          supplier: p.supplier,
          originator: p.originator,
          downloadLocation: p.downloadLocation,
          homepage: p.homepage,
          checksums: p.checksums,
          licenseDeclared: p.licenseDeclared,
          licenseConcluded: p.licenseConcluded,
          copyright: p.copyright,
          purl: p.purl,
          cpes: p.cpes,
          purpose: p.purpose ?? "LIBRARY",
          summary: p.summary,
          description: p.description,
          externalRefs: p.externalRefs,
          sourceInfo: `acquired from ${path} (PEP 770 SBOM shipped by ${parentName})`,
          properties: [
            ...p.properties.filter((x) => !x.name.startsWith("pysbom:")),
            { name: "pysbom:location", value: path },
          ],
        }),
      );
      if (!contained.has(id)) out.relationships.push(relate(parentId, "CONTAINS", id));
    }
  }
  return out;
}
