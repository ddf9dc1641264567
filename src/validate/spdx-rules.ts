// Layer 2 for SPDX 2.2/2.3 (JSON, and tag-value through its JSON form): the rules of the specification the
// JSON schema cannot express — identifiers unique and well formed, references resolvable, a DESCRIBES root,
// checksums, license expressions against the SPDX License List, purl/CPE syntax, the package verification
// code recomputed from the files, FilesAnalyzed consistency, dates, namespace, agents. Clause numbers are
// those of SPDX 2.3.
import { isValidCpe } from "../core/cpe.js";
import { verificationCode } from "../model/index.js";
import {
  arrayOf,
  checkLicenseExpression,
  digestProblem,
  isAbsoluteUri,
  isCpe22,
  isObject,
  isRfc3339DateTime,
  isSpdxTimestamp,
  type LicenseCheck,
  purlProblem,
  SPDX_DIGEST_HEX,
  stringOf,
} from "./checks.js";
import { escapeToken } from "./json-positions.js";
import { finding } from "./rules.js";
import type { ValidationFinding } from "./types.js";

type Obj = Record<string, unknown>;

const ID = /^SPDXRef-[A-Za-z0-9.-]+$/;
const EXTERNAL_ID = /^DocumentRef-([A-Za-z0-9.-]+):SPDXRef-[A-Za-z0-9.-]+$/;
const DOCUMENT_REF = /^DocumentRef-[A-Za-z0-9.-]+$/;
const LICENSE_REF = /^LicenseRef-[A-Za-z0-9.-]+$/;
const AGENT = /^(Person|Organization|Tool):\s*\S/s;
const PARTY = /^(Person|Organization):\s*\S/s;
const EMPTY_SHA1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";

// SPDX 2.3 Annex F: the category each listed reference type belongs to ("_" spellings are accepted too).
const REF_CATEGORY: Readonly<Record<string, string>> = {
  cpe22Type: "SECURITY",
  cpe23Type: "SECURITY",
  advisory: "SECURITY",
  fix: "SECURITY",
  url: "SECURITY",
  swid: "SECURITY",
  "maven-central": "PACKAGE-MANAGER",
  npm: "PACKAGE-MANAGER",
  nuget: "PACKAGE-MANAGER",
  bower: "PACKAGE-MANAGER",
  purl: "PACKAGE-MANAGER",
  swh: "PERSISTENT-ID",
  gitoid: "PERSISTENT-ID",
};

const p = (...tokens: (string | number)[]): string => tokens.map((t) => `/${escapeToken(t)}`).join("");

/** Context of one SPDX document's checks. */
class SpdxChecker {
  readonly out: ValidationFinding[] = [];
  readonly doc: Obj;
  readonly version: string;
  readonly packages: unknown[];
  readonly files: unknown[];
  readonly snippets: unknown[];
  readonly relationships: unknown[];
  readonly ids = new Map<string, string>();
  readonly externalDocs = new Set<string>();
  readonly extracted = new Set<string>();
  readonly extractedLower = new Set<string>();
  readonly licenseCache = new Map<string, LicenseCheck>();

  constructor(doc: Obj, version: string) {
    this.doc = doc;
    this.version = version;
    this.packages = arrayOf(doc.packages);
    this.files = arrayOf(doc.files);
    this.snippets = arrayOf(doc.snippets);
    this.relationships = arrayOf(doc.relationships);
  }

  add(code: string, path: string, message: string, component?: string): void {
    this.out.push(finding(code, path, message, { component }));
  }

  /** The component a pointer is inside, by name. */
  componentAt(kind: "packages" | "files" | "snippets", index: number): string | undefined {
    const list = kind === "packages" ? this.packages : kind === "files" ? this.files : this.snippets;
    const el = list[index];
    if (!isObject(el)) return undefined;
    return stringOf(kind === "files" ? el.fileName : el.name) ?? stringOf(el.SPDXID);
  }

