// `db cpython-tags` on a small CPython-shaped git repository built here (branches 3.11/3.12, main with
// pre-releases, fixes cherry-picked per branch), with PSF records shaped like the real PSF-2023-9; then
// scanning the real CPython 3.13.0a5 release SBOM reports the records that affect 3.13.0a5.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeSbom } from "../../formats/index.js";
import { scanDocument } from "../scan.js";
import { commit, cpythonReleaseSbom, git, gitAvailable, psfDir, tempDir } from "../test-helpers/index.js";
import { computeCpythonTags } from "./cpython-tags.js";
import { importOsv } from "./import.js";
import { VulnDb } from "./store.js";

const haveGit = gitAvailable();
if (!haveGit) console.warn("SKIPPED: git is not installed; db cpython-tags tests need it");

const c: Record<string, string> = {};
let root: { dir: string; cleanup: () => void };
let repo: string;
let records: string;

function psf(id: string, events: Record<string, string>[]): object {
  // The real PSF-2023-9 record with this test repository's commits.
  const real = JSON.parse(readFileSync(join(psfDir, "python", "PSF-2023-9.json"), "utf8"));
  const alias = `CVE-2099-${id.slice(-1).padStart(4, "0")}`;
  return {
    ...real,
    id,
    aliases: [alias],
    affected: [{ ranges: [{ type: "GIT", repo: "https://github.com/python/cpython", events }] }],
  };
}

beforeAll(() => {
  if (!haveGit) return;
  root = tempDir("pysbom-cpython-tags-");
  repo = join(root.dir, "cpython");
  mkdirSync(repo);
  git(repo, "init", "-q", "-b", "main");
  c.A = commit(repo, "3.11.0");
  git(repo, "tag", "v3.11.0");
  git(repo, "tag", "legacy-trunk"); // not a release tag
  git(repo, "checkout", "-q", "-b", "3.11");
  c.a1 = commit(repo, "3.11.1");
  git(repo, "tag", "v3.11.1");
  c.fix311 = commit(repo, "unrelated fix on 3.11");
  c.a2 = commit(repo, "3.11.2");
  git(repo, "tag", "v3.11.2");
  git(repo, "checkout", "-q", "main");
  c.I = commit(repo, "introduce the bug");
  c.B = commit(repo, "3.12.0");
  git(repo, "tag", "-a", "-m", "Python 3.12.0", "v3.12.0"); // annotated: must be peeled
  git(repo, "checkout", "-q", "-b", "3.12");
  c.b1 = commit(repo, "3.12.1");
  git(repo, "tag", "v3.12.1");
  c.F12 = commit(repo, "fix (3.12 backport)");
  c.b2 = commit(repo, "3.12.2");
  git(repo, "tag", "v3.12.2");
  git(repo, "checkout", "-q", "main");
  c.m1 = commit(repo, "3.13.0a5");
  git(repo, "tag", "v3.13.0a5");
  c.Fm = commit(repo, "fix (main)");
  c.m2 = commit(repo, "3.13.0a6");
  git(repo, "tag", "v3.13.0a6");
  git(repo, "tag", "v3.13.0a6-jit"); // not a release tag
  records = join(root.dir, "advisories");
  mkdirSync(records);
  const write = (id: string, events: Record<string, string>[]) =>
    writeFileSync(join(records, `${id}.json`), JSON.stringify(psf(id, events)));
  write("PSF-2099-1", [{ introduced: c.I! }, { fixed: c.Fm! }, { fixed: c.F12! }, { fixed: c.fix311! }]);
  write("PSF-2099-2", [{ introduced: "0" }, { fixed: c.Fm! }, { fixed: c.F12! }, { fixed: c.fix311! }]);
  write("PSF-2099-3", [{ introduced: "0" }, { fixed: "0123456789abcdef0123456789abcdef01234567" }]);
  write("PSF-2099-4", [{ introduced: c.I! }, { last_affected: c.b1! }]);
  write("PSF-2099-5", [{ introduced: "0" }, { limit: c.b1! }]);
});
afterAll(() => root?.cleanup());

