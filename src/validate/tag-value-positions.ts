// Line numbers for SPDX tag-value input: findings point into the JSON form that `parseTagValue` builds, and
// this index maps such a pointer back to the line of the tag it came from (SPDX 2.3 Annex "tag:value"
// sections: a PackageName, FileName or LicenseID line starts a section; Relationship and annotation lines
// stand alone). It tokenizes exactly as the parser does and never fails: what it cannot place falls back
// to the enclosing element's line.
import { pointerTokens } from "./json-positions.js";

interface Token {
  readonly tag: string;
  readonly value: string;
  readonly line: number;
}

interface AnnotationEntry {
  readonly line: number;
  ref: string | undefined;
  refLine: number | undefined;
}

interface Section {
  readonly line: number;
  readonly tags: Map<string, number[]>;
  id: string | undefined;
}

const PACKAGE_TAGS: Readonly<Record<string, string>> = {
  SPDXID: "SPDXID",
  name: "PackageName",
  versionInfo: "PackageVersion",
  packageFileName: "PackageFileName",
  supplier: "PackageSupplier",
  originator: "PackageOriginator",
  downloadLocation: "PackageDownloadLocation",
  filesAnalyzed: "FilesAnalyzed",
  packageVerificationCode: "PackageVerificationCode",
  checksums: "PackageChecksum",
  homepage: "PackageHomePage",
  sourceInfo: "PackageSourceInfo",
  licenseConcluded: "PackageLicenseConcluded",
  licenseInfoFromFiles: "PackageLicenseInfoFromFiles",
  licenseDeclared: "PackageLicenseDeclared",
  licenseComments: "PackageLicenseComments",
  copyrightText: "PackageCopyrightText",
  summary: "PackageSummary",
  description: "PackageDescription",
  comment: "PackageComment",
  attributionTexts: "PackageAttributionText",
  externalRefs: "ExternalRef",
  primaryPackagePurpose: "PrimaryPackagePurpose",
  releaseDate: "ReleaseDate",
  builtDate: "BuiltDate",
  validUntilDate: "ValidUntilDate",
};

const FILE_TAGS: Readonly<Record<string, string>> = {
  SPDXID: "SPDXID",
  fileName: "FileName",
  fileTypes: "FileType",
  checksums: "FileChecksum",
  licenseConcluded: "LicenseConcluded",
  licenseInfoInFiles: "LicenseInfoInFile",
  licenseComments: "LicenseComments",
  copyrightText: "FileCopyrightText",
  comment: "FileComment",
  noticeText: "FileNotice",
  fileContributors: "FileContributor",
  attributionTexts: "FileAttributionText",
};

const LICENSE_TAGS: Readonly<Record<string, string>> = {
  licenseId: "LicenseID",
  extractedText: "ExtractedText",
  name: "LicenseName",
  seeAlsos: "LicenseCrossReference",
  comment: "LicenseComment",
};

const DOCUMENT_TAGS: Readonly<Record<string, string>> = {
  spdxVersion: "SPDXVersion",
  dataLicense: "DataLicense",
  name: "DocumentName",
  documentNamespace: "DocumentNamespace",
  comment: "DocumentComment",
  externalDocumentRefs: "ExternalDocumentRef",
};

const CREATION_TAGS: Readonly<Record<string, string>> = {
  creators: "Creator",
  created: "Created",
  licenseListVersion: "LicenseListVersion",
  comment: "CreatorComment",
};

const DOCUMENT_LEVEL = new Set([...Object.values(DOCUMENT_TAGS), ...Object.values(CREATION_TAGS)]);

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === "" || raw.trimStart().startsWith("#")) continue;
    const colon = raw.indexOf(":");
    if (colon <= 0) continue;
    const tag = raw.slice(0, colon).trim();
    let value = raw.slice(colon + 1).trim();
    const start = i + 1;
    if (value.startsWith("<text>")) {
      let body = raw.slice(raw.indexOf("<text>") + 6);
      while (!body.includes("</text>") && i + 1 < lines.length) {
        i++;
        body += `\n${lines[i]}`;
      }
      const end = body.indexOf("</text>");
      value = end < 0 ? body : body.slice(0, end);
    }
    out.push({ tag, value, line: start });
  }
  return out;
}

