// The catalogue of every finding code validate emits: default severity, layer, the clause it enforces and a
// one-line fix hint. Findings are built from it, the SARIF rules list is it, and the README documents it.
import type { Severity } from "../model/index.js";
import type { ProfileName, ValidationFinding, ValidationLayer } from "./types.js";

/** One rule. */
export interface Rule {
  readonly code: string;
  readonly severity: Severity;
  readonly layer: ValidationLayer;
  readonly profile?: ProfileName;
  /** The spec clause or guideline element. */
  readonly clause: string;
  /** What the rule requires, one sentence. */
  readonly summary: string;
  /** How to fix a finding, one line. */
  readonly hint: string;
}

type RuleSpec = Omit<Rule, "code" | "layer" | "profile">;

// Source documents, cited by the clauses below:
// - NTIA, "The Minimum Elements For a Software Bill of Materials (SBOM)", 2021-07-12, §IV "Minimum
//   Elements", table "Data Fields" (Supplier Name, Component Name, Version of the Component, Other Unique
//   Identifiers, Dependency Relationship, Author of SBOM Data, Timestamp).
// - CISA, "2025 Minimum Elements for a Software Bill of Materials (SBOM)", public comment draft, 2025-08,
//   "Data Fields" (SBOM Author, Software Producer, Component Name, Component Version, Software Identifiers,
//   Component Hash, License, Dependency Relationship, Tool Name, Timestamp, Generation Context).
// - BSI TR-03183-2 "Cyber Resilience Requirements for Manufacturers and Products, Part 2: Software Bill of
//   Materials (SBOM)", version 2.1.0, 2025-08-20: §3.1 (definition: no vulnerability data), §4 (formats),
//   §5.2.1 (required SBOM fields), §5.2.2 (required component fields).
// - SPDX 2.3 specification (ISO/IEC 5962:2021 is 2.2.1), clause numbers of 2.3; CycloneDX 1.4-1.7.
const NTIA = "NTIA Minimum Elements (2021) §IV Data Fields";
const CISA = "CISA 2025 Minimum Elements (draft) Data Fields";
const BSI = "BSI TR-03183-2 v2.1.0";

const SYNTAX: Record<string, RuleSpec> = {
  "json/duplicate-key": {
    severity: "error",
    clause: "RFC 8259 §4; I-JSON (RFC 7493) §2.3",
    summary: "Member names within an object must be unique; readers disagree on which duplicate wins.",
    hint: "keep one of the members and delete the other",
  },
};

const SCHEMA: Record<string, RuleSpec> = {
  "schema/required": {
    severity: "error",
    clause: "official JSON schema: required",
    summary: "A member the schema requires is missing.",
    hint: "add the missing member",
  },
  "schema/unknown-member": {
    severity: "error",
    clause: "official JSON schema: additionalProperties",
    summary: "A member the schema does not define for this version.",
    hint: "remove the member, or check its spelling and the document's spec version",
  },
  "schema/type": {
    severity: "error",
    clause: "official JSON schema: type",
    summary: "A value has the wrong JSON type.",
    hint: "write the value with the type the schema expects",
  },
  "schema/enum": {
    severity: "error",
    clause: "official JSON schema: enum/const",
    summary: "A value is not one of the values the schema allows.",
    hint: "use one of the allowed values (case matters)",
  },
  "schema/format": {
    severity: "error",
    clause: "official JSON schema: format",
    summary: "A value does not have the format the schema requires (date-time, URI, e-mail…).",
    hint: "write the value in the required format, e.g. 2024-01-31T12:00:00Z for a date-time",
  },
  "schema/pattern": {
    severity: "error",
    clause: "official JSON schema: pattern",
    summary: "A string does not match the pattern the schema requires.",
    hint: "correct the value so it matches the pattern quoted in the message",
  },
  "schema/count": {
    severity: "error",
    clause: "official JSON schema: minItems/maxItems/minLength/uniqueItems",
    summary: "An array or string has too few, too many or repeated items.",
    hint: "add, remove or de-duplicate items as the message says",
  },
  "schema/no-matching-form": {
    severity: "error",
    clause: "official JSON schema: oneOf/anyOf",
    summary: "A value matches none (or more than one) of the forms the schema allows.",
    hint: "rewrite the value in exactly one of the allowed forms",
  },
  "schema/other": {
    severity: "error",
    clause: "official JSON schema",
    summary: "The value violates the schema.",
    hint: "correct the value as the message says",
  },
  "schema/substitute-schema": {
    severity: "info",
    clause: "CycloneDX 1.4",
    summary:
      "No official CycloneDX 1.4 schema is vendored; the document was checked against 1.5 (a superset).",
    hint: "members introduced after 1.4 are not reported for this document",
  },
};

