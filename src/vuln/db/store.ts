// The on-disk vulnerability database. One directory holds generations (`gen-N/`) and a `CURRENT` file naming
// the live one, so a writer builds a whole new generation and switches atomically while readers keep theirs.
// A generation has `records.jsonl` (every record as imported, one per line, sorted by id: the truth),
// `index.json` (derived: per PEP 503 name the entries matching needs, and per record its id, aliases,
// severity and byte range in records.jsonl), `meta.json` (sources, counts) and `cpython-tags.json` (what
// `db cpython-tags` computed). Scanning parses the index once and compiles only the packages it asks about.
import { join } from "node:path";
import { canonicalizeName } from "../../core/names.js";
import { compareVersions, parseVersion, tryParseVersion } from "../../core/pep440/index.js";
import { PysbomError } from "../../errors.js";
import {
  acquireLock,
  ensureDir,
  listNames,
  RangeReader,
  readTextIfExists,
  removePath,
  writeFileAtomic,
} from "../../sources/dbdir.js";
import {
  addToIndex,
  type CompiledEntry,
  compileEntry,
  equalityKey,
  inEntryRanges,
  invalidQueryVersion,
  type PackageBuilder,
  packageOf,
  type StoredPackage,
  type VersionKeyCache,
} from "../osv/matcher.js";
import { CPYTHON_REPO, compareModified, type OsvRecord, type RecordProblem } from "../osv/record.js";
import { recordSeverity, type Severity } from "../osv/severity.js";

/** Version of the index layout; an index of another version is rebuilt from records.jsonl when read. */
export const INDEX_VERSION = 2;
const DB_FORMAT = "pysbom-osv-db";

/** Where records came from. */
export interface SourceInfo {
  /** `import` (db import PATH) or `download` (db update). */
  readonly kind: "import" | "download";
  /** The path or URL. */
  readonly location: string;
  /** When this source was last imported or checked (RFC 3339). */
  readonly updated: string;
  /** Records in the database that came from this source. */
  readonly records: number;
  readonly etag?: string | undefined;
  readonly lastModified?: string | undefined;
}

/** `meta.json`: what `db status` shows. */
export interface DbMeta {
  readonly format: typeof DB_FORMAT;
  readonly version: 1;
  /** When the database content last changed. */
  readonly updated: string;
  readonly records: number;
  readonly withdrawn: number;
  /** Distinct PyPI package names with records. */
  readonly packages: number;
  /** Greatest `modified` of any record. */
  readonly lastModified?: string | undefined;
  readonly sources: Readonly<Record<string, SourceInfo>>;
}

/** One line of records.jsonl: the record (without the ranges the import check dropped) and its provenance. */
export interface StoredLine {
  /** Key of the source in {@link DbMeta.sources}. */
  readonly source: string;
  /** File (or `archive!entry`) it was read from. */
  readonly file: string;
  /** What the import check reported (dropped ranges, unusable `versions` entries). */
  readonly problems: readonly Pick<RecordProblem, "level" | "message">[];
  readonly record: OsvRecord;
}

/** Per record in the index: what findings show without reading the record. */
export interface IndexRecord {
  readonly id: string;
  readonly modified: string;
  readonly published?: string | undefined;
  readonly withdrawn?: string | undefined;
  readonly aliases: readonly string[];
  readonly summary: string;
  readonly severity: Severity;
  readonly source: string;
  /** Messages about ranges the import skipped (shown when a scan consults this record). */
  readonly skipped?: readonly string[] | undefined;
  readonly offset: number;
  readonly length: number;
}

/** `index.json`. */
export interface DbIndex {
  readonly format: "pysbom-osv-index";
  readonly version: number;
  readonly records: readonly IndexRecord[];
  /** PEP 503 name → entries and inverted `versions`. */
  readonly pypi: Readonly<Record<string, StoredPackage>>;
  /** Normalised repository URL → package-less GIT entries (PSF's CPython records). */
  readonly git: Readonly<Record<string, StoredPackage>>;
}

/** `cpython-tags.json`: CPython release tags per GIT-range record, computed from a local clone. */
export interface CpythonTags {
  readonly computed: string;
  readonly repo: string;
  readonly head?: string | undefined;
  /** Every release version found (tag without `v`), in PEP 440 order. */
  readonly releases: readonly string[];
  /** Record id → the record's `modified` at computation time and its affected releases, or why none. */
  readonly records: Readonly<
    Record<
      string,
      { readonly modified: string; readonly versions?: readonly string[]; readonly problem?: string }
    >
  >;
}

