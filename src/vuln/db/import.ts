// `db import`: OSV records from JSON/YAML files, directories (PyPA `vulns/<pkg>/PYSEC-*.yaml`, PSF
// `advisories/python/PSF-*.json`) and zip exports (osv.dev `PyPI/all.zip`, GitHub archives), merged into the
// database. Every record is checked (OSV schema, then what matching needs); a bad record is reported with
// its file and skipped, never aborting the import. The copy with the later `modified` wins, so importing the
// same data again changes nothing.
import { createRequire } from "node:module";
import { PysbomError } from "../../errors.js";
import { pathKind, readSmallFile, walkFiles } from "../../sources/dbdir.js";
import { readBoundedFile } from "../../sources/file.js";
import { readZipEntries } from "../../sources/zip.js";
import { type VersionKeyCache, versionKey } from "../osv/matcher.js";
import { checkRecord, compareModified, type RecordProblem } from "../osv/record.js";
import {
  type CpythonTags,
  type DbMeta,
  loadForWrite,
  rewriteMeta,
  type SourceInfo,
  type StoredLine,
  withWriteLock,
  writeDatabase,
} from "./store.js";

/** One input of an import. */
export interface ImportInput {
  /** File, directory or zip on the local filesystem. */
  readonly path: string;
  /** How to name it in messages (default: the path). */
  readonly display?: string;
  /** Key of the source in the database (default: the path). */
  readonly source?: string;
  /** Source details kept in meta.json. */
  readonly info?: Partial<Omit<SourceInfo, "records" | "updated">>;
  /**
   * Remove records of this source that the input no longer has (for `db update`, where the input is the
   * source's complete export).
   */
  readonly prune?: boolean;
}

/** Options of {@link importOsv}. */
export interface ImportOptions {
  /** The time of the import (RFC 3339). */
  readonly now: string;
  /** Called with the number of records read so far. */
  readonly progress?: (read: number) => void;
  /** Largest single file or zip entry read (default 64 MiB). */
  readonly maxFileBytes?: number;
}

/** What an import did. */
export interface ImportSummary {
  /** Records read and usable. */
  readonly read: number;
  readonly added: number;
  /** Replaced by a copy with a later `modified`. */
  readonly updated: number;
  /** Already in the database with the same or a later `modified` (the stored copy was kept). */
  readonly unchanged: number;
  /** Removed because a pruned source no longer has them. */
  readonly removed: number;
  /** Records skipped entirely (with the file name). */
  readonly invalid: readonly RecordProblem[];
  /** Ranges skipped and unusable `versions` entries in records that were imported. */
  readonly warnings: readonly RecordProblem[];
  /** Records in the database afterwards. */
  readonly total: number;
  readonly meta: DbMeta;
}

// Loaded on first use: most imports are JSON, and the YAML parser takes a noticeable time to load.
const require = createRequire(import.meta.url);
let yamlLib: typeof import("yaml") | undefined;
const yaml = (): typeof import("yaml") => {
  yamlLib ??= require("yaml") as typeof import("yaml");
  return yamlLib;
};

const DATA_FILE = /\.(?:json|ya?ml)$/i;
// In directories and archives, only files named like an OSV id (PYSEC-…, PSF-…, GHSA-…, CVE-…, x_…) are
// records; workflow files, schemas and tooling configuration beside them are not.
const RECORD_NAME = /^(?:[A-Z][A-Za-z0-9]*-[^/]+|x_[^/]+)\.(?:json|ya?ml)$/;

function isRecordPath(rel: string): boolean {
  const parts = rel.split("/");
  return !parts.some((p) => p.startsWith(".")) && RECORD_NAME.test(parts[parts.length - 1]!);
}

/** Parses a JSON or YAML file into values that should each be an OSV record. */
export function parseRecordFile(bytes: Uint8Array, name: string): { values: unknown[] } | { error: string } {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return { error: "not UTF-8 text" };
  }
  let value: unknown;
  if (/\.ya?ml$/i.test(name)) {
    const { parseDocument, visit } = yaml();
    const doc = parseDocument(text, { uniqueKeys: true });
    if (doc.errors.length > 0) return { error: `bad YAML: ${doc.errors[0]!.message.split("\n")[0]}` };
    // YAML 1.2 core schema, except that every plain scalar other than null stays the string it was
    // written as: an unquoted `1.10` is the version "1.10", not the number 1.1.
    visit(doc, {
      Scalar(_, node) {
        if (node.value !== null && typeof node.value !== "string") node.value = node.source;
      },
    });
    value = doc.toJS({ maxAliasCount: 100 });
  } else {
    try {
      value = JSON.parse(text);
    } catch (e) {
      return { error: `bad JSON: ${(e as Error).message}` };
    }
  }
  return { values: Array.isArray(value) ? value : [value] };
}

interface Candidate {
  readonly line: StoredLine;
}

