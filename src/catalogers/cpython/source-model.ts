// Misc/sbom.spdx.json (a fragment: packages, files, CONTAINS relationships) → model packages, files and
// relationships, keeping the SPDX ids as hints. Ids the fragment uses twice (CPython's tool writes
// `a_b.c` and `a-b.c` under one id) are told apart here, release-tools style, instead of being duplicated.
import { PysbomError } from "../../errors.js";
import {
  CHECKSUM_ALGORITHMS,
  type Checksum,
  type ChecksumAlgorithm,
  createFile,
  createPackage,
  EXTERNAL_REF_CATEGORIES,
  type ExternalRef,
  type ExternalRefCategory,
  type File,
  fileId,
  isValidSpdxId,
  type Package,
  PRIMARY_PURPOSES,
  type PrimaryPurpose,
  packageId,
  parseActor,
  RELATIONSHIP_TYPES,
  type Relationship,
  type RelationshipType,
} from "../../model/index.js";
import { isPyObject, type PyJson, type PyObject } from "./pyjson.js";
import type { ReleaseIdAllocator } from "./spdx-id.js";

const ALGORITHMS = new Set<string>(CHECKSUM_ALGORITHMS);
const PURPOSES = new Set<string>(PRIMARY_PURPOSES);
const CATEGORIES = new Set<string>(EXTERNAL_REF_CATEGORIES);
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
  "licenseDeclared",
  "copyrightText",
  "summary",
  "description",
  "comment",
  "externalRefs",
  "primaryPackagePurpose",
]);
const FILE_KEYS = new Set([
  "SPDXID",
  "fileName",
  "checksums",
  "fileTypes",
  "licenseConcluded",
  "licenseInfoInFiles",
  "copyrightText",
  "comment",
]);

/** A source-SBOM file with its model form and the SHA-256 release-tools compares. */
export interface SourceFile {
  readonly file: File;
  readonly path: string;
  /** The SHA-256 the source SBOM records (undefined when it has none). */
  readonly sha256: string | undefined;
}

/** The fragment in model form. */
export interface SourceModel {
  readonly packages: Package[];
  readonly files: SourceFile[];
  readonly relationships: Relationship[];
}

/** Options of {@link sourceSbomToModel}. */
export interface SourceModelOptions {
  /** Where the fragment is, relative to the target (`Misc/sbom.spdx.json`). */
  readonly sbomPath: string;
  /** What the target is called, for `sourceInfo` (e.g. `Python-3.13.0.tgz`). */
  readonly origin: string;
  /** Makes model ids unique per target. */
  readonly idScope: string;
  readonly ids: ReleaseIdAllocator;
  /** Overrides applied to every package (supplier, filesAnalyzed…). */
  readonly packageDefaults: Partial<Package>;
  /** SPDX ids of packages to leave out (pip and its dependencies, which are rebuilt from the wheel). */
  readonly skipPackages?: ReadonlySet<string>;
}

function bad(path: string, pointer: string, message: string): PysbomError {
  return new PysbomError("CHECK_FAILED", `${path} at ${pointer}: ${message}`, {
    location: { file: path, pointer },
  });
}

function optStr(o: PyObject, key: string, path: string, ptr: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw bad(path, `${ptr}/${key}`, "expected a string");
  return v;
}

function noAssertion(v: string | undefined): string | undefined {
  return v === "NOASSERTION" ? undefined : v;
}

function checksumsOf(o: PyObject, path: string, ptr: string): Checksum[] {
  const list = o.checksums;
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw bad(path, `${ptr}/checksums`, "expected a list");
  return list.map((c, i) => {
    const p = `${ptr}/checksums/${i}`;
    if (!isPyObject(c)) throw bad(path, p, "expected an object");
    const algorithm = optStr(c, "algorithm", path, p);
    const value = optStr(c, "checksumValue", path, p);
    if (algorithm === undefined || !ALGORITHMS.has(algorithm))
      throw bad(path, `${p}/algorithm`, `unknown checksum algorithm ${JSON.stringify(algorithm ?? null)}`);
    if (value === undefined) throw bad(path, `${p}/checksumValue`, "missing");
    return { algorithm: algorithm as ChecksumAlgorithm, value: value.toLowerCase() };
  });
}

