// Model packages for installed distributions and what they vendor: purl (with PEP 610 qualifiers when not
// installed from an index), supplier/originator, PEP 639 license, homepage and Project-URLs, summary,
// license-file digests, installer facts. Pure (given what distribution.ts read).
import type { CoreMetadata } from "../../core/metadata/index.js";
import { genericPurl, pypiPurl } from "../../core/purl.js";
import { createPackage, type ExtractedLicense, type Package, type Property } from "../../model/index.js";
import { parties } from "../project-actors.js";
import { declaredLicense } from "../project-license.js";
import { projectUrls } from "../project-urls.js";
import { directUrlDownloadLocation, directUrlQualifiers, urlFileName } from "./direct-url.js";
import type { InstalledDist } from "./distribution.js";
import type { Vendored } from "./vendored.js";

/**
 * The version of a package whose version is not known (an egg-link whose metadata is out of reach, a
 * grafted library): stated as unknown rather than left out (NTIA "known unknowns"); never in a purl.
 */
export const NOASSERTION = "NOASSERTION";

/** A package plus the LicenseRefs it declares. */
export interface BuiltPackage {
  readonly package: Package;
  readonly extractedLicenses: readonly ExtractedLicense[];
}

function metadataFields(md: CoreMetadata, props: Property[]) {
  const { supplier, originator, allAuthors, allMaintainers } = parties(md.authors, md.maintainers);
  if (allAuthors) props.push({ name: "pysbom:authors", value: allAuthors });
  if (allMaintainers) props.push({ name: "pysbom:maintainers", value: allMaintainers });
  const license = declaredLicense(md);
  const { homepage, refs } = projectUrls(md.projectUrls, md.homePage);
  return {
    supplier,
    originator,
    licenseDeclared: license.expression,
    extracted: license.extracted,
    homepage,
    externalRefs: refs,
    summary: md.summary?.trim() || undefined,
  };
}

/**
 * The package of an installed distribution. `idSeed` (the target) keeps ids unique across targets.
 * @example buildDistPackage(dist, "venv").package.purl // "pkg:pypi/requests@2.31.0"
 */
export function buildDistPackage(dist: InstalledDist, idSeed: string): BuiltPackage {
  const props: Property[] = [{ name: "pysbom:location", value: dist.metadataPath ?? dist.path }];
  const md = dist.metadata;
  const fields = md ? metadataFields(md, props) : undefined;
  const d = dist.directUrl;
  const qualifiers = d ? directUrlQualifiers(d) : {};
  if (d) props.push({ name: "pysbom:direct-url", value: d.url });
  if (d?.kind === "vcs" && d.requestedRevision)
    props.push({ name: "pysbom:requested-revision", value: d.requestedRevision });
  if (dist.installer) props.push({ name: "pysbom:installer", value: dist.installer });
  if (dist.requested) props.push({ name: "pysbom:requested", value: "true" });
  if (dist.editable) {
    props.push({ name: "pysbom:editable", value: "true" });
    for (const s of dist.editable.sources) props.push({ name: "pysbom:editable-source", value: s });
  }
  props.push({ name: "pysbom:install-format", value: dist.format });
  if (dist.wheelTags.length > 0) props.push({ name: "pysbom:wheel-tags", value: dist.wheelTags.join(" ") });
  for (const l of dist.licenseFiles) {
    const sha256 = l.checksums.find((c) => c.algorithm === "SHA256")?.value;
    props.push({ name: "pysbom:license-file", value: `${l.path} sha256:${sha256}` });
  }
  for (const ep of dist.entryPoints) props.push({ name: "pysbom:entry-point", value: ep });
  const comment = dist.editable
    ? `editable install; the code is used from ${dist.editable.sources.join(", ") || "a location not recorded"}`
    : undefined;
  const pkg = createPackage({
    name: dist.name,
    version: dist.version ?? NOASSERTION,
    purl: pypiPurl({
      name: dist.name,
      ...(dist.version !== undefined ? { version: dist.version } : {}),
      qualifiers,
    }),
    purpose: "LIBRARY",
    supplier: fields?.supplier,
    originator: fields?.originator,
    downloadLocation: d ? directUrlDownloadLocation(d) : undefined,
    homepage: fields?.homepage,
    fileName: d?.kind === "archive" ? urlFileName(d.url) : undefined,
    checksums: d?.kind === "archive" ? d.hashes : [],
    licenseDeclared: fields?.licenseDeclared,
    summary: fields?.summary,
    comment,
    sourceInfo: `acquired from ${dist.metadataPath ?? dist.path}`,
    externalRefs: fields?.externalRefs ?? [],
    properties: props,
    location: `${idSeed}\u0000${dist.path}`,
  });
  return { package: pkg, extractedLicenses: fields?.extracted ?? [] };
}

/**
 * The package of something vendored or grafted into `parent` (purpose SOURCE for vendored Python code,
 * LIBRARY for grafted binaries).
 */
export function buildVendoredPackage(v: Vendored, parent: InstalledDist, idSeed: string): BuiltPackage {
  const props: Property[] = [{ name: "pysbom:location", value: v.location }];
  if (v.kind === "grafted") {
    if (v.sonameVersion) props.push({ name: "pysbom:soname-version", value: v.sonameVersion });
    const pkg = createPackage({
      name: v.name,
      version: NOASSERTION,
      purl: genericPurl({ name: v.name, qualifiers: { file_name: v.fileName! } }),
      purpose: "LIBRARY",
      fileName: v.fileName,
      checksums: v.checksums ?? [],
      comment: `shared library grafted into the ${parent.name} wheel by a repair tool (auditwheel, delvewheel or delocate); its upstream version is not recorded${v.sonameVersion ? ` (file version ${v.sonameVersion})` : ""}`,
      sourceInfo: `acquired from ${v.location} (listed in ${parent.files?.path ?? parent.path})`,
      properties: props,
      location: `${idSeed}\u0000${v.location}`,
    });
    return { package: pkg, extractedLicenses: [] };
  }
  const fields = v.metadata ? metadataFields(v.metadata, props) : undefined;
  const pkg = createPackage({
    name: v.name,
    version: v.version,
    purl: pypiPurl({ name: v.name, ...(v.version !== undefined ? { version: v.version } : {}) }),
    purpose: "SOURCE",
    supplier: fields?.supplier,
    originator: fields?.originator,
    homepage: fields?.homepage,
    licenseDeclared: fields?.licenseDeclared,
    summary: fields?.summary,
    externalRefs: fields?.externalRefs ?? [],
    comment: `vendored inside ${parent.name} ${parent.version ?? ""}`.trim(),
    sourceInfo: `acquired from ${v.location}`,
    properties: props,
    location: `${idSeed}\u0000${v.location}\u0000${v.name}`,
  });
  return { package: pkg, extractedLicenses: fields?.extracted ?? [] };
}