const SPDX: Record<string, RuleSpec> = {
  "spdx/duplicate-id": {
    severity: "error",
    clause: "SPDX 2.3 §6.3, §7.2, §8.2 (SPDX identifier unique within the document)",
    summary: "Two elements have the same SPDX identifier.",
    hint: "give each package, file and snippet its own SPDXID",
  },
  "spdx/invalid-id": {
    severity: "error",
    clause: 'SPDX 2.3 §7.2, §8.2: "SPDXRef-"[idstring], idstring of letters, digits, "." and "-"',
    summary: "An SPDX identifier does not have the form SPDXRef-<letters, digits, . and ->.",
    hint: 'rename it to "SPDXRef-" followed only by letters, digits, "." and "-"',
  },
  "spdx/invalid-document-id": {
    severity: "error",
    clause: 'SPDX 2.3 §6.3: the document SPDXID is "SPDXRef-DOCUMENT"',
    summary: 'The document SPDXID must be "SPDXRef-DOCUMENT".',
    hint: 'set SPDXID to "SPDXRef-DOCUMENT"',
  },
  "spdx/dangling-ref": {
    severity: "error",
    clause: "SPDX 2.3 §11.1 (relationship elements), §6.6 (external document references)",
    summary: "A relationship, annotation or list refers to an SPDX identifier the document does not define.",
    hint: "add the element, fix the identifier, or declare the DocumentRef- in externalDocumentRefs",
  },
  "spdx/missing-describes": {
    severity: "error",
    clause: "SPDX 2.3 §11.1 (DESCRIBES) and documentDescribes",
    summary: "The document does not say what it describes (no SPDXRef-DOCUMENT DESCRIBES relationship).",
    hint: 'add {"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", …} for the root package',
  },
  "spdx/invalid-checksum": {
    severity: "error",
    clause: "SPDX 2.3 §7.10, §8.4 (checksum value: hex digest of the algorithm's length)",
    summary: "A checksum value is not a hexadecimal digest of the length its algorithm produces.",
    hint: "recompute the digest with the named algorithm, or correct the algorithm",
  },
  "spdx/checksum-case": {
    severity: "warning",
    clause: "SPDX 2.3 §7.10, §8.4 (lower case hexadecimal)",
    summary: "A checksum value uses upper case hexadecimal.",
    hint: "write the digest in lower case",
  },
  "spdx/invalid-license-expression": {
    severity: "error",
    clause: "SPDX 2.3 Annex D (license expression syntax)",
    summary: "A license field is not a valid SPDX license expression (nor NONE / NOASSERTION).",
    hint: 'write an SPDX expression such as "MIT OR Apache-2.0", or NOASSERTION when unknown',
  },
  "spdx/unknown-license-id": {
    severity: "error",
    clause: "SPDX 2.3 Annex D; SPDX License List",
    summary: "A license expression uses an identifier that is not on the SPDX License List.",
    hint: "use the list's identifier, or declare the text as a LicenseRef- in hasExtractedLicensingInfos",
  },
  "spdx/deprecated-license-id": {
    severity: "warning",
    clause: "SPDX License List (deprecated identifiers)",
    summary: "A license expression uses a deprecated SPDX license identifier.",
    hint: 'use the current identifier (e.g. "GPL-2.0-only" for "GPL-2.0")',
  },
  "spdx/undeclared-license-ref": {
    severity: "error",
    clause: "SPDX 2.3 §10.1 (LicenseRef- identifiers are defined in other licensing information)",
    summary: "A LicenseRef- is used but not defined in hasExtractedLicensingInfos.",
    hint: "add a hasExtractedLicensingInfos entry with this licenseId and its extracted text",
  },
  "spdx/invalid-purl": {
    severity: "error",
    clause: "SPDX 2.3 Annex F (purl); purl specification",
    summary: "A purl external reference is not a valid package URL.",
    hint: 'write a package URL such as "pkg:pypi/requests@2.31.0"',
  },
  "spdx/invalid-cpe": {
    severity: "error",
    clause: "SPDX 2.3 Annex F (cpe22Type, cpe23Type); NISTIR 7695",
    summary: "A CPE external reference is not a well-formed CPE of its declared type.",
    hint: 'write a CPE 2.3 formatted string such as "cpe:2.3:a:python:python:3.12.0:*:*:*:*:*:*:*"',
  },
  "spdx/external-ref-category": {
    severity: "error",
    clause: "SPDX 2.3 Annex F (each reference type belongs to one category)",
    summary: "An external reference type is filed under the wrong category.",
    hint: "use SECURITY for cpe22Type/cpe23Type/advisory…, PACKAGE-MANAGER for purl/maven-central/npm…",
  },
  "spdx/invalid-verification-code": {
    severity: "error",
    clause: "SPDX 2.3 §7.9 (a SHA-1 hex value)",
    summary: "A package verification code is not a 40-digit hexadecimal SHA-1 value.",
    hint: "recompute the verification code from the SHA-1s of the package's files",
  },
  "spdx/verification-code-mismatch": {
    severity: "error",
    clause: "SPDX 2.3 §7.9 (verification code algorithm over the package's files)",
    summary:
      "The package verification code does not match the SHA-1 checksums of the files the package contains.",
    hint: "recompute it: SHA-1 of the sorted, concatenated SHA-1s of the contained files (minus excluded ones)",
  },
  "spdx/verification-code-unverifiable": {
    severity: "warning",
    clause: "SPDX 2.3 §7.9",
    summary:
      "A package has a verification code, but the document lists none of the files it was computed from.",
    hint: "list the package's files (with SHA-1 checksums and CONTAINS relationships), or drop the code",
  },
  "spdx/files-analyzed-conflict": {
    severity: "error",
    clause: "SPDX 2.3 §7.8 (FilesAnalyzed false: no files, no verification code, no license info from files)",
    summary:
      "A package says filesAnalyzed: false but has files, a verification code or license info from files.",
    hint: "set filesAnalyzed to true, or remove the package's files and file-derived fields",
  },
  "spdx/missing-verification-code": {
    severity: "error",
    clause: "SPDX 2.2 §3.9 (mandatory when FilesAnalyzed is true or omitted)",
    summary: "An SPDX 2.2 package with analysed files has no packageVerificationCode.",
    hint: 'add packageVerificationCode, or set "filesAnalyzed": false',
  },
  "spdx/invalid-date": {
    severity: "error",
    clause: "SPDX 2.3 §6.9, §7.25-7.27, §12.2 (YYYY-MM-DDThh:mm:ssZ); RFC 3339",
    summary: "A date is not a valid RFC 3339 date-time.",
    hint: "write it as YYYY-MM-DDThh:mm:ssZ in UTC, e.g. 2024-01-31T12:00:00Z",
  },
  "spdx/date-format": {
    severity: "warning",
    clause: "SPDX 2.3 §6.9 (YYYY-MM-DDThh:mm:ssZ, UTC)",
    summary: "A date is valid RFC 3339 but not in SPDX's form YYYY-MM-DDThh:mm:ssZ.",
    hint: "convert it to UTC and drop fractional seconds, e.g. 2024-01-31T12:00:00Z",
  },
  "spdx/invalid-namespace": {
    severity: "error",
    clause: 'SPDX 2.3 §6.5 (an absolute URI without a "#")',
    summary: 'The document namespace is not an absolute URI, or contains "#".',
    hint: "use a unique absolute URI, e.g. https://example.com/spdxdocs/<name>-<uuid>",
  },
  "spdx/invalid-data-license": {
    severity: "error",
    clause: 'SPDX 2.3 §6.2 (dataLicense is "CC0-1.0")',
    summary: 'The data license must be "CC0-1.0".',
    hint: 'set dataLicense to "CC0-1.0"',
  },
  "spdx/invalid-actor": {
    severity: "error",
    clause: "SPDX 2.3 §6.8, §7.5, §7.6, §12.1 (Person: / Organization: / Tool: syntax)",
    summary:
      'A creator, supplier, originator or annotator is not "Person: …", "Organization: …" or "Tool: …".',
    hint: 'write e.g. "Organization: Python Software Foundation (psf@python.org)", or NOASSERTION',
  },
  "spdx/invalid-download-location": {
    severity: "error",
    clause: "SPDX 2.3 §7.7 (a URL, a VCS locator, NONE or NOASSERTION)",
    summary: "A package download location is not a URL, a VCS locator, NONE or NOASSERTION.",
    hint: 'write a URL such as "https://files.pythonhosted.org/…", or NOASSERTION',
  },
};

