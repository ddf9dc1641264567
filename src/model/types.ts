// The format-neutral SBOM model: one Document of Packages, Files, Relationships and Unknowns.
// Field meanings follow SPDX 2.3 (clauses 6-11); CycloneDX is mapped onto the same shapes.

/** Hash algorithms of SPDX 2.3 clause 7.10 (CycloneDX's `SHA-256` etc. map onto these). */
export type ChecksumAlgorithm =
  | "SHA1"
  | "SHA224"
  | "SHA256"
  | "SHA384"
  | "SHA512"
  | "SHA3-256"
  | "SHA3-384"
  | "SHA3-512"
  | "BLAKE2b-256"
  | "BLAKE2b-384"
  | "BLAKE2b-512"
  | "BLAKE3"
  | "MD2"
  | "MD4"
  | "MD5"
  | "MD6"
  | "ADLER32";

/** Every checksum algorithm of SPDX 2.3 clause 7.10. */
export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = [
  "SHA1",
  "SHA224",
  "SHA256",
  "SHA384",
  "SHA512",
  "SHA3-256",
  "SHA3-384",
  "SHA3-512",
  "BLAKE2b-256",
  "BLAKE2b-384",
  "BLAKE2b-512",
  "BLAKE3",
  "MD2",
  "MD4",
  "MD5",
  "MD6",
  "ADLER32",
];

/** A checksum; `value` is lowercase hex. */
export interface Checksum {
  readonly algorithm: ChecksumAlgorithm;
  readonly value: string;
}

/** Who made or supplies something (SPDX "Person: name (email)", "Organization: …", "Tool: name-version"). */
export interface Actor {
  readonly kind: "Person" | "Organization" | "Tool";
  readonly name: string;
  readonly email?: string | undefined;
  /** Tools only: the version, written `Tool: name-version` in SPDX. */
  readonly version?: string | undefined;
}

/** SPDX 2.3 clause 7.24 primary package purpose (tag-value spelling). */
export type PrimaryPurpose =
  | "APPLICATION"
  | "FRAMEWORK"
  | "LIBRARY"
  | "CONTAINER"
  | "OPERATING-SYSTEM"
  | "DEVICE"
  | "FIRMWARE"
  | "SOURCE"
  | "ARCHIVE"
  | "FILE"
  | "INSTALL"
  | "OTHER";

/** Every primary package purpose (SPDX 2.3 clause 7.24). */
export const PRIMARY_PURPOSES: readonly PrimaryPurpose[] = [
  "APPLICATION",
  "FRAMEWORK",
  "LIBRARY",
  "CONTAINER",
  "OPERATING-SYSTEM",
  "DEVICE",
  "FIRMWARE",
  "SOURCE",
  "ARCHIVE",
  "FILE",
  "INSTALL",
  "OTHER",
];

/** SPDX 2.3 clause 7.21 external reference categories (tag-value spelling). */
export type ExternalRefCategory = "SECURITY" | "PACKAGE-MANAGER" | "PERSISTENT-ID" | "OTHER";

/** Every external reference category (SPDX 2.3 clause 7.21). */
export const EXTERNAL_REF_CATEGORIES: readonly ExternalRefCategory[] = [
  "SECURITY",
  "PACKAGE-MANAGER",
  "PERSISTENT-ID",
  "OTHER",
];

/** An external reference that is neither the package's purl nor one of its CPE 2.3 names. */
export interface ExternalRef {
  readonly category: ExternalRefCategory;
  /** SPDX reference type (`purl`, `cpe22Type`, `swh`, `gitoid`, `advisory`, `url`, a CycloneDX reference type…). */
  readonly type: string;
  readonly locator: string;
  readonly comment?: string | undefined;
}

/** A name/value pair (CycloneDX `properties`; SPDX annotations in the `pysbom:` namespace). */
export interface Property {
  readonly name: string;
  readonly value: string;
}

/** The verification code of SPDX 2.3 clause 7.9. */
export interface VerificationCode {
  readonly value: string;
  readonly excludedFiles?: readonly string[] | undefined;
}

/**
 * Fields of the source document that the model does not express, kept per format so that re-encoding to
 * the same format loses nothing (e.g. SPDX `attributionTexts`, CycloneDX `pedigree`).
 */
export interface FormatExtras {
  readonly spdx?: Readonly<Record<string, unknown>> | undefined;
  readonly cyclonedx?: Readonly<Record<string, unknown>> | undefined;
}

