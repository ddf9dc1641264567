// `db update`: downloads osv.dev's PyPI export and the PSF advisory database archive with conditional
// requests (ETag / Last-Modified kept in meta.json), then imports what changed. Each download replaces its
// source's records (records the source no longer has are removed).
import { join } from "node:path";
import { ensureDir, removePath } from "../../sources/dbdir.js";
import { download } from "../../sources/http.js";
import { type ImportSummary, importOsv } from "./import.js";
import { loadForWrite, rewriteMeta, type SourceInfo, withWriteLock } from "./store.js";

/** A downloadable source. */
export interface UpdateSource {
  /** Key in the database's sources (`osv-pypi`, `psf`). */
  readonly key: string;
  readonly url: string;
  /** File name under `<db>/downloads/`. */
  readonly file: string;
}

/** The default sources: osv.dev's PyPI export and the PSF advisory database (main branch archive). */
export const DEFAULT_UPDATE_SOURCES: Readonly<Record<"pypi" | "psf", UpdateSource>> = {
  pypi: {
    key: "osv-pypi",
    url: "https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip",
    file: "osv-pypi-all.zip",
  },
  psf: {
    key: "psf",
    url: "https://github.com/psf/advisory-database/archive/refs/heads/main.zip",
    file: "psf-advisory-database.zip",
  },
};

/** Options of {@link updateDatabase}. */
export interface UpdateOptions {
  readonly now: string;
  readonly sources: readonly UpdateSource[];
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  /** Download progress per source. */
  readonly onProgress?: (source: UpdateSource, received: number, total: number | undefined) => void;
  /** Import progress (records read). */
  readonly onImport?: (read: number) => void;
}

/** What happened to one source. */
export interface SourceUpdate {
  readonly source: UpdateSource;
  /** False when the server answered 304 Not Modified. */
  readonly changed: boolean;
  readonly bytes: number;
}

/** What {@link updateDatabase} did. */
export interface UpdateSummary {
  readonly sources: readonly SourceUpdate[];
  /** The import of the changed downloads, when any changed. */
  readonly imported?: ImportSummary | undefined;
}

/**
 * Downloads the sources (conditionally) and imports the changed ones.
 * @example await updateDatabase(dir, { now, sources: Object.values(DEFAULT_UPDATE_SOURCES) })
 */
export async function updateDatabase(dir: string, options: UpdateOptions): Promise<UpdateSummary> {
  const downloads = join(dir, "downloads");
  await ensureDir(downloads);
  const { meta } = await loadForWrite(dir);
  const results: SourceUpdate[] = [];
  const changed: { source: UpdateSource; path: string; etag?: string; lastModified?: string }[] = [];
  const unchanged: { source: UpdateSource; etag?: string; lastModified?: string }[] = [];
  for (const source of options.sources) {
    const known = meta?.sources[source.key];
    // Conditional only when the database has this source's records from the same URL.
    const validators =
      known && known.location === source.url
        ? { etag: known.etag, lastModified: known.lastModified }
        : undefined;
    const path = join(downloads, source.file);
    const r = await download(source.url, path, {
      validators,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      onProgress: (received, total) => options.onProgress?.(source, received, total),
    });
    results.push({ source, changed: r.changed, bytes: r.bytes });
    if (r.changed) changed.push({ source, path, ...r.validators });
    else unchanged.push({ source, ...r.validators });
  }
  let imported: ImportSummary | undefined;
  if (changed.length > 0) {
    imported = await importOsv(
      dir,
      changed.map((c) => ({
        path: c.path,
        display: c.source.url,
        source: c.source.key,
        prune: true,
        info: {
          kind: "download" as const,
          location: c.source.url,
          etag: c.etag,
          lastModified: c.lastModified,
        },
      })),
      { now: options.now, progress: options.onImport },
    );
    for (const c of changed) await removePath(c.path);
  }
  if (unchanged.length > 0) {
    // Nothing new: the data is current as of now.
    await withWriteLock(dir, async () => {
      const live = await loadForWrite(dir);
      if (!live.meta) return;
      const sources: Record<string, SourceInfo> = { ...live.meta.sources };
      for (const u of unchanged) {
        const s = sources[u.source.key];
        if (s)
          sources[u.source.key] = { ...s, updated: options.now, etag: u.etag, lastModified: u.lastModified };
      }
      await rewriteMeta(dir, { ...live.meta, sources });
    });
  }
  return { sources: results, imported };
}