/** `record[key]` for own keys only (a pointer token such as "constructor" must not find Object.prototype). */
function own(record: Readonly<Record<string, string>>, key: string | undefined): string | undefined {
  return key !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

function push(map: Map<string, number[]>, key: string, line: number): void {
  const list = map.get(key);
  if (list) list.push(line);
  else map.set(key, [line]);
}

/** An annotation whose SPDXREF names no package, file or the document. */
export interface DanglingAnnotation {
  /** The SPDXREF line. */
  readonly line: number;
  readonly ref: string;
  /** Its index among the document's annotations once read as one of them. */
  readonly documentIndex: number;
}

/**
 * Maps pointers into the JSON form of a tag-value document to lines.
 * @example new TagValueIndex(text).lineOf("/packages/0/versionInfo") // 12
 */
export class TagValueIndex {
  readonly #doc = new Map<string, number[]>();
  readonly #packages: Section[] = [];
  readonly #files: Section[] = [];
  readonly #licenses: Section[] = [];
  readonly #relationships: number[] = [];
  readonly #annotations: AnnotationEntry[] = [];
  #docId: string | undefined;
  #firstLine = 1;

  constructor(text: string) {
    const tokens = tokenize(text);
    this.#firstLine = tokens[0]?.line ?? 1;
    let section: Section | undefined;
    let kind: "doc" | "package" | "file" | "license" | "other" = "doc";
    let annotation: AnnotationEntry | undefined;
    for (const t of tokens) {
      const { tag, line } = t;
      if (tag === "PackageName" || tag === "FileName" || tag === "LicenseID") {
        section = { line, tags: new Map(), id: undefined };
        kind = tag === "PackageName" ? "package" : tag === "FileName" ? "file" : "license";
        (kind === "package" ? this.#packages : kind === "file" ? this.#files : this.#licenses).push(section);
        push(section.tags, tag, line);
        continue;
      }
      if (tag === "Relationship") {
        this.#relationships.push(line);
        continue;
      }
      if (tag === "Annotator") {
        annotation = { line, ref: undefined, refLine: undefined };
        this.#annotations.push(annotation);
        continue;
      }
      if (tag === "SPDXREF") {
        if (annotation) {
          annotation.ref = t.value;
          annotation.refLine = line;
        }
        continue;
      }
      if (
        tag.startsWith("Snippet") ||
        tag === "Reviewer" ||
        tag === "ReviewDate" ||
        tag === "ReviewComment"
      ) {
        kind = "other";
        section = undefined;
        continue;
      }
      if (tag === "SPDXID") {
        if (kind === "doc") {
          this.#docId ??= t.value;
          push(this.#doc, tag, line);
        } else if (section && (kind === "package" || kind === "file")) {
          section.id = t.value;
          push(section.tags, tag, line);
        }
        continue;
      }
      if (DOCUMENT_LEVEL.has(tag)) {
        push(this.#doc, tag, line);
        continue;
      }
      if (section) push(section.tags, tag, line);
    }
  }

  #elementIds(): Set<string> {
    const ids = new Set<string>();
    for (const s of [...this.#packages, ...this.#files]) if (s.id !== undefined) ids.add(s.id);
    return ids;
  }

  /** The annotations that end up as the document's: no SPDXREF, the document's, or an unknown one. */
  #documentAnnotations(): AnnotationEntry[] {
    const ids = this.#elementIds();
    return this.#annotations.filter((a) => a.ref === undefined || a.ref === this.#docId || !ids.has(a.ref));
  }

  /** Annotations whose SPDXREF names no package, file or the document (the parser would reject them). */
  danglingAnnotations(): DanglingAnnotation[] {
    const ids = this.#elementIds();
    const out: DanglingAnnotation[] = [];
    this.#documentAnnotations().forEach((a, documentIndex) => {
      if (a.ref !== undefined && a.ref !== this.#docId && !ids.has(a.ref))
        out.push({ line: a.refLine ?? a.line, ref: a.ref, documentIndex });
    });
    return out;
  }

  /** The document's SPDXID as written, if any. */
  get documentId(): string | undefined {
    return this.#docId;
  }

  /**
   * The line a JSON-form pointer came from. `relatedFileLine` resolves the CONTAINS relationships the parser
   * adds for files that follow a package (pass the JSON form's relationships).
   */
  lineOf(pointer: string, relationships?: readonly unknown[]): number {
    const tokens = pointerTokens(pointer);
    for (let n = tokens.length; n >= 0; n--) {
      const line = this.#resolve(tokens.slice(0, n), relationships);
      if (line !== undefined) return line;
    }
    return this.#firstLine;
  }

  #resolve(t: readonly string[], relationships?: readonly unknown[]): number | undefined {
    if (t.length === 0) return this.#firstLine;
    const [head, a, b, c] = t;
    const index = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined);
    const inSection = (list: Section[], tags: Readonly<Record<string, string>>) => {
      const i = index(a);
      const s = i === undefined ? undefined : list[i];
      if (!s) return undefined;
      if (b === undefined) return s.line;
      if (b === "annotations") {
        const j = index(c);
        const mine = this.#annotations.filter((x) => s.id !== undefined && x.ref === s.id);
        return j === undefined ? mine[0]?.line : mine[j]?.line;
      }
      const tag = own(tags, b);
      const lines = tag === undefined ? undefined : s.tags.get(tag);
      if (!lines) return undefined;
      return lines[index(c) ?? 0];
    };
    switch (head) {
      case "packages":
        return inSection(this.#packages, PACKAGE_TAGS);
      case "files":
        return inSection(this.#files, FILE_TAGS);
      case "hasExtractedLicensingInfos":
        return inSection(this.#licenses, LICENSE_TAGS);
      case "relationships": {
        const i = index(a);
        if (i === undefined) return this.#relationships[0];
        if (i < this.#relationships.length) return this.#relationships[i];
        // A CONTAINS the parser added for a file that follows its package: the file's line.
        const r = relationships?.[i] as { relatedSpdxElement?: unknown } | undefined;
        const file = this.#files.find((f) => f.id !== undefined && f.id === r?.relatedSpdxElement);
        return file?.line;
      }
      case "annotations":
        return this.#documentAnnotations()[index(a) ?? 0]?.line;
      case "creationInfo": {
        if (a === undefined) {
          const all = Object.values(CREATION_TAGS).flatMap((tag) => this.#doc.get(tag) ?? []);
          return all.length > 0 ? Math.min(...all) : undefined;
        }
        const tag = own(CREATION_TAGS, a);
        return tag === undefined ? undefined : this.#doc.get(tag)?.[index(b) ?? 0];
      }
      case "SPDXID":
        return this.#doc.get("SPDXID")?.[0];
      default: {
        const tag = own(DOCUMENT_TAGS, head);
        return tag === undefined ? undefined : this.#doc.get(tag)?.[index(a) ?? 0];
      }
    }
  }
}
