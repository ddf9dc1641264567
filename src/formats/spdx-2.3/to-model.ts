// SPDX 2.2/2.3 JSON shape → model. Checks types and names the JSON pointer of anything malformed; fields
// the model has no place for are kept in `extras.spdx` so re-encoding to SPDX loses nothing.
import { PysbomError } from "../../errors.js";
import {
  type Actor,
  CHECKSUM_ALGORITHMS,
  type Checksum,
  type ChecksumAlgorithm,
  DOCUMENT_REF,
  type Document,
  EXTERNAL_REF_CATEGORIES,
  type ExternalRef,
  type ExternalRefCategory,
  type ExtractedLicense,
  FILE_TYPES,
  type File,
  type FileType,
  type Package,
  PRIMARY_PURPOSES,
  type PrimaryPurpose,
  type Property,
  parseActor,
  RELATIONSHIP_TYPES,
  type Relationship,
  type RelationshipType,
  type Unknown,
} from "../../model/index.js";
import { childPointer, extraMembers, type JsonObject, JsonReader } from "../json.js";
import { PROPERTY_ANNOTATION_PREFIX, UNKNOWN_ANNOTATION_PREFIX } from "./json-shape.js";

/** Options of the SPDX decoders. */
export interface SpdxDecodeOptions {
  /** File name used in error messages. */
  readonly file?: string | undefined;
  /**
   * Drop relationships whose endpoints do not exist (with a warning) instead of failing. Off by default:
   * a dangling reference means the document is broken.
   */
  readonly lenient?: boolean | undefined;
}

/** A decoded document and the warnings met on the way. */
export interface DecodeResult {
  readonly document: Document;
  readonly warnings: readonly string[];
}

/** SPDX versions the decoders read. */
export const SUPPORTED_SPDX_VERSIONS: readonly string[] = ["SPDX-2.2", "SPDX-2.3"];

const ALGORITHMS = new Set<string>(CHECKSUM_ALGORITHMS);
const PURPOSES = new Set<string>(PRIMARY_PURPOSES);
const FILE_TYPE_SET = new Set<string>(FILE_TYPES);
const REF_CATEGORIES = new Set<string>(EXTERNAL_REF_CATEGORIES);
const RELATIONSHIP_SET = new Set<string>(RELATIONSHIP_TYPES);

const PACKAGE_KEYS = new Set([
  "SPDXID",
  "name",
  "versionInfo",
  "packageFileName",
  "supplier",
  "originator",
  "downloadLocation",
  "filesAnalyzed",
  "packageVerificationCode",
  "checksums",
  "homepage",
  "sourceInfo",
  "licenseConcluded",
  "licenseInfoFromFiles",
  "licenseDeclared",
  "copyrightText",
  "summary",
  "description",
  "comment",
  "externalRefs",
  "primaryPackagePurpose",
  "annotations",
  "hasFiles",
]);
const FILE_KEYS = new Set([
  "SPDXID",
  "fileName",
  "fileTypes",
  "checksums",
  "licenseConcluded",
  "licenseInfoInFiles",
  "copyrightText",
  "comment",
  "annotations",
]);
const DOCUMENT_KEYS = new Set([
  "spdxVersion",
  "dataLicense",
  "SPDXID",
  "name",
  "documentNamespace",
  "comment",
  "creationInfo",
  "documentDescribes",
  "packages",
  "files",
  "hasExtractedLicensingInfos",
  "relationships",
  "annotations",
]);

const orUndefined = (v: string | undefined): string | undefined => (v === "NOASSERTION" ? undefined : v);

class SpdxDecoder {
  readonly r: JsonReader;
  readonly warnings: string[] = [];

  constructor(file: string | undefined) {
    this.r = new JsonReader(file);
  }

  actor(obj: JsonObject, key: string, ptr: string): Actor | undefined {
    const v = orUndefined(this.r.str(obj, key, ptr));
    if (v === undefined) return undefined;
    const a = parseActor(v);
    if (!a)
      this.r.fail(
        childPointer(ptr, key),
        `expected "Person: …", "Organization: …", "Tool: …" or NOASSERTION, found ${JSON.stringify(v)}`,
      );
    return a;
  }

  checksums(obj: JsonObject, ptr: string, required: boolean): Checksum[] {
    const list = this.r.arr(obj, "checksums", ptr);
    if (list === undefined) {
      if (required) this.r.fail(ptr, `missing required member "checksums"`);
      return [];
    }
    return list.map((item, i) => {
      const p = childPointer(childPointer(ptr, "checksums"), i);
      const o = this.r.object(item, p);
      const algorithm = this.r.reqStr(o, "algorithm", p);
      if (!ALGORITHMS.has(algorithm))
        this.r.fail(childPointer(p, "algorithm"), `unknown checksum algorithm ${JSON.stringify(algorithm)}`);
      return {
        algorithm: algorithm as ChecksumAlgorithm,
        value: this.r.reqStr(o, "checksumValue", p).toLowerCase(),
      };
    });
  }

