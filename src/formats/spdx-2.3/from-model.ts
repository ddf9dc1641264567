// Model → SPDX 2.3 JSON shape (clauses 6-12). Deterministic: elements sorted by SPDX id, relationships by
// (source, type, target), ids allocated without collisions, namespace derived from content when absent.
import {
  DOCUMENT_REF,
  type Document,
  type File,
  formatActor,
  isValidSpdxId,
  type Package,
  type Property,
  SpdxIdAllocator,
  sha256Hex,
  spdxIdSafe,
  type Unknown,
  uuidFromContent,
  verificationCode,
} from "../../model/index.js";
import {
  PROPERTY_ANNOTATION_PREFIX,
  PYSBOM_ANNOTATOR,
  type SpdxAnnotation,
  type SpdxChecksum,
  type SpdxDocumentJson,
  type SpdxExternalRef,
  type SpdxExtractedLicense,
  type SpdxFile,
  type SpdxPackage,
  type SpdxRelationship,
  UNKNOWN_ANNOTATION_PREFIX,
} from "./json-shape.js";

/** Options of the SPDX encoders. */
export interface SpdxEncodeOptions {
  /** SPDX version to write: `SPDX-2.3` (default) or `SPDX-2.2` (fields new in 2.3 are then dropped). */
  readonly spdxVersion?: "SPDX-2.3" | "SPDX-2.2";
}

/** The JSON shape plus the SPDX id given to each model element. */
export interface SpdxShapeResult {
  readonly json: SpdxDocumentJson;
  readonly spdxIds: ReadonlyMap<string, string>;
  /** What SPDX could not carry. */
  readonly warnings: readonly string[];
}

const NOASSERTION = "NOASSERTION";
const EPOCH = "1970-01-01T00:00:00Z";
/** Default namespace prefix; documents get `<prefix><name>-<uuid from content>`. */
export const NAMESPACE_PREFIX = "https://spdx.org/spdxdocs/";

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Allocates SPDX ids for every package and file, in a deterministic order. */
export function allocateSpdxIds(doc: Document): Map<string, string> {
  const alloc = new SpdxIdAllocator();
  const ids = new Map<string, string>();
  const wanted = (e: Package | File, fallback: string): string =>
    e.spdxId !== undefined && isValidSpdxId(e.spdxId) ? e.spdxId : `SPDXRef-${spdxIdSafe(fallback)}`;
  const entries: [string, string, boolean][] = [];
  for (const p of doc.packages) {
    // A "NOASSERTION" version says nothing: it stays out of the id.
    const name =
      p.version && p.version !== "NOASSERTION" ? `Package-${p.name}-${p.version}` : `Package-${p.name}`;
    entries.push([wanted(p, name), p.id, p.spdxId !== undefined]);
  }
  for (const f of doc.files) entries.push([wanted(f, `File-${f.path}`), f.id, f.spdxId !== undefined]);
  // Explicit hints first, so a decoded document keeps its own ids; then by wanted id and model id.
  entries.sort((a, b) => Number(b[2]) - Number(a[2]) || byCodePoint(a[0], b[0]) || byCodePoint(a[1], b[1]));
  for (const [want, key] of entries) ids.set(key, alloc.allocate(want, key));
  return ids;
}

function checksums(list: Package["checksums"]): SpdxChecksum[] {
  return list
    .map((c) => ({ algorithm: c.algorithm, checksumValue: c.value }))
    .sort((a, b) => byCodePoint(a.algorithm, b.algorithm) || byCodePoint(a.checksumValue, b.checksumValue));
}

function propertyAnnotations(props: readonly Property[], date: string): SpdxAnnotation[] {
  return props.map((p) => ({
    annotationDate: date,
    annotationType: "OTHER",
    annotator: PYSBOM_ANNOTATOR,
    comment: PROPERTY_ANNOTATION_PREFIX + JSON.stringify({ name: p.name, value: p.value }),
  }));
}

function unknownAnnotations(unknowns: readonly Unknown[], date: string): SpdxAnnotation[] {
  return unknowns.map((u) => ({
    annotationDate: date,
    annotationType: "OTHER",
    annotator: PYSBOM_ANNOTATOR,
    comment:
      UNKNOWN_ANNOTATION_PREFIX +
      JSON.stringify(
        u.location === undefined
          ? { code: u.code, message: u.message }
          : { code: u.code, location: u.location, message: u.message },
      ),
  }));
}

