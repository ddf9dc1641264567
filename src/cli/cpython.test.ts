import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateCase, namesSameProblem, withoutFile } from "../catalogers/cpython/test-helpers/expect.js";
import {
  cpythonFixtures,
  fixtureTree,
  gitAvailable,
  gitTestEnv,
} from "../catalogers/cpython/test-helpers/fixtures.js";
import { run } from "./run.js";
import { memoryIo } from "./test-helpers.js";

const hasGit = gitAvailable();
const CAFE = "Modules/expat/café.h";

function read(root: string, file: string): string {
  return readFileSync(join(root, file), "utf8");
}

async function cli(argv: string[], root: string) {
  const c = memoryIo({ env: gitTestEnv(root) });
  const code = await run(argv, c.io);
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

describe("pysbom cpython update", () => {
  it.each([
    ["ok", true],
    ["notgit", false],
  ] as const)("%s: writes CPython's documents (plus café.h), then finds nothing to do", async (name, git) => {
    if (git && !hasGit) return;
    const root = await fixtureTree(name, { git });
    const first = await cli(["cpython", "update", root], root);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe("");
    expect(first.stderr).toMatch(/updated Misc\/sbom\.spdx\.json \(13 vendored files\)/);
    expect(first.stderr).toMatch(/updated Misc\/externals\.spdx\.json/);
    if (!git) expect(first.stderr).toMatch(/not a git repository .*\.gitignore files/);
    const ok = generateCase("ok");
    expect(withoutFile(read(root, "Misc/sbom.spdx.json"), CAFE)).toBe(ok.sbom);
    expect(read(root, "Misc/sbom.spdx.json")).toContain("Modules/expat/caf\\u00e9.h");
    expect(read(root, "Misc/externals.spdx.json")).toBe(ok.externals);
    const again = await cli(["cpython", "update", root], root);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/Misc\/sbom\.spdx\.json is up to date/);
    const check = await cli(["cpython", "check", root], root);
    expect(check.code).toBe(0);
    expect(check.stdout).toBe("");
  });

  it("--quiet prints nothing on success", async () => {
    const root = await fixtureTree("notgit");
    const r = await cli(["--quiet", "cpython", "update", root], root);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });

  it("--no-git reads the .gitignore files even in a repository", async () => {
    if (!hasGit) return;
    const root = await fixtureTree("ok", { git: true });
    const r = await cli(["cpython", "update", "--no-git", root], root);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/--no-git given/);
    expect(withoutFile(read(root, "Misc/sbom.spdx.json"), CAFE)).toBe(generateCase("ok").sbom);
  });

  const errCases = readdirSync(join(cpythonFixtures, "generate")).filter((d) => d.startsWith("err-"));
  it.each([...errCases, "missing-dir-no-error"])(
    "%s: exit 1, CPython's problem named, nothing written",
    async (name) => {
      const root = await fixtureTree(name);
      const before = [read(root, "Misc/sbom.spdx.json"), read(root, "Misc/externals.spdx.json")];
      const r = await cli(["cpython", "update", root], root);
      expect(r.code).toBe(1);
      if (name === "missing-dir-no-error")
        expect(r.stderr).toMatch(/the directory 'Lib\/ctypes\/macholib' does not exist/);
      else expect(namesSameProblem(generateCase(name).stdout, r.stderr), r.stderr).toBe(true);
      expect(r.stderr).toMatch(/^pysbom: error: /m);
      expect([read(root, "Misc/sbom.spdx.json"), read(root, "Misc/externals.spdx.json")]).toEqual(before);
    },
  );

  it("unreadable input: exit 3", async () => {
    const empty = mkdtempSync(join(tmpdir(), "pysbom-"));
    expect((await cli(["cpython", "update", join(empty, "nope")], empty)).code).toBe(3);
    const r = await cli(["cpython", "check", empty], empty);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no Misc\/sbom\.spdx\.json \(is this the root of a CPython source tree\?\)/);
  });

  it("--offline: a package without checksums cannot be completed (exit 1)", async () => {
    const root = await fixtureTree("notgit");
    const sbom = JSON.parse(read(root, "Misc/sbom.spdx.json"));
    delete sbom.packages[0].checksums;
    writeFileSync(join(root, "Misc/sbom.spdx.json"), JSON.stringify(sbom));
    const r = await cli(["cpython", "update", "--offline", root], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Package 'mpdecimal' has no 'checksums'/);
  });
});

