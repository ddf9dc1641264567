// db update against a local HTTP server on 127.0.0.1 (never the network): conditional requests with ETag and
// Last-Modified, progress, import of the changed exports, removal of records a source no longer has.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { psfDir, pypaDir, tempDir, zipArchive } from "../test-helpers/index.js";
import { VulnDb } from "./store.js";
import { DEFAULT_UPDATE_SOURCES, type UpdateSource, updateDatabase } from "./update.js";

const record = (pkg: string, id: string) => readFileSync(join(pypaDir, pkg, `${id}.json`), "utf8");
let pypiZip = zipArchive([
  { name: "PYSEC-2023-61.json", data: record("django", "PYSEC-2023-61") },
  { name: "PYSEC-2021-98.json", data: record("django", "PYSEC-2021-98") },
]);
let pypiEtag = '"pypi-1"';
const psfZip = zipArchive([
  {
    name: "advisory-database-main/advisories/python/PSF-2023-9.json",
    data: readFileSync(join(psfDir, "python", "PSF-2023-9.json")),
  },
]);
const requests: { url: string; ifNoneMatch?: string; ifModifiedSince?: string }[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({
      url: req.url ?? "",
      ifNoneMatch: req.headers["if-none-match"],
      ifModifiedSince: req.headers["if-modified-since"],
    });
    if (req.url === "/PyPI/all.zip") {
      if (req.headers["if-none-match"] === pypiEtag) {
        res.statusCode = 304;
        res.end();
        return;
      }
      res.setHeader("etag", pypiEtag);
      res.setHeader("content-length", String(pypiZip.length));
      res.end(pypiZip);
    } else if (req.url === "/psf/main.zip") {
      if (req.headers["if-modified-since"] === "Wed, 01 Jan 2025 00:00:00 GMT") {
        res.statusCode = 304;
        res.end();
        return;
      }
      res.setHeader("last-modified", "Wed, 01 Jan 2025 00:00:00 GMT");
      res.end(psfZip);
    } else {
      res.statusCode = 500;
      res.end("boom");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

function sources(): UpdateSource[] {
  return [
    { ...DEFAULT_UPDATE_SOURCES.pypi, url: `${base}/PyPI/all.zip` },
    { ...DEFAULT_UPDATE_SOURCES.psf, url: `${base}/psf/main.zip` },
  ];
}

describe("db update (local server on 127.0.0.1)", () => {
  it("downloads, imports, then asks conditionally and imports only what changed", async () => {
    const t = tempDir();
    try {
      const progress: number[] = [];
      const first = await updateDatabase(t.dir, {
        now: "2025-01-01T00:00:00Z",
        sources: sources(),
        onProgress: (_s, received) => progress.push(received),
      });
      expect(first.sources.map((s) => [s.source.key, s.changed])).toEqual([
        ["osv-pypi", true],
        ["psf", true],
      ]);
      expect(first.imported).toMatchObject({ read: 3, added: 3, invalid: [] });
      expect(progress.at(-1)).toBeGreaterThan(0);
      expect(requests.slice(-2).map((r) => [r.ifNoneMatch, r.ifModifiedSince])).toEqual([
        [undefined, undefined],
        [undefined, undefined],
      ]);

      const second = await updateDatabase(t.dir, { now: "2025-01-05T00:00:00Z", sources: sources() });
      expect(second.sources.map((s) => s.changed)).toEqual([false, false]);
      expect(second.imported).toBeUndefined();
      expect(requests.slice(-2).map((r) => [r.ifNoneMatch, r.ifModifiedSince])).toEqual([
        ['"pypi-1"', undefined],
        [undefined, "Wed, 01 Jan 2025 00:00:00 GMT"],
      ]);
      let db = await VulnDb.open(t.dir);
      expect(db.meta.sources["osv-pypi"]).toMatchObject({
        kind: "download",
        location: `${base}/PyPI/all.zip`,
        updated: "2025-01-05T00:00:00Z",
        etag: '"pypi-1"',
        records: 2,
      });
      expect(db.meta.sources.psf).toMatchObject({
        records: 1,
        lastModified: "Wed, 01 Jan 2025 00:00:00 GMT",
      });
      db.close();

      // The export changes: one record gone, one modified later. The source's records are replaced.
      const changed = JSON.parse(record("django", "PYSEC-2023-61"));
      changed.modified = "2030-01-01T00:00:00Z";
      changed.summary = "changed upstream";
      pypiZip = zipArchive([{ name: "PYSEC-2023-61.json", data: JSON.stringify(changed) }]);
      pypiEtag = '"pypi-2"';
      const third = await updateDatabase(t.dir, {
        now: "2025-01-06T00:00:00Z",
        sources: sources().slice(0, 1),
      });
      expect(third.imported).toMatchObject({ read: 1, updated: 1, removed: 1, total: 2 });
      db = await VulnDb.open(t.dir);
      expect(db.index.records.map((r) => [r.id, r.summary])).toEqual([
        ["PSF-2023-9", "os.path.normpath() truncates on null bytes"],
        ["PYSEC-2023-61", "changed upstream"],
      ]);
      db.close();
    } finally {
      t.cleanup();
    }
  });

  it("an HTTP error is a NETWORK error naming the URL, and the database is left alone", async () => {
    const t = tempDir();
    try {
      await expect(
        updateDatabase(t.dir, {
          now: "2025-01-01T00:00:00Z",
          sources: [{ ...DEFAULT_UPDATE_SOURCES.pypi, url: `${base}/missing.zip` }],
        }),
      ).rejects.toMatchObject({ code: "NETWORK", message: expect.stringMatching(/missing\.zip: HTTP 500/) });
      await expect(VulnDb.open(t.dir)).rejects.toMatchObject({ code: "INPUT_NOT_FOUND" });
    } finally {
      t.cleanup();
    }
  });
});
