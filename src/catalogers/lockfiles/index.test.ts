// The lock cataloger end to end: `pysbom generate` on lockfile trees and single files (golden SPDX and
// CycloneDX outputs, validated against the official schemas, byte-identical across runs), detection,
// discovery, malformed and hostile inputs, --target and --allow-outside.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../cli/run.js";
import { memoryIo } from "../../cli/test-helpers.js";
import { sharedDir } from "../../core/test-helpers/vectors.js";
import { type Document, deriveScopes } from "../../model/index.js";
import { DirectoryResolver } from "../../sources/resolver.js";
import { validateSchema } from "../../validate/schema.js";
import { lockfileCataloger } from "./index.js";
import { edgeComments, lockSbom, pairOf, pkg, rootOf } from "./test-helpers.js";

const TESTDATA = join(import.meta.dirname, "testdata");
const FIXTURES = join(sharedDir, "fixtures/lockfiles");
const EPOCH = "1735689600"; // 2025-01-01T00:00:00Z

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "pysbom-lock-"));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

async function cli(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const c = memoryIo({ cwd, env: { SOURCE_DATE_EPOCH: EPOCH } });
  const code = await run(argv, c.io);
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

// Golden outputs: `pysbom generate <target> -o spdx-json` / `-o cyclonedx-json`, byte for byte.
const GOLDEN: [string, string, string][] = [
  ["uv-workspace", TESTDATA, "uv-workspace"],
  ["poetry-v1", TESTDATA, "poetry-v1"],
  ["pdm-nomanifest", TESTDATA, "pdm-nomanifest"],
  ["pipfile-categories", TESTDATA, "pipfile-categories"],
  ["pylock-full", TESTDATA, "pylock-full"],
  ["requirements-tree", TESTDATA, "requirements-tree"],
  ["shared-pylock-pydantic-people", FIXTURES, "pylock-pydantic-people"],
  ["shared-reqhash-sigstore", FIXTURES, "reqhash-sigstore"],
];

describe("golden SBOMs", () => {
  it.each(GOLDEN)(
    "%s: SPDX 2.3 and CycloneDX 1.6, schema-valid, byte-identical across runs",
    async (name, cwd, target) => {
      for (const [format, ext, schema] of [
        ["spdx-json", "spdx.json", "spdx-2.3"],
        ["cyclonedx-json", "cdx.json", "cyclonedx-1.6"],
      ] as const) {
        const first = await cli(["generate", target, "-o", format], cwd);
        expect(first.code, first.stderr).toBe(0);
        const again = await cli(["generate", target, "-o", format], cwd);
        expect(again.stdout).toBe(first.stdout);
        expect(validateSchema(schema, JSON.parse(first.stdout))).toEqual([]);
        const golden = join(TESTDATA, `${name}.golden.${ext}`);
        if (process.env.UPDATE_GOLDEN || !existsSync(golden)) writeFileSync(golden, first.stdout);
        expect(first.stdout).toBe(readFileSync(golden, "utf8"));
      }
    },
  );
});

describe("scopes, sources and metadata (uv workspace)", () => {
  it("derives CycloneDX scopes from the graph: runtime, extras, dev groups, workspace members", async () => {
    const { document: doc } = await lockSbom("uv-workspace", TESTDATA);
    const scopes = deriveScopes(doc);
    const scope = (name: string, version?: string): string | undefined =>
      scopes.get(pkg(doc, name, version).id);
    expect(scope("requests")).toBe("required");
    expect(scope("pysocks")).toBe("required"); // requests[socks] is a run-time requirement
    expect(scope("six")).toBe("required"); // through the workspace member libfoo
    expect(scope("click")).toBe("optional"); // the `cli` extra
    expect(scope("colorama")).toBe("optional"); // only through click
    expect(scope("pytest")).toBe("excluded"); // the `dev` group
    expect(scope("iniconfig")).toBe("excluded");
    const cdx = JSON.parse(
      (await cli(["generate", "uv-workspace", "-o", "cyclonedx-json"], TESTDATA)).stdout,
    );
    const byName = new Map(
      (cdx.components as { name: string; version?: string; scope?: string }[]).map((c) => [
        `${c.name}@${c.version}`,
        c.scope,
      ]),
    );
    expect(byName.get("pytest@8.3.3")).toBe("excluded");
    expect(byName.get("click@8.1.7")).toBe("optional");
    expect(byName.get("requests@2.32.3")).toBe("required");
    expect(cdx.metadata.component.name).toBe("App");
  });

  it("the root comes from pyproject.toml (PEP 621 + PEP 639), members from their own pyproject.toml", async () => {
    const { document: doc } = await lockSbom("uv-workspace", TESTDATA);
    const root = rootOf(doc);
    expect(root).toMatchObject({
      name: "App",
      version: "0.1.0",
      purl: "pkg:pypi/app@0.1.0",
      purpose: "APPLICATION",
      licenseDeclared: "Apache-2.0 OR MIT",
      summary: "A workspace root application",
      homepage: "https://example.org/app",
      originator: { kind: "Person", name: "Ada Lovelace", email: "ada@example.org" },
      supplier: { kind: "Organization", name: "Example Maintainers", email: "maintainers@example.org" },
      sourceInfo: "acquired from pyproject.toml, uv.lock",
    });
    expect(root.externalRefs).toEqual([
      { category: "OTHER", type: "vcs", locator: "https://github.com/example/app", comment: "Source" },
      {
        category: "OTHER",
        type: "issue-tracker",
        locator: "https://github.com/example/app/issues",
        comment: "Bug Tracker",
      },
    ]);
    const member = pkg(doc, "libfoo");
    expect(member).toMatchObject({ purpose: "LIBRARY", licenseDeclared: "MIT", version: "1.2.0" });
    expect(member.properties).toContainEqual({ name: "pysbom:location", value: "libs/foo/pyproject.toml" });
    expect(member.properties).toContainEqual({ name: "pysbom:lock:source", value: "editable" });
    // The member's pyproject.toml is not a second project.
    expect(doc.relationships.filter((r) => r.type === "DESCRIBES")).toHaveLength(1);
    expect(doc.unknowns).toEqual([]);
  });

  it("purls and download locations carry the lock's sources", async () => {
    const { document: doc } = await lockSbom("uv-workspace", TESTDATA);
    expect(pkg(doc, "tinylib")).toMatchObject({
      purl: "pkg:pypi/tinylib@0.3.0?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fexample%2Ftinylib%400123456789abcdef0123456789abcdef01234567",
      downloadLocation: "git+https://github.com/example/tinylib@0123456789abcdef0123456789abcdef01234567",
    });
    expect(pkg(doc, "pysocks").purl).toBe(
      "pkg:pypi/pysocks@1.7.1?download_url=https:%2F%2Fexample.org%2Fdist%2FPySocks-1.7.1.tar.gz&file_name=PySocks-1.7.1.tar.gz",
    );
    expect(pkg(doc, "vendored").purl).toBe("pkg:pypi/vendored@1.0?file_name=vendored-1.0-py3-none-any.whl");
    expect(pkg(doc, "numpy", "2.0.2").checksums).toHaveLength(3);
    expect(edgeComments(doc, "App", "DEPENDS_ON", "numpy@2.0.2")).toEqual([
      'marker: python_full_version < "3.10"',
    ]);
  });
});

describe("single-file targets", () => {
  it("a lockfile: its packages only; pyproject.toml beside it names the root and gives groups, no Unknowns", async () => {
    const { document: doc } = await lockSbom("uv-workspace/uv.lock", TESTDATA);
    expect(rootOf(doc).name).toBe("App");
    expect(doc.packages).toHaveLength(18);
    expect(doc.unknowns).toEqual([]);
    const poetry = (await lockSbom("poetry-v1/poetry.lock", TESTDATA)).document;
    expect(rootOf(poetry).name).toBe("legacy-app");
    expect(edgeComments(poetry, "pytest", "DEV_DEPENDENCY_OF", "legacy-app")).toEqual(["group: dev"]);
  });

  it("a requirements file without a project is described by a stand-in root named after its directory", async () => {
    const { document: doc } = await lockSbom("requirements-tree/requirements/base.txt", TESTDATA);
    const root = rootOf(doc);
    expect(root).toMatchObject({
      name: "requirements",
      purpose: "APPLICATION",
      sourceInfo: "acquired from base.txt",
    });
    expect(root.purl).toBeUndefined();
    expect(root.version).toBe("NOASSERTION");
    expect(root.properties).toContainEqual({ name: "pysbom:lock:stand-in-root", value: "true" });
    expect(root.comment).toMatch(/No pyproject\.toml names this project/);
    expect(doc.packages.map(pairOf).sort()).toEqual(["certifi@2024.8.30", "idna@3.10", "requirements@"]);
  });

  it("a file with an unusual name needs --type lock, and is then read by its content", async () => {
    const dir = tree({
      "deps.lock":
        'version = 1\n[[package]]\nname = "a"\nversion = "1.0"\nsource = { registry = "https://pypi.org/simple" }\n',
    });
    const r = await cli(["generate", "deps.lock", "-o", "table"], dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/not a target pysbom recognises/);
    const forced = await cli(["generate", "deps.lock", "--type", "lock", "-o", "table"], dir);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/^a\s+1\.0\s+library\s+pkg:pypi\/a@1\.0$/m);
  });
});

