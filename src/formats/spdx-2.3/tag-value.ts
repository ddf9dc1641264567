// SPDX 2.2/2.3 tag-value (spec Annex "SPDX tag:value format"): rendered from and parsed into the JSON
// shape, so both SPDX serialisations share one model mapping. Files that follow a package are contained
// by it (clause 7 "all files contained in a package must immediately follow" it).
import { PysbomError } from "../../errors.js";
import type {
  SpdxAnnotation,
  SpdxChecksum,
  SpdxDocumentJson,
  SpdxExternalRef,
  SpdxExtractedLicense,
  SpdxFile,
  SpdxPackage,
  SpdxRelationship,
} from "./json-shape.js";

type Obj = Record<string, unknown>;

/** Package tags ↔ JSON keys for single-valued string fields (order = output order). */
const PACKAGE_FIELDS: readonly [string, string, boolean][] = [
  // [tag, key, free text]
  ["PackageVersion", "versionInfo", false],
  ["PackageFileName", "packageFileName", false],
  ["PackageSupplier", "supplier", false],
  ["PackageOriginator", "originator", false],
  ["PackageDownloadLocation", "downloadLocation", false],
  ["PackageHomePage", "homepage", false],
  ["PackageSourceInfo", "sourceInfo", true],
  ["PackageLicenseConcluded", "licenseConcluded", false],
  ["PackageLicenseDeclared", "licenseDeclared", false],
  ["PackageLicenseComments", "licenseComments", true],
  ["PackageCopyrightText", "copyrightText", true],
  ["PackageSummary", "summary", true],
  ["PackageDescription", "description", true],
  ["PackageComment", "comment", true],
  ["PrimaryPackagePurpose", "primaryPackagePurpose", false],
  ["ReleaseDate", "releaseDate", false],
  ["BuiltDate", "builtDate", false],
  ["ValidUntilDate", "validUntilDate", false],
];
const FILE_FIELDS: readonly [string, string, boolean][] = [
  ["LicenseConcluded", "licenseConcluded", false],
  ["LicenseComments", "licenseComments", true],
  ["FileCopyrightText", "copyrightText", true],
  ["FileComment", "comment", true],
  ["FileNotice", "noticeText", true],
];
const PACKAGE_LISTS: readonly [string, string][] = [
  ["PackageLicenseInfoFromFiles", "licenseInfoFromFiles"],
  ["PackageAttributionText", "attributionTexts"],
];
const FILE_LISTS: readonly [string, string][] = [
  ["FileType", "fileTypes"],
  ["LicenseInfoInFile", "licenseInfoInFiles"],
  ["FileContributor", "fileContributors"],
  ["FileAttributionText", "attributionTexts"],
];

/** A `<text>` block keeps line breaks and leading/trailing whitespace that a plain value would lose. */
function needsText(value: string, freeText: boolean): boolean {
  return value.includes("\n") || value.includes("\r") || value.trim() !== value || (freeText && value === "");
}

/** Renders one `Tag: value` line, using `<text>` blocks where the value needs them. */
function line(out: string[], warnings: string[], tag: string, value: string, freeText = false): void {
  if (needsText(value, freeText) || value.startsWith("<text>")) {
    if (value.includes("</text>")) {
      warnings.push(
        `${tag}: value contains "</text>", which tag-value cannot express; written with "</ text>"`,
      );
      value = value.replaceAll("</text>", "</ text>");
    }
    out.push(`${tag}: <text>${value}</text>`);
  } else out.push(`${tag}: ${value}`);
}

const str = (o: Obj, k: string): string | undefined =>
  typeof o[k] === "string" ? (o[k] as string) : undefined;
const strs = (o: Obj, k: string): string[] =>
  Array.isArray(o[k]) ? (o[k] as unknown[]).filter((x): x is string => typeof x === "string") : [];

/**
 * Renders the SPDX JSON shape as tag-value text. Returns the text and warnings for anything that cannot be
 * expressed (snippets, unusual extra fields).
 */
