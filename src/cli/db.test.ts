// `pysbom db …` in-process: import (fixtures, malformed records), status (table, json, age warning), update
// against 127.0.0.1, cpython-tags on a git repository built here, exit codes, database location rules.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  commit,
  cpythonReleaseSbom,
  git,
  gitAvailable,
  psfDir,
  pypaDir,
  tempDir,
  testdata,
  zipArchive,
} from "../vuln/test-helpers/index.js";
import { run } from "./run.js";
import { memoryIo } from "./test-helpers.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});
function temp(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}
async function cli(argv: string[], options: Parameters<typeof memoryIo>[0] & { now?: string } = {}) {
  const m = memoryIo(options);
  const io = options.now ? { ...m.io, now: () => new Date(options.now!) } : m.io;
  const code = await run(argv, io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

describe("pysbom db import / status", () => {
  it("imports the PyPA and PSF fixtures and reports the skipped ranges with file names", async () => {
    const db = temp();
    const r = await cli(["db", "import", "--db", db, pypaDir, psfDir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "Imported 2793 records: 2793 new, 0 updated, 0 unchanged. The database has 2793 records for 664 PyPI packages.\n",
    );
    expect(r.stderr).toContain(
      `pysbom: warning: ${pypaDir}/steam/PYSEC-2019-125.json: PYSEC-2019-125: affected[0].ranges[0] (ECOSYSTEM) skipped: fixed "2019-09-12" is not a valid PEP 440 version\n`,
    );
    expect(r.stderr).toContain(
      "pysbom: warning: 28 records list versions that are not PEP 440 and can never match (PYSEC-2019-6, PYSEC-2006-1, PYSEC-2008-3, …); --verbose lists them\n",
    );
    const again = await cli(["db", "import", "--db", db, pypaDir, psfDir, "--quiet"]);
    expect(again.stdout).toMatch(/: 0 new, 0 updated, 2793 unchanged\./);
    expect(again.stderr).toBe("");

    const status = await cli(["db", "status", "--db", db]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`Database:       ${db}\n`);
    expect(status.stdout).toContain("Records:        2793 (10 withdrawn), 664 PyPI packages\n");
    expect(status.stdout).toContain("Last modified:  2024-10-10T17:22:00.587279Z (newest record)\n");
    expect(status.stdout).toContain("Updated:        2025-01-01T00:00:00Z (0 days ago)\n");
    expect(status.stdout).toContain(
      'CPython tags:   not computed for 132 advisories (run "pysbom db cpython-tags --repo PATH")\n',
    );
    expect(status.stdout).toMatch(/SOURCE +KIND +RECORDS +UPDATED +LOCATION\n/);
    const json = await cli(["db", "status", "--db", db, "-o", "json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      meta: { records: 2793 },
      ageDays: 0,
      old: false,
      cpython: { records: 132 },
    });
    const old = await cli(["db", "status", "--db", db], { now: "2025-02-01T00:00:00Z" });
    expect(old.stderr).toBe(
      'pysbom: warning: the data is 31 days old (more than 7); run "pysbom db update"\n',
    );
  });

  it("reports malformed records with the file name and goes on", async () => {
    const r = await cli(["db", "import", "--db", temp(), join(testdata, "malformed"), "--verbose"], {
      cwd: testdata,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Imported 5 records: 5 new, .*; 7 records skipped \(see warnings\)\./);
    const dir = join(testdata, "malformed");
    expect(r.stderr).toContain(
      `pysbom: warning: ${dir}/PYSEC-0000-1.json: record skipped: bad JSON: Unexpected end of JSON input\n`,
    );
    expect(r.stderr).toContain(
      `pysbom: warning: ${dir}/PYSEC-0000-2.json: PYSEC-0000-2: affected[0].versions: 1 not valid PEP 440, never matched: "not a version"\n`,
    );
  });

  it("exit codes: missing input 3, no database 3, usage 2", async () => {
    const db = temp();
    expect((await cli(["db", "import", "--db", db, join(db, "nothing-here")])).code).toBe(3);
    const status = await cli(["db", "status", "--db", db]);
    expect(status.code).toBe(3);
    expect(status.stderr).toMatch(/no vulnerability database in .*: run "pysbom db update"/);
    expect((await cli(["db", "update", "--db", db, "--source", "npm"])).code).toBe(2);
    expect((await cli(["db", "cpython-tags", "--db", db])).code).toBe(2);
    expect((await cli(["db", "frobnicate"])).code).toBe(2);
  });

  it("finds the database through --db, PYSBOM_DB, XDG_CACHE_HOME, HOME", async () => {
    const home = temp();
    const src = join(temp(), "PYSEC-2022-42969.json");
    writeFileSync(src, readFileSync(join(pypaDir, "py", "PYSEC-2022-42969.json")));
    await cli(["db", "import", src], { env: { HOME: home } });
    expect(existsSync(join(home, ".cache", "pysbom", "db", "CURRENT"))).toBe(true);
    await cli(["db", "import", src], { env: { HOME: home, XDG_CACHE_HOME: join(home, "xdg") } });
    expect(existsSync(join(home, "xdg", "pysbom", "db", "CURRENT"))).toBe(true);
    await cli(["db", "import", src], {
      env: { HOME: home, XDG_CACHE_HOME: "relative", PYSBOM_DB: join(home, "env-db") },
    });
    expect(existsSync(join(home, "env-db", "CURRENT"))).toBe(true);
    const none = await cli(["db", "status"], { env: {} });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/set --db DIR, PYSBOM_DB, XDG_CACHE_HOME or HOME/);
  });
});

describe("pysbom db update (127.0.0.1)", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const pypi = zipArchive([
      { name: "PYSEC-2022-42969.json", data: readFileSync(join(pypaDir, "py", "PYSEC-2022-42969.json")) },
    ]);
    const psf = zipArchive([
      {
        name: "advisory-database-main/advisories/python/PSF-2023-9.json",
        data: readFileSync(join(psfDir, "python", "PSF-2023-9.json")),
      },
    ]);
    server = createServer((req, res) => {
      const body = req.url === "/pypi.zip" ? pypi : req.url === "/psf.zip" ? psf : undefined;
      if (!body) {
        res.statusCode = 404;
        res.end();
      } else if (req.headers["if-none-match"] === '"v1"') {
        res.statusCode = 304;
        res.end();
      } else {
        res.setHeader("etag", '"v1"');
        res.end(body);
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server?.closeAllConnections();
    server?.close();
  });

  it("downloads both sources, then finds them not modified", async () => {
    const db = temp();
    const args = [
      "db",
      "update",
      "--db",
      db,
      "--pypi-url",
      `${base}/pypi.zip`,
      "--psf-url",
      `${base}/psf.zip`,
    ];
    const first = await cli(args);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      new RegExp(
        `^osv-pypi: downloaded 0\\.0 MiB from ${base}/pypi\\.zip\npsf: downloaded 0\\.0 MiB from ${base}/psf\\.zip\nImported 2 records: 2 new`,
      ),
    );
    const second = await cli(args);
    expect(second.stdout).toBe(
      `osv-pypi: not modified since the last update (${base}/pypi.zip)\npsf: not modified since the last update (${base}/psf.zip)\n`,
    );
    const only = await cli([...args.slice(0, 4), "--source", "psf", "--psf-url", `${base}/missing.zip`]);
    expect(only.code).toBe(3);
    expect(only.stderr).toBe(`pysbom: error: GET ${base}/missing.zip: HTTP 404\n`);
  });
});

const haveGit = gitAvailable();
if (!haveGit) console.warn("SKIPPED: git is not installed; the db cpython-tags CLI test needs it");
describe.skipIf(!haveGit)("pysbom db cpython-tags, then scan the real CPython release SBOM", () => {
  it("reports the PSF records affecting 3.13.0a5", async () => {
    const root = temp();
    const repo = join(root, "cpython");
    mkdirSync(repo);
    git(repo, "init", "-q", "-b", "main");
    commit(repo, "3.12.0");
    git(repo, "tag", "v3.12.0");
    const introduced = commit(repo, "bug");
    commit(repo, "3.13.0a5");
    git(repo, "tag", "v3.13.0a5");
    const fix = commit(repo, "fix");
    commit(repo, "3.13.0a6");
    git(repo, "tag", "v3.13.0a6");
    const real = JSON.parse(readFileSync(join(psfDir, "python", "PSF-2024-2.json"), "utf8"));
    real.affected[0].ranges[0].events = [{ introduced }, { fixed: fix }];
    writeFileSync(join(root, "PSF-2024-2.json"), JSON.stringify(real));
    const db = join(root, "db");
    expect((await cli(["db", "import", "--db", db, join(root, "PSF-2024-2.json")])).code).toBe(0);
    const tags = await cli(["db", "cpython-tags", "--db", db, "--repo", repo]);
    expect(tags).toMatchObject({
      code: 0,
      stdout: `Computed the affected CPython releases of 1 of 1 advisory (3 release tags in ${repo}).\n`,
    });
    const status = await cli(["db", "status", "--db", db]);
    expect(status.stdout).toContain(
      `CPython tags:   1 of 1 computed (0 failed, 0 out of date) from ${repo} at 2025-01-01T00:00:00Z\n`,
    );
    const scan = await cli(["scan", "--db", db, "-o", "json", cpythonReleaseSbom]);
    expect(scan.code).toBe(0);
    const out = JSON.parse(scan.stdout);
    const cpython = out.results.find((x: { component: { name: string } }) => x.component.name === "CPython");
    expect(cpython.component).toMatchObject({
      version: "3.13.0a5",
      ecosystem: "CPython",
      cpes: ["cpe:2.3:a:python:python:3.13.0a5:*:*:*:*:*:*:*"],
    });
    expect(
      cpython.findings.map((f: { id: string; aliases: string[]; fixed: string[] }) => [
        f.id,
        f.aliases,
        f.fixed,
      ]),
    ).toEqual([["PSF-2024-2", real.aliases, ["3.13.0a6"]]]);
    expect(cpython.upgrade).toEqual({ version: "3.13.0a6", stillAffectedBy: [] });
    expect(cpython.error).toBeNull();
  });
});