/** A package (SPDX package, CycloneDX component). `undefined` optional fields mean NOASSERTION. */
export interface Package {
  /** Unique key within the document, derived from content (see ids.ts); relationships refer to it. */
  readonly id: string;
  readonly name: string;
  readonly version?: string | undefined;
  readonly supplier?: Actor | undefined;
  readonly originator?: Actor | undefined;
  /** A URL or VCS locator, or `NONE`; undefined is NOASSERTION. */
  readonly downloadLocation?: string | undefined;
  readonly homepage?: string | undefined;
  readonly fileName?: string | undefined;
  readonly checksums: readonly Checksum[];
  /** SPDX license expression, `NONE`, or undefined (NOASSERTION). */
  readonly licenseDeclared?: string | undefined;
  readonly licenseConcluded?: string | undefined;
  readonly licenseInfoFromFiles?: readonly string[] | undefined;
  readonly copyright?: string | undefined;
  /** The package's Package URL (canonical string). Further purls, if any, are in `externalRefs`. */
  readonly purl?: string | undefined;
  /** CPE 2.3 formatted strings, from curated data only. */
  readonly cpes: readonly string[];
  readonly purpose?: PrimaryPurpose | undefined;
  readonly summary?: string | undefined;
  readonly description?: string | undefined;
  readonly comment?: string | undefined;
  /** Where the information came from (e.g. the METADATA or lockfile path). */
  readonly sourceInfo?: string | undefined;
  readonly externalRefs: readonly ExternalRef[];
  readonly filesAnalyzed: boolean;
  readonly verificationCode?: VerificationCode | undefined;
  readonly properties: readonly Property[];
  /** Identity hints kept from a decoded document so re-encoding reproduces its identifiers. */
  readonly spdxId?: string | undefined;
  readonly bomRef?: string | undefined;
  readonly extras?: FormatExtras | undefined;
}

/** SPDX 2.3 clause 8.3 file types. */
export type FileType =
  | "SOURCE"
  | "BINARY"
  | "ARCHIVE"
  | "APPLICATION"
  | "AUDIO"
  | "IMAGE"
  | "TEXT"
  | "VIDEO"
  | "DOCUMENTATION"
  | "SPDX"
  | "OTHER";

/** Every file type (SPDX 2.3 clause 8.3). */
export const FILE_TYPES: readonly FileType[] = [
  "SOURCE",
  "BINARY",
  "ARCHIVE",
  "APPLICATION",
  "AUDIO",
  "IMAGE",
  "TEXT",
  "VIDEO",
  "DOCUMENTATION",
  "SPDX",
  "OTHER",
];

/** A file (SPDX file, CycloneDX component of type `file`). */
export interface File {
  readonly id: string;
  /** Path relative to the analysed root, POSIX separators. */
  readonly path: string;
  readonly checksums: readonly Checksum[];
  readonly fileTypes: readonly FileType[];
  readonly licenseConcluded?: string | undefined;
  readonly licenseInfoInFiles: readonly string[];
  readonly copyright?: string | undefined;
  readonly comment?: string | undefined;
  readonly properties: readonly Property[];
  readonly spdxId?: string | undefined;
  readonly bomRef?: string | undefined;
  readonly extras?: FormatExtras | undefined;
}

/** SPDX 2.3 clause 11.1 relationship types. */
export type RelationshipType =
  | "DESCRIBES"
  | "DESCRIBED_BY"
  | "CONTAINS"
  | "CONTAINED_BY"
  | "DEPENDS_ON"
  | "DEPENDENCY_OF"
  | "DEPENDENCY_MANIFEST_OF"
  | "BUILD_DEPENDENCY_OF"
  | "DEV_DEPENDENCY_OF"
  | "OPTIONAL_DEPENDENCY_OF"
  | "PROVIDED_DEPENDENCY_OF"
  | "TEST_DEPENDENCY_OF"
  | "RUNTIME_DEPENDENCY_OF"
  | "EXAMPLE_OF"
  | "GENERATES"
  | "GENERATED_FROM"
  | "ANCESTOR_OF"
  | "DESCENDANT_OF"
  | "VARIANT_OF"
  | "DISTRIBUTION_ARTIFACT"
  | "PATCH_FOR"
  | "PATCH_APPLIED"
  | "COPY_OF"
  | "FILE_ADDED"
  | "FILE_DELETED"
  | "FILE_MODIFIED"
  | "EXPANDED_FROM_ARCHIVE"
  | "DYNAMIC_LINK"
  | "STATIC_LINK"
  | "DATA_FILE_OF"
  | "TEST_CASE_OF"
  | "BUILD_TOOL_OF"
  | "DEV_TOOL_OF"
  | "TEST_OF"
  | "TEST_TOOL_OF"
  | "DOCUMENTATION_OF"
  | "OPTIONAL_COMPONENT_OF"
  | "METAFILE_OF"
  | "PACKAGE_OF"
  | "AMENDS"
  | "PREREQUISITE_FOR"
  | "HAS_PREREQUISITE"
  | "REQUIREMENT_DESCRIPTION_FOR"
  | "SPECIFICATION_FOR"
  | "OTHER";