describe("malformed and hostile inputs", () => {
  it("an invalid TOML or JSON target exits 3 naming the file, line and column", async () => {
    const dir = tree({
      "uv.lock": 'version = 1\n[[package]]\nname = "x\n',
      "Pipfile.lock": '{"_meta": {}, "default": {"a": }}',
    });
    const a = await cli(["generate", "uv.lock"], dir);
    expect(a.code).toBe(3);
    expect(a.stderr).toMatch(/uv\.lock:3:10: invalid TOML/);
    const b = await cli(["generate", "Pipfile.lock"], dir);
    expect(b.code).toBe(3);
    expect(b.stderr).toMatch(/Pipfile\.lock:1:\d+: invalid JSON/);
    expect(a.stdout + b.stdout).toBe("");
  });

  it("an unknown lock version exits 3 with a clear message", async () => {
    const dir = tree({
      "poetry.lock": '[metadata]\nlock-version = "9.0"\n',
      "pylock.toml": 'lock-version = "2.0"\n',
    });
    const a = await cli(["generate", "poetry.lock"], dir);
    expect(a.code).toBe(3);
    expect(a.stderr).toMatch(
      /poetry\.lock: poetry\.lock lock-version "9\.0" is not supported \(pysbom reads 1\.x and 2\.x\)/,
    );
    const b = await cli(["generate", "pylock.toml"], dir);
    expect(b.code).toBe(3);
    expect(b.stderr).toMatch(/PEP 751 lock-version 1\.x/);
  });

  it("in a tree, a broken file becomes an Unknown and a warning; the rest is still read", async () => {
    const dir = tree({
      "requirements.txt": "six==1.16.0\n",
      "sub/uv.lock": "version = 1\n[[package\n",
      "other/poetry.lock": '[metadata]\nlock-version = "7.1"\n',
    });
    const r = await cli(["generate", ".", "-o", "spdx-json"], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: sub\/uv\.lock:2:\d+: invalid TOML/);
    expect(r.stderr).toMatch(
      /warning: other\/poetry\.lock: poetry\.lock lock-version "7\.1" is not supported/,
    );
    const { document: doc } = await lockSbom(".", dir);
    expect(doc.unknowns.map((u) => [u.location?.replace(/:\d+$/, ""), u.code])).toEqual([
      ["other/poetry.lock", "lock/unreadable-file"],
      ["sub/uv.lock:2", "lock/unreadable-file"],
    ]);
    expect(doc.packages.map(pairOf)).toContain("six@1.16.0");
  });

  it("invalid names and versions in locks are Unknowns, never packages", async () => {
    const dir = tree({
      "uv.lock":
        'version = 1\n[[package]]\nname = "ok"\nversion = "1.0"\n[[package]]\nname = "bad!"\nversion = "1.0"\n[[package]]\nname = "worse"\nversion = "1.0-final-final"\n',
    });
    const { document: doc } = await lockSbom("uv.lock", dir);
    expect(doc.packages.map(pairOf).sort()).toContain("ok@1.0");
    expect(doc.packages).toHaveLength(2);
    expect(doc.unknowns.map((u) => [u.location, u.code])).toEqual([
      ["uv.lock:5", "lock/invalid-name"],
      ["uv.lock:8", "lock/invalid-version"],
    ]);
  });

  it("unpinned requirements are Unknowns with their specifier, never the lower bound", async () => {
    const dir = tree({ "requirements.txt": "requests>=2.31\nflask\nnumpy==1.*\ndjango~=4.2\n" });
    const { document: doc } = await lockSbom(".", dir);
    expect(doc.packages.map(pairOf)).toEqual([pairOf(rootOf(doc))]);
    expect(doc.unknowns.map((u) => u.message)).toEqual([
      "requests>=2.31: not pinned to one version (specifier >=2.31)",
      "flask: not pinned to one version (specifier none)",
      "numpy==1.*: not pinned to one version (specifier ==1.*)",
      "django~=4.2: not pinned to one version (specifier ~=4.2)",
    ]);
    expect(doc.unknowns.every((u) => u.code === "lock/unpinned")).toBe(true);
  });

  it("-r cycles, escapes and links out of the root are Unknowns; --allow-outside follows includes inside the scan", async () => {
    const { document: strict } = await lockSbom("requirements-tree", TESTDATA);
    const codes = strict.unknowns.map((u) => `${u.location} ${u.code}`);
    expect(codes).toContain("cycle-a-requirements.txt:1 lock/include-cycle");
    expect(codes).toContain("escape-requirements.txt:1 lock/include-outside-root");
    expect(codes).toContain("services/api/requirements.txt:1 lock/include-outside-project");
    const { document: allowed } = await lockSbom("requirements-tree", TESTDATA, { allowOutside: true });
    const allowedCodes = allowed.unknowns.map((u) => `${u.location} ${u.code}`);
    expect(allowedCodes).not.toContain("services/api/requirements.txt:1 lock/include-outside-project");
    expect(allowedCodes).toContain("escape-requirements.txt:1 lock/include-outside-root");
    const api = allowed.packages.find((p) => p.name === "api-service")!;
    expect(allowed.relationships.some((r) => r.from === api.id && r.to === pkg(allowed, "certifi").id)).toBe(
      true,
    );

    const outside = tree({ "secret.txt": "secret==1.0\n" });
    const dir = tree({ "requirements.txt": "-r link.txt\nok==1\n" });
    symlinkSync(join(outside, "secret.txt"), join(dir, "link.txt"));
    const { document: linked } = await lockSbom(".", dir, { allowOutside: true });
    expect(linked.packages.map((p) => p.name)).not.toContain("secret");
    expect(linked.unknowns.map((u) => u.code)).toContain("lock/include-unreadable");
  });

  it("reads a 100,000-line requirements file end to end in linear time", async () => {
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++)
      lines.push(`p${i}==1.${i} --hash=sha256:${i.toString(16).padStart(64, "0")}`);
    const dir = tree({ "requirements.txt": `${lines.join("\n")}\n` });
    const t0 = performance.now();
    const { document: doc } = await lockSbom("requirements.txt", dir);
    expect(doc.packages).toHaveLength(100_001);
    expect(performance.now() - t0).toBeLessThan(20_000);
  });
});