/** Adds the format extras of an element after its own fields; arrays of annotations are merged. */
function withExtras<T extends Record<string, unknown>>(
  obj: T,
  extras: Readonly<Record<string, unknown>> | undefined,
): T {
  if (!extras) return obj;
  const out: Record<string, unknown> = { ...obj };
  for (const [k, v] of Object.entries(extras)) {
    if (k === "annotations" && Array.isArray(v))
      out[k] = [...v, ...((out[k] as unknown[] | undefined) ?? [])];
    else if (!(k in out)) out[k] = v;
  }
  return out as T;
}

function purposeToJson(p: Package["purpose"]): string | undefined {
  return p === "OPERATING-SYSTEM" ? "OPERATING_SYSTEM" : p;
}

/** Checksum algorithms SPDX 2.2 knows (2.3 added SHA3-*, BLAKE2b-*, BLAKE3 and ADLER32). */
const SPDX22_ALGORITHMS = new Set([
  "SHA1",
  "SHA224",
  "SHA256",
  "SHA384",
  "SHA512",
  "MD2",
  "MD4",
  "MD5",
  "MD6",
]);
/** Relationship types new in SPDX 2.3. */
const SPDX23_ONLY_RELATIONSHIPS = new Set(["REQUIREMENT_DESCRIPTION_FOR", "SPECIFICATION_FOR"]);

function packageToJson(
  p: Package,
  spdxId: string,
  date: string,
  v22: boolean,
  contained: readonly File[],
): SpdxPackage {
  const refs: SpdxExternalRef[] = [];
  for (const cpe of p.cpes)
    refs.push({ referenceCategory: "SECURITY", referenceType: "cpe23Type", referenceLocator: cpe });
  if (p.purl !== undefined)
    refs.push({ referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: p.purl });
  for (const r of p.externalRefs) {
    const ref: SpdxExternalRef = {
      referenceCategory: r.category,
      referenceType: r.type,
      referenceLocator: r.locator,
    };
    if (r.comment !== undefined) ref.comment = r.comment;
    refs.push(ref);
  }
  // One sorted list: which purl the decoder later reads as "the" purl cannot change the bytes.
  refs.sort(
    (a, b) =>
      byCodePoint(a.referenceCategory, b.referenceCategory) ||
      byCodePoint(a.referenceType, b.referenceType) ||
      byCodePoint(a.referenceLocator, b.referenceLocator) ||
      byCodePoint(a.comment ?? "", b.comment ?? ""),
  );

  const out = { SPDXID: spdxId, name: p.name } as SpdxPackage;
  if (p.version !== undefined) out.versionInfo = p.version;
  if (p.fileName !== undefined) out.packageFileName = p.fileName;
  out.supplier = p.supplier ? formatActor(p.supplier) : NOASSERTION;
  if (p.originator) out.originator = formatActor(p.originator);
  out.downloadLocation = p.downloadLocation ?? NOASSERTION;
  // SPDX 2.3 clause 7.8: a package with filesAnalyzed false "shall not contain any files".
  out.filesAnalyzed = p.filesAnalyzed || contained.length > 0;
  if (p.verificationCode === undefined && v22 && out.filesAnalyzed) {
    // SPDX 2.2 makes the verification code mandatory when files were analysed (clause 3.9).
    const sha1s = contained.flatMap((f) =>
      f.checksums.filter((c) => c.algorithm === "SHA1").map((c) => c.value),
    );
    out.packageVerificationCode = { packageVerificationCodeValue: verificationCode(sha1s) };
  }
  if (p.verificationCode) {
    out.packageVerificationCode = { packageVerificationCodeValue: p.verificationCode.value };
    if (p.verificationCode.excludedFiles?.length)
      out.packageVerificationCode.packageVerificationCodeExcludedFiles = [
        ...p.verificationCode.excludedFiles,
      ];
  }
  if (p.checksums.length > 0) out.checksums = checksums(p.checksums);
  if (p.homepage !== undefined) out.homepage = p.homepage;
  if (p.sourceInfo !== undefined) out.sourceInfo = p.sourceInfo;
  out.licenseConcluded = p.licenseConcluded ?? NOASSERTION;
  if (p.licenseInfoFromFiles?.length) out.licenseInfoFromFiles = [...p.licenseInfoFromFiles];
  out.licenseDeclared = p.licenseDeclared ?? NOASSERTION;
  out.copyrightText = p.copyright ?? NOASSERTION;
  if (p.summary !== undefined) out.summary = p.summary;
  if (p.description !== undefined) out.description = p.description;
  if (p.comment !== undefined) out.comment = p.comment;
  if (refs.length > 0) out.externalRefs = refs;
  if (p.purpose !== undefined && !v22) out.primaryPackagePurpose = purposeToJson(p.purpose)!;
  const annotations = propertyAnnotations(p.properties, date);
  if (annotations.length > 0) out.annotations = annotations;
  return withExtras(out, p.extras?.spdx);
}

