// Validated view of core metadata: every field checked against the core metadata specification
// (and packaging 26.2's `Metadata.from_raw` rules), collecting all problems instead of stopping.
import { type NormalizedLicenseExpression, tryCanonicalizeLicenseExpression } from "../license/expression.js";
import { isValidName, type NormalizedName, tryParseName } from "../names.js";
import { isValidSpecifierSet } from "../pep440/specifier.js";
import { formatVersion, tryParseVersion } from "../pep440/version.js";
import { type Requirement, tryParseRequirement } from "../pep508/requirement.js";
import { type Contact, mergeContacts } from "./contacts.js";
import {
  FIELDS_BY_HEADER,
  METADATA_FIELDS,
  METADATA_VERSIONS,
  type MetadataVersion,
  type RawMetadata,
} from "./fields.js";
import { parseRawMetadata } from "./parse.js";
import type { MetadataProblem, MetadataProblemCode } from "./problems.js";

/** A `Project-URL` entry: `label, url`. */
export interface ProjectUrl {
  readonly label: string;
  readonly url: string;
}

/**
 * Core metadata after validation. Values that failed validation are left out (the raw value stays in
 * {@link RawMetadata}), except `name` and `version`, kept as written because every consumer needs
 * them; `normalizedName` / `normalizedVersion` are set only when valid. Multiple-use fields are
 * always arrays. The placeholder `UNKNOWN` that old setuptools wrote for unset Summary, Home-page,
 * Author, Author-email, License and Platform fields is treated as absent.
 */
export interface CoreMetadata {
  /** One of {@link METADATA_VERSIONS} when valid. */
  readonly metadataVersion?: MetadataVersion;
  /** The Name field as written. */
  readonly name?: string;
  /** PEP 503 normal form of a valid name. */
  readonly normalizedName?: NormalizedName;
  /** The Version field as written. */
  readonly version?: string;
  /** PEP 440 normal form of a valid version (`1.0-RC1` → `1.0rc1`). */
  readonly normalizedVersion?: string;
  readonly summary?: string;
  readonly description?: string;
  readonly descriptionContentType?: string;
  /** Keywords split on commas, empty items dropped. */
  readonly keywords: readonly string[];
  readonly homePage?: string;
  readonly downloadUrl?: string;
  readonly author?: string;
  readonly authorEmail?: string;
  /** Author + Author-email as contacts (see {@link mergeContacts}). */
  readonly authors: readonly Contact[];
  readonly maintainer?: string;
  readonly maintainerEmail?: string;
  /** Maintainer + Maintainer-email as contacts. */
  readonly maintainers: readonly Contact[];
  /** The free-text License field. */
  readonly license?: string;
  /** The License-Expression field in canonical form, when valid. */
  readonly licenseExpression?: NormalizedLicenseExpression;
  readonly licenseFiles: readonly string[];
  readonly classifiers: readonly string[];
  /** The valid Requires-Dist entries, parsed (PEP 508); invalid ones are reported and left out. */
  readonly requiresDist: readonly Requirement[];
  /** A valid Requires-Python specifier set, as written (`>=3.8`). */
  readonly requiresPython?: string;
  readonly requiresExternal: readonly string[];
  readonly projectUrls: readonly ProjectUrl[];
  /** Valid extras in PEP 685 normal form. */
  readonly providesExtra: readonly NormalizedName[];
  readonly providesDist: readonly string[];
  readonly obsoletesDist: readonly string[];
  readonly platforms: readonly string[];
  readonly supportedPlatforms: readonly string[];
  /** Valid Dynamic field names, lowercased (as packaging returns them). */
  readonly dynamic: readonly string[];
  readonly importNames: readonly string[];
  readonly importNamespaces: readonly string[];
  readonly requires: readonly string[];
  readonly provides: readonly string[];
  readonly obsoletes: readonly string[];
}

/** The result of {@link validateMetadata}. */
export interface ValidatedMetadata {
  readonly metadata: CoreMetadata;
  readonly problems: readonly MetadataProblem[];
}

const UNKNOWN = "UNKNOWN";
const CONTENT_TYPES = new Set(["text/plain", "text/x-rst", "text/markdown"]);
const MARKDOWN_VARIANTS = new Set(["GFM", "CommonMark"]);
// Core metadata spec, Dynamic: "Name", "Version" and "Metadata-Version" must never be dynamic.
const NEVER_DYNAMIC = new Set(["name", "version", "metadata-version"]);
const PYTHON_KEYWORDS = new Set(
  (
    "False None True and as assert async await break class continue def del elif else except finally for " +
    "from global if import in is lambda nonlocal not or pass raise return try while with yield"
  ).split(" "),
);
// Python's str.isidentifier(): XID_Start or "_", then XID_Continue.
const IDENTIFIER = /^[\p{XID_Start}_]\p{XID_Continue}*$/u;