/** Reads every input into checked records; the later `modified` wins among duplicates within the batch. */
async function readInputs(
  inputs: readonly ImportInput[],
  options: ImportOptions,
  invalid: RecordProblem[],
  warnings: RecordProblem[],
  keys: VersionKeyCache,
): Promise<{ batch: Map<string, Candidate>; seenBySource: Map<string, Set<string>> }> {
  const batch = new Map<string, Candidate>();
  const seenBySource = new Map<string, Set<string>>();
  const maxBytes = options.maxFileBytes ?? 64 * 1024 * 1024;
  let read = 0;
  const validVersion = (v: string) => versionKey(v, keys) !== undefined;
  const take = (source: string, file: string, bytes: Uint8Array) => {
    const parsed = parseRecordFile(bytes, file);
    if ("error" in parsed) {
      invalid.push({ file, level: "record", message: `record skipped: ${parsed.error}` });
      return;
    }
    for (const value of parsed.values) {
      const checked = checkRecord(value, file, { validVersion });
      for (const p of checked.problems) (p.level === "record" ? invalid : warnings).push(p);
      if (!checked.record) continue;
      const r = checked.record;
      read++;
      if (read % 500 === 0) options.progress?.(read);
      const seen = seenBySource.get(source) ?? new Set<string>();
      seen.add(r.id);
      seenBySource.set(source, seen);
      const line: StoredLine = {
        source,
        file,
        problems: checked.problems.map((p) => ({ level: p.level, message: p.message })),
        record: r,
      };
      const have = batch.get(r.id);
      if (!have || compareModified(r.modified, have.line.record.modified) > 0) batch.set(r.id, { line });
    }
  };
  for (const input of inputs) {
    const display = input.display ?? input.path;
    const source = input.source ?? input.path;
    const kind = await pathKind(input.path);
    if (kind === undefined)
      throw new PysbomError("INPUT_NOT_FOUND", `${display}: no such file or directory`, {
        location: { file: display },
      });
    if (kind === "directory") {
      for (const f of walkFiles(input.path, isRecordPath)) {
        const file = `${display.replace(/\/+$/, "")}/${f.rel}`;
        take(source, file, readSmallFile(f.path, maxBytes, file));
      }
    } else if (/\.zip$/i.test(input.path)) {
      for await (const e of readZipEntries(input.path, {
        display,
        maxEntryBytes: maxBytes,
        filter: isRecordPath,
      }))
        take(source, `${display}!${e.name}`, e.bytes);
    } else if (kind === "file" && DATA_FILE.test(input.path)) {
      take(source, display, await readBoundedFile(input.path, maxBytes, display));
    } else
      throw new PysbomError(
        "UNSUPPORTED_FORMAT",
        `${display}: not an OSV record file (.json, .yaml, .yml), a directory of them, or a .zip export`,
        { location: { file: display } },
      );
  }
  options.progress?.(read);
  return { batch, seenBySource };
}

/**
 * Imports OSV records into the database at `dir` (created when missing).
 * @example await importOsv("/cache/pysbom/db", [{ path: "advisory-database/vulns" }], { now })
 */
export async function importOsv(
  dir: string,
  inputs: readonly ImportInput[],
  options: ImportOptions,
): Promise<ImportSummary> {
  const invalid: RecordProblem[] = [];
  const warnings: RecordProblem[] = [];
  const keys: VersionKeyCache = new Map();
  const { batch, seenBySource } = await readInputs(inputs, options, invalid, warnings, keys);
  return withWriteLock(dir, async () => {
    const { lines, meta, cpythonTags } = await loadForWrite(dir);
    let added = 0;
    let updated = 0;
    let unchanged = 0;
    let removed = 0;
    for (const input of inputs) {
      if (!input.prune) continue;
      const source = input.source ?? input.path;
      const seen = seenBySource.get(source) ?? new Set<string>();
      for (const [id, l] of lines)
        if (l.source === source && !seen.has(id)) {
          lines.delete(id);
          removed++;
        }
    }
    for (const [id, { line }] of batch) {
      const have = lines.get(id);
      if (!have) {
        lines.set(id, line);
        added++;
      } else if (compareModified(line.record.modified, have.record.modified) > 0) {
        lines.set(id, line);
        updated++;
      } else unchanged++;
    }
    const sources: Record<string, Omit<SourceInfo, "records">> = {};
    for (const [k, v] of Object.entries(meta?.sources ?? {})) sources[k] = v;
    for (const input of inputs) {
      const key = input.source ?? input.path;
      sources[key] = {
        kind: input.info?.kind ?? "import",
        location: input.info?.location ?? input.path,
        updated: options.now,
        etag: input.info?.etag,
        lastModified: input.info?.lastModified,
      };
    }
    let newMeta: DbMeta;
    if (meta && added + updated + removed === 0) {
      // No record changed: keep the generation, refresh the source entries only.
      const perSource = new Map<string, number>();
      for (const l of lines.values()) perSource.set(l.source, (perSource.get(l.source) ?? 0) + 1);
      const full: Record<string, SourceInfo> = {};
      for (const key of Object.keys(sources).sort())
        full[key] = { ...sources[key]!, records: perSource.get(key) ?? 0 };
      newMeta = { ...meta, sources: full };
      await rewriteMeta(dir, newMeta);
    } else
      newMeta = await writeDatabase(
        dir,
        lines.values(),
        sources,
        cpythonTags as CpythonTags | undefined,
        options.now,
        keys,
      );
    return {
      read: [...seenBySource.values()].reduce((n, s) => n + s.size, 0),
      added,
      updated,
      unchanged,
      removed,
      invalid,
      warnings,
      total: newMeta.records,
      meta: newMeta,
    };
  });
}