/** Reads the name of the live generation, or undefined when there is no database. */
async function currentGeneration(dir: string): Promise<string | undefined> {
  const name = (await readTextIfExists(join(dir, "CURRENT")))?.trim();
  return name && /^gen-\d+$/.test(name) ? name : undefined;
}

/** Parses records.jsonl text into lines. */
export function parseRecordLines(text: string): StoredLine[] {
  const out: StoredLine[] = [];
  for (const line of text.split("\n")) if (line !== "") out.push(JSON.parse(line) as StoredLine);
  return out;
}

function summaryOf(r: OsvRecord): string {
  const s = r.summary?.trim() || r.details?.trim().split("\n")[0]?.trim() || "";
  return s.length > 240 ? `${s.slice(0, 239)}…` : s;
}

/**
 * Serialises lines (sorted by id here) into records.jsonl text and the index that points into it.
 * @example const { jsonl, index } = buildIndex(lines)
 */
export function buildIndex(
  lines: readonly StoredLine[],
  keyCache: VersionKeyCache = new Map(),
): { jsonl: string; index: DbIndex } {
  const sorted = [...lines].sort((a, b) =>
    a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0,
  );
  const parts: string[] = [];
  const records: IndexRecord[] = [];
  const pypi = new Map<string, PackageBuilder>();
  const git = new Map<string, PackageBuilder>();
  let offset = 0;
  sorted.forEach((line, i) => {
    const text = `${JSON.stringify(line)}\n`;
    const length = Buffer.byteLength(text);
    parts.push(text);
    const r = line.record;
    const skipped = line.problems.filter((p) => p.level === "range").map((p) => p.message);
    records.push({
      id: r.id,
      modified: r.modified,
      published: r.published,
      withdrawn: r.withdrawn,
      aliases: [...(r.aliases ?? [])],
      summary: summaryOf(r),
      severity: recordSeverity(r),
      source: line.source,
      skipped: skipped.length > 0 ? skipped : undefined,
      offset,
      length,
    });
    offset += length;
    addToIndex(r, i, pypi, git, keyCache);
  });
  return {
    jsonl: parts.join(""),
    index: {
      format: "pysbom-osv-index",
      version: INDEX_VERSION,
      records,
      pypi: Object.fromEntries([...pypi].map(([k, b]) => [k, packageOf(b)])),
      git: Object.fromEntries([...git].map(([k, b]) => [k, packageOf(b)])),
    },
  };
}

/** Counts for meta.json. */
function counts(index: DbIndex): Pick<DbMeta, "records" | "withdrawn" | "packages" | "lastModified"> {
  let last: string | undefined;
  let withdrawn = 0;
  for (const r of index.records) {
    if (r.withdrawn !== undefined) withdrawn++;
    if (last === undefined || compareModified(r.modified, last) > 0) last = r.modified;
  }
  return {
    records: index.records.length,
    withdrawn,
    packages: Object.keys(index.pypi).length,
    lastModified: last,
  };
}

/** What a writer has of the live database. */
export interface LoadedForWrite {
  readonly lines: Map<string, StoredLine>;
  readonly meta: DbMeta | undefined;
  readonly cpythonTags: CpythonTags | undefined;
}

/** Reads every stored record of the live generation (for merging an import into it). */
export async function loadForWrite(dir: string): Promise<LoadedForWrite> {
  const gen = await currentGeneration(dir);
  const lines = new Map<string, StoredLine>();
  if (gen === undefined) return { lines, meta: undefined, cpythonTags: undefined };
  const text = await readTextIfExists(join(dir, gen, "records.jsonl"));
  for (const l of parseRecordLines(text ?? "")) lines.set(l.record.id, l);
  const meta = await readJson<DbMeta>(join(dir, gen, "meta.json"));
  const tags = await readJson<CpythonTags>(join(dir, gen, "cpython-tags.json"));
  return { lines, meta, cpythonTags: tags };
}

async function readJson<T>(path: string): Promise<T | undefined> {
  const text = await readTextIfExists(path);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new PysbomError(
      "INPUT_UNREADABLE",
      `${path}: damaged database file (${(cause as Error).message})`,
      {
        cause,
      },
    );
  }
}

/**
 * Runs `fn` holding the database's writer lock (creating the directory when needed).
 * @example await withWriteLock(dir, async () => writeDatabase(…))
 */
export async function withWriteLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  await ensureDir(dir);
  const release = await acquireLock(dir);
  try {
    return await fn();
  } finally {
    await release();
  }
}