const CDX: Record<string, RuleSpec> = {
  "cdx/duplicate-bom-ref": {
    severity: "error",
    clause: 'CycloneDX refType: "Every bom-ref MUST be unique within the BOM"',
    summary: "Two objects have the same bom-ref.",
    hint: "give each component and service its own bom-ref",
  },
  "cdx/dangling-ref": {
    severity: "error",
    clause: "CycloneDX dependencies/compositions: references to components or services in the BOM",
    summary: "A dependency or composition refers to a bom-ref that no component or service has.",
    hint: "add the component, or fix the reference",
  },
  "cdx/duplicate-dependency": {
    severity: "warning",
    clause: "CycloneDX dependencies (one entry per ref)",
    summary: "Two dependency entries have the same ref.",
    hint: "merge their dependsOn lists into one entry",
  },
  "cdx/invalid-purl": {
    severity: "error",
    clause: "CycloneDX component.purl; purl specification",
    summary: "A component purl is not a valid package URL.",
    hint: 'write a package URL such as "pkg:pypi/requests@2.31.0"',
  },
  "cdx/invalid-cpe": {
    severity: "error",
    clause: "CycloneDX component.cpe (CPE 2.2 or 2.3); NISTIR 7695",
    summary: "A component CPE is not a well-formed CPE 2.2 URI or 2.3 formatted string.",
    hint: 'write e.g. "cpe:2.3:a:python:python:3.12.0:*:*:*:*:*:*:*"',
  },
  "cdx/invalid-license-expression": {
    severity: "error",
    clause: "CycloneDX licenseChoice.expression (SPDX license expression)",
    summary: "A license expression is not a valid SPDX license expression.",
    hint: 'write an SPDX expression such as "MIT OR Apache-2.0"',
  },
  "cdx/unknown-license-id": {
    severity: "error",
    clause: "CycloneDX licenseChoice.expression; SPDX License List",
    summary: "A license expression uses an identifier that is not on the SPDX License List.",
    hint: "use the list's identifier, a LicenseRef-, or license.name for a license without one",
  },
  "cdx/deprecated-license-id": {
    severity: "warning",
    clause: "SPDX License List (deprecated identifiers)",
    summary: "A license uses a deprecated SPDX license identifier.",
    hint: 'use the current identifier (e.g. "GPL-2.0-only" for "GPL-2.0")',
  },
  "cdx/invalid-hash": {
    severity: "error",
    clause: "CycloneDX hash (alg and content)",
    summary: "A hash's content does not have the length its algorithm produces.",
    hint: "recompute the digest with the named algorithm, or correct alg",
  },
};

