// Shared CycloneDX mapping tables: hash algorithm names, component types vs SPDX purposes, the property
// names pysbom uses for SPDX data CycloneDX has no field for, and the license ids its schema accepts.
import { createRequire } from "node:module";
import type { ChecksumAlgorithm, PrimaryPurpose, RelationshipType } from "../../model/index.js";

/** CycloneDX spec versions pysbom writes. */
export type CycloneDxVersion = "1.5" | "1.6" | "1.7";
/** CycloneDX spec versions pysbom reads. */
export const READABLE_CYCLONEDX_VERSIONS: readonly string[] = ["1.4", "1.5", "1.6", "1.7"];

export const HASH_TO_CDX: Partial<Record<ChecksumAlgorithm, string>> = {
  MD5: "MD5",
  SHA1: "SHA-1",
  SHA256: "SHA-256",
  SHA384: "SHA-384",
  SHA512: "SHA-512",
  "SHA3-256": "SHA3-256",
  "SHA3-384": "SHA3-384",
  "SHA3-512": "SHA3-512",
  "BLAKE2b-256": "BLAKE2b-256",
  "BLAKE2b-384": "BLAKE2b-384",
  "BLAKE2b-512": "BLAKE2b-512",
  BLAKE3: "BLAKE3",
};
export const CDX_TO_HASH: Record<string, ChecksumAlgorithm> = Object.fromEntries(
  Object.entries(HASH_TO_CDX).map(([k, v]) => [v, k as ChecksumAlgorithm]),
);

export const PURPOSE_TO_TYPE: Partial<Record<PrimaryPurpose, string>> = {
  APPLICATION: "application",
  FRAMEWORK: "framework",
  LIBRARY: "library",
  CONTAINER: "container",
  "OPERATING-SYSTEM": "operating-system",
  DEVICE: "device",
  FIRMWARE: "firmware",
  FILE: "file",
};
export const TYPE_TO_PURPOSE: Record<string, PrimaryPurpose> = Object.fromEntries(
  Object.entries(PURPOSE_TO_TYPE).map(([k, v]) => [v, k as PrimaryPurpose]),
);

/** Relationship types that become `dependencies` edges; `reverse` means `X TYPE Y` is "Y depends on X". */
export const DEPENDENCY_TYPES: ReadonlyMap<RelationshipType, { reverse: boolean }> = new Map([
  ["DEPENDS_ON", { reverse: false }],
  ["DEPENDENCY_OF", { reverse: true }],
  ["BUILD_DEPENDENCY_OF", { reverse: true }],
  ["DEV_DEPENDENCY_OF", { reverse: true }],
  ["OPTIONAL_DEPENDENCY_OF", { reverse: true }],
  ["PROVIDED_DEPENDENCY_OF", { reverse: true }],
  ["TEST_DEPENDENCY_OF", { reverse: true }],
  ["RUNTIME_DEPENDENCY_OF", { reverse: true }],
]);

/**
 * Property names (namespace `pysbom:spdx:`) that carry SPDX fields through CycloneDX so a round trip
 * loses nothing. Model properties never use this namespace.
 */
export const P = {
  prefix: "pysbom:spdx:",
  purpose: "pysbom:spdx:primaryPackagePurpose",
  supplier: "pysbom:spdx:supplier",
  originator: "pysbom:spdx:originator",
  summary: "pysbom:spdx:summary",
  fileName: "pysbom:spdx:packageFileName",
  sourceInfo: "pysbom:spdx:sourceInfo",
  comment: "pysbom:spdx:comment",
  filesAnalyzed: "pysbom:spdx:filesAnalyzed",
  verificationCode: "pysbom:spdx:packageVerificationCode",
  licenseInfoFromFiles: "pysbom:spdx:licenseInfoFromFiles",
  licenseDeclared: "pysbom:spdx:licenseDeclared",
  licenseConcluded: "pysbom:spdx:licenseConcluded",
  downloadLocation: "pysbom:spdx:downloadLocation",
  homepage: "pysbom:spdx:homepage",
  checksum: "pysbom:spdx:checksum",
  cpe: "pysbom:spdx:cpe23",
  externalRef: "pysbom:spdx:externalRef",
  fileTypes: "pysbom:spdx:fileTypes",
  licenseInfoInFiles: "pysbom:spdx:licenseInfoInFiles",
  relationship: "pysbom:spdx:relationship",
  documentName: "pysbom:spdx:documentName",
  documentNamespace: "pysbom:spdx:documentNamespace",
  documentComment: "pysbom:spdx:documentComment",
  licenseListVersion: "pysbom:spdx:licenseListVersion",
  creator: "pysbom:spdx:creator",
  extractedLicense: "pysbom:spdx:extractedLicense",
  unknown: "pysbom:unknown",
} as const;

const require = createRequire(import.meta.url);
let cdxLicenseIds: ReadonlySet<string> | undefined;

/** License ids CycloneDX's `spdx.schema.json` accepts in `license.id` (it lags the SPDX list a little). */
export function cyclonedxLicenseIds(): ReadonlySet<string> {
  cdxLicenseIds ??= new Set(
    (require("../../../schemas/cyclonedx/spdx.schema.json") as { enum: string[] }).enum,
  );
  return cdxLicenseIds;
}

/** External reference types of CycloneDX 1.5+ (`externalReference.type`). */
export const EXTERNAL_REFERENCE_TYPES: ReadonlySet<string> = new Set([
  "vcs",
  "issue-tracker",
  "website",
  "advisories",
  "bom",
  "mailing-list",
  "social",
  "chat",
  "documentation",
  "support",
  "source-distribution",
  "distribution",
  "distribution-intake",
  "license",
  "build-meta",
  "build-system",
  "release-notes",
  "security-contact",
  "model-card",
  "log",
  "configuration",
  "evidence",
  "formulation",
  "attestation",
  "threat-model",
  "adversary-model",
  "risk-assessment",
  "vulnerability-assertion",
  "exploitability-statement",
  "pentest-report",
  "static-analysis-report",
  "dynamic-analysis-report",
  "runtime-analysis-report",
  "component-analysis-report",
  "maturity-report",
  "certification-report",
  "codified-infrastructure",
  "quality-metrics",
  "poam",
  "electronic-signature",
  "digital-signature",
  "rfc-9116",
  "other",
]);

const iriReference = require("ajv-formats-draft2019/formats/iri-reference.js") as (v: string) => boolean;
const idnEmail = require("ajv-formats-draft2019/formats/idn-email.js") as (v: string) => boolean;

/**
 * True for strings CycloneDX validators accept as an `iri-reference` URL: the check of
 * ajv-formats-draft2019 (what CycloneDX's own libraries validate with), and no whitespace or controls.
 */
export function isIriReference(s: string): boolean {
  return s.length > 0 && !/[\s\u0000-\u001f\u007f]/.test(s) && iriReference(s);
}

/** True for strings CycloneDX validators accept as an `idn-email`. */
export function isEmail(s: string): boolean {
  return s.length > 0 && idnEmail(s);
}

/** Comment marking a `vcs` reference derived from a `git+…` download location (skipped when decoding). */
export const DERIVED_VCS_COMMENT = "pysbom: from the SPDX download location";
