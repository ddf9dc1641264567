// The fields of the core metadata specification (versions 1.0–2.5): header name, RawMetadata key,
// multiple-use or not, and the Metadata-Version that introduced each (packaging's `_Validator(added=…)`).

/** The Metadata-Version values packaging 26.2 accepts, oldest first (2.0 was never a real version). */
export const METADATA_VERSIONS = ["1.0", "1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "2.5"] as const;

/** One of {@link METADATA_VERSIONS}. */
export type MetadataVersion = (typeof METADATA_VERSIONS)[number];

/** How a field is stored in {@link RawMetadata}: one string, a list (multiple-use), or split keywords. */
export type FieldKind = "single" | "multiple" | "keywords";

/** Description of one core metadata field. */
export interface MetadataField {
  /** The header name as the specification spells it, e.g. `Requires-Dist`. */
  readonly header: string;
  /** The key in {@link RawMetadata}. */
  readonly key: keyof RawMetadata;
  readonly kind: FieldKind;
  /** The Metadata-Version that introduced the field. */
  readonly added: MetadataVersion;
}

/**
 * Core metadata as read from METADATA / PKG-INFO, with no validation: every value is the string the
 * file holds (continuation lines joined by `\n` and de-indented). Multiple-use fields are arrays;
 * `keywords` is the Keywords field split on commas (as packaging's `RawMetadata`).
 */
export interface RawMetadata {
  metadataVersion?: string;
  name?: string;
  version?: string;
  platforms?: string[];
  supportedPlatforms?: string[];
  summary?: string;
  description?: string;
  descriptionContentType?: string;
  keywords?: string[];
  homePage?: string;
  downloadUrl?: string;
  author?: string;
  authorEmail?: string;
  maintainer?: string;
  maintainerEmail?: string;
  license?: string;
  licenseExpression?: string;
  licenseFiles?: string[];
  classifiers?: string[];
  requiresDist?: string[];
  requiresPython?: string;
  requiresExternal?: string[];
  /** Raw `label, url` strings; {@link validateMetadata} splits them. */
  projectUrls?: string[];
  providesExtra?: string[];
  providesDist?: string[];
  obsoletesDist?: string[];
  dynamic?: string[];
  importNames?: string[];
  importNamespaces?: string[];
  /** Deprecated 1.1 fields (PEP 314), superseded by the `-Dist` forms in 1.2. */
  requires?: string[];
  provides?: string[];
  obsoletes?: string[];
}

const f = (
  header: string,
  key: keyof RawMetadata,
  kind: FieldKind,
  added: MetadataVersion,
): MetadataField => ({
  header,
  key,
  kind,
  added,
});

/** Every known field, in the specification's order. */
export const METADATA_FIELDS: readonly MetadataField[] = [
  f("Metadata-Version", "metadataVersion", "single", "1.0"),
  f("Name", "name", "single", "1.0"),
  f("Version", "version", "single", "1.0"),
  f("Dynamic", "dynamic", "multiple", "2.2"),
  f("Platform", "platforms", "multiple", "1.0"),
  f("Supported-Platform", "supportedPlatforms", "multiple", "1.1"),
  f("Summary", "summary", "single", "1.0"),
  f("Description", "description", "single", "1.0"),
  f("Description-Content-Type", "descriptionContentType", "single", "2.1"),
  f("Keywords", "keywords", "keywords", "1.0"),
  f("Home-page", "homePage", "single", "1.0"),
  f("Download-URL", "downloadUrl", "single", "1.1"),
  f("Author", "author", "single", "1.0"),
  f("Author-email", "authorEmail", "single", "1.0"),
  f("Maintainer", "maintainer", "single", "1.2"),
  f("Maintainer-email", "maintainerEmail", "single", "1.2"),
  f("License", "license", "single", "1.0"),
  f("License-Expression", "licenseExpression", "single", "2.4"),
  f("License-File", "licenseFiles", "multiple", "2.4"),
  f("Classifier", "classifiers", "multiple", "1.1"),
  f("Requires-Dist", "requiresDist", "multiple", "1.2"),
  f("Requires-Python", "requiresPython", "single", "1.2"),
  f("Requires-External", "requiresExternal", "multiple", "1.2"),
  f("Project-URL", "projectUrls", "multiple", "1.2"),
  f("Provides-Extra", "providesExtra", "multiple", "2.1"),
  f("Provides-Dist", "providesDist", "multiple", "1.2"),
  f("Obsoletes-Dist", "obsoletesDist", "multiple", "1.2"),
  f("Import-Name", "importNames", "multiple", "2.5"),
  f("Import-Namespace", "importNamespaces", "multiple", "2.5"),
  f("Requires", "requires", "multiple", "1.1"),
  f("Provides", "provides", "multiple", "1.1"),
  f("Obsoletes", "obsoletes", "multiple", "1.1"),
];

/** Lowercased header name → field (header names are case-insensitive, RFC 822 §3.4.7). */
export const FIELDS_BY_HEADER: ReadonlyMap<string, MetadataField> = new Map(
  METADATA_FIELDS.map((field) => [field.header.toLowerCase(), field]),
);

/** RawMetadata key → field. */
export const FIELDS_BY_KEY: ReadonlyMap<keyof RawMetadata, MetadataField> = new Map(
  METADATA_FIELDS.map((field) => [field.key, field]),
);