const NTIA_RULES: Record<string, RuleSpec> = {
  "ntia/missing-supplier": {
    severity: "error",
    clause: `${NTIA}: Supplier Name`,
    summary: "A component has no supplier field at all.",
    hint: 'add "supplier" (e.g. "Organization: <name>"), or NOASSERTION when it is not known',
  },
  "ntia/unknown-supplier": {
    severity: "warning",
    clause: `${NTIA}: Supplier Name (NTIA §IV "Known Unknowns")`,
    summary: "A component's supplier is an explicit unknown (SPDX NOASSERTION, or no supplier in CycloneDX).",
    hint: "find out who supplies the component and name them",
  },
  "ntia/missing-name": {
    severity: "error",
    clause: `${NTIA}: Component Name`,
    summary: "A component has no name.",
    hint: "give the component the name its supplier uses",
  },
  "ntia/missing-version": {
    severity: "error",
    clause: `${NTIA}: Version of the Component`,
    summary: "A component has no version.",
    hint: "add the version the supplier uses (versionInfo / version)",
  },
  "ntia/unknown-version": {
    severity: "warning",
    clause: `${NTIA}: Version of the Component`,
    summary: "A component's version is NOASSERTION.",
    hint: "find out the component's version and record it",
  },
  "ntia/missing-identifier": {
    severity: "error",
    clause: `${NTIA}: Other Unique Identifiers`,
    summary: "A component has no identifier at all (no SPDXID/bom-ref, purl, CPE or SWID).",
    hint: "add a purl (pkg:pypi/<name>@<version>) or a bom-ref",
  },
  "ntia/no-global-identifier": {
    severity: "warning",
    clause: `${NTIA}: Other Unique Identifiers`,
    summary: "A component has only a document-local identifier: no purl, CPE or SWID to look it up by.",
    hint: "add a purl or CPE so the component can be matched against vulnerability databases",
  },
  "ntia/missing-dependency-relationship": {
    severity: "error",
    clause: `${NTIA}: Dependency Relationship`,
    summary:
      "The document declares no relationship between its components (no DESCRIBES root, no dependencies).",
    hint: "add DESCRIBES for the root and DEPENDS_ON (SPDX) or a dependencies graph (CycloneDX)",
  },
  "ntia/unrelated-component": {
    severity: "warning",
    clause: `${NTIA}: Dependency Relationship`,
    summary: "A component takes part in no relationship, so how it is included is not stated.",
    hint: "relate it to the component that includes it (DEPENDS_ON / CONTAINS, or dependsOn)",
  },
  "ntia/missing-author": {
    severity: "error",
    clause: `${NTIA}: Author of SBOM Data`,
    summary: "The document does not name who created the SBOM data (person, organisation or tool).",
    hint: "add creationInfo.creators (SPDX) or metadata.authors / metadata.tools (CycloneDX)",
  },
  "ntia/missing-timestamp": {
    severity: "error",
    clause: `${NTIA}: Timestamp`,
    summary: "The document has no creation timestamp.",
    hint: "add creationInfo.created (SPDX) or metadata.timestamp (CycloneDX)",
  },
};