function fileToJson(f: File, spdxId: string, date: string, v22: boolean): SpdxFile {
  const out: SpdxFile = { SPDXID: spdxId, fileName: f.path, checksums: checksums(f.checksums) };
  if (f.fileTypes.length > 0) out.fileTypes = [...f.fileTypes];
  // SPDX 2.2 requires these three file fields; 2.3 made them optional.
  if (f.licenseConcluded !== undefined || v22) out.licenseConcluded = f.licenseConcluded ?? NOASSERTION;
  if (f.licenseInfoInFiles.length > 0 || v22)
    out.licenseInfoInFiles = f.licenseInfoInFiles.length > 0 ? [...f.licenseInfoInFiles] : [NOASSERTION];
  if (f.copyright !== undefined || v22) out.copyrightText = f.copyright ?? NOASSERTION;
  if (f.comment !== undefined) out.comment = f.comment;
  const annotations = propertyAnnotations(f.properties, date);
  if (annotations.length > 0) out.annotations = annotations;
  return withExtras(out, f.extras?.spdx);
}

/** What SPDX 2.2 cannot carry: newer checksum algorithms and relationship types (dropped, with warnings). */
function downgradeTo22(doc: Document, warnings: string[]): Document {
  let droppedSums = 0;
  const keep = <T extends { checksums: readonly { algorithm: string }[] }>(e: T): T => {
    const sums = e.checksums.filter((c) => SPDX22_ALGORITHMS.has(c.algorithm));
    droppedSums += e.checksums.length - sums.length;
    return sums.length === e.checksums.length ? e : { ...e, checksums: sums };
  };
  const packages = doc.packages.map(keep);
  const files = doc.files.map(keep);
  const relationships = doc.relationships.filter((r) => !SPDX23_ONLY_RELATIONSHIPS.has(r.type));
  if (droppedSums > 0)
    warnings.push(`${droppedSums} checksum(s) with algorithms SPDX 2.2 does not know were dropped`);
  if (relationships.length < doc.relationships.length)
    warnings.push(
      `${doc.relationships.length - relationships.length} relationship(s) of types new in SPDX 2.3 were dropped`,
    );
  return { ...doc, packages, files, relationships };
}

/**
 * Builds the SPDX 2.3 JSON shape of a document.
 * @example toSpdxShape(doc).json.packages?.[0]?.SPDXID // "SPDXRef-Package-requests-2.31.0"
 */
