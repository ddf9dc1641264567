// db import: the PyPA and PSF fixtures, malformed records (reported with the file name and skipped), YAML,
// zip exports in osv.dev and GitHub-archive layouts, idempotent re-import and `modified` precedence.
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { psfDir, pypaDir, tempDir, testdata, zipArchive } from "../test-helpers/index.js";
import { importOsv } from "./import.js";
import { VulnDb } from "./store.js";

const NOW = "2025-01-01T00:00:00Z";
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});
function temp(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}
function generation(dir: string): string {
  return join(dir, readFileSync(join(dir, "CURRENT"), "utf8").trim());
}
function pypaRecord(pkg: string, id: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(pypaDir, pkg, `${id}.json`), "utf8"));
}

describe("db import", () => {
  it("imports the whole PyPA fixture: 2,661 records, problems reported with file names", async () => {
    const dir = temp();
    const s = await importOsv(dir, [{ path: pypaDir, display: "pypa" }], { now: NOW });
    expect(s).toMatchObject({ read: 2661, added: 2661, updated: 0, unchanged: 0, removed: 0, total: 2661 });
    expect(s.invalid).toEqual([]);
    // 7 GIT ranges with short or suffixed hashes (schema) and 2 ECOSYSTEM ranges with non-PEP 440 events.
    const ranges = s.warnings.filter((w) => w.level === "range");
    expect(ranges.map((w) => `${w.file} ${w.id}`)).toEqual([
      "pypa/binderhub/PYSEC-2021-371.json PYSEC-2021-371",
      "pypa/binderhub/PYSEC-2021-371.json PYSEC-2021-371",
      "pypa/matrix-synapse/PYSEC-2021-424.json PYSEC-2021-424",
      "pypa/matrix-synapse/PYSEC-2021-425.json PYSEC-2021-425",
      "pypa/matrix-synapse/PYSEC-2021-436.json PYSEC-2021-436",
      "pypa/python-dbusmock/PYSEC-2019-155.json PYSEC-2019-155",
      "pypa/python-fedora/PYSEC-2017-27.json PYSEC-2017-27",
      "pypa/steam/PYSEC-2019-125.json PYSEC-2019-125",
      "pypa/vyper/PYSEC-2023-80.json PYSEC-2023-80",
    ]);
    expect(ranges[1]!.message).toBe(
      'affected[0].ranges[1] (ECOSYSTEM) skipped: fixed "0.2.0-n653" is not a valid PEP 440 version',
    );
    expect(ranges[0]!.message).toMatch(
      /^affected\[0\]\.ranges\[0\] \(GIT\) skipped: .*fixed must match pattern/,
    );
    // 108 `versions` entries in 28 records are not PEP 440.
    const versions = s.warnings.filter((w) => w.level === "versions");
    expect(versions).toHaveLength(28);
    expect(versions.map((w) => w.message).join("\n")).toMatch(/"0\.7\.10p1"/);
    expect(s.meta).toMatchObject({ records: 2661, withdrawn: 10, packages: 664 });
  });

  it("the PSF fixture imports cleanly", async () => {
    const s = await importOsv(temp(), [{ path: psfDir }], { now: NOW });
    expect(s).toMatchObject({ read: 132, added: 132, invalid: [], warnings: [] });
    expect(s.meta.packages).toBe(0);
  });

  it("re-import is idempotent: same records and index, byte for byte", async () => {
    const dir = temp();
    await importOsv(dir, [{ path: pypaDir }], { now: NOW });
    const gen = generation(dir);
    const digest = () =>
      ["records.jsonl", "index.json"].map((f) =>
        createHash("sha256")
          .update(readFileSync(join(gen, f)))
          .digest("hex"),
      );
    const before = digest();
    const s = await importOsv(dir, [{ path: pypaDir }], { now: "2025-01-02T00:00:00Z" });
    expect(s).toMatchObject({ read: 2661, added: 0, updated: 0, unchanged: 2661 });
    expect(generation(dir)).toBe(gen);
    expect(digest()).toEqual(before);
    const meta = JSON.parse(readFileSync(join(gen, "meta.json"), "utf8"));
    expect(meta.updated).toBe(NOW); // the content did not change
    expect(Object.values(meta.sources)).toMatchObject([
      { kind: "import", updated: "2025-01-02T00:00:00Z", records: 2661 },
    ]);
  });

  it("the copy with the later `modified` wins, whichever is imported first", async () => {
    const dir = temp();
    const src = temp();
    const base = pypaRecord("django", "PYSEC-2023-61");
    const older = { ...base, summary: "older copy", modified: "2020-01-01T00:00:00Z" };
    const newer = { ...base, summary: "newer copy", modified: "2030-01-01T00:00:00.5Z" };
    writeFileSync(join(src, "old.json"), JSON.stringify(older));
    writeFileSync(join(src, "new.json"), JSON.stringify(newer));
    expect(await importOsv(dir, [{ path: join(src, "new.json") }], { now: NOW })).toMatchObject({ added: 1 });
    expect(await importOsv(dir, [{ path: join(src, "old.json") }], { now: NOW })).toMatchObject({
      unchanged: 1,
    });
    const dir2 = temp();
    await importOsv(dir2, [{ path: join(src, "old.json") }], { now: NOW });
    expect(await importOsv(dir2, [{ path: join(src, "new.json") }], { now: NOW })).toMatchObject({
      updated: 1,
    });
    // Both orders, and both files in one import, give the same database.
    const dir3 = temp();
    await importOsv(dir3, [{ path: join(src, "old.json") }, { path: join(src, "new.json") }], { now: NOW });
    for (const d of [dir, dir2, dir3]) {
      const db = await VulnDb.open(d);
      expect(db.readLine(0).record.summary).toBe("newer copy");
      db.close();
    }
  });

  it("malformed records are reported with the file name and skipped; the rest is imported", async () => {
    const dir = temp();
    const s = await importOsv(dir, [{ path: join(testdata, "malformed"), display: "malformed" }], {
      now: NOW,
    });
    expect(s.invalid.map((p) => [p.file, p.message])).toEqual([
      ["malformed/PYSEC-0000-1.json", "record skipped: bad JSON: Unexpected end of JSON input"],
      [
        "malformed/PYSEC-0000-10.json",
        'record skipped: not a valid OSV record (/ is missing required member "modified")',
      ],
      ["malformed/PYSEC-0000-12.json", "record skipped: not UTF-8 text"],
      [
        "malformed/PYSEC-0000-4.json",
        'record skipped: not a valid OSV record (/ is missing required member "modified")',
      ],
      [
        "malformed/PYSEC-0000-5.yaml",
        'record skipped: not a valid OSV record (/ is missing required member "id")',
      ],
      [
        "malformed/PYSEC-0000-6.json",
        'record skipped: not a valid OSV record (/affected/0/package is missing required member "name")',
      ],
      ["malformed/PYSEC-0000-7.json", "not an OSV record (expected a JSON object)"],
    ]);
    expect(s.warnings.map((p) => [p.id, p.level, p.message])).toEqual([
      [
        "PYSEC-0000-2",
        "range",
        'affected[0].ranges[0] (WEIRD) skipped: /affected/0/ranges/0/type must be one of "GIT", "SEMVER", "ECOSYSTEM"',
      ],
      [
        "PYSEC-0000-2",
        "versions",
        'affected[0].versions: 1 not valid PEP 440, never matched: "not a version"',
      ],
      [
        "PYSEC-0000-3",
        "range",
        'affected[0].ranges[0] (ECOSYSTEM) skipped: fixed "1.0.x" is not a valid PEP 440 version',
      ],
      [
        "PYSEC-0000-9",
        "range",
        "affected[0].ranges[0] (ECOSYSTEM) skipped: /affected/0/ranges/0 mixes fixed and last_affected events (they are mutually exclusive)",
      ],
    ]);
    // README.md and the hidden directory are not records.
    expect(s.read).toBe(5);
    const db = await VulnDb.open(dir);
    try {
      // The unknown range is dropped, the ECOSYSTEM range and the versions still match.
      expect(
        db
          .queryPypi("demo-pkg", "0.5")
          .matches.map((m) => m.record.id)
          .sort(),
      ).toEqual(["PYSEC-0000-10", "PYSEC-0000-2", "PYSEC-0000-3"]);
      // A scan consulting a record with a skipped range says so (decision 5).
      expect(db.queryPypi("demo-pkg", "0.5").problems).toContain(
        'PYSEC-0000-3: affected[0].ranges[0] (ECOSYSTEM) skipped: fixed "1.0.x" is not a valid PEP 440 version',
      );
      // YAML: unquoted `1.10` stays the version 1.10 (not the number 1.1); the name is PEP 503-normalised.
      expect(db.queryPypi("demo-pkg", "1.10").matches.map((m) => m.record.id)).toEqual(["PYSEC-0000-8"]);
      expect(db.queryPypi("demo-pkg", "1.1").matches).toEqual([]);
      expect(db.readLine(db.queryPypi("demo-pkg", "1.15").matches[0]!.position).record).toMatchObject({
        modified: "2021-09-01T12:23:00Z",
        published: "0001-01-01T00:00:00Z",
      });
    } finally {
      db.close();
    }
  });

  it("reads the PyPA repository layout in YAML (vulns/<package>/PYSEC-*.yaml)", async () => {
    const src = temp();
    for (const [pkg, id] of [
      ["django", "PYSEC-2023-61"],
      ["py", "PYSEC-2022-42969"],
    ] as const) {
      mkdirSync(join(src, "vulns", pkg), { recursive: true });
      writeFileSync(join(src, "vulns", pkg, `${id}.yaml`), stringify(pypaRecord(pkg, id)));
    }
    mkdirSync(join(src, ".github", "workflows"), { recursive: true });
    writeFileSync(join(src, ".github", "workflows", "CI-check.yml"), "on: push\n");
    writeFileSync(join(src, "gsd-config.yaml"), "x: 1\n");
    const dir = temp();
    const s = await importOsv(dir, [{ path: src }], { now: NOW });
    expect(s).toMatchObject({ read: 2, invalid: [], warnings: [] });
  });

  it("reads zip exports: osv.dev's flat all.zip and a GitHub archive of the PSF database", async () => {
    const src = temp();
    const entries = ["PYSEC-2023-61", "PYSEC-2021-98"].map((id) => ({
      name: `${id}.json`,
      data: readFileSync(join(pypaDir, "django", `${id}.json`)),
    }));
    writeFileSync(
      join(src, "all.zip"),
      zipArchive([...entries, { name: "PYSEC-BROKEN-1.json", data: "{", store: true }]),
    );
    const psfEntries = ["PSF-2023-9", "PSF-2024-1"].map((id) => ({
      name: `advisory-database-main/advisories/python/${id}.json`,
      data: readFileSync(join(psfDir, "python", `${id}.json`)),
    }));
    writeFileSync(
      join(src, "psf.zip"),
      zipArchive([
        { name: "advisory-database-main/", data: "", store: true },
        ...psfEntries,
        { name: "advisory-database-main/.github/workflows/CI-lint.yml", data: "on: push\n" },
        { name: "advisory-database-main/README.md", data: "# PSF advisories\n" },
      ]),
    );
    const dir = temp();
    const s = await importOsv(
      dir,
      [{ path: join(src, "all.zip"), display: "all.zip" }, { path: join(src, "psf.zip") }],
      {
        now: NOW,
      },
    );
    expect(s.read).toBe(4);
    expect(s.invalid).toEqual([
      {
        file: "all.zip!PYSEC-BROKEN-1.json",
        level: "record",
        message: expect.stringMatching(/^record skipped: bad JSON/),
      },
    ]);
  });

  it("a corrupt zip, a missing path and an unsupported file are input errors", async () => {
    const src = temp();
    writeFileSync(join(src, "bad.zip"), "not a zip at all");
    writeFileSync(join(src, "notes.txt"), "hello");
    const dir = temp();
    await expect(importOsv(dir, [{ path: join(src, "bad.zip") }], { now: NOW })).rejects.toMatchObject({
      code: "INPUT_UNREADABLE",
    });
    await expect(importOsv(dir, [{ path: join(src, "missing") }], { now: NOW })).rejects.toMatchObject({
      code: "INPUT_NOT_FOUND",
    });
    await expect(importOsv(dir, [{ path: join(src, "notes.txt") }], { now: NOW })).rejects.toMatchObject({
      code: "UNSUPPORTED_FORMAT",
    });
  });

  it("refuses to write while another live process holds the lock", async () => {
    const dir = temp();
    const src = temp();
    copyFileSync(join(pypaDir, "py", "PYSEC-2022-42969.json"), join(src, "PYSEC-2022-42969.json"));
    writeFileSync(join(dir, "lock"), "1"); // pid 1 is always alive
    await expect(importOsv(dir, [{ path: src }], { now: NOW })).rejects.toMatchObject({
      code: "OUTPUT_UNWRITABLE",
      message: expect.stringMatching(/another pysbom \(pid 1\)/),
    });
    writeFileSync(join(dir, "lock"), "999999999"); // a stale lock is taken over
    expect(await importOsv(dir, [{ path: src }], { now: NOW })).toMatchObject({ added: 1 });
  });
});

describe("an index written by another pysbom version", () => {
  it("is rebuilt from records.jsonl when the database is opened", async () => {
    const dir = temp();
    await importOsv(dir, [{ path: join(pypaDir, "django") }], { now: NOW });
    const before = await VulnDb.open(dir);
    const ids = before.queryPypi("django", "3.2.0").matches.map((m) => m.record.id);
    before.close();
    writeFileSync(
      join(generation(dir), "index.json"),
      JSON.stringify({ format: "pysbom-osv-index", version: 0 }),
    );
    const after = await VulnDb.open(dir);
    expect(after.queryPypi("django", "3.2.0").matches.map((m) => m.record.id)).toEqual(ids);
    expect(ids).toHaveLength(25);
    after.close();
  });
});
