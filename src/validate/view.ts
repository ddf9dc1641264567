// A format-neutral view of what the conformance profiles and the quality score look at: per component,
// whether each data field is present, an explicit unknown, or missing, with the pointer to report; per
// document, author, tool, timestamp, relationships. Built from the raw JSON (not the decoded model), so
// that every answer keeps its place in the input.
import { parseActor } from "../model/index.js";
import { arrayOf, isObject, stringOf } from "./checks.js";
import { cdxElements, cdxName } from "./cyclonedx-rules.js";

type Obj = Record<string, unknown>;

/** A data field: there, an explicit unknown (SPDX NOASSERTION), or absent. */
export type Presence = "present" | "unknown" | "missing";

/** One component as the profiles see it. */
export interface ComponentView {
  readonly pointer: string;
  /** Display name (name, else identifier). */
  readonly name: string | undefined;
  readonly hasName: boolean;
  readonly version: Presence;
  readonly versionPointer: string | undefined;
  readonly supplier: Presence;
  /** Where the supplier (or what stands for it) is, when present or unknown. */
  readonly supplierPointer: string | undefined;
  /** An e-mail address or URL for the component's creator/supplier. */
  readonly creatorContact: boolean;
  /** SPDXID or bom-ref. */
  readonly localId: boolean;
  /** purl, CPE, SWID count. */
  readonly globalIds: number;
  /** Hash algorithms, CycloneDX spelling (`SHA-256`). */
  readonly hashes: readonly string[];
  readonly sha512Deployable: boolean;
  readonly license: Presence;
  readonly licensePointer: string | undefined;
  readonly concludedLicense: Presence;
  readonly concludedPointer: string | undefined;
  readonly declaredLicense: Presence;
  readonly declaredPointer: string | undefined;
  readonly fileName: boolean;
  readonly bsiProperties: Readonly<Record<string, string>>;
  readonly sourceUri: boolean;
  readonly deployableUri: boolean;
  /** Takes part in a relationship (or nesting). */
  readonly related: boolean;
}

/** The document as the profiles see it. */
export interface DocumentView {
  readonly format: "spdx" | "cyclonedx";
  readonly specVersion: string;
  /** Any author of the SBOM data, a tool included. */
  readonly anyAuthor: boolean;
  /** A person or organisation as author. */
  readonly entityAuthor: boolean;
  readonly tool: boolean;
  /** An e-mail address or URL for the SBOM's creator. */
  readonly creatorContact: boolean;
  readonly timestamp: boolean;
  readonly sbomUri: boolean;
  readonly generationContext: boolean;
  readonly dependencyRelationship: boolean;
  /** Whether dependency completeness is stated; undefined when the format cannot state it (SPDX 2). */
  readonly dependencyCompleteness: boolean | undefined;
  readonly vulnerabilities: number;
  readonly components: readonly ComponentView[];
  /** Where document-level findings about the creation data point (creationInfo / metadata, or the root). */
  readonly metaPointer: string;
  /** Where findings about relationships point (relationships / dependencies, or the root). */
  readonly relationsPointer: string;
}

// Lifecycle phases (CISA "Types of SBOM" 2023; CycloneDX lifecycles) named in a comment.
const PHASE =
  /(?<![\w-])(pre-build|post-build|before build|during build|after build|build|source|analy[sz]ed|design|deployed|runtime|operations|discovery)(?![\w-])/i;

const SPDX_ALG: Readonly<Record<string, string>> = {
  SHA1: "SHA-1",
  SHA224: "SHA-224",
  SHA256: "SHA-256",
  SHA384: "SHA-384",
  SHA512: "SHA-512",
};

function spdxLicense(v: unknown): Presence {
  if (typeof v !== "string" || v.trim() === "") return "missing";
  return v.trim() === "NOASSERTION" ? "unknown" : "present";
}

function better(a: Presence, b: Presence): Presence {
  if (a === "present" || b === "present") return "present";
  if (a === "unknown" || b === "unknown") return "unknown";
  return "missing";
}