export function renderTagValue(doc: SpdxDocumentJson): { text: string; warnings: string[] } {
  const out: string[] = [];
  const w: string[] = [];
  line(out, w, "SPDXVersion", doc.spdxVersion);
  line(out, w, "DataLicense", doc.dataLicense);
  line(out, w, "SPDXID", doc.SPDXID);
  line(out, w, "DocumentName", doc.name);
  line(out, w, "DocumentNamespace", doc.documentNamespace);
  for (const ref of (doc.externalDocumentRefs as Obj[] | undefined) ?? []) {
    const cs = ref.checksum as SpdxChecksum | undefined;
    line(
      out,
      w,
      "ExternalDocumentRef",
      `${str(ref, "externalDocumentId")} ${str(ref, "spdxDocument")}${cs ? ` ${cs.algorithm}: ${cs.checksumValue}` : ""}`,
    );
  }
  if (doc.comment !== undefined) line(out, w, "DocumentComment", doc.comment, true);
  if (doc.creationInfo) {
    const ci = doc.creationInfo;
    if (ci.licenseListVersion !== undefined) line(out, w, "LicenseListVersion", ci.licenseListVersion);
    for (const c of ci.creators) line(out, w, "Creator", c);
    line(out, w, "Created", ci.created);
    if (ci.comment !== undefined) line(out, w, "CreatorComment", ci.comment, true);
  }
  for (const key of Object.keys(doc)) {
    if (key === "snippets" || key === "revieweds")
      w.push(`document member "${key}" is not written in tag-value output (dropped)`);
  }

  // Files contained by exactly one package follow it; the implied CONTAINS relationship is not repeated.
  const packages = doc.packages ?? [];
  const files = doc.files ?? [];
  const packageIds = new Set(packages.map((p) => p.SPDXID));
  const fileIds = new Set(files.map((f) => f.SPDXID));
  const owners = new Map<string, string[]>();
  for (const r of doc.relationships ?? []) {
    if (
      r.relationshipType === "CONTAINS" &&
      packageIds.has(r.spdxElementId) &&
      fileIds.has(r.relatedSpdxElement) &&
      !r.comment
    ) {
      const list = owners.get(r.relatedSpdxElement) ?? [];
      list.push(r.spdxElementId);
      owners.set(r.relatedSpdxElement, list);
    }
  }
  const filesOf = new Map<string, SpdxFile[]>();
  const loose: SpdxFile[] = [];
  const implied = new Set<string>();
  for (const f of files) {
    const o = owners.get(f.SPDXID);
    if (o && o.length === 1) {
      const list = filesOf.get(o[0]!) ?? [];
      list.push(f);
      filesOf.set(o[0]!, list);
      implied.add(JSON.stringify([o[0], f.SPDXID]));
    } else loose.push(f);
  }
  const annotations: [string, SpdxAnnotation][] = [];
  for (const a of doc.annotations ?? []) annotations.push([doc.SPDXID, a]);

  const renderFile = (f: SpdxFile): void => {
    out.push("");
    line(out, w, "FileName", f.fileName);
    line(out, w, "SPDXID", f.SPDXID);
    for (const [tag, key] of FILE_LISTS.slice(0, 1)) for (const v of strs(f, key)) line(out, w, tag, v);
    for (const c of f.checksums) line(out, w, "FileChecksum", `${c.algorithm}: ${c.checksumValue}`);
    for (const [tag, key, text] of FILE_FIELDS) {
      const v = str(f, key);
      if (v !== undefined) line(out, w, tag, v, text);
    }
    for (const [tag, key] of FILE_LISTS.slice(1)) for (const v of strs(f, key)) line(out, w, tag, v, true);
    for (const a of f.annotations ?? []) annotations.push([f.SPDXID, a]);
    warnUnknown(f, FILE_TV_KEYS, `file ${f.SPDXID}`, w);
  };

  for (const f of loose) renderFile(f);
  for (const p of packages) {
    out.push("");
    line(out, w, "PackageName", p.name);
    line(out, w, "SPDXID", p.SPDXID);
    for (const [tag, key, text] of PACKAGE_FIELDS.slice(0, 5)) {
      const v = str(p, key);
      if (v !== undefined) line(out, w, tag, v, text);
    }
    if (p.filesAnalyzed !== undefined) line(out, w, "FilesAnalyzed", String(p.filesAnalyzed));
    if (p.packageVerificationCode) {
      const ex = p.packageVerificationCode.packageVerificationCodeExcludedFiles ?? [];
      line(
        out,
        w,
        "PackageVerificationCode",
        `${p.packageVerificationCode.packageVerificationCodeValue}${ex.length ? ` (excludes: ${ex.join(", ")})` : ""}`,
      );
    }
    for (const c of p.checksums ?? []) line(out, w, "PackageChecksum", `${c.algorithm}: ${c.checksumValue}`);
    for (const [tag, key, text] of PACKAGE_FIELDS.slice(5)) {
      const v = str(p, key);
      if (v !== undefined) line(out, w, tag, v, text);
    }
    for (const [tag, key] of PACKAGE_LISTS)
      for (const v of strs(p, key)) line(out, w, tag, v, tag !== "PackageLicenseInfoFromFiles");
    for (const r of p.externalRefs ?? []) {
      if (!/^\S+$/.test(r.referenceCategory) || !/^\S+$/.test(r.referenceType)) {
        w.push(
          `package ${p.SPDXID}: external reference type ${JSON.stringify(r.referenceType)} cannot be written in tag-value (dropped)`,
        );
        continue;
      }
      line(out, w, "ExternalRef", `${r.referenceCategory} ${r.referenceType} ${r.referenceLocator}`);
      if (r.comment !== undefined) line(out, w, "ExternalRefComment", r.comment, true);
    }
    for (const a of p.annotations ?? []) annotations.push([p.SPDXID, a]);
    warnUnknown(p, PACKAGE_TV_KEYS, `package ${p.SPDXID}`, w);
    for (const f of filesOf.get(p.SPDXID) ?? []) renderFile(f);
  }
  for (const l of doc.hasExtractedLicensingInfos ?? []) {
    out.push("");
    line(out, w, "LicenseID", l.licenseId);
    line(out, w, "ExtractedText", l.extractedText, true);
    if (l.name !== undefined) line(out, w, "LicenseName", l.name);
    for (const s of l.seeAlsos ?? []) line(out, w, "LicenseCrossReference", s);
    if (l.comment !== undefined) line(out, w, "LicenseComment", l.comment, true);
  }
  const rels = (doc.relationships ?? []).filter(
    (r) =>
      !(
        r.relationshipType === "CONTAINS" &&
        !r.comment &&
        implied.has(JSON.stringify([r.spdxElementId, r.relatedSpdxElement]))
      ),
  );
  if (rels.length > 0) out.push("");
  for (const r of rels) {
    line(out, w, "Relationship", `${r.spdxElementId} ${r.relationshipType} ${r.relatedSpdxElement}`);
    if (r.comment !== undefined) line(out, w, "RelationshipComment", r.comment, true);
  }
  for (const [ref, a] of annotations) {
    out.push("");
    line(out, w, "Annotator", a.annotator);
    line(out, w, "AnnotationDate", a.annotationDate);
    line(out, w, "AnnotationType", a.annotationType);
    line(out, w, "SPDXREF", ref);
    line(out, w, "AnnotationComment", a.comment, true);
  }
  return { text: `${out.join("\n")}\n`, warnings: w };
}