const CISA_RULES: Record<string, RuleSpec> = {
  "cisa-2025/missing-author": {
    severity: "error",
    clause: `${CISA}: SBOM Author`,
    summary:
      "The document names no person or organisation as the SBOM author (a tool alone is not an author).",
    hint: 'add a "Person: …" or "Organization: …" creator (SPDX) or metadata.authors (CycloneDX)',
  },
  "cisa-2025/missing-producer": {
    severity: "error",
    clause: `${CISA}: Software Producer`,
    summary: "A component has no supplier (software producer) field.",
    hint: 'add "supplier", or NOASSERTION when it is not known',
  },
  "cisa-2025/unknown-producer": {
    severity: "warning",
    clause: `${CISA}: Software Producer`,
    summary: "A component's software producer is an explicit unknown.",
    hint: "find out who produces the component and name them",
  },
  "cisa-2025/missing-name": {
    severity: "error",
    clause: `${CISA}: Component Name`,
    summary: "A component has no name.",
    hint: "give the component the name its producer uses",
  },
  "cisa-2025/missing-version": {
    severity: "error",
    clause: `${CISA}: Component Version`,
    summary: "A component has no version.",
    hint: "add the version the producer uses",
  },
  "cisa-2025/missing-identifier": {
    severity: "error",
    clause: `${CISA}: Software Identifiers`,
    summary: "A component has no software identifier (purl, CPE, SWID).",
    hint: "add a purl (pkg:pypi/<name>@<version>) or a CPE",
  },
  "cisa-2025/missing-hash": {
    severity: "error",
    clause: `${CISA}: Component Hash`,
    summary: "A component has no cryptographic hash.",
    hint: "add the SHA-256 of the component's artifact (checksums / hashes)",
  },
  "cisa-2025/missing-license": {
    severity: "error",
    clause: `${CISA}: License`,
    summary: "A component has no license information.",
    hint: "add licenseDeclared / licenseConcluded (SPDX) or licenses (CycloneDX)",
  },
  "cisa-2025/unknown-license": {
    severity: "warning",
    clause: `${CISA}: License`,
    summary: "A component's license is NOASSERTION.",
    hint: "determine the license and record it as an SPDX expression",
  },
  "cisa-2025/missing-dependency-relationship": {
    severity: "error",
    clause: `${CISA}: Dependency Relationship`,
    summary: "The document declares no relationship between its components.",
    hint: "add DESCRIBES for the root and DEPENDS_ON (SPDX) or a dependencies graph (CycloneDX)",
  },
  "cisa-2025/missing-tool-name": {
    severity: "error",
    clause: `${CISA}: Tool Name`,
    summary: "The document does not name the tool that generated it.",
    hint: 'add a "Tool: <name>-<version>" creator (SPDX) or metadata.tools (CycloneDX)',
  },
  "cisa-2025/missing-timestamp": {
    severity: "error",
    clause: `${CISA}: Timestamp`,
    summary: "The document has no creation timestamp.",
    hint: "add creationInfo.created (SPDX) or metadata.timestamp (CycloneDX)",
  },
  "cisa-2025/missing-generation-context": {
    severity: "error",
    clause: `${CISA}: Generation Context`,
    summary:
      "The document does not say when in the lifecycle it was generated (before build, build, after build).",
    hint: 'add metadata.lifecycles (CycloneDX) or a creator comment such as "generation context: build" (SPDX)',
  },
};

