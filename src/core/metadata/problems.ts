// Problems found while reading or validating core metadata, returned as data (never thrown).

/**
 * What is wrong. Reading: `invalid-utf8`, `byte-order-mark`, `malformed-header`, `orphan-continuation`,
 * `duplicate-field`, `unknown-field`. Validation: the rest, one per rule of the core metadata spec.
 */
export type MetadataProblemCode =
  | "invalid-utf8"
  | "byte-order-mark"
  | "malformed-header"
  | "orphan-continuation"
  | "duplicate-field"
  | "unknown-field"
  | "missing-field"
  | "invalid-metadata-version"
  | "field-too-new"
  | "invalid-name"
  | "invalid-version"
  | "multi-line-summary"
  | "invalid-content-type"
  | "invalid-requirement"
  | "invalid-specifier"
  | "invalid-extra"
  | "invalid-license-expression"
  | "invalid-license-file"
  | "invalid-dynamic"
  | "invalid-project-url"
  | "duplicate-project-url"
  | "invalid-import-name";

/**
 * One problem: the field's header name as the spec spells it (`Requires-Dist`; `""` for the file as a
 * whole), a stable code, and a message for people.
 * @example { field: "Version", code: "invalid-version", message: "'1.0.x' is not a valid PEP 440 version" }
 */
export interface MetadataProblem {
  readonly field: string;
  readonly code: MetadataProblemCode;
  readonly message: string;
}
