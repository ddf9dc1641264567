// `db cpython-tags`: PSF advisories carry only GIT ranges on python/cpython, so a CPython version can be
// matched offline only through release tags. With a local clone this computes, per record, the release tags
// `vX.Y.Z[{a,b,rc}N]` that are affected (osv-matching.md §5): some `introduced` commit is an ancestor of
// (or is) the tag's commit, no `fixed` commit is, no `last_affected` commit is a strict ancestor, and, when
// there are `limit` events, the tag is a strict ancestor of one of them. The result is stored as the
// records' affected versions (`cpython-tags.json`); scanning then matches a version to them.
import { resolve } from "node:path";
import { compareVersions, formatVersion, tryParseVersion } from "../../core/pep440/index.js";
import { PysbomError } from "../../errors.js";
import { GitRepo, type GitRepoOptions } from "../../sources/git-repo.js";
import { mapLimit } from "../../sources/hash.js";
import {
  CPYTHON_REPO,
  eventKind,
  eventValue,
  normalizeRepo,
  type OsvRecord,
  ZERO_EVENT,
} from "../osv/record.js";
import { type CpythonTags, loadForWrite, rewriteMeta, withWriteLock } from "./store.js";

/** A CPython release tag: `v3.12.0`, `v3.13.0a5`, `v3.13.0rc2`, `v2.5c1`. */
const RELEASE_TAG = /^v(\d+\.\d+(?:\.\d+)?(?:(?:a|b|c|rc)\d+)?)$/;

/** Options of {@link computeCpythonTags}. */
export interface CpythonTagsOptions {
  readonly now: string;
  readonly git?: GitRepoOptions;
  /** Called as commits are looked up. */
  readonly progress?: (done: number, total: number) => void;
  /** Parallel git processes (default 4). */
  readonly concurrency?: number;
}

/** What {@link computeCpythonTags} did. */
export interface CpythonTagsSummary {
  /** GIT-range records on python/cpython in the database. */
  readonly records: number;
  /** Records whose affected releases were computed. */
  readonly computed: number;
  /** Records that could not be computed, and why. */
  readonly problems: readonly { readonly id: string; readonly message: string }[];
  /** Release tags found in the clone. */
  readonly releases: number;
  readonly tags: CpythonTags;
}

interface GitRangeData {
  readonly introduced: string[];
  readonly fixed: string[];
  readonly lastAffected: string[];
  readonly limits: string[];
}

/** The GIT ranges on python/cpython of a record's package-less entries. */
export function cpythonRanges(record: OsvRecord): GitRangeData[] {
  const out: GitRangeData[] = [];
  for (const a of record.affected ?? []) {
    if (a.package !== undefined) continue;
    for (const r of a.ranges ?? []) {
      if (r.type !== "GIT" || r.repo === undefined || normalizeRepo(r.repo) !== CPYTHON_REPO) continue;
      const d: GitRangeData = { introduced: [], fixed: [], lastAffected: [], limits: [] };
      for (const e of r.events) {
        const k = eventKind(e);
        const v = eventValue(e);
        if (k === "introduced") d.introduced.push(v);
        else if (k === "fixed") d.fixed.push(v);
        else if (k === "last_affected") d.lastAffected.push(v);
        else if (k === "limit") d.limits.push(v);
      }
      out.push(d);
    }
  }
  return out;
}

/**
 * Computes the affected CPython releases of every PSF-style record from the clone at `repoPath` and stores
 * them in the database at `dir`.
 * @example await computeCpythonTags(db, "/src/cpython", { now })
 */