/** The view of an SPDX document in its JSON form. */
export function spdxView(doc: Obj, specVersion: string): DocumentView {
  const ci = isObject(doc.creationInfo) ? doc.creationInfo : {};
  const creators = arrayOf(ci.creators).filter((c): c is string => typeof c === "string" && c.trim() !== "");
  const actors = creators.map(parseActor);
  const packages = arrayOf(doc.packages);
  const relationships = arrayOf(doc.relationships).filter(isObject);
  const related = new Set<string>();
  for (const r of relationships) {
    if (typeof r.spdxElementId === "string") related.add(r.spdxElementId);
    if (typeof r.relatedSpdxElement === "string") related.add(r.relatedSpdxElement);
  }
  for (const d of arrayOf(doc.documentDescribes)) if (typeof d === "string") related.add(d);
  const packageIds = new Set(packages.map((pkg) => (isObject(pkg) ? stringOf(pkg.SPDXID) : undefined)));
  const docId = stringOf(doc.SPDXID) ?? "SPDXRef-DOCUMENT";
  const describesPackage =
    arrayOf(doc.documentDescribes).some((d) => typeof d === "string" && packageIds.has(d)) ||
    relationships.some(
      (r) =>
        (r.relationshipType === "DESCRIBES" &&
          r.spdxElementId === docId &&
          packageIds.has(stringOf(r.relatedSpdxElement))) ||
        (r.relationshipType === "DESCRIBED_BY" &&
          r.relatedSpdxElement === docId &&
          packageIds.has(stringOf(r.spdxElementId))),
    );
  const components: ComponentView[] = [];
  packages.forEach((pkg, i) => {
    if (!isObject(pkg)) return;
    const at = `/packages/${i}`;
    const id = stringOf(pkg.SPDXID);
    const name = stringOf(pkg.name);
    const versionInfo = stringOf(pkg.versionInfo);
    const supplier = stringOf(pkg.supplier);
    const contact = [supplier, stringOf(pkg.originator)].some((a) => {
      const actor = a === undefined ? undefined : parseActor(a);
      return actor?.email?.includes("@") === true;
    });
    const refs = arrayOf(pkg.externalRefs).filter(isObject);
    const checksums = arrayOf(pkg.checksums).filter(isObject);
    const algs = checksums.map((c) => {
      const a = stringOf(c.algorithm) ?? "";
      return Object.hasOwn(SPDX_ALG, a) ? SPDX_ALG[a]! : a;
    });
    const concluded = spdxLicense(pkg.licenseConcluded);
    const declared = spdxLicense(pkg.licenseDeclared);
    const dl = stringOf(pkg.downloadLocation);
    components.push({
      pointer: at,
      name: name ?? id,
      hasName: name !== undefined && name.trim() !== "",
      version:
        versionInfo === undefined || versionInfo.trim() === ""
          ? "missing"
          : versionInfo === "NOASSERTION"
            ? "unknown"
            : "present",
      versionPointer: versionInfo === undefined ? undefined : `${at}/versionInfo`,
      supplier:
        supplier === undefined || supplier.trim() === ""
          ? "missing"
          : supplier === "NOASSERTION"
            ? "unknown"
            : "present",
      supplierPointer: supplier === undefined ? undefined : `${at}/supplier`,
      creatorContact: contact,
      localId: id !== undefined && id !== "",
      globalIds: refs.filter((r) =>
        ["purl", "cpe22Type", "cpe23Type", "swid"].includes(stringOf(r.referenceType) ?? ""),
      ).length,
      hashes: algs,
      sha512Deployable: algs.includes("SHA-512"),
      license: better(concluded, declared),
      licensePointer:
        pkg.licenseDeclared !== undefined
          ? `${at}/licenseDeclared`
          : pkg.licenseConcluded !== undefined
            ? `${at}/licenseConcluded`
            : undefined,
      concludedLicense: concluded,
      concludedPointer: pkg.licenseConcluded === undefined ? undefined : `${at}/licenseConcluded`,
      declaredLicense: declared,
      declaredPointer: pkg.licenseDeclared === undefined ? undefined : `${at}/licenseDeclared`,
      fileName: (stringOf(pkg.packageFileName) ?? "").trim() !== "",
      bsiProperties: {},
      sourceUri: false,
      deployableUri: dl !== undefined && dl !== "NONE" && dl !== "NOASSERTION" && dl.trim() !== "",
      related: id !== undefined && related.has(id),
    });
  });
  const comments = [stringOf(ci.comment), stringOf(doc.comment)].filter((c): c is string => c !== undefined);
  return {
    format: "spdx",
    specVersion,
    anyAuthor: creators.length > 0,
    entityAuthor: actors.some((a) => a?.kind === "Person" || a?.kind === "Organization"),
    tool: actors.some((a) => a?.kind === "Tool"),
    creatorContact: actors.some(
      (a) => (a?.kind === "Person" || a?.kind === "Organization") && (a.email ?? "").includes("@"),
    ),
    timestamp: (stringOf(ci.created) ?? "").trim() !== "",
    sbomUri: (stringOf(doc.documentNamespace) ?? "").trim() !== "",
    generationContext: comments.some((c) => PHASE.test(c)),
    dependencyRelationship: describesPackage,
    dependencyCompleteness: undefined,
    vulnerabilities: 0,
    components,
    metaPointer: isObject(doc.creationInfo) ? "/creationInfo" : "",
    relationsPointer: Array.isArray(doc.relationships) ? "/relationships" : "",
  };
}