  run(): ValidationFinding[] {
    this.documentFields();
    this.identifiers();
    this.references();
    this.describes();
    this.elements();
    this.verificationCodes();
    return this.out;
  }

  documentFields(): void {
    const d = this.doc;
    if (typeof d.SPDXID === "string" && d.SPDXID !== "SPDXRef-DOCUMENT")
      this.add("spdx/invalid-document-id", "/SPDXID", `the document SPDXID is ${JSON.stringify(d.SPDXID)}`);
    if (typeof d.dataLicense === "string" && d.dataLicense !== "CC0-1.0")
      this.add(
        "spdx/invalid-data-license",
        "/dataLicense",
        `dataLicense is ${JSON.stringify(d.dataLicense)}`,
      );
    if (typeof d.documentNamespace === "string") {
      const ns = d.documentNamespace;
      if (!isAbsoluteUri(ns))
        this.add(
          "spdx/invalid-namespace",
          "/documentNamespace",
          `${JSON.stringify(ns)} is not an absolute URI`,
        );
      else if (ns.includes("#"))
        this.add("spdx/invalid-namespace", "/documentNamespace", `${JSON.stringify(ns)} contains "#"`);
    }
    const ci = d.creationInfo;
    if (isObject(ci)) {
      this.date(ci.created, "/creationInfo/created");
      arrayOf(ci.creators).forEach((c, i) => {
        if (typeof c === "string" && !AGENT.test(c))
          this.add(
            "spdx/invalid-actor",
            p("creationInfo", "creators", i),
            `creator ${JSON.stringify(c)} is not "Person: …", "Organization: …" or "Tool: …"`,
          );
      });
    }
    arrayOf(d.externalDocumentRefs).forEach((r, i) => {
      if (!isObject(r)) return;
      const id = stringOf(r.externalDocumentId);
      if (id !== undefined) {
        if (!DOCUMENT_REF.test(id))
          this.add(
            "spdx/invalid-id",
            p("externalDocumentRefs", i, "externalDocumentId"),
            `${JSON.stringify(id)} is not "DocumentRef-" followed by letters, digits, "." and "-"`,
          );
        this.externalDocs.add(id);
      }
      if (isObject(r.checksum))
        this.checksum(r.checksum, p("externalDocumentRefs", i, "checksum"), undefined);
    });
    this.annotations(d.annotations, "", undefined);
    arrayOf(d.revieweds).forEach((r, i) => {
      if (isObject(r)) this.date(r.reviewDate, p("revieweds", i, "reviewDate"));
    });
    arrayOf(d.hasExtractedLicensingInfos).forEach((l, i) => {
      if (!isObject(l) || typeof l.licenseId !== "string") return;
      if (!LICENSE_REF.test(l.licenseId))
        this.add(
          "spdx/invalid-license-expression",
          p("hasExtractedLicensingInfos", i, "licenseId"),
          `extracted licenseId ${JSON.stringify(l.licenseId)} is not "LicenseRef-" followed by letters, digits, "." and "-"`,
        );
      this.extracted.add(l.licenseId);
      this.extractedLower.add(l.licenseId.toLowerCase());
    });
  }

  identifiers(): void {
    const seen = (id: unknown, path: string, component: string | undefined): void => {
      if (typeof id !== "string") return;
      if (path !== "/SPDXID" && !ID.test(id))
        this.add(
          "spdx/invalid-id",
          path,
          `${JSON.stringify(id)} is not "SPDXRef-" followed by letters, digits, "." and "-"`,
          component,
        );
      const first = this.ids.get(id);
      if (first !== undefined)
        this.add(
          "spdx/duplicate-id",
          path,
          `SPDXID ${JSON.stringify(id)} is also the identifier at ${first.slice(0, -"/SPDXID".length) || "/"}`,
          component,
        );
      else this.ids.set(id, path);
    };
    seen(this.doc.SPDXID, "/SPDXID", undefined);
    for (const kind of ["packages", "files", "snippets"] as const) {
      const list = kind === "packages" ? this.packages : kind === "files" ? this.files : this.snippets;
      list.forEach((el, i) => {
        if (isObject(el)) seen(el.SPDXID, p(kind, i, "SPDXID"), this.componentAt(kind, i));
      });
    }
  }