/** Every relationship type, in SPDX 2.3 table order. */
export const RELATIONSHIP_TYPES: readonly RelationshipType[] = [
  "DESCRIBES",
  "DESCRIBED_BY",
  "CONTAINS",
  "CONTAINED_BY",
  "DEPENDS_ON",
  "DEPENDENCY_OF",
  "DEPENDENCY_MANIFEST_OF",
  "BUILD_DEPENDENCY_OF",
  "DEV_DEPENDENCY_OF",
  "OPTIONAL_DEPENDENCY_OF",
  "PROVIDED_DEPENDENCY_OF",
  "TEST_DEPENDENCY_OF",
  "RUNTIME_DEPENDENCY_OF",
  "EXAMPLE_OF",
  "GENERATES",
  "GENERATED_FROM",
  "ANCESTOR_OF",
  "DESCENDANT_OF",
  "VARIANT_OF",
  "DISTRIBUTION_ARTIFACT",
  "PATCH_FOR",
  "PATCH_APPLIED",
  "COPY_OF",
  "FILE_ADDED",
  "FILE_DELETED",
  "FILE_MODIFIED",
  "EXPANDED_FROM_ARCHIVE",
  "DYNAMIC_LINK",
  "STATIC_LINK",
  "DATA_FILE_OF",
  "TEST_CASE_OF",
  "BUILD_TOOL_OF",
  "DEV_TOOL_OF",
  "TEST_OF",
  "TEST_TOOL_OF",
  "DOCUMENTATION_OF",
  "OPTIONAL_COMPONENT_OF",
  "METAFILE_OF",
  "PACKAGE_OF",
  "AMENDS",
  "PREREQUISITE_FOR",
  "HAS_PREREQUISITE",
  "REQUIREMENT_DESCRIPTION_FOR",
  "SPECIFICATION_FOR",
  "OTHER",
];

/** The reference used for the document itself in relationships (`SPDXRef-DOCUMENT`). */
export const DOCUMENT_REF = "SPDXRef-DOCUMENT";

/**
 * A directed relationship `from TYPE to`. `from`/`to` are element ids, {@link DOCUMENT_REF}, an external
 * `DocumentRef-x:SPDXRef-y`, or (as `to` only) `NONE`/`NOASSERTION`. `comment` carries a scope or
 * environment-marker note (e.g. `python_version < "3.11"`).
 */
export interface Relationship {
  readonly from: string;
  readonly type: RelationshipType;
  readonly to: string;
  readonly comment?: string | undefined;
}

/** Something a cataloger could not resolve: a broken METADATA, an unpinned requirement… (syft's unknowns). */
export interface Unknown {
  /** File path, or path plus line, where the problem is. */
  readonly location?: string | undefined;
  /** A stable code such as `metadata/invalid-version`. */
  readonly code: string;
  readonly message: string;
}

/** A license not on the SPDX list, referenced as `LicenseRef-…` (SPDX 2.3 clause 10). */
export interface ExtractedLicense {
  readonly id: string;
  readonly text: string;
  readonly name?: string | undefined;
  readonly comment?: string | undefined;
  readonly seeAlso?: readonly string[] | undefined;
}

/** The whole SBOM. */
export interface Document {
  readonly name: string;
  /** SPDX document namespace; derived from content by the encoders when absent. */
  readonly namespace?: string | undefined;
  /** RFC 3339 UTC timestamp `YYYY-MM-DDTHH:MM:SSZ`; the clock is injected by the caller. */
  readonly created?: string | undefined;
  readonly creators: readonly Actor[];
  readonly comment?: string | undefined;
  readonly licenseListVersion?: string | undefined;
  readonly packages: readonly Package[];
  readonly files: readonly File[];
  readonly relationships: readonly Relationship[];
  readonly unknowns: readonly Unknown[];
  readonly extractedLicenses: readonly ExtractedLicense[];
  /** Document-level properties (CycloneDX `metadata.properties`). */
  readonly properties: readonly Property[];
  /** CycloneDX serial number when decoded from one (kept for identical re-encoding). */
  readonly serialNumber?: string | undefined;
  readonly extras?: FormatExtras | undefined;
}