function entityHasContact(e: unknown): boolean {
  if (!isObject(e)) return false;
  if (arrayOf(e.url).some((u) => typeof u === "string" && u.trim() !== "")) return true;
  return arrayOf(e.contact).some((c) => isObject(c) && typeof c.email === "string" && c.email.includes("@"));
}

function entityNamed(e: unknown): boolean {
  if (!isObject(e)) return false;
  return (
    (stringOf(e.name) ?? "").trim() !== "" ||
    arrayOf(e.url).length > 0 ||
    arrayOf(e.contact).some((c) => isObject(c) && (stringOf(c.name) ?? stringOf(c.email) ?? "") !== "")
  );
}

function authorsNamed(list: unknown): boolean {
  return arrayOf(list).some(
    (a) => isObject(a) && ((stringOf(a.name) ?? "").trim() !== "" || (stringOf(a.email) ?? "") !== ""),
  );
}

function authorsContact(list: unknown): boolean {
  return arrayOf(list).some((a) => isObject(a) && typeof a.email === "string" && a.email.includes("@"));
}

const VERSION_ORDER = ["1.4", "1.5", "1.6", "1.7"];

/** The view of a CycloneDX BOM. */
export function cyclonedxView(bom: Obj, specVersion: string): DocumentView {
  const meta = isObject(bom.metadata) ? bom.metadata : {};
  const elements = cdxElements(bom);
  const deps = arrayOf(bom.dependencies).filter(isObject);
  const related = new Set<string>();
  for (const d of deps) {
    if (typeof d.ref === "string") related.add(d.ref);
    for (const key of ["dependsOn", "provides"])
      for (const to of arrayOf(d[key])) if (typeof to === "string") related.add(to);
  }
  const parents = new Set(elements.map((e) => e.parent).filter((x) => x !== undefined));
  const acknowledgementKnown = VERSION_ORDER.indexOf(specVersion) >= VERSION_ORDER.indexOf("1.6");
  const components: ComponentView[] = [];
  for (const el of elements) {
    const c = el.obj;
    if (el.kind !== "component" || c.type === "file") continue;
    const at = el.pointer;
    const name = stringOf(c.name);
    const version = stringOf(c.version);
    let supplierPointer: string | undefined;
    if (entityNamed(c.supplier)) supplierPointer = `${at}/supplier`;
    else if (entityNamed(c.manufacturer)) supplierPointer = `${at}/manufacturer`;
    else if (authorsNamed(c.authors)) supplierPointer = `${at}/authors`;
    else if ((stringOf(c.author) ?? "").trim() !== "") supplierPointer = `${at}/author`;
    const props: Record<string, string> = Object.create(null);
    for (const prop of arrayOf(c.properties)) {
      if (!isObject(prop) || typeof prop.name !== "string" || typeof prop.value !== "string") continue;
      if (prop.name.startsWith("bsi:component:"))
        props[prop.name.slice("bsi:component:".length)] = prop.value;
    }
    const extRefs = arrayOf(c.externalReferences).filter(isObject);
    const hashAlgs = (list: unknown) =>
      arrayOf(list)
        .filter(isObject)
        .map((h) => stringOf(h.alg) ?? "");
    const ownHashes = hashAlgs(c.hashes);
    const deployable = extRefs.filter((r) => r.type === "distribution" || r.type === "distribution-intake");
    const deployableHashes = deployable.flatMap((r) => hashAlgs(r.hashes));
    const licenses = arrayOf(c.licenses).filter(isObject);
    const known = licenses.filter((l) => {
      const text =
        stringOf(l.expression) ??
        (isObject(l.license) ? (stringOf(l.license.id) ?? stringOf(l.license.name)) : undefined);
      return text !== undefined && !["NOASSERTION", "UNKNOWN", ""].includes(text.trim().toUpperCase());
    });
    const ack = (l: Obj) =>
      stringOf(l.acknowledgement) ?? (isObject(l.license) ? stringOf(l.license.acknowledgement) : undefined);
    const licensePresence = (pick: (l: Obj) => boolean): Presence => {
      const chosen = licenses.filter(pick);
      if (chosen.length === 0) return "missing";
      return chosen.some((l) => known.includes(l)) ? "present" : "unknown";
    };
    const swid = isObject(c.swid) ? 1 : 0;
    components.push({
      pointer: at,
      name: cdxName(c),
      hasName: name !== undefined && name.trim() !== "",
      // "NOASSERTION" is not a CycloneDX keyword, but it is how an SPDX NOASSERTION version converts.
      version:
        version === undefined || version.trim() === ""
          ? "missing"
          : version === "NOASSERTION"
            ? "unknown"
            : "present",
      versionPointer: version === undefined ? undefined : `${at}/version`,
      // CycloneDX has no way to say "unknown": a component with none of these is a known unknown.
      supplier: supplierPointer === undefined ? "unknown" : "present",
      supplierPointer,
      creatorContact:
        entityHasContact(c.manufacturer) || entityHasContact(c.supplier) || authorsContact(c.authors),
      localId: typeof c["bom-ref"] === "string" && c["bom-ref"] !== "",
      globalIds: (typeof c.purl === "string" ? 1 : 0) + (typeof c.cpe === "string" ? 1 : 0) + swid,
      hashes: [...ownHashes, ...deployableHashes],
      sha512Deployable: ownHashes.includes("SHA-512") || deployableHashes.includes("SHA-512"),
      license: licensePresence(() => true),
      licensePointer: licenses.length > 0 ? `${at}/licenses` : undefined,
      concludedLicense: licensePresence((l) =>
        acknowledgementKnown ? ack(l) === "concluded" : ack(l) === undefined || ack(l) === "concluded",
      ),
      concludedPointer: licenses.length > 0 ? `${at}/licenses` : undefined,
      declaredLicense: licensePresence((l) => ack(l) === "declared"),
      declaredPointer: licenses.length > 0 ? `${at}/licenses` : undefined,
      fileName: (props.filename ?? "").trim() !== "",
      bsiProperties: props,
      sourceUri: extRefs.some((r) => r.type === "source-distribution" || r.type === "vcs"),
      deployableUri: deployable.length > 0,
      related:
        el.pointer === "/metadata/component" ||
        el.parent !== undefined ||
        parents.has(el.pointer) ||
        (typeof c["bom-ref"] === "string" && related.has(c["bom-ref"])),
    });
  }
  const tools = meta.tools;
  const hasTool = Array.isArray(tools)
    ? tools.length > 0
    : isObject(tools) && (arrayOf(tools.components).length > 0 || arrayOf(tools.services).length > 0);
  const manufacturer = meta.manufacturer ?? meta.manufacture;
  return {
    format: "cyclonedx",
    specVersion,
    anyAuthor:
      authorsNamed(meta.authors) || hasTool || entityNamed(manufacturer) || entityNamed(meta.supplier),
    entityAuthor: authorsNamed(meta.authors) || entityNamed(manufacturer) || entityNamed(meta.supplier),
    tool: hasTool,
    creatorContact:
      entityHasContact(manufacturer) || entityHasContact(meta.supplier) || authorsContact(meta.authors),
    timestamp: (stringOf(meta.timestamp) ?? "").trim() !== "",
    sbomUri: (stringOf(bom.serialNumber) ?? "").trim() !== "",
    generationContext: arrayOf(meta.lifecycles).some(
      (l) => isObject(l) && (typeof l.phase === "string" || typeof l.name === "string"),
    ),
    dependencyRelationship: deps.length > 0 || parents.size > 0,
    dependencyCompleteness: arrayOf(bom.compositions).some(
      (c) => isObject(c) && typeof c.aggregate === "string",
    ),
    vulnerabilities: arrayOf(bom.vulnerabilities).length,
    components,
    metaPointer: isObject(bom.metadata) ? "/metadata" : "",
    relationsPointer: Array.isArray(bom.dependencies) ? "/dependencies" : "",
  };
}