  /** True when `ref` names an element of this document or of a declared external document. */
  resolves(ref: string): boolean {
    if (this.ids.has(ref)) return true;
    const m = EXTERNAL_ID.exec(ref);
    return m !== null && this.externalDocs.has(`DocumentRef-${m[1]}`);
  }

  references(): void {
    this.relationships.forEach((r, i) => {
      if (!isObject(r)) return;
      const from = stringOf(r.spdxElementId);
      const to = stringOf(r.relatedSpdxElement);
      if (from !== undefined && !this.resolves(from))
        this.add(
          "spdx/dangling-ref",
          p("relationships", i, "spdxElementId"),
          `relationship from ${JSON.stringify(from)}, which this document does not define`,
        );
      if (to !== undefined && to !== "NONE" && to !== "NOASSERTION" && !this.resolves(to))
        this.add(
          "spdx/dangling-ref",
          p("relationships", i, "relatedSpdxElement"),
          `relationship to ${JSON.stringify(to)}, which this document does not define`,
        );
    });
    arrayOf(this.doc.documentDescribes).forEach((ref, i) => {
      if (typeof ref === "string" && !this.resolves(ref))
        this.add(
          "spdx/dangling-ref",
          p("documentDescribes", i),
          `documentDescribes names ${JSON.stringify(ref)}, which this document does not define`,
        );
    });
    const fileIds = new Set(this.files.map((f) => (isObject(f) ? stringOf(f.SPDXID) : undefined)));
    this.packages.forEach((pkg, i) => {
      if (!isObject(pkg)) return;
      arrayOf(pkg.hasFiles).forEach((ref, j) => {
        if (typeof ref === "string" && !fileIds.has(ref))
          this.add(
            "spdx/dangling-ref",
            p("packages", i, "hasFiles", j),
            `hasFiles names ${JSON.stringify(ref)}, which is not a file of this document`,
            this.componentAt("packages", i),
          );
      });
    });
    this.snippets.forEach((s, i) => {
      if (!isObject(s)) return;
      const from = stringOf(s.snippetFromFile);
      if (from !== undefined && !fileIds.has(from) && !this.resolves(from))
        this.add(
          "spdx/dangling-ref",
          p("snippets", i, "snippetFromFile"),
          `snippetFromFile names ${JSON.stringify(from)}, which is not a file of this document`,
          this.componentAt("snippets", i),
        );
    });
  }

  describes(): void {
    const docId = stringOf(this.doc.SPDXID) ?? "SPDXRef-DOCUMENT";
    if (arrayOf(this.doc.documentDescribes).length > 0) return;
    for (const r of this.relationships) {
      if (!isObject(r)) continue;
      if (r.relationshipType === "DESCRIBES" && r.spdxElementId === docId) return;
      if (r.relationshipType === "DESCRIBED_BY" && r.relatedSpdxElement === docId) return;
    }
    this.add(
      "spdx/missing-describes",
      "",
      `no "${docId} DESCRIBES …" relationship and no documentDescribes: the document does not say what it describes`,
    );
  }