function extrasOf(o: PyObject, known: ReadonlySet<string>): Package["extras"] {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (!known.has(k)) extra[k] = toPlain(v);
  return Object.keys(extra).length > 0 ? { spdx: extra } : undefined;
}

/** A PyJson value as plain JSON data (numbers by value) for format extras. */
function toPlain(v: PyJson): unknown {
  if (Array.isArray(v)) return v.map(toPlain);
  if (isPyObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toPlain(x);
    return out;
  }
  if (v !== null && typeof v === "object") return Number(v.repr);
  return v;
}

/**
 * Converts the source SBOM of a tree or tarball to the model. Its ids are reserved in `ids` first come,
 * first served; a repeated id gets release-tools' hash suffix. Malformed content is `CHECK_FAILED`.
 * @example sourceSbomToModel(json, { sbomPath: "Misc/sbom.spdx.json", origin, idScope, ids, packageDefaults })
 */
export function sourceSbomToModel(doc: PyJson, options: SourceModelOptions): SourceModel {
  const path = options.sbomPath;
  if (!isPyObject(doc)) throw bad(path, "", "expected a JSON object");
  const packagesIn = doc.packages ?? [];
  const filesIn = doc.files ?? [];
  const relsIn = doc.relationships ?? [];
  if (!Array.isArray(packagesIn)) throw bad(path, "/packages", "expected a list");
  if (!Array.isArray(filesIn)) throw bad(path, "/files", "expected a list");
  if (!Array.isArray(relsIn)) throw bad(path, "/relationships", "expected a list");

  // SPDX id in the fragment → model ids of the elements that carry it (in order).
  const byId = new Map<string, string[]>();
  const add = (spdx: string, id: string): void => {
    byId.set(spdx, [...(byId.get(spdx) ?? []), id]);
  };

  const packages: Package[] = [];
  packagesIn.forEach((raw, i) => {
    const ptr = `/packages/${i}`;
    if (!isPyObject(raw)) throw bad(path, ptr, "expected an object");
    const spdx = optStr(raw, "SPDXID", path, ptr);
    const name = optStr(raw, "name", path, ptr);
    if (spdx === undefined || name === undefined) throw bad(path, ptr, "a package needs SPDXID and name");
    if (options.skipPackages?.has(spdx)) return;
    const wanted = isValidSpdxId(spdx) ? spdx : undefined;
    const spdxId =
      wanted !== undefined && options.ids.reserve(wanted, `SPDXRef-PACKAGE-${name}`)
        ? wanted
        : options.ids.allocate(`SPDXRef-PACKAGE-${name}#${i}`);
    let purl: string | undefined;
    const cpes: string[] = [];
    const externalRefs: ExternalRef[] = [];
    const refs = raw.externalRefs ?? [];
    if (!Array.isArray(refs)) throw bad(path, `${ptr}/externalRefs`, "expected a list");
    refs.forEach((r, k) => {
      const p = `${ptr}/externalRefs/${k}`;
      if (!isPyObject(r)) throw bad(path, p, "expected an object");
      const category = (optStr(r, "referenceCategory", path, p) ?? "").replace("_", "-");
      const type = optStr(r, "referenceType", path, p) ?? "";
      const locator = optStr(r, "referenceLocator", path, p) ?? "";
      const comment = optStr(r, "comment", path, p);
      if (!CATEGORIES.has(category))
        throw bad(path, `${p}/referenceCategory`, `unknown category ${JSON.stringify(category)}`);
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
    const purposeRaw = optStr(raw, "primaryPackagePurpose", path, ptr)?.replace("_", "-");
    if (purposeRaw !== undefined && !PURPOSES.has(purposeRaw))
      throw bad(path, `${ptr}/primaryPackagePurpose`, `unknown purpose ${JSON.stringify(purposeRaw)}`);
    const version = optStr(raw, "versionInfo", path, ptr);
    const originatorText = noAssertion(optStr(raw, "originator", path, ptr));
    const originator = originatorText === undefined ? undefined : parseActor(originatorText);
    if (originatorText !== undefined && originator === undefined)
      throw bad(path, `${ptr}/originator`, `not an SPDX agent: ${JSON.stringify(originatorText)}`);
    const id = packageId({ name, version, purl, location: options.idScope, discriminator: spdxId });
    add(spdx, id);
    packages.push(
      createPackage({
        id,
        spdxId,
        name,
        version,
        originator,
        fileName: optStr(raw, "packageFileName", path, ptr),
        downloadLocation: noAssertion(optStr(raw, "downloadLocation", path, ptr)),
        homepage: noAssertion(optStr(raw, "homepage", path, ptr)),
        checksums: checksumsOf(raw, path, ptr),
        licenseConcluded: noAssertion(optStr(raw, "licenseConcluded", path, ptr)),
        licenseDeclared: noAssertion(optStr(raw, "licenseDeclared", path, ptr)),
        copyright: noAssertion(optStr(raw, "copyrightText", path, ptr)),
        summary: optStr(raw, "summary", path, ptr),
        description: optStr(raw, "description", path, ptr),
        comment: optStr(raw, "comment", path, ptr),
        sourceInfo: optStr(raw, "sourceInfo", path, ptr) ?? `acquired from ${path} in ${options.origin}`,
        purl,
        cpes,
        externalRefs,
        purpose: purposeRaw as PrimaryPurpose | undefined,
        properties: [{ name: "pysbom:location", value: path }],
        extras: extrasOf(raw, PACKAGE_KEYS),
        ...options.packageDefaults,
      }),
    );
  });

  const files: SourceFile[] = [];
  filesIn.forEach((raw, i) => {
    const ptr = `/files/${i}`;
    if (!isPyObject(raw)) throw bad(path, ptr, "expected an object");
    const spdx = optStr(raw, "SPDXID", path, ptr);
    const fileName = optStr(raw, "fileName", path, ptr);
    if (spdx === undefined || fileName === undefined)
      throw bad(path, ptr, "a file needs SPDXID and fileName");
    const value = `SPDXRef-FILE-${fileName}`;
    const spdxId =
      isValidSpdxId(spdx) && options.ids.reserve(spdx, value) ? spdx : options.ids.allocate(value);
    const checksums = checksumsOf(raw, path, ptr);
    const types = raw.fileTypes;
    const id = fileId(fileName, `${options.idScope}#${spdxId}`);
    add(spdx, id);
    files.push({
      path: fileName,
      sha256: checksums.find((c) => c.algorithm === "SHA256")?.value,
      file: createFile({
        id,
        spdxId,
        path: fileName,
        checksums,
        fileTypes: Array.isArray(types)
          ? (types.filter((t) => typeof t === "string") as File["fileTypes"][number][])
          : [],
        licenseConcluded: noAssertion(optStr(raw, "licenseConcluded", path, ptr)),
        copyright: noAssertion(optStr(raw, "copyrightText", path, ptr)),
        comment: optStr(raw, "comment", path, ptr),
        extras: extrasOf(raw, FILE_KEYS),
      }),
    });
  });

  // Relationships name elements by SPDX id; the k-th reference to a repeated id means its k-th element
  // (generate_sbom.py writes one CONTAINS per file, in file order).
  const used = new Map<string, number>();
  const resolve = (spdx: string, consume: boolean): string | undefined => {
    const list = byId.get(spdx);
    if (!list) return undefined;
    if (!consume || list.length === 1) return list[0];
    const k = used.get(spdx) ?? 0;
    used.set(spdx, k + 1);
    return list[Math.min(k, list.length - 1)];
  };
  const relationships: Relationship[] = [];
  relsIn.forEach((raw, i) => {
    const ptr = `/relationships/${i}`;
    if (!isPyObject(raw)) throw bad(path, ptr, "expected an object");
    const from = optStr(raw, "spdxElementId", path, ptr);
    const to = optStr(raw, "relatedSpdxElement", path, ptr);
    const type = optStr(raw, "relationshipType", path, ptr);
    if (from === undefined || to === undefined || type === undefined || !RELATIONSHIP_SET.has(type))
      throw bad(path, ptr, "a relationship needs spdxElementId, relationshipType and relatedSpdxElement");
    if (options.skipPackages?.has(from) || options.skipPackages?.has(to)) return;
    if (from === "SPDXRef-DOCUMENT" && type === "DESCRIBES") return;
    const a = resolve(from, false);
    const b = resolve(to, true);
    if (a === undefined || b === undefined)
      throw bad(path, ptr, `relationship ${from} ${type} ${to} names an element the document does not have`);
    relationships.push({ from: a, type: type as RelationshipType, to: b });
  });
  return { packages, files, relationships };
}