export function toSpdxShape(input: Document, options: SpdxEncodeOptions = {}): SpdxShapeResult {
  let doc = input;
  const spdxVersion = options.spdxVersion ?? "SPDX-2.3";
  const v22 = spdxVersion === "SPDX-2.2";
  const warnings: string[] = [];
  if (v22) doc = downgradeTo22(doc, warnings);
  // SPDX 2.3 clause 8.4: a file needs at least one checksum (a SHA1). Files without one cannot be written.
  const unhashed = new Set(doc.files.filter((f) => f.checksums.length === 0).map((f) => f.id));
  if (unhashed.size > 0) {
    const examples = doc.files
      .filter((f) => unhashed.has(f.id))
      .slice(0, 3)
      .map((f) => JSON.stringify(f.path));
    warnings.push(
      `${unhashed.size} file(s) without a checksum cannot be written in SPDX (which requires one), dropped with their relationships: ${examples.join(", ")}${unhashed.size > 3 ? ", …" : ""}`,
    );
    doc = {
      ...doc,
      files: doc.files.filter((f) => !unhashed.has(f.id)),
      relationships: doc.relationships.filter((r) => !unhashed.has(r.from) && !unhashed.has(r.to)),
    };
  }
  const ids = allocateSpdxIds(doc);
  const ref = (id: string): string => ids.get(id) ?? id;
  const fileById = new Map(doc.files.map((f) => [f.id, f]));
  const containedBy = new Map<string, File[]>();
  for (const r of doc.relationships) {
    const f = r.type === "CONTAINS" ? fileById.get(r.to) : undefined;
    if (f) containedBy.set(r.from, [...(containedBy.get(r.from) ?? []), f]);
  }
  const date = doc.created ?? EPOCH;

  const packages = doc.packages
    .map((p) => packageToJson(p, ids.get(p.id)!, date, v22, containedBy.get(p.id) ?? []))
    .sort((a, b) => byCodePoint(a.SPDXID, b.SPDXID));
  const files = doc.files
    .map((f) => fileToJson(f, ids.get(f.id)!, date, v22))
    .sort((a, b) => byCodePoint(a.SPDXID, b.SPDXID));
  const relationships: SpdxRelationship[] = doc.relationships.map((r) => {
    const out: SpdxRelationship = {
      spdxElementId: ref(r.from),
      relationshipType: r.type,
      relatedSpdxElement: ref(r.to),
    };
    if (r.comment !== undefined) out.comment = r.comment;
    return out;
  });
  relationships.sort(
    (a, b) =>
      byCodePoint(a.spdxElementId, b.spdxElementId) ||
      byCodePoint(a.relationshipType, b.relationshipType) ||
      byCodePoint(a.relatedSpdxElement, b.relatedSpdxElement) ||
      byCodePoint(a.comment ?? "", b.comment ?? ""),
  );

  const json: SpdxDocumentJson = {
    spdxVersion,
    dataLicense: "CC0-1.0",
    SPDXID: DOCUMENT_REF,
    name: doc.name,
    documentNamespace: doc.namespace ?? "",
  };
  if (doc.comment !== undefined) json.comment = doc.comment;
  if (doc.created !== undefined || doc.creators.length > 0) {
    json.creationInfo = { created: doc.created ?? EPOCH, creators: doc.creators.map(formatActor) };
    if (doc.licenseListVersion !== undefined) json.creationInfo.licenseListVersion = doc.licenseListVersion;
  }
  json.packages = packages;
  json.files = files;
  if (doc.extractedLicenses.length > 0) {
    json.hasExtractedLicensingInfos = [...doc.extractedLicenses]
      .sort((a, b) => byCodePoint(a.id, b.id))
      .map((l) => {
        const e: SpdxExtractedLicense = { licenseId: l.id, extractedText: l.text };
        if (l.name !== undefined) e.name = l.name;
        if (l.comment !== undefined) e.comment = l.comment;
        if (l.seeAlso?.length) e.seeAlsos = [...l.seeAlso];
        return e;
      });
  }
  json.relationships = relationships;
  const annotations = [
    ...propertyAnnotations(doc.properties, date),
    ...unknownAnnotations(
      [...doc.unknowns].sort(
        (a, b) =>
          byCodePoint(a.location ?? "", b.location ?? "") ||
          byCodePoint(a.code, b.code) ||
          byCodePoint(a.message, b.message),
      ),
      date,
    ),
  ];
  if (annotations.length > 0) json.annotations = annotations;
  const withDocExtras = withExtras(json, doc.extras?.spdx);

  if (doc.namespace === undefined) {
    const digest = sha256Hex(JSON.stringify(withDocExtras));
    withDocExtras.documentNamespace = `${NAMESPACE_PREFIX}${spdxIdSafe(doc.name) || "sbom"}-${uuidFromContent(digest)}`;
  }
  return { json: withDocExtras, spdxIds: ids, warnings };
}