  /** Splits annotations into pysbom properties/unknowns and foreign annotations (kept as extras). */
  annotations(
    obj: JsonObject,
    ptr: string,
  ): { properties: Property[]; unknowns: Unknown[]; foreign: unknown[] } {
    const properties: Property[] = [];
    const unknowns: Unknown[] = [];
    const foreign: unknown[] = [];
    const list = this.r.arr(obj, "annotations", ptr) ?? [];
    list.forEach((item, i) => {
      const p = childPointer(childPointer(ptr, "annotations"), i);
      const o = this.r.object(item, p);
      const comment = this.r.str(o, "comment", p) ?? "";
      const parsed = parsePysbomAnnotation(comment);
      if (parsed?.kind === "property") properties.push(parsed.value);
      else if (parsed?.kind === "unknown") unknowns.push(parsed.value);
      else foreign.push(item);
    });
    return { properties, unknowns, foreign };
  }

  extras(obj: JsonObject, known: ReadonlySet<string>, foreignAnnotations: unknown[]): Package["extras"] {
    const extra = extraMembers(obj, known) ?? {};
    if (foreignAnnotations.length > 0) extra.annotations = foreignAnnotations;
    return Object.keys(extra).length > 0 ? { spdx: extra } : undefined;
  }

  pkg(item: unknown, ptr: string, contains: Relationship[]): Package {
    const r: JsonReader = this.r;
    const o = r.object(item, ptr);
    const spdxId = r.reqStr(o, "SPDXID", ptr);
    const name = r.reqStr(o, "name", ptr);
    let purl: string | undefined;
    const cpes: string[] = [];
    const externalRefs: ExternalRef[] = [];
    (r.arr(o, "externalRefs", ptr) ?? []).forEach((refItem, i) => {
      const p = childPointer(childPointer(ptr, "externalRefs"), i);
      const ro = r.object(refItem, p);
      const category = r.reqStr(ro, "referenceCategory", p).replace("_", "-");
      if (!REF_CATEGORIES.has(category))
        r.fail(
          childPointer(p, "referenceCategory"),
          `unknown reference category ${JSON.stringify(category)}`,
        );
      const type = r.reqStr(ro, "referenceType", p);
      const locator = r.reqStr(ro, "referenceLocator", p);
      const comment = r.str(ro, "comment", p);
      if (category === "PACKAGE-MANAGER" && type === "purl" && purl === undefined && comment === undefined)
        purl = locator;
      else if (category === "SECURITY" && type === "cpe23Type" && comment === undefined) cpes.push(locator);
      else
        externalRefs.push({
          category: category as ExternalRefCategory,
          type,
          locator,
          ...(comment === undefined ? {} : { comment }),
        });
    });
    const purposeRaw = r.str(o, "primaryPackagePurpose", ptr)?.replace("_", "-");
    if (purposeRaw !== undefined && !PURPOSES.has(purposeRaw))
      r.fail(
        childPointer(ptr, "primaryPackagePurpose"),
        `unknown primary package purpose ${JSON.stringify(purposeRaw)}`,
      );
    const pvc = r.obj(o, "packageVerificationCode", ptr);
    const pvcPtr = childPointer(ptr, "packageVerificationCode");
    const { properties, foreign } = this.annotations(o, ptr);
    for (const fileRef of r.strArr(o, "hasFiles", ptr) ?? [])
      contains.push({ from: spdxId, type: "CONTAINS", to: fileRef });
    return {
      id: spdxId,
      spdxId,
      name,
      version: r.str(o, "versionInfo", ptr),
      fileName: r.str(o, "packageFileName", ptr),
      supplier: this.actor(o, "supplier", ptr),
      originator: this.actor(o, "originator", ptr),
      downloadLocation: orUndefined(r.str(o, "downloadLocation", ptr)),
      filesAnalyzed: r.bool(o, "filesAnalyzed", ptr) ?? true,
      verificationCode: pvc && {
        value: r.reqStr(pvc, "packageVerificationCodeValue", pvcPtr),
        excludedFiles: r.strArr(pvc, "packageVerificationCodeExcludedFiles", pvcPtr),
      },
      checksums: this.checksums(o, ptr, false),
      homepage: orUndefined(r.str(o, "homepage", ptr)),
      sourceInfo: r.str(o, "sourceInfo", ptr),
      licenseConcluded: orUndefined(r.str(o, "licenseConcluded", ptr)),
      licenseInfoFromFiles: r.strArr(o, "licenseInfoFromFiles", ptr),
      licenseDeclared: orUndefined(r.str(o, "licenseDeclared", ptr)),
      copyright: orUndefined(r.str(o, "copyrightText", ptr)),
      summary: r.str(o, "summary", ptr),
      description: r.str(o, "description", ptr),
      comment: r.str(o, "comment", ptr),
      purl,
      cpes,
      externalRefs,
      purpose: purposeRaw as PrimaryPurpose | undefined,
      properties,
      extras: this.extras(o, PACKAGE_KEYS, foreign),
    };
  }