describe("several targets", () => {
  it("two lockfiles that pin the same packages make one document with two described roots", async () => {
    const r = await cli(["generate", "poetry-v1", "uv-workspace", "-o", "spdx-json"], TESTDATA);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      name: string;
      packages: { name: string }[];
      relationships: { relationshipType: string }[];
    };
    expect(doc.name).toBe("legacy-app, App");
    expect(doc.relationships.filter((x) => x.relationshipType === "DESCRIBES")).toHaveLength(2);
    expect(doc.packages.filter((p) => p.name === "colorama")).toHaveLength(2);
  });
});

describe("discovery and detection", () => {
  it("searches recursively, skipping .git, node_modules, caches, site-packages and virtual environments", async () => {
    const dir = tree({
      "requirements.txt": "top==1.0\n",
      "services/a/requirements.txt": "nested==2.0\n",
      ".venv/pyvenv.cfg": "home = /usr/bin\n",
      ".venv/requirements.txt": "venv==1\n",
      "env2/pyvenv.cfg": "home = /usr/bin\n",
      "env2/lib/python3.12/site-packages/x/requirements.txt": "venv2==1\n",
      "node_modules/x/requirements.txt": "node==1\n",
      ".git/requirements.txt": "git==1\n",
      "lib/site-packages/requirements.txt": "sp==1\n",
      "pkg/__pycache__/requirements.txt": "cache==1\n",
      ".tox/py312/requirements.txt": "tox==1\n",
    });
    const { document: doc } = await lockSbom(".", dir);
    expect(doc.packages.map(pairOf).sort()).toEqual(
      ["nested@2.0", `${pairOf(rootOf(doc))}`, "top@1.0"].sort(),
    );
    const root = rootOf(doc);
    expect(root.properties.filter((p) => p.name === "pysbom:location").map((p) => p.value)).toEqual([
      "requirements.txt",
      "services/a/requirements.txt",
    ]);
    expect(pkg(doc, "nested").properties).toContainEqual({
      name: "pysbom:location",
      value: "services/a/requirements.txt",
    });
  });

  it("detects lockfiles and manifests in a directory or one level down, and nothing else", async () => {
    const yes = tree({ "requirements/prod.txt": "a==1\n" });
    const deep = tree({ "services/api/requirements.txt": "a==1\n" });
    const no = tree({ "README.md": "# hi\n", "src/main.py": "print()\n" });
    const file = tree({ "pylock.toml": 'lock-version = "1.0"\n' });
    expect(await lockfileCataloger.detect(new DirectoryResolver(yes), "")).toBe(true);
    expect(await lockfileCataloger.detect(new DirectoryResolver(no), "")).toBe(false);
    // Deeper trees are not detected (cheaply), but `--type lock` searches them.
    expect(await lockfileCataloger.detect(new DirectoryResolver(deep), "")).toBe(false);
    expect((await cli(["generate", ".", "--type", "lock", "-o", "table"], deep)).stdout).toMatch(/^a\s+1\s/m);
    expect(await lockfileCataloger.detect(new DirectoryResolver(file), "pylock.toml")).toBe(true);
    expect(await lockfileCataloger.detect(new DirectoryResolver(no), "src/main.py")).toBe(false);
    const r = await cli(["generate", ".", "--type", "lock"], no);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no lockfiles or manifests found/);
  });

  it("the same package from several files of a project is one package with every location and hash", async () => {
    const dir = tree({ "uv.lock": readFileSync(join(TESTDATA, "uv-workspace/uv.lock"), "utf8") });
    cpSync(join(TESTDATA, "uv-workspace/pyproject.toml"), join(dir, "pyproject.toml"));
    writeFileSync(join(dir, "requirements.txt"), `six==1.16.0 --hash=sha256:${"f".repeat(64)}\n`);
    const { document: doc } = await lockSbom(".", dir);
    const six = pkg(doc, "six");
    expect(six.properties.filter((p) => p.name === "pysbom:location").map((p) => p.value)).toEqual([
      "requirements.txt",
      "uv.lock",
    ]);
    expect(six.checksums.map((c) => c.value)).toContain("f".repeat(64));
    expect(six.checksums).toHaveLength(3);
  });
});