const q = (s: string) => JSON.stringify(s);

function known(value: string | undefined): string | undefined {
  return value === undefined || value === UNKNOWN ? undefined : value;
}

// packaging's `_process_description_content_type` (email.message parsing of a Content-Type header).
function contentTypeProblem(value: string): string | undefined {
  const [type = "", ...params] = value.split(";");
  const t = type.trim().toLowerCase();
  const allowed = [...CONTENT_TYPES].join(", ");
  if (!CONTENT_TYPES.has(t)) return `Description-Content-Type must be one of ${allowed}, not ${q(value)}`;
  const parameters = new Map<string, string>();
  for (const p of params) {
    const eq = p.indexOf("=");
    if (eq === -1) continue;
    let v = p.slice(eq + 1).trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
    parameters.set(p.slice(0, eq).trim().toLowerCase(), v);
  }
  const charset = parameters.get("charset") ?? "UTF-8";
  if (charset !== "UTF-8")
    return `Description-Content-Type can only specify the UTF-8 charset, not ${q(charset)}`;
  const variant = parameters.get("variant") ?? "GFM";
  if (t === "text/markdown" && !MARKDOWN_VARIANTS.has(variant))
    return `valid Markdown variants for Description-Content-Type are GFM, CommonMark, not ${q(variant)}`;
  return undefined;
}

// packaging's `_process_license_files`: relative, resolved, '/'-separated paths.
function licenseFileProblem(path: string): string | undefined {
  if (path.includes("..")) return `${q(path)}: parent directory indicators are not allowed`;
  if (path.includes("*")) return `${q(path)}: paths must be resolved (no globs)`;
  if (path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith("\\\\"))
    return `${q(path)}: paths must be relative`;
  if (path.includes("\\")) return `${q(path)}: paths must use '/' delimiter`;
  // packaging compares with PureWindowsPath(path).as_posix(), which drops empty and "." segments.
  const normal = path
    .split("/")
    .filter((segment) => segment !== "" && segment !== ".")
    .join("/");
  if ((normal || ".") !== path) return `${q(path)}: paths must be normalised (no "./", "//" or trailing "/")`;
  return undefined;
}

// packaging's `_process_import_names` (core metadata 2.5, PEP 794): dotted identifiers, `; private`.
function importNameProblem(value: string): string | undefined {
  const semicolon = value.indexOf(";");
  const name = (semicolon === -1 ? value : value.slice(0, semicolon)).trimEnd();
  for (const part of name.split(".")) {
    if (!IDENTIFIER.test(part)) return `${q(name)}: ${q(part)} is not a valid identifier`;
    if (PYTHON_KEYWORDS.has(part)) return `${q(name)}: ${q(part)} is a keyword`;
  }
  if (semicolon !== -1 && value.slice(semicolon + 1).trimStart() !== "private")
    return `${q(value)}: the only valid option is 'private'`;
  return undefined;
}

/**
 * Validates raw core metadata, collecting every problem (packaging stops at nothing either: its
 * `from_raw` gathers an ExceptionGroup). Rules: Metadata-Version, Name and Version are required;
 * Metadata-Version must be a known version and no field may be newer than it; Name is a valid project
 * name; Version is PEP 440; Summary is one line; each Requires-Dist is a PEP 508 requirement;
 * Requires-Python is a PEP 440 specifier set; Provides-Extra are valid names (normalised, PEP 685);
 * License-Expression is a valid SPDX expression (canonicalised, PEP 639); License-File paths are
 * relative and resolved; Dynamic names known fields other than Name/Version/Metadata-Version;
 * Description-Content-Type is text/plain, text/x-rst or text/markdown with UTF-8; Project-URL is
 * `label, url` with unique labels (stricter than packaging, which accepts a Project-URL without a
 * comma as a label with an empty URL). Invalid items are reported and dropped; valid ones are kept.
 * @example
 * const { metadata, problems } = validateMetadata({ metadataVersion: "2.4", name: "Foo", version: "1.0-RC1" });
 * // metadata.normalizedName === "foo", metadata.normalizedVersion === "1.0rc1", problems: []
 */
