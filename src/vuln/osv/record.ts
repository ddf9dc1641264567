// OSV records (osv-schema v1.7, https://ossf.github.io/osv-schema/): the fields pysbom reads, and the import
// check that turns a parsed file into a usable record or reports why it cannot be used (with the file name).
import { tryParseVersion } from "../../core/pep440/index.js";
import { validateSchema } from "../../validate/schema.js";
import { isValidSemver } from "./semver.js";

/** One range event: exactly one of the four members (osv-schema "affected[].ranges[].events"). */
export interface OsvEvent {
  readonly introduced?: string;
  readonly fixed?: string;
  readonly last_affected?: string;
  readonly limit?: string;
}

/** A range (`ECOSYSTEM`, `SEMVER` or `GIT`). */
export interface OsvRange {
  readonly type: "ECOSYSTEM" | "SEMVER" | "GIT";
  readonly repo?: string;
  readonly events: readonly OsvEvent[];
  readonly database_specific?: Readonly<Record<string, unknown>>;
}

/** A severity entry (`CVSS_V2` / `CVSS_V3` / `CVSS_V4` vector, or `Ubuntu` rating). */
export interface OsvSeverity {
  readonly type: string;
  readonly score: string;
}

/** One `affected[]` entry. PSF records have no `package`, only a GIT range on python/cpython. */
export interface OsvAffected {
  readonly package?: { readonly ecosystem: string; readonly name: string; readonly purl?: string };
  readonly ranges?: readonly OsvRange[];
  readonly versions?: readonly string[];
  readonly severity?: readonly OsvSeverity[] | null;
  readonly ecosystem_specific?: Readonly<Record<string, unknown>>;
  readonly database_specific?: Readonly<Record<string, unknown>>;
}

/** An OSV record, as much of it as pysbom reads (the stored copy keeps every member). */
export interface OsvRecord {
  readonly id: string;
  readonly modified: string;
  readonly published?: string;
  readonly withdrawn?: string;
  readonly schema_version?: string;
  readonly aliases?: readonly string[] | null;
  readonly related?: readonly string[];
  readonly upstream?: readonly string[];
  readonly summary?: string;
  readonly details?: string;
  readonly severity?: readonly OsvSeverity[] | null;
  readonly affected?: readonly OsvAffected[] | null;
  readonly references?: readonly { readonly type: string; readonly url: string }[] | null;
  readonly database_specific?: Readonly<Record<string, unknown>>;
}

/** Why (part of) a record could not be used. */
export interface RecordProblem {
  /** The file (or `archive.zip!entry`) the record came from. */
  readonly file: string;
  /** The record id when it could be read. */
  readonly id?: string | undefined;
  /**
   * `record`: the whole record was skipped; `range`: one range was skipped, the rest of the record is used;
   * `versions`: entries of `versions` that are not versions in the ecosystem's syntax (they can never match).
   */
  readonly level: "record" | "range" | "versions";
  readonly message: string;
}

/** The result of {@link checkRecord}: the usable record (possibly without some ranges) and the problems. */
export interface CheckedRecord {
  readonly record?: OsvRecord | undefined;
  readonly problems: readonly RecordProblem[];
}

const RANGE_POINTER = /^\/affected\/(\d+)\/ranges\/(\d+)(?:\/|$)/;
const MAX_LISTED = 3;

/** The key of the OSV sentinel `introduced: "0"` ("before every version"), and of `limit: "*"`. */
export const ZERO_EVENT = "0";
export const INFINITE_LIMIT = "*";

/** The one key of an event (`introduced`, `fixed`, `last_affected` or `limit`). */
export function eventKind(e: OsvEvent): "introduced" | "fixed" | "last_affected" | "limit" | undefined {
  if (e.introduced !== undefined) return "introduced";
  if (e.fixed !== undefined) return "fixed";
  if (e.last_affected !== undefined) return "last_affected";
  if (e.limit !== undefined) return "limit";
  return undefined;
}

/** The value of an event's one key. */
export function eventValue(e: OsvEvent): string {
  return e.introduced ?? e.fixed ?? e.last_affected ?? e.limit ?? "";
}

/**
 * A repository URL compared without scheme and `.git` suffix, lowercased (as osv-scalibr compares GIT
 * repos): `https://github.com/python/cpython.git` → `github.com/python/cpython`.
 * @example normalizeRepo("git://github.com/Python/CPython.git") // "github.com/python/cpython"
 */