const BSI_RULES: Record<string, RuleSpec> = {
  "bsi/unsupported-format": {
    severity: "error",
    clause: `${BSI} §4 (CycloneDX 1.6 or later, SPDX 3.0.1 or later)`,
    summary: "The format version is not one TR-03183-2 v2.1.0 accepts.",
    hint: "write the SBOM as CycloneDX 1.6 or later (pysbom convert -o cyclonedx-json@1.6)",
  },
  "bsi/missing-creator-contact": {
    severity: "error",
    clause: `${BSI} §5.2.1: Creator of the SBOM (e-mail or URL)`,
    summary: "The document gives no e-mail address or URL for the entity that created the SBOM.",
    hint: "add metadata.manufacturer with url or contact[].email (SPDX: a creator with an e-mail)",
  },
  "bsi/missing-timestamp": {
    severity: "error",
    clause: `${BSI} §5.2.1: Timestamp`,
    summary: "The document has no creation timestamp.",
    hint: "add metadata.timestamp (creationInfo.created)",
  },
  "bsi/missing-sbom-uri": {
    severity: "error",
    clause: `${BSI} §5.2.1: SBOM-URI`,
    summary: "The document has no unique URI (CycloneDX serialNumber, SPDX documentNamespace).",
    hint: "add serialNumber (urn:uuid:…)",
  },
  "bsi/missing-component-creator": {
    severity: "error",
    clause: `${BSI} §5.2.2: Component creator (e-mail or URL)`,
    summary: "A component gives no e-mail address or URL for its creator.",
    hint: "add manufacturer (or supplier) with url or contact[].email",
  },
  "bsi/missing-name": {
    severity: "error",
    clause: `${BSI} §5.2.2: Component name`,
    summary: "A component has no name.",
    hint: "give the component the name its creator uses",
  },
  "bsi/missing-version": {
    severity: "error",
    clause: `${BSI} §5.2.2: Component version`,
    summary: "A component has no version.",
    hint: "add the creator's version (or the file's modification date, RFC 3339)",
  },
  "bsi/missing-filename": {
    severity: "error",
    clause: `${BSI} §5.2.2: Filename of the component`,
    summary: "A component does not give its file name.",
    hint: 'add the property "bsi:component:filename" (SPDX: packageFileName)',
  },
  "bsi/missing-dependency-completeness": {
    severity: "error",
    clause: `${BSI} §5.2.2: Dependencies on other components (with completeness)`,
    summary: "The document does not state whether its dependency enumerations are complete.",
    hint: 'add compositions with "aggregate": "complete" / "incomplete" / "unknown"',
  },
  "bsi/missing-distribution-licence": {
    severity: "error",
    clause: `${BSI} §5.2.2: Distribution licences`,
    summary: "A component has no concluded (distribution) licence.",
    hint: 'add licenses with "acknowledgement": "concluded" (SPDX: licenseConcluded)',
  },
  "bsi/missing-sha512": {
    severity: "error",
    clause: `${BSI} §5.2.2: Hash value of the deployable component (SHA-512)`,
    summary: "A component has no SHA-512 hash of its deployable form.",
    hint: 'add a SHA-512 hash to the "distribution" external reference (or the component hashes)',
  },
  "bsi/missing-executable-property": {
    severity: "error",
    clause: `${BSI} §5.2.2: Executable property`,
    summary: 'A component lacks "bsi:component:executable" (executable / non-executable).',
    hint: 'add the property "bsi:component:executable" with "executable" or "non-executable"',
  },
  "bsi/missing-archive-property": {
    severity: "error",
    clause: `${BSI} §5.2.2: Archive property`,
    summary: 'A component lacks "bsi:component:archive" (archive / no archive).',
    hint: 'add the property "bsi:component:archive" with "archive" or "no archive"',
  },
  "bsi/missing-structured-property": {
    severity: "error",
    clause: `${BSI} §5.2.2: Structured property`,
    summary: 'A component lacks "bsi:component:structured" (structured / unstructured).',
    hint: 'add the property "bsi:component:structured" with "structured" or "unstructured"',
  },
  "bsi/missing-source-uri": {
    severity: "warning",
    clause: `${BSI} §5.2.2: Source code URI (required where it exists)`,
    summary: "A component gives no source code URI.",
    hint: 'add an externalReferences entry of type "source-distribution" or "vcs" if the source is published',
  },
  "bsi/missing-deployable-uri": {
    severity: "warning",
    clause: `${BSI} §5.2.2: URI of the deployable form (required where it exists)`,
    summary: "A component gives no URI of its deployable form.",
    hint: 'add an externalReferences entry of type "distribution" (SPDX: downloadLocation)',
  },
  "bsi/missing-identifier": {
    severity: "warning",
    clause: `${BSI} §5.2.2: Other unique identifiers (required where they exist)`,
    summary: "A component has no purl, CPE or SWID.",
    hint: "add a purl or CPE",
  },
  "bsi/missing-original-licence": {
    severity: "warning",
    clause: `${BSI} §5.2.2: Original licences (required where known)`,
    summary: "A component has no declared (original) licence.",
    hint: 'add licenses with "acknowledgement": "declared" (SPDX: licenseDeclared)',
  },
  "bsi/contains-vulnerabilities": {
    severity: "error",
    clause: `${BSI} §3.1 (an SBOM does not contain vulnerability information)`,
    summary: "The SBOM carries vulnerability information, which TR-03183-2 keeps out of SBOMs.",
    hint: "move vulnerabilities to a separate CSAF or VEX document",
  },
};

