// Each lockfile and manifest reader on small inputs: versions it accepts and refuses, sources, hashes,
// groups, markers, malformed content (errors with file, line and column; Unknowns for bad entries).
import { describe, expect, it } from "vitest";
import { type ErrorCode, isPysbomError, type PysbomError } from "../../errors.js";
import { classifyFile } from "./discovery.js";
import { readPdmLock } from "./pdm.js";
import { readPipfile, readPipfileLock } from "./pipfile.js";
import { artifactChecksums, poetryAllows, poetryConstraintAlternatives, readPoetryLock } from "./poetry.js";
import { readPylock } from "./pylock.js";
import { readPyproject } from "./pyproject.js";
import type { ParsedFile } from "./types.js";
import { readUvLock } from "./uv.js";

const H = (c: string): string => c.repeat(64);

function fails(fn: () => unknown, code: ErrorCode, message: RegExp): PysbomError {
  try {
    fn();
  } catch (e) {
    expect(isPysbomError(e, code), String(e)).toBe(true);
    expect((e as Error).message).toMatch(message);
    return e as PysbomError;
  }
  throw new Error("expected an error");
}

const names = (f: ParsedFile): string[] => f.packages.map((p) => `${p.name}@${p.version ?? ""}`);
const edges = (f: ParsedFile): string[] =>
  f.edges.map(
    (e) =>
      `${f.packages[e.from]!.name}>${f.packages[e.to]!.name}${e.kind === "runtime" ? "" : `:${e.kind}`}${e.group ? `/${e.group}` : ""}${e.marker ? ` [${e.marker}]` : ""}`,
  );

describe("classifyFile", () => {
  const cases: [string, string | undefined][] = [
    ["requirements.txt", "requirements"],
    ["requirements-dev.txt", "requirements"],
    ["dev-requirements.in", "requirements"],
    ["requirements/prod.txt", "requirements"],
    ["reqs/requirements_test.txt", "requirements"],
    ["requirements/README.txt", undefined],
    ["notes.txt", undefined],
    ["pyproject.toml", "pyproject"],
    ["sub/poetry.lock", "poetry-lock"],
    ["uv.lock", "uv-lock"],
    ["Pipfile", "pipfile"],
    ["Pipfile.lock", "pipfile-lock"],
    ["pdm.lock", "pdm-lock"],
    ["pylock.toml", "pylock"],
    ["pylock.dev.toml", "pylock"],
    ["pylock.a.b.toml", undefined],
    ["pipfile", undefined],
  ];
  it.each(cases)("%s", (path, format) => expect(classifyFile(path)).toBe(format));
});

