// The vulnerability side of pysbom: OSV records and the matching algorithm (osv/), the offline database
// (db/), VEX input and the scan of a document. The CLI's `scan` and `db` commands are thin shells over these.

export { type CpythonTagsOptions, type CpythonTagsSummary, computeCpythonTags } from "./db/cpython-tags.js";
export { type ImportInput, type ImportOptions, type ImportSummary, importOsv } from "./db/import.js";
export { databaseDir } from "./db/paths.js";
export {
  type DbStatus,
  databaseStatus,
  MAX_AGE_DAYS,
} from "./db/status.js";
export {
  type CpythonTags,
  type DbMeta,
  type IndexRecord,
  type QueryResult,
  type RecordMatch,
  type SourceInfo,
  VulnDb,
} from "./db/store.js";
export {
  DEFAULT_UPDATE_SOURCES,
  type UpdateOptions,
  type UpdateSource,
  type UpdateSummary,
  updateDatabase,
} from "./db/update.js";
export { compareIds, groupByAliases } from "./osv/aliases.js";
export { equalityKey, isAffected } from "./osv/matcher.js";
export { BOTTOM, inRange, type RangeEvent, sortEvents, TOP } from "./osv/ranges.js";
export {
  checkRecord,
  type OsvAffected,
  type OsvEvent,
  type OsvRange,
  type OsvRecord,
  type RecordProblem,
} from "./osv/record.js";
export { compareSemver, isValidSemver, type SemVer, tryParseSemver } from "./osv/semver.js";
export { cvssBaseScore, type Rating, recordSeverity, type Severity } from "./osv/severity.js";
export {
  type ComponentResult,
  componentOf,
  type FailOn,
  failsPolicy,
  type ScanComponent,
  type ScanOptions,
  type ScanResult,
  type SuppressedFinding,
  scanDocument,
  type Upgrade,
  type VulnFinding,
} from "./scan.js";
export { decidingStatement, parseVex, type VexStatement, type VexStatus } from "./vex.js";