/**
 * Writes a new generation with these records, sources and CPython tags, switches `CURRENT` to it and removes
 * older generations. Call it holding the lock ({@link withWriteLock}).
 * @example await writeDatabase(dir, lines, sources, tags, "2025-01-01T00:00:00Z")
 */
export async function writeDatabase(
  dir: string,
  lines: Iterable<StoredLine>,
  sources: Readonly<Record<string, Omit<SourceInfo, "records">>>,
  cpythonTags: CpythonTags | undefined,
  updated: string,
  keyCache?: VersionKeyCache,
): Promise<DbMeta> {
  const { jsonl, index } = buildIndex([...lines], keyCache);
  const perSource = new Map<string, number>();
  for (const r of index.records) perSource.set(r.source, (perSource.get(r.source) ?? 0) + 1);
  const sourceInfo: Record<string, SourceInfo> = {};
  for (const key of Object.keys(sources).sort())
    sourceInfo[key] = { ...sources[key]!, records: perSource.get(key) ?? 0 };
  const meta: DbMeta = { format: DB_FORMAT, version: 1, updated, ...counts(index), sources: sourceInfo };
  const names = await listNames(dir);
  const numbers = names.filter((n) => /^gen-\d+$/.test(n)).map((n) => Number(n.slice(4)));
  const gen = `gen-${String(Math.max(0, ...numbers) + 1).padStart(6, "0")}`;
  const genDir = join(dir, gen);
  await removePath(genDir);
  await ensureDir(genDir);
  await writeFileAtomic(join(genDir, "records.jsonl"), jsonl);
  await writeFileAtomic(join(genDir, "index.json"), JSON.stringify(index));
  if (cpythonTags)
    await writeFileAtomic(join(genDir, "cpython-tags.json"), `${JSON.stringify(cpythonTags, null, 1)}\n`);
  await writeFileAtomic(join(genDir, "meta.json"), `${JSON.stringify(meta, null, 2)}\n`);
  await writeFileAtomic(join(dir, "CURRENT"), `${gen}\n`);
  for (const n of names) if (/^gen-\d+$/.test(n) && n !== gen) await removePath(join(dir, n));
  return meta;
}

/** Rewrites only meta.json / cpython-tags.json of the live generation (no record changed). */
export async function rewriteMeta(dir: string, meta: DbMeta, cpythonTags?: CpythonTags): Promise<void> {
  const gen = await currentGeneration(dir);
  if (gen === undefined) throw new PysbomError("INTERNAL", `${dir}: no generation to update`);
  if (cpythonTags)
    await writeFileAtomic(join(dir, gen, "cpython-tags.json"), `${JSON.stringify(cpythonTags, null, 1)}\n`);
  await writeFileAtomic(join(dir, gen, "meta.json"), `${JSON.stringify(meta, null, 2)}\n`);
}

/** A package's active records with compiled entries (cached per database instance). */
interface CompiledPackage {
  readonly candidates: readonly RecordMatch[];
  /** Inverted `versions` lists: equality key → [normal form, record positions…]. */
  readonly listed: ReadonlyMap<string, readonly [string, ...number[]]>;
  /** Import messages of the records' skipped ranges. */
  readonly skipped: readonly string[];
}

/** A record of the queried package, with its compiled entries for that package. */
export interface RecordMatch {
  readonly record: IndexRecord;
  readonly position: number;
  readonly entries: readonly CompiledEntry[];
}

/** The answer for one (package, version) query. */
export interface QueryResult {
  /** Records affecting the version (withdrawn ones never). */
  readonly matches: readonly RecordMatch[];
  /** Set when the query cannot be answered (invalid version, CPython tags missing…): never "not affected". */
  readonly error?: string | undefined;
  /** Records consulted whose data is partly unusable (ranges the import skipped). */
  readonly problems: readonly string[];
  /** Every active record of the package (for upgrade advice). */
  readonly candidates: readonly RecordMatch[];
  /** Every version the package's records name (events and `versions`): upgrade candidates. */
  readonly known: () => readonly string[];
  /** Whether a candidate record affects another version of the package (for upgrade advice). */
  readonly affects: (record: RecordMatch, version: string) => boolean;
}

/**
 * A loaded, read-only database.
 * @example const db = await VulnDb.open(databaseDir(undefined, process.env, process.cwd()));
 * db.queryPypi("Django", "3.2.0").matches.map((m) => m.record.id)
 */
export class VulnDb {
  readonly dir: string;
  readonly meta: DbMeta;
  readonly index: DbIndex;
  readonly cpythonTags: CpythonTags | undefined;
  readonly #records: RangeReader;
  readonly #compiled = new Map<string, CompiledPackage>();
  #cpythonUnevaluable: string[] | undefined;
  readonly #known = new WeakMap<CompiledPackage, readonly string[]>();