function build(
  specs: Record<string, RuleSpec>,
  layer: ValidationLayer,
  profile?: ProfileName,
): [string, Rule][] {
  return Object.entries(specs).map(([code, s]) => [
    code,
    profile === undefined ? { code, layer, ...s } : { code, layer, profile, ...s },
  ]);
}

/** Every rule, by code. */
export const RULES: ReadonlyMap<string, Rule> = new Map([
  ...build(SYNTAX, "syntax"),
  ...build(SCHEMA, "schema"),
  ...build(SPDX, "semantic"),
  ...build(CDX, "semantic"),
  ...build(NTIA_RULES, "profile", "ntia"),
  ...build(CISA_RULES, "profile", "cisa-2025"),
  ...build(BSI_RULES, "profile", "bsi-tr-03183-2"),
]);

/** The rule for a code; throws for an unknown code (a bug). */
export function ruleFor(code: string): Rule {
  const r = RULES.get(code);
  if (!r) throw new Error(`validate: no rule for finding code ${code}`);
  return r;
}

/** Optional parts of a finding. */
export interface FindingExtras {
  readonly component?: string | undefined;
  readonly severity?: ValidationFinding["severity"] | undefined;
  readonly hint?: string | undefined;
}

/**
 * Builds a finding from its rule (severity, layer, profile, clause, hint).
 * @example finding("ntia/missing-supplier", "/packages/0", "no supplier", { component: "requests" })
 */
export function finding(
  code: string,
  path: string,
  message: string,
  extras?: FindingExtras,
): ValidationFinding {
  const r = ruleFor(code);
  return {
    code,
    severity: extras?.severity ?? r.severity,
    path,
    message,
    component: extras?.component,
    hint: extras?.hint ?? r.hint,
    layer: r.layer,
    profile: r.profile,
    clause: r.clause,
  };
}