  elements(): void {
    this.packages.forEach((pkg, i) => {
      if (!isObject(pkg)) return;
      const name = this.componentAt("packages", i);
      const at = (...t: (string | number)[]) => p("packages", i, ...t);
      arrayOf(pkg.checksums).forEach((c, j) => {
        if (isObject(c)) this.checksum(c, at("checksums", j), name);
      });
      this.license(pkg.licenseConcluded, at("licenseConcluded"), name);
      this.license(pkg.licenseDeclared, at("licenseDeclared"), name);
      arrayOf(pkg.licenseInfoFromFiles).forEach((l, j) => {
        this.license(l, at("licenseInfoFromFiles", j), name);
      });
      for (const key of ["supplier", "originator"]) {
        const v = pkg[key];
        if (typeof v === "string" && v !== "NOASSERTION" && !PARTY.test(v))
          this.add(
            "spdx/invalid-actor",
            at(key),
            `${key} ${JSON.stringify(v)} is not "Person: …", "Organization: …" or NOASSERTION`,
            name,
          );
      }
      const dl = pkg.downloadLocation;
      if (typeof dl === "string" && dl !== "NONE" && dl !== "NOASSERTION" && !isAbsoluteUri(dl))
        this.add(
          "spdx/invalid-download-location",
          at("downloadLocation"),
          `downloadLocation ${JSON.stringify(dl)} is not a URL, a VCS locator, NONE or NOASSERTION`,
          name,
        );
      for (const key of ["releaseDate", "builtDate", "validUntilDate"]) this.date(pkg[key], at(key), name);
      arrayOf(pkg.externalRefs).forEach((r, j) => {
        if (isObject(r)) this.externalRef(r, at("externalRefs", j), name);
      });
      this.annotations(pkg.annotations, p("packages", i), name);
    });
    this.files.forEach((f, i) => {
      if (!isObject(f)) return;
      const name = this.componentAt("files", i);
      const at = (...t: (string | number)[]) => p("files", i, ...t);
      arrayOf(f.checksums).forEach((c, j) => {
        if (isObject(c)) this.checksum(c, at("checksums", j), name);
      });
      this.license(f.licenseConcluded, at("licenseConcluded"), name);
      arrayOf(f.licenseInfoInFiles).forEach((l, j) => {
        this.license(l, at("licenseInfoInFiles", j), name);
      });
      this.annotations(f.annotations, p("files", i), name);
    });
    this.snippets.forEach((s, i) => {
      if (!isObject(s)) return;
      const name = this.componentAt("snippets", i);
      const at = (...t: (string | number)[]) => p("snippets", i, ...t);
      this.license(s.licenseConcluded, at("licenseConcluded"), name);
      arrayOf(s.licenseInfoInSnippets).forEach((l, j) => {
        this.license(l, at("licenseInfoInSnippets", j), name);
      });
      this.annotations(s.annotations, p("snippets", i), name);
    });
  }

  checksum(c: Obj, at: string, component: string | undefined): void {
    const alg = stringOf(c.algorithm);
    const value = stringOf(c.checksumValue);
    if (alg === undefined || value === undefined) return;
    const problem = digestProblem(alg, value, SPDX_DIGEST_HEX);
    if (problem)
      this.add("spdx/invalid-checksum", `${at}/checksumValue`, `${alg} checksum ${problem}`, component);
    else if (/[A-F]/.test(value))
      this.add("spdx/checksum-case", `${at}/checksumValue`, `${alg} checksum is upper case`, component);
  }

  license(value: unknown, at: string, component: string | undefined): void {
    if (typeof value !== "string") return;
    let check = this.licenseCache.get(value);
    if (!check) {
      check = checkLicenseExpression(value);
      this.licenseCache.set(value, check);
    }
    if (check.problem) {
      this.add(
        check.problem.kind === "unknown-id" ? "spdx/unknown-license-id" : "spdx/invalid-license-expression",
        at,
        check.problem.message,
        component,
      );
      return;
    }
    for (const id of check.deprecated)
      this.add("spdx/deprecated-license-id", at, `${id} is a deprecated SPDX license identifier`, component);
    for (const ref of check.localRefs)
      if (!this.extracted.has(ref) && !this.extractedLower.has(ref.toLowerCase()))
        this.add(
          "spdx/undeclared-license-ref",
          at,
          `${ref} is not defined in hasExtractedLicensingInfos`,
          component,
        );
    for (const ref of check.documentRefs)
      if (!this.externalDocs.has(ref))
        this.add("spdx/dangling-ref", at, `${ref} is not declared in externalDocumentRefs`, component);
  }