const PACKAGE_TV_KEYS = new Set([
  "SPDXID",
  "name",
  "filesAnalyzed",
  "packageVerificationCode",
  "checksums",
  "externalRefs",
  "annotations",
  "hasFiles",
  ...PACKAGE_FIELDS.map((f) => f[1]),
  ...PACKAGE_LISTS.map((f) => f[1]),
]);
const FILE_TV_KEYS = new Set([
  "SPDXID",
  "fileName",
  "checksums",
  "annotations",
  ...FILE_FIELDS.map((f) => f[1]),
  ...FILE_LISTS.map((f) => f[1]),
]);

function warnUnknown(o: Obj, known: ReadonlySet<string>, what: string, w: string[]): void {
  for (const k of Object.keys(o))
    if (!known.has(k)) w.push(`${what}: member "${k}" has no tag-value form (dropped)`);
}

// ---------------------------------------------------------------------------------------------------------

interface TvLine {
  tag: string;
  value: string;
  line: number;
}

/** Splits tag-value text into (tag, value, line) triples, joining `<text>` blocks. */
function tokenize(text: string, file: string | undefined): TvLine[] {
  const out: TvLine[] = [];
  // Split on LF only: a CR inside a <text> block is content; elsewhere a trailing CR is a line ending.
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const rawLine = lines[i]!;
    const raw = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    if (raw.trim() === "" || raw.trimStart().startsWith("#")) continue;
    const colon = raw.indexOf(":");
    if (colon <= 0) fail(file, i + 1, `expected "Tag: value", found ${JSON.stringify(raw.slice(0, 60))}`);
    const tag = raw.slice(0, colon).trim();
    let value = raw.slice(colon + 1).trim();
    const start = i + 1;
    if (value.startsWith("<text>")) {
      let body = rawLine.slice(rawLine.indexOf("<text>") + 6);
      while (!body.includes("</text>")) {
        i++;
        if (i >= lines.length) fail(file, start, `<text> block of ${tag} is not closed with </text>`);
        body += `\n${lines[i]}`;
      }
      const end = body.indexOf("</text>");
      if (body.slice(end + 7).trim() !== "") fail(file, i + 1, `unexpected text after </text>`);
      value = body.slice(0, end);
    }
    out.push({ tag, value, line: start });
  }
  return out;
}

