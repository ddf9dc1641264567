// Core metadata (METADATA / PKG-INFO): lenient reading, validation, contacts and the effective license.
export type { Contact } from "./contacts.js";
export { mergeContacts, parseContacts } from "./contacts.js";
export type { EffectiveLicense, LicenseSource } from "./effective-license.js";
export { effectiveLicense } from "./effective-license.js";
export type { FieldKind, MetadataField, MetadataVersion, RawMetadata } from "./fields.js";
export { METADATA_FIELDS, METADATA_VERSIONS } from "./fields.js";
export type { RawMetadataResult } from "./parse.js";
export { parseRawMetadata } from "./parse.js";
export type { MetadataProblem, MetadataProblemCode } from "./problems.js";
export type { CoreMetadata, ParsedMetadata, ProjectUrl, ValidatedMetadata } from "./validate.js";
export { parseMetadata, validateMetadata } from "./validate.js";