describe("TOML and JSON errors name the file, line and column", () => {
  it("INVALID_TOML", () => {
    const e = fails(
      () => readUvLock("sub/uv.lock", 'version = 1\n[[package]]\nname = "x\n'),
      "INVALID_TOML",
      /^sub\/uv\.lock:3:10: invalid TOML/,
    );
    expect(e.location).toEqual({ file: "sub/uv.lock", line: 3, column: 10 });
    fails(() => readPyproject("pyproject.toml", "[project\nname='x'"), "INVALID_TOML", /^pyproject\.toml:1:/);
    fails(() => readPylock("pylock.toml", "lock-version = \n"), "INVALID_TOML", /^pylock\.toml:1:/);
  });

  it("hostile TOML: prototype keys are dropped, deep nesting is an error", () => {
    const f = readPoetryLock(
      "poetry.lock",
      '[[package]]\nname = "a"\nversion = "1"\n[package.dependencies]\n__proto__ = "1"\nconstructor = "2"\n[metadata]\nlock-version = "2.0"\n',
    );
    expect(f.packages).toHaveLength(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    fails(
      () => readUvLock("uv.lock", `version = 1\nx = ${"[".repeat(5000)}${"]".repeat(5000)}\n`),
      "INVALID_TOML",
      /^uv\.lock:2:/,
    );
  });

  it("INVALID_JSON", () => {
    const e = fails(
      () => readPipfileLock("Pipfile.lock", '{\n  "_meta": {},\n  "default": {,}\n}'),
      "INVALID_JSON",
      /^Pipfile\.lock:3:/,
    );
    expect(e.location?.line).toBe(3);
  });
});

describe("poetry.lock", () => {
  it("refuses lock-versions it does not know, and files that are not poetry locks", () => {
    fails(
      () => readPoetryLock("poetry.lock", '[metadata]\nlock-version = "3.0"\n'),
      "UNSUPPORTED_VERSION",
      /lock-version "3\.0" is not supported/,
    );
    fails(
      () => readPoetryLock("poetry.lock", '[metadata]\nlock-version = "two"\n'),
      "UNSUPPORTED_VERSION",
      /"two"/,
    );
    fails(
      () => readPoetryLock("poetry.lock", '[[package]]\nname = "a"\n'),
      "INVALID_DOCUMENT",
      /no \[metadata\]/,
    );
  });

  it("lock-version 1.0: bare sha256 digests in [metadata.hashes]", () => {
    const f = readPoetryLock(
      "poetry.lock",
      `[[package]]\nname = "six"\nversion = "1.16.0"\ncategory = "main"\noptional = false\npython-versions = "*"\n\n[metadata]\ncontent-hash = "x"\n\n[metadata.hashes]\nsix = ["${H("a")}", "${H("b")}"]\n`,
    );
    expect(names(f)).toEqual(["six@1.16.0"]);
    expect(artifactChecksums(f.packages[0]!.artifacts).map((c) => c.value)).toEqual([H("a"), H("b")]);
    expect(f.packages[0]!.groups).toEqual(["main"]);
  });

  it("lock-version 2.x: per-package files, groups, per-group markers, sources, multiple constraints", () => {
    const f = readPoetryLock(
      "poetry.lock",
      [
        '[[package]]\nname = "a"\nversion = "1.0"\ndescription = "A"\noptional = false\npython-versions = "*"\ngroups = ["main", "dev"]',
        'markers = {main = "sys_platform == \\"linux\\"", dev = "python_version < \\"3.12\\""}',
        `files = [{file = "a-1.0.tar.gz", hash = "sha256:${H("c")}"}]`,
        "[package.dependencies]",
        'b = [{version = "<2", markers = "python_version < \\"3.9\\""}, {version = ">=2", markers = "python_version >= \\"3.9\\""}]',
        'opt = {version = "*", optional = true}',
        "[package.extras]",
        'fast = ["opt (>=1)"]',
        '[[package]]\nname = "b"\nversion = "1.5"\noptional = false\npython-versions = "*"\nfiles = []',
        '[[package]]\nname = "b"\nversion = "2.1"\noptional = false\npython-versions = "*"\nfiles = []',
        '[[package]]\nname = "opt"\nversion = "0.1"\noptional = true\npython-versions = "*"\nfiles = []',
        "[package.source]",
        'type = "legacy"\nurl = "https://user:pw@pypi.example.org/simple"\nreference = "private"',
        '[[package]]\nname = "local"\nversion = "0.0.0"\noptional = false\npython-versions = "*"\nfiles = []\ndevelop = true',
        '[package.source]\ntype = "directory"\nurl = "../libs/local"',
        '[metadata]\nlock-version = "2.1"\npython-versions = "^3.9"\ncontent-hash = "x"',
      ].join("\n"),
    );
    expect(names(f)).toEqual(["a@1.0", "b@1.5", "b@2.1", "opt@0.1", "local@0.0.0"]);
    expect(f.packages[0]!.markers).toEqual(['sys_platform == "linux"', 'python_version < "3.12"']);
    expect(f.packages[0]!.summary).toBe("A");
    expect(f.packages[3]!.source).toEqual({
      kind: "registry",
      url: "https://user:****@pypi.example.org/simple",
    });
    expect(f.packages[3]!.optional).toBe(true);
    expect(f.packages[4]!.source).toEqual({ kind: "editable", path: "../libs/local" });
    expect(edges(f)).toEqual([
      'a>b [python_version < "3.9"]',
      'a>b [python_version >= "3.9"]',
      'a>opt [extra == "fast"]',
    ]);
    expect(f.edges.map((e) => f.packages[e.to]!.version)).toEqual(["1.5", "2.1", "0.1"]);
  });

  it("bad entries become Unknowns", () => {
    const f = readPoetryLock(
      "poetry.lock",
      '[[package]]\nname = "bad name"\nversion = "1"\n[[package]]\nname = "ok"\nversion = "1.0.x"\n[[package]]\nversion = "1"\n[metadata]\nlock-version = "2.0"\n',
    );
    expect(f.packages).toEqual([]);
    expect(f.unknowns.map((u) => [u.location, u.code])).toEqual([
      ["poetry.lock:1", "lock/invalid-name"],
      ["poetry.lock:4", "lock/invalid-version"],
      ["poetry.lock:7", "lock/missing-name"],
    ]);
  });

  const constraints: [string, string[] | undefined][] = [
    ["^1.2.3", [">=1.2.3,<2.0"]],
    ["^0.2.3", [">=0.2.3,<0.3"]],
    ["^0.0.3", [">=0.0.3,<0.0.4"]],
    ["^0", [">=0,<1.0"]],
    ["~1.2.3", [">=1.2.3,<1.3"]],
    ["~1", [">=1,<2"]],
    ["~=1.2", ["~=1.2"]],
    [">= 1.0, < 2", [">=1.0,<2"]],
    [">=1 <2", [">=1,<2"]],
    ["1.2.*", ["==1.2.*"]],
    ["*", [""]],
    ["1.0 || ^2.1", ["==1.0", ">=2.1,<3.0"]],
    ["^x", undefined],
  ];
  it.each(constraints)("Poetry constraint %s", (c, expected) =>
    expect(poetryConstraintAlternatives(c)).toEqual(expected),
  );

  it("poetryAllows", () => {
    expect(poetryAllows("^1.2", "1.9.0")).toBe(true);
    expect(poetryAllows("^1.2", "2.0.0")).toBe(false);
    expect(poetryAllows("<2 || >=3", "3.1")).toBe(true);
    expect(poetryAllows("^x", "1.0")).toBeUndefined();
  });
});

describe("uv.lock", () => {
  it("refuses other lock versions", () => {
    fails(
      () => readUvLock("uv.lock", "version = 2\n"),
      "UNSUPPORTED_VERSION",
      /version "2" is not supported/,
    );
    fails(() => readUvLock("uv.lock", "[[package]]\n"), "UNSUPPORTED_VERSION", /\(missing\)/);
  });

  it("reads every source kind, resolves version-split dependencies, keeps the project's own entry", () => {
    const f = readUvLock(
      "proj/uv.lock",
      [
        "version = 1",
        '[[package]]\nname = "proj"\nversion = "1.0"\nsource = { virtual = "." }',
        'dependencies = [{ name = "a", version = "1.0", source = { registry = "https://pypi.org/simple" }, marker = "python_version < \'3.10\'" }, { name = "a", version = "2.0", source = { registry = "https://pypi.org/simple" }, marker = "python_version >= \'3.10\'" }, { name = "g" }, { name = "missing" }]',
        '[package.optional-dependencies]\nx = [{ name = "u" }]',
        '[package.dev-dependencies]\ndev = [{ name = "p" }]',
        '[[package]]\nname = "a"\nversion = "1.0"\nsource = { registry = "https://pypi.org/simple" }',
        `sdist = { url = "https://f/a-1.0.tar.gz", hash = "sha256:${H("1")}" }`,
        '[[package]]\nname = "a"\nversion = "2.0"\nsource = { registry = "https://pypi.org/simple" }',
        `wheels = [{ url = "https://f/a-2.0-py3-none-any.whl", hash = "sha256:${H("2")}" }]`,
        '[package.optional-dependencies]\nspeed = [{ name = "u", marker = "sys_platform == \'linux\'" }]',
        '[[package]]\nname = "g"\nversion = "0.1"\nsource = { git = "https://tok@github.com/o/g?tag=v0.1#0123456789abcdef0123456789abcdef01234567" }',
        '[[package]]\nname = "u"\nversion = "3"\nsource = { url = "https://example.org/u-3.tar.gz" }',
        '[[package]]\nname = "p"\nversion = "4"\nsource = { path = "../wheels/p-4-py3-none-any.whl" }',
        '[[package]]\nname = "d"\nversion = "5"\nsource = { directory = "libs/d" }',
        '[[package]]\nname = "e"\nsource = { editable = "libs/e" }',
        '[[package]]\nname = "r"\nversion = "6"\nsource = { registry = "../local-index" }',
      ].join("\n"),
    );
    expect(names(f)).toEqual(["proj@1.0", "a@1.0", "a@2.0", "g@0.1", "u@3", "p@4", "d@5", "e@", "r@6"]);
    expect(f.rootIndex).toBe(0);
    expect(f.packages.map((p) => p.source)).toEqual([
      { kind: "virtual", path: "proj" },
      { kind: "registry", url: "https://pypi.org/simple" },
      { kind: "registry", url: "https://pypi.org/simple" },
      {
        kind: "git",
        url: "https://****@github.com/o/g",
        commit: "0123456789abcdef0123456789abcdef01234567",
        ref: "v0.1",
      },
      { kind: "url", url: "https://example.org/u-3.tar.gz" },
      { kind: "path", path: "wheels/p-4-py3-none-any.whl" },
      { kind: "directory", path: "proj/libs/d" },
      { kind: "editable", path: "proj/libs/e" },
      { kind: "registry", url: "local-index" },
    ]);
    expect(edges(f)).toEqual([
      'proj>a [python_version < "3.10"]',
      'proj>a [python_version >= "3.10"]',
      "proj>g",
      "proj>u:optional/x",
      "proj>p:dev/dev",
      'a>u [sys_platform == "linux" and extra == "speed"]',
    ]);
    expect(f.edges.slice(0, 2).map((e) => f.packages[e.to]!.version)).toEqual(["1.0", "2.0"]);
    expect(f.unknowns.map((u) => [u.location, u.code])).toEqual([
      ["proj/uv.lock:2", "lock/unresolved-dependency"],
    ]);
    expect([...(f.localProjects ?? new Map())]).toEqual([
      ["proj", 0],
      ["proj/libs/d", 6],
      ["proj/libs/e", 7],
    ]);
  });

  it("a virtual workspace root without a package: members and [manifest] requirements hang from the root", () => {
    const f = readUvLock(
      "uv.lock",
      'version = 1\n[manifest]\nmembers = ["m"]\nrequirements = [{ name = "x", specifier = ">=1" }]\n[manifest.dependency-groups]\nlint = [{ name = "ruff" }]\n[[package]]\nname = "m"\nversion = "1"\nsource = { editable = "m" }\n',
    );
    expect(f.rootIndex).toBeUndefined();
    expect(f.rootEdges).toEqual([{ to: 0, kind: "runtime" }]);
    expect(f.requirements.map((r) => [r.name, r.specifier, r.kind, r.group])).toEqual([
      ["x", ">=1", "runtime", undefined],
      ["ruff", "", "dev", "lint"],
    ]);
  });

  it("invalid names and versions are Unknowns", () => {
    const f = readUvLock(
      "uv.lock",
      'version = 1\n[[package]]\nname = "-x"\nversion = "1"\n[[package]]\nname = "y"\nversion = "v1.0-final!"\n',
    );
    expect(f.packages).toEqual([]);
    expect(f.unknowns.map((u) => u.code)).toEqual(["lock/invalid-name", "lock/invalid-version"]);
  });
});

describe("pdm.lock", () => {
  it("refuses other lock_version majors", () => {
    fails(
      () => readPdmLock("pdm.lock", '[metadata]\nlock_version = "5.0"\n'),
      "UNSUPPORTED_VERSION",
      /"5\.0" is not supported/,
    );
    fails(() => readPdmLock("pdm.lock", "[metadata]\n"), "UNSUPPORTED_VERSION", /\(missing\)/);
  });

  it("lock_version 3.x: hashes from [metadata.files] keyed by name and version", () => {
    const f = readPdmLock(
      "pdm.lock",
      `[[package]]\nname = "six"\nversion = "1.16.0"\nsummary = "s"\n\n[metadata]\nlock_version = "3.1"\n\n[metadata.files]\n"six 1.16.0" = [{url = "https://f/six-1.16.0.tar.gz", hash = "sha256:${H("d")}"}]\n"six 1.15.0" = [{url = "https://f/six-1.15.0.tar.gz", hash = "sha256:${H("e")}"}]\n`,
    );
    expect(artifactChecksums(f.packages[0]!.artifacts).map((c) => c.value)).toEqual([H("d")]);
  });

  it("extras entries merge into their package and add `extra == …` edges", () => {
    const f = readPdmLock(
      "pdm.lock",
      [
        '[metadata]\nlock_version = "4.4"',
        '[[package]]\nname = "a"\nversion = "1"\ngroups = ["default"]\ndependencies = ["b>=1; python_version < \\"3.11\\""]',
        '[[package]]\nname = "a"\nversion = "1"\nextras = ["x"]\ngroups = ["test"]\ndependencies = ["a==1", "c"]',
        '[[package]]\nname = "b"\nversion = "2"\ngroups = ["default"]',
        '[[package]]\nname = "c"\nversion = "3"\ngroups = ["test"]',
        '[[package]]\nname = "g"\nversion = "0.1"\ngit = "https://github.com/o/g.git"\nrevision = "0123456789abcdef0123456789abcdef01234567"\nref = "main"\ngroups = ["default"]',
      ].join("\n"),
    );
    expect(names(f)).toEqual(["a@1", "b@2", "c@3", "g@0.1"]);
    expect(f.packages[0]!.groups).toEqual(["default", "test"]);
    expect(edges(f)).toEqual(['a>b [python_version < "3.11"]', 'a>c [extra == "x"]']);
    expect(f.packages[3]!.source).toEqual({
      kind: "git",
      url: "https://github.com/o/g.git",
      commit: "0123456789abcdef0123456789abcdef01234567",
      ref: "main",
    });
  });
});

describe("Pipfile.lock and Pipfile", () => {
  it("refuses unknown pipfile-spec versions and documents without _meta", () => {
    fails(
      () => readPipfileLock("Pipfile.lock", '{"_meta": {"pipfile-spec": 7}}'),
      "UNSUPPORTED_VERSION",
      /pipfile-spec 7/,
    );
    fails(() => readPipfileLock("Pipfile.lock", '{"default": {}}'), "INVALID_DOCUMENT", /no "_meta"/);
    fails(() => readPipfileLock("Pipfile.lock", "[]"), "INVALID_DOCUMENT", /no "_meta"/);
  });

  it("pins, categories and Unknowns for unpinned or broken entries", () => {
    const f = readPipfileLock(
      "Pipfile.lock",
      JSON.stringify({
        _meta: { "pipfile-spec": 6, sources: [] },
        default: {
          a: { version: "==1.0", hashes: [`sha256:${H("a")}`] },
          b: { version: "*" },
          c: "oops",
          d: {},
        },
        develop: { a: { version: "==1.0" }, e: { version: "===legacy-1" } },
        docs: { f: { version: "==2.0", markers: "python_version >= '3.9'" } },
      }),
    );
    expect(names(f)).toEqual(["a@1.0", "a@1.0", "e@legacy-1", "f@2.0"]);
    expect(f.rootEdges.map((e) => [f.packages[e.to]!.name, e.kind, e.group, e.marker])).toEqual([
      ["a", "runtime", "default", undefined],
      ["a", "dev", "develop", undefined],
      ["e", "dev", "develop", undefined],
      ["f", "optional", "docs", 'python_version >= "3.9"'],
    ]);
    expect(f.unknowns.map((u) => [u.location, u.code])).toEqual([
      ["Pipfile.lock#/default/b", "lock/unpinned"],
      ["Pipfile.lock#/default/c", "lock/invalid-entry"],
      ["Pipfile.lock#/default/d", "lock/unpinned"],
    ]);
  });

  it("Pipfile: requirements with categories, markers keys and bare versions", () => {
    const f = readPipfile(
      "Pipfile",
      '[packages]\nrequests = "*"\nflask = "==3.0.0"\nwaitress = {version = "3.*", sys_platform = "== \'win32\'"}\n[dev-packages]\npytest = ">=8"\n[docs]\nsphinx = {version = "*", markers = "python_version >= \'3.10\'"}\n[requires]\npython_version = "3.12"\n',
    );
    expect(f.requirements.map((r) => [r.name, r.specifier, r.pinned, r.kind, r.group, r.marker])).toEqual([
      ["requests", "", undefined, "runtime", "default", undefined],
      ["flask", "==3.0.0", "3.0.0", "runtime", "default", undefined],
      ["waitress", "==3.*", undefined, "runtime", "default", 'sys_platform == "win32"'],
      ["pytest", ">=8", undefined, "dev", "develop", undefined],
      ["sphinx", "", undefined, "optional", "docs", 'python_version >= "3.10"'],
    ]);
  });
});

describe("pylock.toml (PEP 751)", () => {
  it("refuses other lock-version majors; warns about newer minors", () => {
    fails(
      () => readPylock("pylock.toml", 'lock-version = "2.0"\n'),
      "UNSUPPORTED_VERSION",
      /lock-version "2\.0"/,
    );
    fails(() => readPylock("pylock.toml", "packages = []\n"), "UNSUPPORTED_VERSION", /\(missing\)/);
    const f = readPylock("pylock.toml", 'lock-version = "1.3"\n[[packages]]\nname = "a"\nversion = "1"\n');
    expect(f.unknowns.map((u) => u.code)).toEqual(["lock/newer-lock-version"]);
  });

  it("hashes of every algorithm, unknown algorithms as Unknowns", () => {
    const f = readPylock(
      "pylock.toml",
      `lock-version = "1.0"\n[[packages]]\nname = "a"\nversion = "1"\nwheels = [{ name = "a-1-py3-none-any.whl", hashes = { sha256 = "${H("a")}", sha512 = "${"b".repeat(128)}", crc32 = "00" } }]\n`,
    );
    expect(artifactChecksums(f.packages[0]!.artifacts).map((c) => c.algorithm)).toEqual(["SHA256", "SHA512"]);
    expect(f.unknowns.map((u) => u.code)).toEqual(["lock/invalid-hash"]);
  });
});

describe("pyproject.toml", () => {
  it("PEP 621 metadata, PEP 639 license, extras, dependency groups with include-group, self references", () => {
    const f = readPyproject(
      "pyproject.toml",
      [
        "[project]",
        'name = "Demo.Pkg"\nversion = "2.0.0-RC1"\ndescription = "d"\nlicense = "mit OR apache-2.0"',
        'authors = [{ name = "A", email = "a@example.org" }, { email = "b@example.org" }]',
        'dependencies = ["requests>=2", "six==1.16.0", "tool @ git+https://github.com/o/tool@v1"]',
        "[project.optional-dependencies]",
        'cli = ["click"]\nall = ["demo-pkg[cli]"]',
        "[project.urls]",
        'Homepage = "https://example.org"',
        "[dependency-groups]",
        'test = ["pytest", { include-group = "lint" }]\nlint = ["ruff"]\nloop = [{ include-group = "loop" }]\nmissing = [{ include-group = "nope" }]',
        "[tool.uv]",
        'dev-dependencies = ["mypy"]',
      ].join("\n"),
    );
    expect(f.project).toMatchObject({
      name: "Demo.Pkg",
      version: "2.0.0-RC1",
      summary: "d",
      licenseExpression: "MIT OR Apache-2.0",
      authors: [{ name: "A", email: "a@example.org" }, { email: "b@example.org" }],
      urls: [{ label: "Homepage", url: "https://example.org" }],
      extras: ["cli", "all"],
      devGroups: ["test", "lint", "loop", "missing", "dev"],
    });
    expect(f.requirements.map((r) => [r.name, r.kind, r.group ?? "", r.pinned ?? "", r.url ?? ""])).toEqual([
      ["requests", "runtime", "", "", ""],
      ["six", "runtime", "", "1.16.0", ""],
      ["tool", "runtime", "", "", "git+https://github.com/o/tool@v1"],
      ["click", "optional", "cli", "", ""],
      ["click", "optional", "all", "", ""],
      ["pytest", "dev", "test", "", ""],
      ["ruff", "dev", "test", "", ""],
      ["ruff", "dev", "lint", "", ""],
      ["mypy", "dev", "dev", "", ""],
    ]);
    expect(f.unknowns.map((u) => u.code)).toEqual(["lock/include-group-cycle", "lock/unknown-group"]);
  });

  it("invalid license expressions, names and versions are Unknowns", () => {
    const f = readPyproject(
      "pyproject.toml",
      '[project]\nname = "ok"\nversion = "one"\nlicense = "MIT-ish license"\n',
    );
    expect(f.project).toMatchObject({ name: "ok", version: undefined, licenseText: "MIT-ish license" });
    expect(f.unknowns.map((u) => u.code)).toEqual(["lock/invalid-version", "lock/invalid-license"]);
    const g = readPyproject("pyproject.toml", '[project]\nname = "not ok!"\n');
    expect(g.project).toBeUndefined();
    expect(g.unknowns.map((u) => u.code)).toEqual(["lock/invalid-name"]);
  });

  it("Poetry: [tool.poetry] metadata, dependencies, optional ones through extras, groups, legacy dev-dependencies", () => {
    const f = readPyproject(
      "pyproject.toml",
      [
        "[tool.poetry]",
        'name = "poet"\nversion = "0.1.0"\nlicense = "BSD-3-Clause"\nauthors = ["Jane Doe <jane@example.org>"]\nhomepage = "https://example.org"',
        "[tool.poetry.dependencies]",
        'python = "^3.9"\nrequests = "^2.31"\nexact = "1.2.3"\nexact2 = "==1.2.4"\nfast = { version = "^1", optional = true, python = ">=3.10" }',
        'lib = { git = "https://github.com/o/lib.git", rev = "0123456789abcdef0123456789abcdef01234567" }',
        '[tool.poetry.extras]\nspeed = ["fast"]',
        '[tool.poetry.group.docs.dependencies]\nsphinx = "*"',
        '[tool.poetry.dev-dependencies]\npytest = "^8"',
      ].join("\n"),
    );
    expect(f.project).toMatchObject({
      name: "poet",
      version: "0.1.0",
      licenseExpression: "BSD-3-Clause",
      authors: [{ name: "Jane Doe", email: "jane@example.org" }],
      urls: [{ label: "homepage", url: "https://example.org" }],
      extras: ["speed"],
      devGroups: ["docs", "dev"],
    });
    expect(
      f.requirements.map((r) => [
        r.name,
        r.specifier,
        r.pinned ?? "",
        r.kind,
        r.group ?? "",
        r.marker ?? "",
        r.url ?? "",
      ]),
    ).toEqual([
      ["requests", "^2.31", "", "runtime", "", "", ""],
      ["exact", "1.2.3", "1.2.3", "runtime", "", "", ""],
      ["exact2", "==1.2.4", "1.2.4", "runtime", "", "", ""],
      ["fast", "^1", "", "optional", "speed", 'python_version >= "3.10"', ""],
      [
        "lib",
        "",
        "",
        "runtime",
        "",
        "",
        "git+https://github.com/o/lib.git@0123456789abcdef0123456789abcdef01234567",
      ],
      ["sphinx", "", "", "dev", "docs", "", ""],
      ["pytest", "^8", "", "dev", "dev", "", ""],
    ]);
  });

  it("[tool.uv.sources] turns requirements into direct references", () => {
    const f = readPyproject(
      "pyproject.toml",
      '[project]\nname = "p"\ndependencies = ["a", "b", "c"]\n[tool.uv.sources]\na = { git = "https://github.com/o/a", tag = "v1" }\nb = { url = "https://example.org/b-1.0.tar.gz" }\nc = { workspace = true }\n',
    );
    expect(f.requirements.map((r) => r.url)).toEqual([
      "git+https://github.com/o/a@v1",
      "https://example.org/b-1.0.tar.gz",
      undefined,
    ]);
  });
});