export function normalizeRepo(url: string): string {
  return url
    .trim()
    .replace(/^(?:https?|git|ssh):\/\//i, "")
    .replace(/^git@([^:/]+):/i, "$1/")
    .replace(/\/+$/, "")
    .replace(/\.git$/i, "")
    .toLowerCase();
}

/** The CPython repository as {@link normalizeRepo} writes it. */
export const CPYTHON_REPO = "github.com/python/cpython";

function describeErrors(errors: readonly { pointer: string; message: string; keyword: string }[]): string {
  // ajv reports every branch of a failed `oneOf`; the pattern/enum/type error is the informative one.
  const exclusive = errors.find((e) => e.keyword === "not" && RANGE_POINTER.test(e.pointer));
  if (exclusive)
    return `${exclusive.pointer} mixes fixed and last_affected events (they are mutually exclusive)`;
  const pick =
    errors.find((e) => ["pattern", "enum", "type", "format"].includes(e.keyword)) ??
    errors.find((e) => e.keyword === "contains") ??
    errors[0]!;
  return `${pick.pointer || "/"} ${pick.message}`;
}

function quoteList(values: readonly string[]): string {
  const shown = values.slice(0, MAX_LISTED).map((v) => JSON.stringify(v));
  return values.length > MAX_LISTED ? `${shown.join(", ")}, … (${values.length} in all)` : shown.join(", ");
}

/** Why an ECOSYSTEM/SEMVER event value is unusable for a PyPI package, or undefined when it is fine. */
function badEvent(type: OsvRange["type"], e: OsvEvent): string | undefined {
  const kind = eventKind(e)!;
  const value = eventValue(e);
  if (kind === "introduced" && value === ZERO_EVENT) return undefined;
  if (kind === "limit" && value === INFINITE_LIMIT) return undefined;
  if (type === "ECOSYSTEM" && tryParseVersion(value) === undefined)
    return `${kind} ${JSON.stringify(value)} is not a valid PEP 440 version`;
  if (type === "SEMVER" && !isValidSemver(value))
    return `${kind} ${JSON.stringify(value)} is not a SemVer 2.0.0 version`;
  return undefined;
}

/**
 * Checks one parsed OSV record for import: the official OSV JSON schema first, then what matching needs.
 * - A record that is not an object, lacks `id`/`modified`, or violates the schema outside its ranges is
 *   skipped (`level: "record"`).
 * - A range that violates the schema (unknown `type`, short commit hashes, no `introduced`…) or, for a
 *   PyPI package, has an event that is not a PEP 440 (ECOSYSTEM) / SemVer (SEMVER) version is dropped
 *   and the rest of the record kept (`level: "range"`; osv-matching.md decision 5).
 * - `versions` entries of a PyPI package that are not PEP 440 are kept but reported (`level: "versions"`).
 * `validVersion` may memoise the PEP 440 check (an import sees the same strings thousands of times).
 * @example checkRecord(JSON.parse(text), "PYSEC-2021-371.json").problems[0].message
 * // 'affected[0].ranges[1] (ECOSYSTEM) skipped: fixed "0.2.0-n653" is not a valid PEP 440 version'
 */
export function checkRecord(
  value: unknown,
  file: string,
  options: { readonly validVersion?: (s: string) => boolean } = {},
): CheckedRecord {
  const valid = options.validVersion ?? ((s: string) => tryParseVersion(s) !== undefined);
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return { problems: [{ file, level: "record", message: "not an OSV record (expected a JSON object)" }] };
  const obj = value as Record<string, unknown>;
  const id = typeof obj.id === "string" ? obj.id : undefined;
  const errors = validateSchema("osv", value);
  const rangeErrors = new Map<string, typeof errors>();
  const recordErrors: typeof errors = [];
  for (const e of errors) {
    const m = RANGE_POINTER.exec(e.pointer);
    if (m) {
      const key = `${m[1]}/${m[2]}`;
      rangeErrors.set(key, [...(rangeErrors.get(key) ?? []), e]);
    } else recordErrors.push(e);
  }
  if (recordErrors.length > 0)
    return {
      problems: [
        {
          file,
          id,
          level: "record",
          message: `record skipped: not a valid OSV record (${describeErrors(recordErrors)}${
            recordErrors.length > 1 ? `, and ${recordErrors.length - 1} more` : ""
          })`,
        },
      ],
    };
  const problems: RecordProblem[] = [];
  const record = obj as unknown as OsvRecord;
  const affected = (record.affected ?? []).map((a, ai): OsvAffected => {
    if (!a.ranges) return a;
    const isPypi = a.package?.ecosystem === "PyPI";
    const ranges = a.ranges.filter((r, ri) => {
      const where = `affected[${ai}].ranges[${ri}] (${typeof r.type === "string" ? r.type : "?"})`;
      const schemaErrors = rangeErrors.get(`${ai}/${ri}`);
      if (schemaErrors) {
        problems.push({
          file,
          id,
          level: "range",
          message: `${where} skipped: ${describeErrors(schemaErrors)}`,
        });
        return false;
      }
      if (isPypi && r.type !== "GIT") {
        const bad = r.events.map((e) => badEvent(r.type, e)).filter((m) => m !== undefined);
        if (bad.length > 0) {
          problems.push({ file, id, level: "range", message: `${where} skipped: ${bad.join("; ")}` });
          return false;
        }
      }
      return true;
    });
    if (isPypi && a.versions) {
      const invalid = a.versions.filter((v) => !valid(v));
      if (invalid.length > 0)
        problems.push({
          file,
          id,
          level: "versions",
          message: `affected[${ai}].versions: ${invalid.length} not valid PEP 440, never matched: ${quoteList(invalid)}`,
        });
    }
    return ranges.length === a.ranges.length ? a : { ...a, ranges };
  });
  const changed = affected.some((a, i) => a !== record.affected?.[i]);
  return { record: changed ? { ...record, affected } : record, problems };
}

/** True when a record is withdrawn (osv-schema `withdrawn`): such records never match (decision 6). */
export function isWithdrawn(record: Pick<OsvRecord, "withdrawn">): boolean {
  return record.withdrawn !== undefined;
}

/**
 * Orders two RFC 3339 `modified` timestamps: negative when `a` is older. Fractions of a second count;
 * unparsable values sort first.
 * @example compareModified("2024-01-01T00:00:00Z", "2024-01-01T00:00:00.5Z") // -1
 */
export function compareModified(a: string, b: string): number {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  const na = Number.isNaN(ta) ? Number.NEGATIVE_INFINITY : ta;
  const nb = Number.isNaN(tb) ? Number.NEGATIVE_INFINITY : tb;
  if (na !== nb) return na < nb ? -1 : 1;
  // Same millisecond: compare the fraction digits beyond it.
  const fa = /\.(\d+)/.exec(a)?.[1]?.padEnd(9, "0") ?? "000000000";
  const fb = /\.(\d+)/.exec(b)?.[1]?.padEnd(9, "0") ?? "000000000";
  return fa < fb ? -1 : fa > fb ? 1 : 0;
}