  file(item: unknown, ptr: string): File {
    const r: JsonReader = this.r;
    const o = r.object(item, ptr);
    const spdxId = r.reqStr(o, "SPDXID", ptr);
    const fileTypes = r.strArr(o, "fileTypes", ptr) ?? [];
    fileTypes.forEach((t, i) => {
      if (!FILE_TYPE_SET.has(t))
        r.fail(childPointer(childPointer(ptr, "fileTypes"), i), `unknown file type ${JSON.stringify(t)}`);
    });
    const { properties, foreign } = this.annotations(o, ptr);
    return {
      id: spdxId,
      spdxId,
      path: r.reqStr(o, "fileName", ptr),
      checksums: this.checksums(o, ptr, false),
      fileTypes: fileTypes as FileType[],
      licenseConcluded: orUndefined(r.str(o, "licenseConcluded", ptr)),
      licenseInfoInFiles: r.strArr(o, "licenseInfoInFiles", ptr) ?? [],
      copyright: orUndefined(r.str(o, "copyrightText", ptr)),
      comment: r.str(o, "comment", ptr),
      properties,
      extras: this.extras(o, FILE_KEYS, foreign),
    };
  }

  relationship(item: unknown, ptr: string, docId: string): Relationship {
    const r: JsonReader = this.r;
    const o = r.object(item, ptr);
    const type = r.reqStr(o, "relationshipType", ptr);
    if (!RELATIONSHIP_SET.has(type))
      r.fail(childPointer(ptr, "relationshipType"), `unknown relationship type ${JSON.stringify(type)}`);
    const mapDoc = (id: string): string => (id === docId ? DOCUMENT_REF : id);
    const comment = r.str(o, "comment", ptr);
    return {
      from: mapDoc(r.reqStr(o, "spdxElementId", ptr)),
      type: type as RelationshipType,
      to: mapDoc(r.reqStr(o, "relatedSpdxElement", ptr)),
      ...(comment === undefined ? {} : { comment }),
    };
  }

