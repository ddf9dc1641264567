// `db status`: where the database is, its sources and counts, how old its data is, and the state of the
// CPython release tags (computed, missing, or stale because a record changed since).

import { compareModified } from "../osv/record.js";
import { cpythonRanges } from "./cpython-tags.js";
import { type CpythonTags, type DbMeta, loadForWrite } from "./store.js";

/** Data older than this many days gets a warning (`db status`, `scan`). */
export const MAX_AGE_DAYS = 7;

/** The status of a database directory. */
export interface DbStatus {
  readonly dir: string;
  readonly meta?: DbMeta | undefined;
  /** When the data was last imported or checked against its sources (the latest source `updated`). */
  readonly checked?: string | undefined;
  /** Whole days since {@link checked}. */
  readonly ageDays?: number | undefined;
  /** True when older than {@link MAX_AGE_DAYS}. */
  readonly old: boolean;
  readonly cpython: {
    /** Records with GIT ranges on python/cpython. */
    readonly records: number;
    /** Of those, with affected releases computed for their current `modified`. */
    readonly computed: number;
    /** Computed for an older `modified` (recompute). */
    readonly stale: number;
    /** That could not be computed (commits missing from the clone). */
    readonly failed: number;
    readonly tags?: Pick<CpythonTags, "computed" | "repo" | "head"> & { readonly releases: number };
  };
}

/** The latest `updated` of the sources. */
export function lastChecked(meta: DbMeta): string | undefined {
  let last: string | undefined;
  for (const s of Object.values(meta.sources))
    if (last === undefined || compareModified(s.updated, last) > 0) last = s.updated;
  return last;
}

/** Whole days between an RFC 3339 time and `now`. */
export function ageInDays(time: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(time)) / 86_400_000));
}

/**
 * Reads the status of the database in `dir` (no database: `meta` undefined).
 * @example (await databaseStatus(dir, new Date())).meta?.records
 */
export async function databaseStatus(dir: string, now: Date): Promise<DbStatus> {
  const { lines, meta, cpythonTags } = await loadForWrite(dir);
  const checked = meta ? lastChecked(meta) : undefined;
  const ageDays = checked ? ageInDays(checked, now) : undefined;
  let records = 0;
  let computed = 0;
  let stale = 0;
  let failed = 0;
  for (const l of lines.values()) {
    if (l.record.withdrawn !== undefined || cpythonRanges(l.record).length === 0) continue;
    records++;
    const t = cpythonTags?.records[l.record.id];
    if (!t) continue;
    if (t.modified !== l.record.modified) stale++;
    else if (t.versions) computed++;
    else failed++;
  }
  return {
    dir,
    meta,
    checked,
    ageDays,
    old: ageDays !== undefined && ageDays > MAX_AGE_DAYS,
    cpython: {
      records,
      computed,
      stale,
      failed,
      tags: cpythonTags
        ? {
            computed: cpythonTags.computed,
            repo: cpythonTags.repo,
            head: cpythonTags.head,
            releases: cpythonTags.releases.length,
          }
        : undefined,
    },
  };
}
