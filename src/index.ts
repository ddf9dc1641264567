// The public library API of pysbom (named exports only). The CLI is a thin shell over these.

export type { Io } from "./cli/io.js";
// The CLI, callable in-process.
export { run } from "./cli/run.js";
// Python packaging standards (pure): one namespace per standard.
export * as cpe from "./core/cpe.js";
export * as filenames from "./core/filenames.js";
export * as license from "./core/license/index.js";
export * as metadata from "./core/metadata/index.js";
export * as names from "./core/names.js";
export * as pep440 from "./core/pep440/index.js";
export * as pep508 from "./core/pep508/index.js";
export * as purl from "./core/purl.js";
// Errors.
export { type ErrorCode, exitCodeFor, isPysbomError, PysbomError } from "./errors.js";
// SBOM formats.
export {
  type DetectedFormat,
  decodeSbom,
  detectFormat,
  encodeSbom,
  isSbomFormat,
  SBOM_FORMATS,
  type SbomFormat,
} from "./formats/index.js";
// The SBOM model.
export * from "./model/index.js";
// Validation (schema layer).
export { type SchemaError, type SchemaName, validateSchema } from "./validate/schema.js";