describe.skipIf(!haveGit)("db cpython-tags (test repository built with git)", () => {
  it("computes the affected release tags per record", async () => {
    const db = tempDir();
    try {
      await importOsv(db.dir, [{ path: records }], { now: "2025-01-01T00:00:00Z" });
      const s = await computeCpythonTags(db.dir, repo, { now: "2025-01-02T00:00:00Z" });
      expect(s.records).toBe(5);
      expect(s.computed).toBe(4);
      expect(s.releases).toBe(8);
      expect(s.tags.releases).toEqual([
        "3.11.0",
        "3.11.1",
        "3.11.2",
        "3.12.0",
        "3.12.1",
        "3.12.2",
        "3.13.0a5",
        "3.13.0a6",
      ]);
      expect(s.tags.records["PSF-2099-1"]?.versions).toEqual(["3.12.0", "3.12.1", "3.13.0a5"]);
      expect(s.tags.records["PSF-2099-2"]?.versions).toEqual([
        "3.11.0",
        "3.11.1",
        "3.12.0",
        "3.12.1",
        "3.13.0a5",
      ]);
      // last_affected is inclusive and only its descendants are fixed: the main line stays affected.
      expect(s.tags.records["PSF-2099-4"]?.versions).toEqual(["3.12.0", "3.12.1", "3.13.0a5", "3.13.0a6"]);
      // limit: only strict ancestors of the limit commit.
      expect(s.tags.records["PSF-2099-5"]?.versions).toEqual(["3.11.0", "3.12.0"]);
      expect(s.problems).toEqual([
        { id: "PSF-2099-3", message: "commit not in the clone: 0123456789abcdef0123456789abcdef01234567" },
      ]);
      expect(s.tags.head).toBe(c.m2);
    } finally {
      db.cleanup();
    }
  });

  it("scanning the real CPython 3.13.0a5 release SBOM reports the records that affect it", async () => {
    const db = tempDir();
    try {
      await importOsv(db.dir, [{ path: records }], { now: "2025-01-01T00:00:00Z" });
      const doc = decodeSbom(readFileSync(cpythonReleaseSbom, "utf8")).document;
      const before = await VulnDb.open(db.dir);
      const r0 = scanDocument(doc, before);
      before.close();
      // Without tags the CPython component is an error, never "not affected".
      expect(r0.errors.map((e) => e.component.name)).toEqual(["CPython"]);
      expect(r0.errors[0]!.message).toMatch(/cpython-tags/);

      await computeCpythonTags(db.dir, repo, { now: "2025-01-02T00:00:00Z" });
      const vdb = await VulnDb.open(db.dir);
      try {
        const r = scanDocument(doc, vdb);
        const cpython = r.components.find((x) => x.component.ecosystem === "CPython")!;
        expect(cpython.component.version).toBe("3.13.0a5");
        expect(cpython.findings.flatMap((f) => f.ids).sort()).toEqual([
          "PSF-2099-1",
          "PSF-2099-2",
          "PSF-2099-4",
        ]);
        // PSF-2099-3 names a commit the clone lacks: still an error.
        expect(cpython.error).toMatch(/1 CPython advisory has only git commit ranges/);
        const f1 = cpython.findings.find((f) => f.id === "PSF-2099-1")!;
        expect(f1.aliases).toEqual(["CVE-2099-0001"]);
        expect(f1.summary).toBe("os.path.normpath() truncates on null bytes");
        expect(f1.fixed).toEqual(["3.12.2", "3.13.0a6"]);
        expect(cpython.findings.find((f) => f.id === "PSF-2099-2")!.fixed).toEqual([
          "3.11.2",
          "3.12.2",
          "3.13.0a6",
        ]);
        expect(cpython.findings.find((f) => f.id === "PSF-2099-4")!.fixed).toEqual(["3.12.2"]);
        // No known release fixes PSF-2099-4 on the 3.13 line (last_affected is on the 3.12 branch).
        expect(cpython.upgrade).toBeUndefined();
      } finally {
        vdb.close();
      }
    } finally {
      db.cleanup();
    }
  });

  it("the real PSF advisory database imports cleanly", async () => {
    const db = tempDir();
    try {
      const s = await importOsv(db.dir, [{ path: psfDir }], { now: "2025-01-01T00:00:00Z" });
      expect(s.read).toBe(132);
      expect(s.invalid).toEqual([]);
      expect(s.warnings).toEqual([]);
      // Their commits are not in the test repository: reported per record. PSF-2023-4 names no commit at all
      // (`introduced: "0"` and no fix yet), so every release is affected.
      const t = await computeCpythonTags(db.dir, repo, { now: "2025-01-02T00:00:00Z" });
      expect(t.records).toBe(132);
      expect(t.computed).toBe(1);
      expect(t.tags.records["PSF-2023-4"]?.versions).toHaveLength(8);
      expect(t.problems).toHaveLength(131);
      expect(t.problems[0]!.message).toMatch(/^commits? not in the clone: [0-9a-f]{40}/);
    } finally {
      db.cleanup();
    }
  });

  it("a directory that is not a git repository is an INPUT_UNREADABLE error", async () => {
    const db = tempDir();
    try {
      await importOsv(db.dir, [{ path: records }], { now: "2025-01-01T00:00:00Z" });
      await expect(
        computeCpythonTags(db.dir, records, { now: "2025-01-02T00:00:00Z" }),
      ).rejects.toMatchObject({
        code: "INPUT_UNREADABLE",
      });
    } finally {
      db.cleanup();
    }
  });
});