  externalRef(r: Obj, at: string, component: string | undefined): void {
    const type = stringOf(r.referenceType);
    const category = stringOf(r.referenceCategory)?.replace(/_/g, "-");
    const locator = stringOf(r.referenceLocator);
    if (type === undefined || locator === undefined) return;
    const want = Object.hasOwn(REF_CATEGORY, type) ? REF_CATEGORY[type] : undefined;
    if (want !== undefined && category !== undefined && category !== want)
      this.add(
        "spdx/external-ref-category",
        `${at}/referenceCategory`,
        `a ${type} reference belongs to category ${want}, not ${r.referenceCategory}`,
        component,
      );
    if (type === "purl") {
      const problem = purlProblem(locator);
      if (problem) this.add("spdx/invalid-purl", `${at}/referenceLocator`, problem, component);
    } else if (type === "cpe23Type" && !isValidCpe(locator))
      this.add(
        "spdx/invalid-cpe",
        `${at}/referenceLocator`,
        `${JSON.stringify(locator)} is not a CPE 2.3 formatted string`,
        component,
      );
    else if (type === "cpe22Type" && !isCpe22(locator))
      this.add(
        "spdx/invalid-cpe",
        `${at}/referenceLocator`,
        `${JSON.stringify(locator)} is not a CPE 2.2 URI`,
        component,
      );
  }

  date(value: unknown, at: string, component?: string): void {
    if (typeof value !== "string") return;
    if (!isRfc3339DateTime(value))
      this.add("spdx/invalid-date", at, `${JSON.stringify(value)} is not an RFC 3339 date-time`, component);
    else if (!isSpdxTimestamp(value))
      this.add(
        "spdx/date-format",
        at,
        `${JSON.stringify(value)} is not in SPDX's form YYYY-MM-DDThh:mm:ssZ`,
        component,
      );
  }

  annotations(list: unknown, owner: string, component: string | undefined): void {
    arrayOf(list).forEach((a, i) => {
      if (!isObject(a)) return;
      this.date(a.annotationDate, `${owner}/annotations/${i}/annotationDate`, component);
      if (typeof a.annotator === "string" && !AGENT.test(a.annotator))
        this.add(
          "spdx/invalid-actor",
          `${owner}/annotations/${i}/annotator`,
          `annotator ${JSON.stringify(a.annotator)} is not "Person: …", "Organization: …" or "Tool: …"`,
          component,
        );
    });
  }