  private constructor(
    dir: string,
    meta: DbMeta,
    index: DbIndex,
    tags: CpythonTags | undefined,
    recordsPath: string,
  ) {
    this.dir = dir;
    this.meta = meta;
    this.index = index;
    this.cpythonTags = tags;
    this.#records = new RangeReader(recordsPath);
  }

  /**
   * Opens the database in `dir`; `INPUT_NOT_FOUND` when there is none.
   * @example await VulnDb.open("/home/me/.cache/pysbom/db")
   */
  static async open(dir: string): Promise<VulnDb> {
    // A writer may switch generations (and remove the old one) while we read: then read the new one.
    for (let attempt = 0; ; attempt++) {
      const gen = await currentGeneration(dir);
      if (gen === undefined)
        throw new PysbomError(
          "INPUT_NOT_FOUND",
          `no vulnerability database in ${dir}: run "pysbom db update" (download) or "pysbom db import PATH…"`,
          { location: { file: dir } },
        );
      try {
        return await VulnDb.#openGeneration(dir, join(dir, gen));
      } catch (e) {
        if (attempt < 3 && (await currentGeneration(dir)) !== gen) continue;
        throw e;
      }
    }
  }

  static async #openGeneration(dir: string, genDir: string): Promise<VulnDb> {
    const meta = await readJson<DbMeta>(join(genDir, "meta.json"));
    if (meta?.format !== DB_FORMAT)
      throw new PysbomError("UNSUPPORTED_FORMAT", `${dir}: not a pysbom vulnerability database (meta.json)`);
    let index = await readJson<DbIndex>(join(genDir, "index.json"));
    if (index?.format !== "pysbom-osv-index" || index.version !== INDEX_VERSION) {
      // Written by another pysbom version: rebuild from the records (the source of truth).
      index = buildIndex(
        parseRecordLines((await readTextIfExists(join(genDir, "records.jsonl"))) ?? ""),
      ).index;
    }
    const tags = await readJson<CpythonTags>(join(genDir, "cpython-tags.json"));
    return new VulnDb(dir, meta, index, tags, join(genDir, "records.jsonl"));
  }

  /** Releases the records file. */
  close(): void {
    this.#records.close();
  }

  /**
   * The full stored line of a record (position in {@link DbIndex.records}).
   * @example db.readRecord(m.position).record.details
   */
  readLine(position: number): StoredLine {
    const r = this.index.records[position]!;
    return JSON.parse(this.#records.read(r.offset, r.length).toString("utf8")) as StoredLine;
  }

  #package(
    key: string,
    stored: StoredPackage | undefined,
    extra?: (c: RecordMatch) => readonly string[],
  ): CompiledPackage {
    let c = this.#compiled.get(key);
    if (c) return c;
    const byRecord = new Map<number, CompiledEntry[]>();
    for (const s of stored?.e ?? []) {
      if (this.index.records[s.r]!.withdrawn !== undefined) continue;
      const e = compileEntry(s);
      const list = byRecord.get(s.r);
      if (list) list.push(e);
      else byRecord.set(s.r, [e]);
    }
    const candidates = [...byRecord].map(([p, es]) => ({
      record: this.index.records[p]!,
      position: p,
      entries: es,
    }));
    const listed = new Map<string, [string, ...number[]]>();
    for (const [k, normal, ...positions] of stored?.v ?? []) listed.set(k, [normal, ...positions]);
    // Versions known from elsewhere (CPython release tags) join the inverted lists.
    if (extra)
      for (const cand of candidates)
        for (const s of extra(cand)) {
          const k = equalityKey(parseVersion(s));
          const have = listed.get(k);
          if (!have) listed.set(k, [s, cand.position]);
          else if (!have.includes(cand.position, 1)) have.push(cand.position);
        }
    const skipped = candidates.flatMap((x) => (x.record.skipped ?? []).map((m) => `${x.record.id}: ${m}`));
    c = { candidates, listed, skipped };
    this.#compiled.set(key, c);
    return c;
  }

  #query(pkg: CompiledPackage, version: string): QueryResult {
    const { candidates, listed } = pkg;
    const problems = [...pkg.skipped];
    const affects = (c: RecordMatch, other: string): boolean => {
      const v = tryParseVersion(other);
      if (v === undefined) return false;
      if (listed.get(equalityKey(v))?.includes(c.position, 1)) return true;
      return c.entries.some((e) => inEntryRanges(e, v, other) === "affected");
    };
    const known = (): readonly string[] => {
      const have = this.#known.get(pkg);
      if (have) return have;
      const all = new Set([...listed.values()].map((x) => x[0]));
      for (const c of candidates) for (const e of c.entries) for (const k of e.known) all.add(k);
      const list = [...all];
      this.#known.set(pkg, list);
      return list;
    };
    const base = { problems, candidates, affects, known };
    const v = tryParseVersion(version);
    if (v === undefined) return { ...base, matches: [], error: invalidQueryVersion(version).message };
    const listedBy = new Set(listed.get(equalityKey(v))?.slice(1) as number[] | undefined);
    const matches: RecordMatch[] = [];
    const unplaceable: string[] = [];
    for (const c of candidates) {
      if (listedBy.has(c.position)) {
        matches.push(c);
        continue;
      }
      let hit = false;
      let unplaced: string | undefined;
      for (const e of c.entries) {
        const m = inEntryRanges(e, v, version);
        if (typeof m === "object") unplaced ??= `${c.record.id} ${m.problem}`;
        else if (m === "affected") hit = true;
      }
      if (hit) matches.push(c);
      // A range the version cannot be placed in leaves the answer open: an error, never "not affected".
      else if (unplaced) unplaceable.push(unplaced);
    }
    if (unplaceable.length > 0)
      return { ...base, matches, error: `cannot be matched: ${unplaceable.join("; ")}` };
    return { ...base, matches };
  }

  /**
   * The records affecting PyPI package `name` (any spelling; PEP 503) at `version`.
   * @example db.queryPypi("Django", "3.2.0").matches.length
   */
  queryPypi(name: string, version: string): QueryResult {
    const key = canonicalizeName(name);
    return this.#query(this.#package(`pypi:${key}`, this.index.pypi[key]), version);
  }

  /** True when the database has records for the PyPI package. */
  hasPypi(name: string): boolean {
    return this.index.pypi[canonicalizeName(name)] !== undefined;
  }

  /**
   * The PSF records affecting CPython `version` (e.g. `3.13.0a5`): a record matches when the version is one of
   * its affected releases, as computed by `db cpython-tags` or listed in the record's `versions` (osv.dev's
   * enriched copies). A record with neither cannot be evaluated: the result then has an `error`.
   * @example db.queryCpython("3.12.1").matches.map((m) => m.record.id)
   */
  queryCpython(version: string): QueryResult {
    const stored = this.index.git[CPYTHON_REPO];
    const tags = this.cpythonTags;
    const current = (c: RecordMatch) => {
      const t = tags?.records[c.record.id];
      return t?.versions !== undefined && t.modified === c.record.modified ? t.versions : undefined;
    };
    const pkg = this.#package(`git:${CPYTHON_REPO}`, stored, (c) => current(c) ?? []);
    this.#cpythonUnevaluable ??= pkg.candidates
      .filter((c) => current(c) === undefined && !(stored?.v ?? []).some((x) => x.includes(c.position, 2)))
      .map((c) => c.record.id);
    const unevaluable = this.#cpythonUnevaluable;
    const result = this.#query(pkg, version);
    if (unevaluable.length === 0 || result.error) return result;
    const ids = [...unevaluable];
    const stale = ids.filter((id) => tags?.records[id] !== undefined);
    const why =
      tags === undefined
        ? `run "pysbom db cpython-tags --repo PATH" with a clone of python/cpython`
        : stale.length > 0
          ? `their release tags are missing or out of date (${stale.slice(0, 3).join(", ")}${stale.length > 3 ? ", …" : ""}); run "pysbom db cpython-tags --repo PATH" again`
          : `run "pysbom db cpython-tags --repo PATH" again`;
    return {
      ...result,
      error: `${ids.length} CPython advisor${ids.length === 1 ? "y has" : "ies have"} only git commit ranges and cannot be matched to a version: ${why}`,
    };
  }

  /** CPython release versions known from the tags (for upgrade advice), in PEP 440 order. */
  cpythonReleases(): readonly string[] {
    return this.cpythonTags?.releases ?? [];
  }
}

/** Sorts version strings by PEP 440 (invalid ones dropped). */
export function sortVersions(versions: Iterable<string>): string[] {
  const parsed = [...versions].map((s) => [s, tryParseVersion(s)] as const).filter((x) => x[1] !== undefined);
  parsed.sort((a, b) => compareVersions(a[1]!, b[1]!));
  return parsed.map((x) => x[0]);
}