function fail(file: string | undefined, line: number, message: string): never {
  throw new PysbomError("INVALID_DOCUMENT", `${file ?? "input"}:${line}: ${message}`, {
    location: { file, line },
  });
}

const CHECKSUM = /^([A-Za-z0-9-]+):\s*(.*)$/s;
const VERIFICATION = /^([0-9a-fA-F]+)(?:\s*\(excludes:\s*(.*)\))?$/s;

/**
 * Parses SPDX tag-value text into the JSON shape (errors name the line). Snippet and review sections are
 * not supported and are reported in `warnings`.
 */
export function parseTagValue(text: string, file?: string): { json: SpdxDocumentJson; warnings: string[] } {
  const warnings: string[] = [];
  const doc: Obj = {};
  const packages: SpdxPackage[] = [];
  const files: SpdxFile[] = [];
  const ownerOf = new Map<SpdxFile, SpdxPackage>();
  const relationships: SpdxRelationship[] = [];
  const extracted: SpdxExtractedLicense[] = [];
  const annotations: { ref?: string; a: Obj; line: number }[] = [];
  let creation: Obj | undefined;
  let pkg: SpdxPackage | undefined;
  let fileEl: SpdxFile | undefined;
  let lic: SpdxExtractedLicense | undefined;
  let rel: SpdxRelationship | undefined;
  let ann: { ref?: string; a: Obj; line: number } | undefined;
  let extRef: SpdxExternalRef | undefined;
  let section: "doc" | "package" | "file" | "license" | "snippet" | "review" = "doc";
  let snippetWarned = false;

  const setOnce = (o: Obj, key: string, value: unknown, t: TvLine): void => {
    if (o[key] !== undefined) fail(file, t.line, `${t.tag} given twice`);
    o[key] = value;
  };
  const push = (o: Obj, key: string, value: unknown): void => {
    const list = (o[key] as unknown[] | undefined) ?? [];
    list.push(value);
    o[key] = list;
  };
  const checksum = (t: TvLine): SpdxChecksum => {
    const m = CHECKSUM.exec(t.value);
    if (!m)
      fail(file, t.line, `expected "ALGORITHM: hexvalue" for ${t.tag}, found ${JSON.stringify(t.value)}`);
    return { algorithm: m[1]!, checksumValue: m[2]! };
  };

  for (const t of tokenize(text, file)) {
    const { tag, value } = t;
    switch (tag) {
      case "SPDXVersion":
        setOnce(doc, "spdxVersion", value, t);
        continue;
      case "DataLicense":
        setOnce(doc, "dataLicense", value, t);
        continue;
      case "DocumentName":
        setOnce(doc, "name", value, t);
        continue;
      case "DocumentNamespace":
        setOnce(doc, "documentNamespace", value, t);
        continue;
      case "DocumentComment":
        setOnce(doc, "comment", value, t);
        continue;
      case "ExternalDocumentRef": {
        const m = /^(\S+)\s+(\S+)\s+([A-Za-z0-9-]+):\s*([0-9a-fA-F]+)$/.exec(value);
        if (!m) fail(file, t.line, `expected "DocumentRef-id URI ALGORITHM: hex" for ExternalDocumentRef`);
        push(doc, "externalDocumentRefs", {
          externalDocumentId: m[1],
          spdxDocument: m[2],
          checksum: { algorithm: m[3], checksumValue: m[4] },
        });
        continue;
      }
      case "LicenseListVersion":
      case "Creator":
      case "Created":
      case "CreatorComment": {
        creation ??= {};
        if (tag === "Creator") push(creation, "creators", value);
        else
          setOnce(
            creation,
            tag === "Created" ? "created" : tag === "CreatorComment" ? "comment" : "licenseListVersion",
            value,
            t,
          );
        continue;
      }
      case "PackageName":
        pkg = { SPDXID: "", name: value } as SpdxPackage;
        packages.push(pkg);
        section = "package";
        fileEl = undefined;
        continue;
      case "FileName":
        fileEl = { SPDXID: "", fileName: value, checksums: [] };
        files.push(fileEl);
        if (section === "package" || (section === "file" && pkg !== undefined)) {
          if (pkg) ownerOf.set(fileEl, pkg);
        } else pkg = undefined;
        section = "file";
        continue;
      case "LicenseID":
        lic = { licenseId: value, extractedText: "" };
        extracted.push(lic);
        section = "license";
        pkg = undefined;
        fileEl = undefined;
        continue;
      case "Relationship": {
        const parts = value.split(/\s+/);
        if (parts.length !== 3)
          fail(file, t.line, `expected "Relationship: ID TYPE ID", found ${JSON.stringify(value)}`);
        rel = { spdxElementId: parts[0]!, relationshipType: parts[1]!, relatedSpdxElement: parts[2]! };
        relationships.push(rel);
        continue;
      }
      case "RelationshipComment":
        if (!rel) fail(file, t.line, "RelationshipComment without a Relationship");
        setOnce(rel as unknown as Obj, "comment", value, t);
        continue;
      case "Annotator":
        ann = { a: { annotator: value }, line: t.line };
        annotations.push(ann);
        continue;
      case "AnnotationDate":
      case "AnnotationType":
      case "AnnotationComment":
      case "SPDXREF": {
        if (!ann) fail(file, t.line, `${tag} without an Annotator`);
        if (tag === "SPDXREF") ann.ref = value;
        else
          setOnce(
            ann.a,
            tag === "AnnotationDate"
              ? "annotationDate"
              : tag === "AnnotationType"
                ? "annotationType"
                : "comment",
            value,
            t,
          );
        continue;
      }
      case "SPDXID":
        if (section === "doc") setOnce(doc, "SPDXID", value, t);
        else if (section === "package" && pkg) pkg.SPDXID = value;
        else if (section === "file" && fileEl) fileEl.SPDXID = value;
        else if (section === "snippet" || section === "review") continue;
        else fail(file, t.line, "SPDXID outside a document, package or file section");
        continue;
      default:
        break;
    }
    if (tag.startsWith("Snippet") || (section === "snippet" && tag.startsWith("License"))) {
      section = "snippet";
      if (!snippetWarned)
        warnings.push(
          `${file ?? "input"}:${t.line}: snippets are not supported in tag-value input (dropped)`,
        );
      snippetWarned = true;
      continue;
    }
    if (tag === "Reviewer" || tag === "ReviewDate" || tag === "ReviewComment") {
      section = "review";
      warnings.push(`${file ?? "input"}:${t.line}: review information is not supported (dropped)`);
      continue;
    }
    if (section === "package" && pkg) {
      const o = pkg as Obj;
      const field = PACKAGE_FIELDS.find((f) => f[0] === tag);
      const list = PACKAGE_LISTS.find((f) => f[0] === tag);
      if (field) setOnce(o, field[1], value, t);
      else if (list) push(o, list[1], value);
      else if (tag === "FilesAnalyzed") {
        if (value !== "true" && value !== "false") fail(file, t.line, `FilesAnalyzed must be true or false`);
        setOnce(o, "filesAnalyzed", value === "true", t);
      } else if (tag === "PackageVerificationCode") {
        const m = VERIFICATION.exec(value);
        if (!m) fail(file, t.line, `expected "hex (excludes: files)" for PackageVerificationCode`);
        const code: Obj = { packageVerificationCodeValue: m[1] };
        if (m[2] !== undefined)
          code.packageVerificationCodeExcludedFiles = m[2].split(/,\s*/).filter(Boolean);
        setOnce(o, "packageVerificationCode", code, t);
      } else if (tag === "PackageChecksum") push(o, "checksums", checksum(t));
      else if (tag === "ExternalRef") {
        const m = /^(\S+) (\S+) (.*)$/s.exec(value);
        if (!m) fail(file, t.line, `expected "ExternalRef: CATEGORY TYPE LOCATOR"`);
        extRef = { referenceCategory: m[1]!, referenceType: m[2]!, referenceLocator: m[3]! };
        push(o, "externalRefs", extRef);
      } else if (tag === "ExternalRefComment") {
        if (!extRef) fail(file, t.line, "ExternalRefComment without an ExternalRef");
        extRef.comment = value;
      } else fail(file, t.line, `unknown package tag ${JSON.stringify(tag)}`);
      continue;
    }
    if (section === "file" && fileEl) {
      const o = fileEl as Obj;
      const field = FILE_FIELDS.find((f) => f[0] === tag);
      const list = FILE_LISTS.find((f) => f[0] === tag);
      if (field) setOnce(o, field[1], value, t);
      else if (list) push(o, list[1], value);
      else if (tag === "FileChecksum") fileEl.checksums.push(checksum(t));
      else fail(file, t.line, `unknown file tag ${JSON.stringify(tag)}`);
      continue;
    }
    if (section === "license" && lic) {
      if (tag === "ExtractedText") lic.extractedText = value;
      else if (tag === "LicenseName") lic.name = value;
      else if (tag === "LicenseCrossReference") lic.seeAlsos = [...(lic.seeAlsos ?? []), value];
      else if (tag === "LicenseComment") lic.comment = value;
      else fail(file, t.line, `unknown license tag ${JSON.stringify(tag)}`);
      continue;
    }
    fail(file, t.line, `unexpected tag ${JSON.stringify(tag)} here`);
  }

  if (doc.spdxVersion === undefined) fail(file, 1, `missing SPDXVersion`);
  if (creation) doc.creationInfo = { creators: [], ...creation };
  // Files after a package are contained by it.
  const containsRels: SpdxRelationship[] = [];
  const explicit = new Set(
    relationships.map((r) => JSON.stringify([r.spdxElementId, r.relationshipType, r.relatedSpdxElement])),
  );
  for (const f of files) {
    const owner = ownerOf.get(f);
    if (owner && !explicit.has(JSON.stringify([owner.SPDXID, "CONTAINS", f.SPDXID])))
      containsRels.push({
        spdxElementId: owner.SPDXID,
        relationshipType: "CONTAINS",
        relatedSpdxElement: f.SPDXID,
      });
  }
  const byId = new Map<string, Obj>();
  for (const p of packages) byId.set(p.SPDXID, p as Obj);
  for (const f of files) byId.set(f.SPDXID, f as Obj);
  const docAnnotations: Obj[] = [];
  for (const { ref, a, line: ln } of annotations) {
    if (ref === undefined || ref === doc.SPDXID) docAnnotations.push(a);
    else {
      const target = byId.get(ref);
      if (!target)
        fail(file, ln, `annotation refers to ${JSON.stringify(ref)}, which is not a package or file`);
      push(target, "annotations", a);
    }
  }
  const json = doc as SpdxDocumentJson;
  json.packages = packages;
  json.files = files;
  if (extracted.length > 0) json.hasExtractedLicensingInfos = extracted;
  json.relationships = [...relationships, ...containsRels];
  if (docAnnotations.length > 0) json.annotations = docAnnotations as unknown as SpdxAnnotation[];
  return { json, warnings };
}
