// The SPDX 2.3 JSON document shape (spdx-2.3.schema.json), shared by the JSON and tag-value codecs:
// tag-value is rendered from, and parsed into, this same shape.

export interface SpdxChecksum {
  algorithm: string;
  checksumValue: string;
}

export interface SpdxExternalRef {
  referenceCategory: string;
  referenceType: string;
  referenceLocator: string;
  comment?: string;
}

export interface SpdxAnnotation {
  annotationDate: string;
  annotationType: string;
  annotator: string;
  comment: string;
}

export interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  packageFileName?: string;
  supplier?: string;
  originator?: string;
  downloadLocation: string;
  filesAnalyzed?: boolean;
  packageVerificationCode?: {
    packageVerificationCodeValue: string;
    packageVerificationCodeExcludedFiles?: string[];
  };
  checksums?: SpdxChecksum[];
  homepage?: string;
  sourceInfo?: string;
  licenseConcluded?: string;
  licenseInfoFromFiles?: string[];
  licenseDeclared?: string;
  copyrightText?: string;
  summary?: string;
  description?: string;
  comment?: string;
  externalRefs?: SpdxExternalRef[];
  primaryPackagePurpose?: string;
  annotations?: SpdxAnnotation[];
  hasFiles?: string[];
  [extra: string]: unknown;
}

export interface SpdxFile {
  SPDXID: string;
  fileName: string;
  fileTypes?: string[];
  checksums: SpdxChecksum[];
  licenseConcluded?: string;
  licenseInfoInFiles?: string[];
  copyrightText?: string;
  comment?: string;
  annotations?: SpdxAnnotation[];
  [extra: string]: unknown;
}

export interface SpdxRelationship {
  spdxElementId: string;
  relationshipType: string;
  relatedSpdxElement: string;
  comment?: string;
}

export interface SpdxExtractedLicense {
  licenseId: string;
  extractedText: string;
  name?: string;
  comment?: string;
  seeAlsos?: string[];
  [extra: string]: unknown;
}

export interface SpdxDocumentJson {
  spdxVersion: string;
  dataLicense: string;
  SPDXID: string;
  name: string;
  documentNamespace: string;
  comment?: string;
  creationInfo?: {
    created: string;
    creators: string[];
    licenseListVersion?: string;
    comment?: string;
  };
  documentDescribes?: string[];
  packages?: SpdxPackage[];
  files?: SpdxFile[];
  hasExtractedLicensingInfos?: SpdxExtractedLicense[];
  relationships?: SpdxRelationship[];
  annotations?: SpdxAnnotation[];
  [extra: string]: unknown;
}

/** Annotation comments in this namespace carry model data SPDX has no field for. */
export const PROPERTY_ANNOTATION_PREFIX = "pysbom:property ";
export const UNKNOWN_ANNOTATION_PREFIX = "pysbom:unknown ";
/** The annotator of pysbom's own annotations. */
export const PYSBOM_ANNOTATOR = "Tool: pysbom";