  /** Clause 7.8/7.9: FilesAnalyzed consistency, and the verification code recomputed from the files. */
  verificationCodes(): void {
    const fileById = new Map<string, { index: number; obj: Obj }>();
    const duplicatedFiles = new Set<string>();
    this.files.forEach((f, index) => {
      if (!isObject(f) || typeof f.SPDXID !== "string") return;
      if (fileById.has(f.SPDXID)) duplicatedFiles.add(f.SPDXID);
      else fileById.set(f.SPDXID, { index, obj: f });
    });
    const contained = new Map<string, Set<string>>();
    const contain = (pkg: string, file: string): void => {
      if (!fileById.has(file)) return;
      let set = contained.get(pkg);
      if (!set) {
        set = new Set();
        contained.set(pkg, set);
      }
      set.add(file);
    };
    for (const r of this.relationships) {
      if (!isObject(r) || typeof r.spdxElementId !== "string" || typeof r.relatedSpdxElement !== "string")
        continue;
      if (r.relationshipType === "CONTAINS") contain(r.spdxElementId, r.relatedSpdxElement);
      else if (r.relationshipType === "CONTAINED_BY") contain(r.relatedSpdxElement, r.spdxElementId);
    }
    // With a duplicated SPDXID, which package contains what is ambiguous: those packages are skipped
    // (spdx/duplicate-id reports them).
    const idCount = new Map<string, number>();
    for (const pkg of this.packages) {
      const id = isObject(pkg) ? stringOf(pkg.SPDXID) : undefined;
      if (id !== undefined) idCount.set(id, (idCount.get(id) ?? 0) + 1);
    }
    this.packages.forEach((pkg, i) => {
      if (!isObject(pkg)) return;
      const id = stringOf(pkg.SPDXID) ?? "";
      if ((idCount.get(id) ?? 0) > 1) return;
      for (const f of arrayOf(pkg.hasFiles)) if (typeof f === "string") contain(id, f);
      const name = this.componentAt("packages", i);
      const files = contained.get(id) ?? new Set<string>();
      const code = pkg.packageVerificationCode;
      if (pkg.filesAnalyzed === false) {
        const why: string[] = [];
        if (files.size > 0) why.push(`contains ${files.size} file(s)`);
        if (code !== undefined) why.push("has a packageVerificationCode");
        if (arrayOf(pkg.licenseInfoFromFiles).length > 0) why.push("has licenseInfoFromFiles");
        if (why.length > 0)
          this.add(
            "spdx/files-analyzed-conflict",
            p("packages", i, "filesAnalyzed"),
            `filesAnalyzed is false, but the package ${why.join(", ")}`,
            name,
          );
        return;
      }
      if (code === undefined) {
        if (this.version === "SPDX-2.2")
          this.add(
            "spdx/missing-verification-code",
            p("packages", i),
            "filesAnalyzed is true (or omitted) but there is no packageVerificationCode",
            name,
          );
        return;
      }
      if (!isObject(code) || typeof code.packageVerificationCodeValue !== "string") return;
      const value = code.packageVerificationCodeValue;
      const at = p("packages", i, "packageVerificationCode", "packageVerificationCodeValue");
      if (!/^[0-9a-fA-F]{40}$/.test(value)) {
        this.add(
          "spdx/invalid-verification-code",
          at,
          `${JSON.stringify(value)} is not a 40-digit hexadecimal SHA-1`,
          name,
        );
        return;
      }
      const excluded = new Set(
        arrayOf(code.packageVerificationCodeExcludedFiles)
          .filter((x): x is string => typeof x === "string")
          .map((x) => x.replace(/^\.\//, "")),
      );
      // Which file a duplicated SPDXID means is ambiguous (spdx/duplicate-id reports it): do not guess.
      for (const fid of files) if (duplicatedFiles.has(fid)) return;
      const sha1s: string[] = [];
      let listed = 0;
      for (const fid of files) {
        const f = fileById.get(fid)!.obj;
        const fileName = stringOf(f.fileName)?.replace(/^\.\//, "");
        if (fileName !== undefined && excluded.has(fileName)) continue;
        listed++;
        const sha1 = arrayOf(f.checksums).find((c) => isObject(c) && c.algorithm === "SHA1");
        const v = isObject(sha1) ? stringOf(sha1.checksumValue) : undefined;
        if (v === undefined || !/^[0-9a-fA-F]{40}$/.test(v)) return; // cannot recompute; reported per file
        sha1s.push(v);
      }
      if (listed === 0) {
        if (value.toLowerCase() !== EMPTY_SHA1)
          this.add(
            "spdx/verification-code-unverifiable",
            at,
            "the document lists none of the package's files, so the verification code cannot be checked",
            name,
          );
        return;
      }
      const want = verificationCode(sha1s);
      if (want !== value.toLowerCase())
        this.add(
          "spdx/verification-code-mismatch",
          at,
          `verification code is ${value}, but the ${listed} file(s) the package contains give ${want}`,
          name,
        );
    });
  }
}

/**
 * The layer-2 findings of an SPDX document in its JSON form (`version`: its `spdxVersion`).
 * @example spdxSemanticFindings(JSON.parse(text), "SPDX-2.3")
 */
export function spdxSemanticFindings(doc: Obj, version: string): ValidationFinding[] {
  return new SpdxChecker(doc, version).run();
}