export async function computeCpythonTags(
  dir: string,
  repoPath: string,
  options: CpythonTagsOptions,
): Promise<CpythonTagsSummary> {
  const { lines, meta } = await loadForWrite(dir);
  if (!meta)
    throw new PysbomError(
      "INPUT_NOT_FOUND",
      `no vulnerability database in ${dir}: import the PSF advisories first`,
      {
        location: { file: dir },
      },
    );
  const targets = [...lines.values()]
    .map((l) => ({ record: l.record, ranges: cpythonRanges(l.record) }))
    .filter((t) => t.ranges.length > 0 && t.record.withdrawn === undefined);
  const repo = await GitRepo.open(resolve(repoPath), options.git);
  const release = new Map<string, string>(); // tag → normalised version
  const tagCommit = new Map<string, string>();
  for (const [tag, commit] of await repo.tags()) {
    const m = RELEASE_TAG.exec(tag);
    const v = m ? tryParseVersion(m[1]!) : undefined;
    if (!v) continue;
    release.set(tag, formatVersion(v));
    tagCommit.set(tag, commit);
  }
  const commits = new Set<string>();
  const limitCommits = new Set<string>();
  for (const t of targets)
    for (const r of t.ranges) {
      for (const c of [...r.introduced, ...r.fixed, ...r.lastAffected]) if (c !== ZERO_EVENT) commits.add(c);
      for (const c of r.limits) if (c !== "*") limitCommits.add(c);
    }
  const existing = await repo.existingCommits([...new Set([...commits, ...limitCommits])]);
  const contains = new Map<string, Set<string>>();
  const mergedInto = new Map<string, Set<string>>();
  const work = [...existing].map((c) => [c, commits.has(c), limitCommits.has(c)] as const);
  let done = 0;
  await mapLimit(work, options.concurrency ?? 4, async ([c, asAncestor, asLimit]) => {
    if (asAncestor) contains.set(c, new Set((await repo.tagsContaining(c)).filter((t) => release.has(t))));
    if (asLimit) mergedInto.set(c, new Set((await repo.tagsMergedInto(c)).filter((t) => release.has(t))));
    options.progress?.(++done, work.length);
  });
  const records: Record<string, { modified: string; versions?: string[]; problem?: string }> = {};
  const problems: { id: string; message: string }[] = [];
  let computed = 0;
  for (const { record, ranges } of targets) {
    const missing = [
      ...new Set(ranges.flatMap((r) => [...r.introduced, ...r.fixed, ...r.lastAffected, ...r.limits])),
    ].filter((c) => c !== ZERO_EVENT && c !== "*" && !existing.has(c));
    if (missing.length > 0) {
      const message = `commit${missing.length > 1 ? "s" : ""} not in the clone: ${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ", …" : ""}`;
      records[record.id] = { modified: record.modified, problem: message };
      problems.push({ id: record.id, message });
      continue;
    }
    const affected = new Set<string>();
    for (const [tag, version] of release) {
      const commit = tagCommit.get(tag)!;
      for (const r of ranges) {
        const introduced = r.introduced.some((i) => i === ZERO_EVENT || contains.get(i)!.has(tag));
        const fixed = r.fixed.some((f) => contains.get(f)!.has(tag));
        const after = r.lastAffected.some((l) => l !== commit && contains.get(l)!.has(tag));
        const below =
          r.limits.length === 0 ||
          r.limits.some((m) => m === "*" || (m !== commit && mergedInto.get(m)!.has(tag)));
        if (introduced && !fixed && !after && below) {
          affected.add(version);
          break;
        }
      }
    }
    records[record.id] = { modified: record.modified, versions: sortReleases(affected) };
    computed++;
  }
  const tags: CpythonTags = {
    computed: options.now,
    repo: resolve(repoPath),
    head: await repo.head(),
    releases: sortReleases(new Set(release.values())),
    records,
  };
  await withWriteLock(dir, async () => {
    // Store against the live generation (an import may have happened meanwhile: scanning compares each
    // record's `modified` with the one recorded here, so a changed record is never matched stale).
    const live = await loadForWrite(dir);
    await rewriteMeta(dir, live.meta ?? meta, tags);
  });
  return { records: targets.length, computed, problems, releases: release.size, tags };
}

function sortReleases(versions: ReadonlySet<string>): string[] {
  return [...versions]
    .map((s) => [s, tryParseVersion(s)!] as const)
    .sort((a, b) => compareVersions(a[1], b[1]))
    .map((x) => x[0]);
}