  document(value: unknown): Document {
    const r: JsonReader = this.r;
    const o = r.object(value, "");
    const version = r.str(o, "spdxVersion", "");
    if (version === undefined) r.fail("", `missing required member "spdxVersion"`);
    if (!SUPPORTED_SPDX_VERSIONS.includes(version))
      throw new PysbomError(
        "UNSUPPORTED_VERSION",
        `${r.file ?? "input"} at /spdxVersion: unsupported SPDX version ${JSON.stringify(version)} (supported: ${SUPPORTED_SPDX_VERSIONS.join(", ")})`,
        { location: { file: r.file, pointer: "/spdxVersion" } },
      );
    const docId = r.str(o, "SPDXID", "") ?? DOCUMENT_REF;
    const ci = r.obj(o, "creationInfo", "");
    const creators: Actor[] = [];
    if (ci) {
      (r.strArr(ci, "creators", "/creationInfo") ?? []).forEach((c, i) => {
        const a = parseActor(c);
        if (!a)
          r.fail(
            `/creationInfo/creators/${i}`,
            `expected "Person: …", "Organization: …" or "Tool: …", found ${JSON.stringify(c)}`,
          );
        creators.push(a);
      });
    }
    const contains: Relationship[] = [];
    const packages = (r.arr(o, "packages", "") ?? []).map((p, i) => this.pkg(p, `/packages/${i}`, contains));
    const files = (r.arr(o, "files", "") ?? []).map((f, i) => this.file(f, `/files/${i}`));
    const relationships = (r.arr(o, "relationships", "") ?? []).map((x, i) =>
      this.relationship(x, `/relationships/${i}`, docId),
    );
    const describes = (r.strArr(o, "documentDescribes", "") ?? []).map(
      (to): Relationship => ({ from: DOCUMENT_REF, type: "DESCRIBES", to }),
    );
    const extracted: ExtractedLicense[] = (r.arr(o, "hasExtractedLicensingInfos", "") ?? []).map((x, i) => {
      const p = `/hasExtractedLicensingInfos/${i}`;
      const lo = r.object(x, p);
      return {
        id: r.reqStr(lo, "licenseId", p),
        text: r.str(lo, "extractedText", p) ?? "",
        name: r.str(lo, "name", p),
        comment: r.str(lo, "comment", p),
        seeAlso: r.strArr(lo, "seeAlsos", p),
      };
    });
    const { properties, unknowns, foreign } = this.annotations(o, "");

    // Unique ids: the model (and SPDX 2.3 clause 6.3) need them.
    const seen = new Map<string, string>();
    const elements: [string, string][] = [
      ...packages.map((p, i): [string, string] => [p.id, `/packages/${i}/SPDXID`]),
      ...files.map((f, i): [string, string] => [f.id, `/files/${i}/SPDXID`]),
    ];
    for (const [id, ptr] of elements) {
      const first = seen.get(id);
      if (first !== undefined)
        r.fail(ptr, `duplicate SPDX id ${JSON.stringify(id)} (first used at ${first})`);
      seen.set(id, ptr);
    }
    // Snippets are kept as extras but may be relationship endpoints.
    const snippets = Array.isArray(o.snippets) ? o.snippets : [];
    for (const s of snippets) {
      if (s && typeof s === "object" && typeof (s as JsonObject).SPDXID === "string")
        seen.set((s as JsonObject).SPDXID as string, "snippet");
    }

    // Relationships: explicit, then documentDescribes and hasFiles when not already stated.
    const key = (x: Relationship): string => JSON.stringify([x.from, x.type, x.to]);
    const have = new Set(relationships.map(key));
    const all = [...relationships];
    for (const x of [...describes, ...contains]) {
      if (!have.has(key(x))) {
        have.add(key(x));
        all.push(x);
      }
    }
    const known = (id: string, target: boolean): boolean =>
      seen.has(id) ||
      id === DOCUMENT_REF ||
      id.startsWith("DocumentRef-") ||
      (target && (id === "NONE" || id === "NOASSERTION"));
    const kept: Relationship[] = [];
    all.forEach((x, i) => {
      const bad = !known(x.from, false) ? x.from : !known(x.to, true) ? x.to : undefined;
      if (bad === undefined) {
        kept.push(x);
        return;
      }
      const where =
        i < relationships.length ? `/relationships/${i}` : "(implied by documentDescribes/hasFiles)";
      const msg = `relationship ${x.from} ${x.type} ${x.to} refers to ${JSON.stringify(bad)}, which is not an element of the document`;
      if (!this.lenientRefs) r.fail(i < relationships.length ? where : "", msg);
      this.warnings.push(`${r.file ?? "input"} at ${where}: ${msg}; relationship dropped`);
    });

    const docExtras = extraMembers(o, DOCUMENT_KEYS) ?? {};
    if (foreign.length > 0) docExtras.annotations = foreign;
    return {
      name: r.str(o, "name", "") ?? "",
      namespace: r.str(o, "documentNamespace", ""),
      created: ci ? r.str(ci, "created", "/creationInfo") : undefined,
      creators,
      comment: r.str(o, "comment", ""),
      licenseListVersion: ci ? r.str(ci, "licenseListVersion", "/creationInfo") : undefined,
      packages,
      files,
      relationships: kept,
      unknowns,
      extractedLicenses: extracted,
      properties,
      extras: Object.keys(docExtras).length > 0 ? { spdx: docExtras } : undefined,
    };
  }

  lenientRefs = false;
}

/** Recognises pysbom's own annotations (properties and unknowns written by the encoders). */
export function parsePysbomAnnotation(
  comment: string,
): { kind: "property"; value: Property } | { kind: "unknown"; value: Unknown } | undefined {
  try {
    if (comment.startsWith(PROPERTY_ANNOTATION_PREFIX)) {
      const v = JSON.parse(comment.slice(PROPERTY_ANNOTATION_PREFIX.length)) as Record<string, unknown>;
      if (typeof v.name === "string" && typeof v.value === "string")
        return { kind: "property", value: { name: v.name, value: v.value } };
    } else if (comment.startsWith(UNKNOWN_ANNOTATION_PREFIX)) {
      const v = JSON.parse(comment.slice(UNKNOWN_ANNOTATION_PREFIX.length)) as Record<string, unknown>;
      if (typeof v.code === "string" && typeof v.message === "string")
        return {
          kind: "unknown",
          value: {
            code: v.code,
            message: v.message,
            ...(typeof v.location === "string" ? { location: v.location } : {}),
          },
        };
    }
  } catch {
    // Not ours after all: kept as a foreign annotation.
  }
  return undefined;
}

/**
 * Decodes a parsed SPDX 2.2/2.3 JSON value into the model.
 * @example fromSpdxShape(JSON.parse(text), { file: "sbom.spdx.json" }).document.packages.length
 */
export function fromSpdxShape(value: unknown, options: SpdxDecodeOptions = {}): DecodeResult {
  const d = new SpdxDecoder(options.file);
  d.lenientRefs = options.lenient ?? false;
  const document = d.document(value);
  return { document, warnings: d.warnings };
}