describe("--target", () => {
  it("drops packages whose markers cannot hold there; without it nothing is dropped", async () => {
    const all = (await lockSbom("uv-workspace", TESTDATA)).document;
    const linux = await lockSbom("uv-workspace", TESTDATA, { target: "linux,py3.12" });
    const names = (d: Document): string[] => d.packages.map(pairOf).sort();
    const dropped = names(all).filter((n) => !names(linux.document).includes(n));
    // colorama is Windows-only; numpy 2.0.2 is for Python < 3.10; exceptiongroup/tomli for < 3.11.
    expect(dropped).toEqual(["colorama@0.4.6", "exceptiongroup@1.2.2", "numpy@2.0.2", "tomli@2.0.2"]);
    expect(linux.warnings).toEqual(["--target: 4 package(s) do not apply to the target and are left out"]);
    const win = await lockSbom("uv-workspace", TESTDATA, { target: "sys_platform=win32,python_version=3.9" });
    expect(names(win.document)).toContain("colorama@0.4.6");
    expect(names(win.document)).not.toContain("numpy@2.2.6");
  });

  it("package-level markers (pylock, Pipfile.lock) and dependency groups: groups are kept, platforms decide", async () => {
    const { document: doc } = await lockSbom("pylock-full", TESTDATA, { target: "linux" });
    expect(doc.packages.map((p) => p.name)).not.toContain("colorama");
    expect(doc.packages.map((p) => p.name)).toContain("pytest");
    const pip = (await lockSbom("pipfile-categories", TESTDATA, { target: "linux,py3.12" })).document;
    expect(pip.packages.map((p) => p.name)).not.toContain("pywin32");
  });

  it("a bad --target is a usage error (exit 2)", async () => {
    const r = await cli(["generate", "uv-workspace", "--target", "python=3"], TESTDATA);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--target: unknown marker variable "python"/);
  });
});