describe("pysbom cpython check", () => {
  it("exit 1 and a readable list of what would change, without touching the tree", async () => {
    const root = await fixtureTree("notgit");
    const before = read(root, "Misc/sbom.spdx.json");
    const r = await cli(["cpython", "check", root], root);
    expect(r.code).toBe(1);
    expect(read(root, "Misc/sbom.spdx.json")).toBe(before);
    expect(r.stdout).toMatch(/^Misc\/sbom\.spdx\.json is out of date:\n/);
    expect(r.stdout).toMatch(
      /expat: \+ Modules\/expat\/café\.h \(SHA1 690e5d7af27dbfb9d35a49b8364945f049275028, SHA256 f4f3185ed8caaa8a34d48582a42104e92f1e07c92878a2e3e1346c77fecc5b86\)/,
    );
    expect(r.stdout).toMatch(/\(no package\): - stale \(no longer a vendored file\)/);
    expect(r.stdout).toMatch(
      /Misc\/externals\.spdx\.json is out of date:\n {2}package openssl: externalRefs: .*3\.0\.15.* → .*3\.0\.16/,
    );
    expect(r.stdout).toMatch(/package openssl: versionInfo: "3\.0\.15" → "3\.0\.16"/);
    expect(r.stdout).toMatch(/run "pysbom cpython update .*" to rewrite it\n$/);
  });

  it("names the file whose hash changed, with old and new hash", async () => {
    const root = await fixtureTree("notgit");
    expect((await cli(["cpython", "update", root], root)).code).toBe(0);
    writeFileSync(join(root, "Modules/_hacl/Hacl_Hash_MD5.c"), "changed\r\n");
    const r = await cli(["cpython", "check", root], root);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        "Misc/sbom.spdx.json is out of date:",
        "  hacl-star: ~ Modules/_hacl/Hacl_Hash_MD5.c: SHA256 148c509e8e4f01ebe2e7ebea140011d005dc7de3c2e939c54624d0b00f0099b5 → 7f8b1dfc466b6249f06cbe55c9174df2578e7754da793fded244ef5cba2a38f1",
        `run "pysbom cpython update ${root}" to rewrite it`,
        "",
      ].join("\n"),
    );
  });

  it("formatting-only drift is reported as such", async () => {
    const root = await fixtureTree("notgit");
    expect((await cli(["cpython", "update", root], root)).code).toBe(0);
    writeFileSync(join(root, "Misc/sbom.spdx.json"), `${read(root, "Misc/sbom.spdx.json")}\n`);
    const r = await cli(["cpython", "check", root], root);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/formatting only: not in CPython's serialisation/);
  });

  it("check fails like update on a broken tree", async () => {
    const root = await fixtureTree("err-license");
    const r = await cli(["cpython", "check", root], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/License identifier must be 'NOASSERTION'/);
  });

  it("help lists both commands", async () => {
    const c = memoryIo();
    expect(await run(["cpython", "--help"], c.io)).toBe(0);
    expect(c.stdout()).toMatch(/update \[options\] \[tree\]/);
    expect(c.stdout()).toMatch(/check \[options\] \[tree\]/);
    const bad = memoryIo();
    expect(await run(["cpython", "update", "--bogus"], bad.io)).toBe(2);
  });
});

describe("option combinations", () => {
  it("--offline with --refresh-checksums is a usage error", async () => {
    const root = await fixtureTree("notgit");
    const r = await cli(["cpython", "check", "--offline", "--refresh-checksums", root], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot be combined with --offline/);
  });
});
