// The public library API of pysbom (named exports only). The CLI is a thin shell over these.

// Generating SBOMs: the catalogers and the library form of `pysbom generate`.
export * as cpython from "./catalogers/cpython/index.js";
export { type GenerateOptions, type GenerateResult, generateSbom } from "./catalogers/generate.js";
export * as installed from "./catalogers/installed/index.js";
export * as lockfiles from "./catalogers/lockfiles/index.js";
export { CATALOGERS, catalogerFor } from "./catalogers/registry.js";
export type { CatalogContext, Cataloger, CatalogResult } from "./catalogers/types.js";
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
  toCycloneDxObject,
} from "./formats/index.js";
// The SBOM model.
export * from "./model/index.js";
// Reading trees.
export { DirectoryResolver, type Entry, type Resolver } from "./sources/resolver.js";
// Validation.
export * as validate from "./validate/index.js";
export { type SchemaError, type SchemaName, validateSchema } from "./validate/schema.js";
// Vulnerabilities (OSV database, matching, scan, VEX).
export * as vuln from "./vuln/index.js";
