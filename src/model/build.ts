// Factory functions for model values: defaults for the optional collections, content-derived ids, and a
// consistency check of a finished document (unique ids, relationships that point at existing elements).
import { PysbomError } from "../errors.js";
import { fileId, packageId } from "./ids.js";
import {
  DOCUMENT_REF,
  type Document,
  type File,
  type Package,
  type Relationship,
  type RelationshipType,
} from "./types.js";

type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/** Input to {@link createPackage}: every collection and the id are optional. */
export type PackageInput = Optional<
  Package,
  "id" | "checksums" | "cpes" | "externalRefs" | "filesAnalyzed" | "properties"
> & { readonly location?: string | undefined };

/**
 * A package with defaults filled in; its id is derived from name, version, purl and location unless given.
 * @example createPackage({ name: "requests", version: "2.31.0", purl: "pkg:pypi/requests@2.31.0" })
 */
export function createPackage(input: PackageInput): Package {
  const { location, ...rest } = input;
  return {
    ...rest,
    id:
      input.id ??
      packageId({
        name: input.name,
        version: input.version,
        purl: input.purl,
        location: location ?? input.sourceInfo,
        discriminator: input.downloadLocation,
      }),
    checksums: input.checksums ?? [],
    cpes: input.cpes ?? [],
    externalRefs: input.externalRefs ?? [],
    filesAnalyzed: input.filesAnalyzed ?? false,
    properties: input.properties ?? [],
  };
}

/** Input to {@link createFile}. `owner` (a package id) only feeds the derived id. */
export type FileInput = Optional<
  File,
  "id" | "checksums" | "fileTypes" | "licenseInfoInFiles" | "properties"
> & {
  readonly owner?: string | undefined;
};

/**
 * A file with defaults filled in; its id is derived from its path (and owner) unless given.
 * @example createFile({ path: "Lib/os.py", checksums: [{ algorithm: "SHA256", value: "…" }] })
 */
export function createFile(input: FileInput): File {
  const { owner, ...rest } = input;
  return {
    ...rest,
    id: input.id ?? fileId(input.path, owner),
    checksums: input.checksums ?? [],
    fileTypes: input.fileTypes ?? [],
    licenseInfoInFiles: input.licenseInfoInFiles ?? [],
    properties: input.properties ?? [],
  };
}

/** A relationship; `comment` is dropped when empty. */
export function relate(from: string, type: RelationshipType, to: string, comment?: string): Relationship {
  return comment ? { from, type, to, comment } : { from, type, to };
}

/** Input to {@link createDocument}. */
export type DocumentInput = Optional<
  Document,
  "creators" | "packages" | "files" | "relationships" | "unknowns" | "extractedLicenses" | "properties"
>;

/**
 * A document with defaults filled in, checked for consistency: element ids are unique and every
 * relationship endpoint is an element, the document, an external `DocumentRef-…`, or (as target)
 * `NONE`/`NOASSERTION`. Throws `INTERNAL` otherwise: catalogers must not produce such documents.
 */
export function createDocument(input: DocumentInput): Document {
  const doc: Document = {
    ...input,
    creators: input.creators ?? [],
    packages: input.packages ?? [],
    files: input.files ?? [],
    relationships: input.relationships ?? [],
    unknowns: input.unknowns ?? [],
    extractedLicenses: input.extractedLicenses ?? [],
    properties: input.properties ?? [],
  };
  const problems = checkDocument(doc);
  if (problems.length > 0)
    throw new PysbomError("INTERNAL", `inconsistent SBOM model: ${problems.join("; ")}`);
  return doc;
}

/** Problems that make a document inconsistent (empty when it is fine). */
export function checkDocument(doc: Document): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const e of [...doc.packages, ...doc.files]) {
    if (ids.has(e.id)) problems.push(`duplicate element id ${e.id}`);
    ids.add(e.id);
  }
  for (const r of doc.relationships) {
    if (!isKnownRef(r.from, ids, false)) problems.push(`relationship source ${r.from} is not an element`);
    if (!isKnownRef(r.to, ids, true)) problems.push(`relationship target ${r.to} is not an element`);
  }
  return problems;
}

function isKnownRef(ref: string, ids: ReadonlySet<string>, target: boolean): boolean {
  if (ids.has(ref) || ref === DOCUMENT_REF || ref.startsWith("DocumentRef-")) return true;
  return target && (ref === "NONE" || ref === "NOASSERTION");
}

/** Packages the document DESCRIBES (its roots), in relationship order. */
export function describedIds(doc: Document): string[] {
  return doc.relationships.filter((r) => r.from === DOCUMENT_REF && r.type === "DESCRIBES").map((r) => r.to);
}