export function validateMetadata(raw: RawMetadata): ValidatedMetadata {
  const problems: MetadataProblem[] = [];
  const report = (field: string, code: MetadataProblemCode, message: string) =>
    problems.push({ field, code, message });

  // Metadata-Version first: it decides which fields may appear.
  let metadataVersion: MetadataVersion | undefined;
  if (raw.metadataVersion === undefined)
    report("Metadata-Version", "missing-field", "Metadata-Version is required");
  else if ((METADATA_VERSIONS as readonly string[]).includes(raw.metadataVersion))
    metadataVersion = raw.metadataVersion as MetadataVersion;
  else
    report(
      "Metadata-Version",
      "invalid-metadata-version",
      `${q(raw.metadataVersion)} is not a valid metadata version (${METADATA_VERSIONS.join(", ")})`,
    );
  if (metadataVersion !== undefined) {
    const age = METADATA_VERSIONS.indexOf(metadataVersion);
    for (const field of METADATA_FIELDS) {
      if (raw[field.key] === undefined) continue;
      if (METADATA_VERSIONS.indexOf(field.added) > age)
        report(
          field.header,
          "field-too-new",
          `${field.header} introduced in metadata version ${field.added}, not ${metadataVersion}`,
        );
    }
  }

  const name = raw.name;
  if (!name) report("Name", "missing-field", "Name is required");
  else if (!isValidName(name)) report("Name", "invalid-name", `${q(name)} is not a valid project name`);

  const version = raw.version;
  const parsedVersion = version ? tryParseVersion(version) : undefined;
  if (!version) report("Version", "missing-field", "Version is required");
  else if (parsedVersion === undefined)
    report("Version", "invalid-version", `${q(version)} is not a valid PEP 440 version`);

  const summary = known(raw.summary);
  if (summary?.includes("\n")) report("Summary", "multi-line-summary", "Summary must be a single line");

  let descriptionContentType: string | undefined;
  if (raw.descriptionContentType !== undefined) {
    const problem = contentTypeProblem(raw.descriptionContentType);
    if (problem) report("Description-Content-Type", "invalid-content-type", problem);
    else descriptionContentType = raw.descriptionContentType;
  }

  const requiresDist: Requirement[] = [];
  for (const entry of raw.requiresDist ?? []) {
    const requirement = tryParseRequirement(entry);
    if (requirement === undefined)
      report("Requires-Dist", "invalid-requirement", `${q(entry)} is not a valid PEP 508 requirement`);
    else requiresDist.push(requirement);
  }

  let requiresPython: string | undefined;
  if (raw.requiresPython !== undefined) {
    if (isValidSpecifierSet(raw.requiresPython)) requiresPython = raw.requiresPython;
    else
      report(
        "Requires-Python",
        "invalid-specifier",
        `${q(raw.requiresPython)} is not a valid PEP 440 specifier set`,
      );
  }

  let licenseExpression: NormalizedLicenseExpression | undefined;
  if (raw.licenseExpression !== undefined) {
    licenseExpression = tryCanonicalizeLicenseExpression(raw.licenseExpression);
    if (licenseExpression === undefined)
      report(
        "License-Expression",
        "invalid-license-expression",
        `${q(raw.licenseExpression)} is not a valid SPDX license expression`,
      );
  }

  const licenseFiles = (raw.licenseFiles ?? []).filter((path) => {
    const problem = licenseFileProblem(path);
    if (problem) report("License-File", "invalid-license-file", problem);
    return problem === undefined;
  });

  const providesExtra: NormalizedName[] = [];
  for (const extra of raw.providesExtra ?? []) {
    const normalized = tryParseName(extra);
    if (normalized === undefined)
      report("Provides-Extra", "invalid-extra", `${q(extra)} is not a valid extra name`);
    else if (!providesExtra.includes(normalized)) providesExtra.push(normalized);
  }

  const dynamic: string[] = [];
  for (const entry of raw.dynamic ?? []) {
    const lower = entry.toLowerCase();
    if (NEVER_DYNAMIC.has(lower))
      report("Dynamic", "invalid-dynamic", `${q(entry)} is not allowed as a dynamic field`);
    else if (!FIELDS_BY_HEADER.has(lower))
      report("Dynamic", "invalid-dynamic", `${q(entry)} is not a valid dynamic field`);
    else dynamic.push(lower);
  }

  // packaging's `_parse_project_urls`: split at the first comma and strip both halves.
  const projectUrls: ProjectUrl[] = [];
  const labels = new Set<string>();
  for (const entry of raw.projectUrls ?? []) {
    const comma = entry.indexOf(",");
    const label = (comma === -1 ? entry : entry.slice(0, comma)).trim();
    const url = comma === -1 ? "" : entry.slice(comma + 1).trim();
    if (comma === -1 || url === "") {
      report("Project-URL", "invalid-project-url", `${q(entry)} is not "label, url"`);
      continue;
    }
    if (labels.has(label))
      report("Project-URL", "duplicate-project-url", `the label ${q(label)} appears more than once`);
    labels.add(label);
    projectUrls.push({ label, url });
  }

  // packaging: an empty Import-Name field means "no import names" (an empty list).
  const checkImportNames = (header: string, values: readonly string[] | undefined) =>
    (values?.length === 1 && values[0] === "" ? [] : (values ?? [])).filter((value) => {
      const problem = importNameProblem(value);
      if (problem) report(header, "invalid-import-name", problem);
      return problem === undefined;
    });

  const author = known(raw.author);
  const authorEmail = known(raw.authorEmail);
  const maintainer = known(raw.maintainer);
  const maintainerEmail = known(raw.maintainerEmail);

  const metadata: CoreMetadata = {
    ...(metadataVersion !== undefined && { metadataVersion }),
    ...(name !== undefined && { name }),
    ...(name && isValidName(name) && { normalizedName: tryParseName(name)! }),
    ...(version !== undefined && { version }),
    ...(parsedVersion !== undefined && { normalizedVersion: formatVersion(parsedVersion) }),
    ...(summary !== undefined && { summary }),
    ...(raw.description !== undefined && { description: raw.description }),
    ...(descriptionContentType !== undefined && { descriptionContentType }),
    keywords: (raw.keywords ?? []).filter((k) => k !== ""),
    ...(known(raw.homePage) !== undefined && { homePage: raw.homePage! }),
    ...(raw.downloadUrl !== undefined && { downloadUrl: raw.downloadUrl }),
    ...(author !== undefined && { author }),
    ...(authorEmail !== undefined && { authorEmail }),
    authors: mergeContacts(author, authorEmail),
    ...(maintainer !== undefined && { maintainer }),
    ...(maintainerEmail !== undefined && { maintainerEmail }),
    maintainers: mergeContacts(maintainer, maintainerEmail),
    ...(known(raw.license) !== undefined && { license: raw.license! }),
    ...(licenseExpression !== undefined && { licenseExpression }),
    licenseFiles,
    classifiers: raw.classifiers ?? [],
    requiresDist,
    ...(requiresPython !== undefined && { requiresPython }),
    requiresExternal: raw.requiresExternal ?? [],
    projectUrls,
    providesExtra,
    providesDist: raw.providesDist ?? [],
    obsoletesDist: raw.obsoletesDist ?? [],
    platforms: (raw.platforms ?? []).filter((p) => p !== UNKNOWN),
    supportedPlatforms: raw.supportedPlatforms ?? [],
    dynamic,
    importNames: checkImportNames("Import-Name", raw.importNames),
    importNamespaces: checkImportNames("Import-Namespace", raw.importNamespaces),
    requires: raw.requires ?? [],
    provides: raw.provides ?? [],
    obsoletes: raw.obsoletes ?? [],
  };
  return { metadata, problems };
}

/** The result of {@link parseMetadata}: the raw fields, the validated view, and every problem. */
export interface ParsedMetadata extends ValidatedMetadata {
  readonly raw: RawMetadata;
  readonly unparsed: Readonly<Record<string, string[]>>;
}

/**
 * Reads and validates a METADATA / PKG-INFO file in one step; never throws. Problems are those of
 * reading ({@link parseRawMetadata}), one `unknown-field` per field the spec does not define, then
 * those of {@link validateMetadata}.
 * @example
 * const { metadata, problems } = parseMetadata("Metadata-Version: 2.1\nName: six\nVersion: 1.17.0\n");
 * // metadata.normalizedName === "six", problems: []
 */
export function parseMetadata(input: Uint8Array | string): ParsedMetadata {
  const { raw, unparsed, problems: readProblems } = parseRawMetadata(input);
  const unknown: MetadataProblem[] = Object.keys(unparsed).map((key) => ({
    field: key,
    code: "unknown-field",
    message: `unrecognized field: ${q(key)}`,
  }));
  const { metadata, problems } = validateMetadata(raw);
  return { raw, unparsed, metadata, problems: [...readProblems, ...unknown, ...problems] };
}
