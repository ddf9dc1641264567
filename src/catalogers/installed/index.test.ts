// The env cataloger end to end on the synthetic environments in testdata/ (see build-fixtures.mjs) and on
// temporary copies with what a repository cannot hold (symbolic links, sparse files): detection, golden
// SBOMs validated against the official schemas, the graph, --files, --verify, options and the CLI.

import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../cli/run.js";
import { memoryIo } from "../../cli/test-helpers.js";
import { decodeSbom, parseTagValue } from "../../formats/index.js";
import { DOCUMENT_REF, type Document, type Package } from "../../model/index.js";
import { DirectoryResolver } from "../../sources/resolver.js";
import { validateSchema } from "../../validate/schema.js";
import { generateSbom } from "../generate.js";
import { installedCataloger } from "./index.js";

const testdata = join(import.meta.dirname, "testdata");
const update = process.env.UPDATE_GOLDEN === "1";
const EPOCH = { SOURCE_DATE_EPOCH: "1735689600" };
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function temp(): string {
  const t = mkdtempSync(join(tmpdir(), "pysbom-env-"));
  temps.push(t);
  return t;
}

/** A copy of a fixture in a temporary directory, to add what git cannot hold. */
function copyFixture(name: string): { dir: string; root: string } {
  const dir = temp();
  cpSync(join(testdata, name), join(dir, name), { recursive: true });
  return { dir, root: join(dir, name) };
}

async function cli(argv: string[], cwd = testdata, options: { tty?: boolean } = {}) {
  const c = memoryIo({ cwd, env: EPOCH, tty: options.tty });
  const code = await run(argv, c.io);
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

async function gen(targets: string[], cwd = testdata, options: Record<string, unknown> = {}) {
  return generateSbom(targets, {
    cwd,
    created: "2025-01-01T00:00:00Z",
    creators: [{ kind: "Tool", name: "pysbom", version: "test" }],
    options,
  });
}

const detect = (root: string, path = "") => installedCataloger.detect(new DirectoryResolver(root), path);
const pkg = (doc: Document, name: string, version?: string): Package => {
  const p = doc.packages.find((x) => x.name === name && (version === undefined || x.version === version));
  if (!p) throw new Error(`no package ${name} ${version ?? ""}`);
  return p;
};
const prop = (p: Package, name: string) => p.properties.filter((x) => x.name === name).map((x) => x.value);
/** `from -> to [comment]` for the relationships of one type, by package name. */
function edges(doc: Document, type = "DEPENDS_ON", withRoots = false): string[] {
  const name = new Map(
    doc.packages.map((p) => [
      p.id,
      `${p.name}${p.version && p.version !== "NOASSERTION" ? `@${p.version}` : ""}`,
    ]),
  );
  const roots = new Set(doc.relationships.filter((r) => r.from === DOCUMENT_REF).map((r) => r.to));
  return doc.relationships
    .filter((r) => r.type === type && r.from !== DOCUMENT_REF && (withRoots || !roots.has(r.from)))
    .map((r) => `${name.get(r.from)} -> ${name.get(r.to) ?? r.to}${r.comment ? ` [${r.comment}]` : ""}`)
    .sort();
}

function golden(name: string, text: string): void {
  const path = join(testdata, name);
  if (update) writeFileSync(path, text);
  expect(existsSync(path), `golden ${name} exists (UPDATE_GOLDEN=1 creates it)`).toBe(true);
  expect(text).toBe(readFileSync(path, "utf8"));
}

describe("detection", () => {
  it.each([
    ["venv", ""],
    ["winvenv", ""],
    ["prefix", ""],
    ["venv/lib/python3.12/site-packages", ""],
    ["tampered", ""],
  ])("claims %s", async (name) => {
    expect(await detect(join(testdata, name))).toBe(true);
  });

  it("does not claim a file, an empty directory, a bare lib/, a project or a CPython source tree", async () => {
    expect(await detect(testdata, "build-fixtures.mjs")).toBe(false);
    const empty = temp();
    expect(await detect(empty)).toBe(false);
    const bare = temp();
    mkdirSync(join(bare, "lib/python3.12/site-packages"), { recursive: true });
    expect(await detect(bare)).toBe(false);
    // A project with an in-tree egg-info (`pip install -e .` with old setuptools) is a lockfile target.
    const project = temp();
    mkdirSync(join(project, "myproj.egg-info"));
    writeFileSync(join(project, "myproj.egg-info/PKG-INFO"), "Name: myproj\nVersion: 1\n");
    writeFileSync(join(project, "pyproject.toml"), "[project]\nname = 'myproj'\n");
    expect(await detect(project)).toBe(false);
    // A CPython checkout has Lib/site-packages/README.txt (and could hold a stray dist).
    const cpython = temp();
    for (const d of ["Objects", "Modules", "Python", "Include", "Lib/site-packages/x-1.0.dist-info"])
      mkdirSync(join(cpython, d), { recursive: true });
    writeFileSync(join(cpython, "Lib/site-packages/README.txt"), "readme\n");
    writeFileSync(join(cpython, "configure"), "#!/bin/sh\n");
    expect(await detect(cpython)).toBe(false);
  });

  it("generate picks the env cataloger by itself, and --type env on a file exits 3", async () => {
    expect((await gen(["venv"])).types).toEqual(["env"]);
    const r = await cli(["generate", "--type", "env", "build-fixtures.mjs"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/not an installed Python environment/);
  });

  it("--type env reads any directory as a site-packages directory, empty ones too", async () => {
    const empty = temp();
    const r = await cli(["generate", "--type", "env", empty, "-o", "spdx-json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).packages.length).toBe(1);
    expect(r.stdout).toContain("env/no-distributions");
  });
});

describe("the venv fixture", async () => {
  const { document: doc, findings } = await gen(["venv"]);

  it("golden SPDX 2.3 and CycloneDX 1.6 outputs: schema-valid and byte-identical across runs", async () => {
    const spdx = await cli(["generate", "venv", "-o", "spdx-json"]);
    expect(spdx.code).toBe(0);
    golden("venv.golden.spdx.json", spdx.stdout);
    expect(validateSchema("spdx-2.3", JSON.parse(spdx.stdout))).toEqual([]);
    const cdx = await cli(["generate", "venv", "-o", "cyclonedx-json"]);
    expect(cdx.code).toBe(0);
    golden("venv.golden.cdx.json", cdx.stdout);
    expect(validateSchema("cyclonedx-1.6", JSON.parse(cdx.stdout))).toEqual([]);
    expect((await cli(["generate", "venv", "-o", "spdx-json"])).stdout).toBe(spdx.stdout);
    expect((await cli(["generate", "venv", "-o", "cyclonedx-json"])).stdout).toBe(cdx.stdout);
    expect(cdx.stderr).toMatch(/unknown\(s\) recorded/);
  });

  it("every output format is schema-valid (tag-value through its JSON form) and tag-value reads back", async () => {
    for (const [format, schema] of [
      ["cyclonedx-json@1.5", "cyclonedx-1.5"],
      ["cyclonedx-json@1.7", "cyclonedx-1.7"],
    ] as const) {
      const r = await cli(["generate", "venv", "-q", "-o", format]);
      expect(validateSchema(schema, JSON.parse(r.stdout))).toEqual([]);
    }
    const tv = await cli(["generate", "venv", "-q", "-o", "spdx-tag-value"]);
    expect(validateSchema("spdx-2.3", parseTagValue(tv.stdout).json)).toEqual([]);
    expect(decodeSbom(tv.stdout).document.packages.length).toBe(doc.packages.length);
  });

  it("describes the environment, which depends on what nothing else requires", () => {
    const root = doc.packages.find((p) =>
      doc.relationships.some((r) => r.from === DOCUMENT_REF && r.to === p.id),
    )!;
    expect(root.name).toBe("venv");
    expect(prop(root, "pysbom:environment-kind")).toEqual(["venv"]);
    expect(prop(root, "pysbom:marker:python_full_version")).toEqual(["3.12.4"]);
    expect(prop(root, "pysbom:marker:sys_platform")).toEqual(["linux"]);
    const top = edges(doc, "DEPENDS_ON", true).filter((e) => e.startsWith("venv -> "));
    expect(top).toEqual([
      "venv -> latin1pkg@1.0",
      "venv -> myapp@1.0.0",
      "venv -> nobody@0.0.1",
      "venv -> norecord@1.0",
      "venv -> pip@24.0",
      "venv -> setuptools@75.1.0",
      "venv -> six@1.15.0",
    ]);
    expect(findings).toEqual([]);
  });

  it("reads every distribution format, reports broken ones and keeps duplicates apart", () => {
    const dists = doc.packages.filter((p) => prop(p, "pysbom:install-format").length > 0);
    expect(
      dists.map((p) => `${p.name}@${p.version ?? ""}:${prop(p, "pysbom:install-format")[0]}`).sort(),
    ).toEqual(
      [
        "PySocks@1.7.1:dist-info",
        "archdep@2.0:dist-info",
        "certifi@2024.7.4:dist-info",
        "charset-normalizer@3.3.2:dist-info",
        "click@8.1.7:dist-info",
        "clidep@0.1:dist-info",
        "cryptography@43.0.0:dist-info",
        "cyc-a@1.0:dist-info",
        "cyc-b@1.0:dist-info",
        "idna@3.7:dist-info",
        "latin1pkg@1.0:dist-info",
        "legacy-dev@NOASSERTION:egg-link",
        "legacyreq@2.0:egg-info",
        "localdep@0.3:dist-info",
        "myapp@1.0.0:dist-info",
        "nobody@0.0.1:dist-info",
        "norecord@1.0:dist-info",
        "numpy@2.0.0:dist-info",
        "pip@24.0:dist-info",
        "requests@2.32.3:dist-info",
        "selfref@1.0:dist-info",
        "setuptools@75.1.0:dist-info",
        "six@1.15.0:egg-info",
        "six@1.16.0:dist-info",
        "urllib3@2.2.2:dist-info",
        "vcsdep@0.5.0:dist-info",
      ].sort(),
    );
    const codes = doc.unknowns.map((u) => `${u.code} ${u.location}`).sort();
    expect(codes).toEqual([
      "env/broken-metadata lib/python3.12/site-packages/broken-0.1.dist-info/METADATA",
      "env/duplicate-distribution lib/python3.12/site-packages/six-1.15.0-py3.12.egg-info",
      "env/editable-outside-root lib/python3.12/site-packages/legacy-dev.egg-link",
      "env/metadata-not-utf8 lib/python3.12/site-packages/latin1pkg-1.0.dist-info/METADATA",
      "env/missing-dependency lib/python3.12/site-packages/myapp-1.0.0.dist-info/METADATA",
      "env/no-record lib/python3.12/site-packages/norecord-1.0.dist-info",
      "env/undecided-marker lib/python3.12/site-packages/myapp-1.0.0.dist-info/METADATA",
      "env/vendored-unidentified lib/python3.12/site-packages/pkg_resources/_vendor",
      "env/vendored-unpinned lib/python3.12/site-packages/pip/_vendor/vendor.txt:5",
    ]);
    expect(pkg(doc, "latin1pkg").originator?.name).toBe("Stefan K\uFFFDgl");
  });

  it("evaluates markers and extras into the dependency graph", () => {
    expect(edges(doc)).toEqual([
      "cyc-a@1.0 -> cyc-b@1.0",
      "cyc-b@1.0 -> cyc-a@1.0",
      'cyc-b@1.0 -> idna@3.7 [marker: extra == "y"]',
      'legacyreq@2.0 -> certifi@2024.7.4 [marker: python_version < "3.13"]',
      "legacyreq@2.0 -> idna@3.7",
      "myapp@1.0.0 -> archdep@2.0",
      'myapp@1.0.0 -> click@8.1.7 [marker: python_version >= "3.8"]',
      "myapp@1.0.0 -> cryptography@43.0.0",
      "myapp@1.0.0 -> cyc-a@1.0",
      "myapp@1.0.0 -> legacy-dev",
      "myapp@1.0.0 -> legacyreq@2.0",
      "myapp@1.0.0 -> localdep@0.3",
      "myapp@1.0.0 -> numpy@2.0.0",
      "myapp@1.0.0 -> requests@2.32.3",
      "myapp@1.0.0 -> selfref@1.0",
      "myapp@1.0.0 -> six@1.16.0",
      "myapp@1.0.0 -> vcsdep@0.5.0",
      'requests@2.32.3 -> PySocks@1.7.1 [marker: extra == "socks"]',
      "requests@2.32.3 -> certifi@2024.7.4",
      "requests@2.32.3 -> charset-normalizer@3.3.2",
      "requests@2.32.3 -> idna@3.7",
      "requests@2.32.3 -> urllib3@2.2.2",
      'selfref@1.0 -> clidep@0.1 [marker: extra == "cli"]',
    ]);
  });

  it("purls, download locations and checksums from direct_url.json", () => {
    expect(pkg(doc, "requests").purl).toBe("pkg:pypi/requests@2.32.3");
    expect(pkg(doc, "PySocks").purl).toBe("pkg:pypi/pysocks@1.7.1");
    const vcs = pkg(doc, "vcsdep");
    expect(vcs.purl).toBe(
      "pkg:pypi/vcsdep@0.5.0?vcs_url=git%2Bhttps:%2F%2Fuser%40github.com%2Facme%2Fvcsdep.git%407921be1537eac1e97bc40179a57f0349c2aee67d",
    );
    expect(vcs.downloadLocation).toBe(
      "git+https://user@github.com/acme/vcsdep.git@7921be1537eac1e97bc40179a57f0349c2aee67d#python",
    );
    expect(JSON.stringify(doc)).not.toContain("s3cret");
    const arch = pkg(doc, "archdep");
    expect(arch.purl).toContain("download_url=https:%2F%2Ffiles.example.org%2Farchdep-2.0-py3-none-any.whl");
    expect(arch.fileName).toBe("archdep-2.0-py3-none-any.whl");
    expect(arch.checksums).toEqual([
      { algorithm: "SHA256", value: "2dd82a43d7327a99e3aa8e5f6dbf2e70ff1f6a4b4f27d7b1e1a9b1c46e0b9f0d" },
    ]);
    expect(pkg(doc, "localdep").purl).toBe("pkg:pypi/localdep@0.3?file_name=localdep-0.3-py3-none-any.whl");
    expect(pkg(doc, "localdep").downloadLocation).toBeUndefined();
  });

  it("editable installs (PEP 660 and egg-link)", () => {
    const app = pkg(doc, "myapp");
    expect(prop(app, "pysbom:editable")).toEqual(["true"]);
    expect(prop(app, "pysbom:editable-source")).toEqual(["/srv/app/src", "/srv/app/src/myapp"]);
    expect(prop(app, "pysbom:installer")).toEqual(["uv"]);
    expect(prop(app, "pysbom:requested")).toEqual(["true"]);
    const dev = pkg(doc, "legacy-dev");
    expect(dev.version).toBe("NOASSERTION");
    expect(dev.purl).toBe("pkg:pypi/legacy-dev");
    expect(prop(dev, "pysbom:editable-source")).toEqual(["/home/dev/legacy-dev"]);
  });

  it("supplier, originator, licenses, URLs and license files", () => {
    const app = pkg(doc, "myapp");
    expect(app.supplier).toEqual({ kind: "Organization", name: "Acme Team", email: "team@acme.example" });
    expect(app.originator).toEqual({ kind: "Person", name: "Jane Doe", email: "jane@example.org" });
    expect(app.licenseDeclared).toBe("MIT OR Apache-2.0");
    expect(app.homepage).toBe("https://acme.example/myapp");
    expect(app.externalRefs.map((r) => [r.type, r.locator, r.comment])).toEqual([
      ["vcs", "https://github.com/acme/myapp", "Source"],
      ["issue-tracker", "https://github.com/acme/myapp/issues", "Issues"],
    ]);
    const license = "lib/python3.12/site-packages/myapp-1.0.0.dist-info/licenses/LICENSE";
    const sha256 = createHash("sha256")
      .update(readFileSync(join(testdata, "venv", license)))
      .digest("hex");
    expect(prop(app, "pysbom:license-file")).toEqual([`${license} sha256:${sha256}`]);
    expect(prop(pkg(doc, "requests"), "pysbom:license-file")[0]).toMatch(
      /requests-2\.32\.3\.dist-info\/LICENSE sha256:/,
    );
    expect(pkg(doc, "nobody").supplier).toBeUndefined();
    const numpy = pkg(doc, "numpy");
    const ref = doc.extractedLicenses.find((l) => l.id === numpy.licenseDeclared)!;
    expect(ref.text).toMatch(/^Copyright \(c\) 2005-2024, NumPy Developers\.\nAll rights reserved\./);
    // Every LicenseRef used is declared.
    const used = doc.packages.flatMap((p) => p.licenseDeclared?.match(/LicenseRef-[A-Za-z0-9.-]+/g) ?? []);
    for (const id of used) expect(doc.extractedLicenses.map((l) => l.id)).toContain(id);
    expect(prop(pkg(doc, "click"), "pysbom:entry-point")).toEqual([
      "console_scripts: click-demo = click.demo:main",
    ]);
  });

  it("vendored code, grafted libraries and embedded SBOMs are CONTAINed by their distribution", () => {
    expect(edges(doc, "CONTAINS")).toEqual([
      "cryptography@43.0.0 -> openssl@3.3.1",
      "numpy@2.0.0 -> libgfortran",
      "numpy@2.0.0 -> libscipy_openblas64_",
      "pip@24.0 -> CacheControl@0.14.0",
      "pip@24.0 -> certifi@2024.2.2",
      "pip@24.0 -> requests@2.31.0",
      "pip@24.0 -> urllib3@1.26.18",
      "setuptools@75.1.0 -> packaging@24.1",
    ]);
    expect(pkg(doc, "urllib3", "1.26.18").purpose).toBe("SOURCE");
    expect(pkg(doc, "urllib3", "1.26.18").purl).toBe("pkg:pypi/urllib3@1.26.18");
    const lib = pkg(doc, "libgfortran");
    expect(lib.purl).toBe("pkg:generic/libgfortran?file_name=libgfortran-040039e1.so.5.0.0");
    expect(lib.checksums[0]?.algorithm).toBe("SHA256");
    expect(prop(lib, "pysbom:soname-version")).toEqual(["5.0.0"]);
    const openssl = pkg(doc, "openssl");
    expect(openssl.purl).toBe("pkg:generic/openssl@3.3.1");
    expect(openssl.licenseDeclared).toBe("Apache-2.0");
    expect(openssl.sourceInfo).toMatch(/PEP 770 SBOM shipped by cryptography/);
  });
});

describe("marker options", () => {
  const unknownCodes = (d: Document) => d.unknowns.map((u) => u.code).sort();

  it("--python-version, --platform and --target change what applies", async () => {
    const py310 = (await gen(["venv"], testdata, { pythonVersion: "3.10" })).document;
    expect(py310.unknowns.filter((u) => u.code === "env/missing-dependency").map((u) => u.message)).toEqual([
      'myapp requires "tomli>=1.1; python_version < \\"3.11\\"", which applies here, but no tomli is installed',
      'myapp requires "missingdep>=1.0", which applies here, but no missingdep is installed',
    ]);
    const win = (await gen(["venv"], testdata, { platform: "win32" })).document;
    const missing = win.unknowns.filter((u) => u.code === "env/missing-dependency");
    expect(missing.map((u) => `${u.message.split(" ")[0]} ${u.message.split(" ")[2]}`).sort()).toEqual([
      'click "colorama;',
      'myapp "colorama;',
      'myapp "missingdep>=1.0",',
      'myapp "pywin32>=300;',
    ]);
    const release = (await gen(["venv"], testdata, { target: "platform_release=6.1.0" })).document;
    expect(unknownCodes(release)).not.toContain("env/undecided-marker");
    expect(release.unknowns.some((u) => u.message.includes("uptime-helper"))).toBe(true);
  });

  it.each([
    [["--python-version", "three"], /--python-version wants X.Y/],
    [["--platform", "Win 32"], /--platform wants a sys.platform/],
    [["--target", "bogus=1"], /--target: unknown marker variable "bogus"/],
  ])("%j is a usage error (exit 2)", async (args, message) => {
    const r = await cli(["generate", "venv", ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("a Windows venv evaluates markers for win32", async () => {
    const { document } = await gen(["winvenv"]);
    expect(edges(document)).toEqual(['click@8.1.7 -> colorama@0.4.6 [marker: platform_system == "Windows"]']);
    const root = pkg(document, "winvenv");
    expect(prop(root, "pysbom:marker:sys_platform")).toEqual(["win32"]);
    expect(prop(root, "pysbom:site-directory")).toEqual(["Lib/site-packages"]);
  });

  it("a prefix: sysconfig data and patchlevel.h give the machine and the full version", async () => {
    const { document } = await gen(["prefix"]);
    expect(edges(document)).toEqual([
      'armonly@1.0 -> neon@1.0 [marker: platform_machine == "aarch64"]',
      'armonly@1.0 -> new@1.0 [marker: python_full_version >= "3.11.4"]',
    ]);
    expect(document.unknowns).toEqual([]);
    const root = pkg(document, "prefix");
    expect(root.comment).toContain("from lib/python3.11/_sysconfigdata__linux_aarch64-linux-gnu.py");
    expect(root.comment).toContain("python_full_version from include/python3.11/patchlevel.h");
  });

  it("the site-packages directory alone: weaker evidence, undecidable markers reported", async () => {
    const { document } = await gen(["prefix/lib/python3.11/site-packages"]);
    expect(edges(document, "DEPENDS_ON", true)).toEqual([
      "prefix/lib/python3.11/site-packages -> armonly@1.0",
      "prefix/lib/python3.11/site-packages -> neon@1.0",
      "prefix/lib/python3.11/site-packages -> new@1.0",
    ]);
    expect(document.unknowns.map((u) => u.message.match(/depends on ([a-z_, ]+),/)?.[1]).sort()).toEqual([
      "platform_machine",
      "platform_machine",
      "python_full_version",
      "python_full_version",
    ]);
  });
});

describe("--files", () => {
  it("golden SBOM of the prefix with every installed file, verification codes and schema-valid output", async () => {
    const spdx = await cli(["generate", "prefix", "--files", "-o", "spdx-json"]);
    expect(spdx.code).toBe(0);
    golden("prefix-files.golden.spdx.json", spdx.stdout);
    expect(validateSchema("spdx-2.3", JSON.parse(spdx.stdout))).toEqual([]);
    const cdx = await cli(["generate", "prefix", "--files", "-o", "cyclonedx-json"]);
    golden("prefix-files.golden.cdx.json", cdx.stdout);
    expect(validateSchema("cyclonedx-1.6", JSON.parse(cdx.stdout))).toEqual([]);
    const json = JSON.parse(spdx.stdout);
    const armonly = json.packages.find((p: { name: string }) => p.name === "armonly");
    expect(armonly.filesAnalyzed).toBe(true);
    expect(armonly.packageVerificationCode.packageVerificationCodeValue).toMatch(/^[0-9a-f]{40}$/);
    expect(json.files.map((f: { fileName: string }) => f.fileName)).toContain(
      "lib/python3.11/site-packages/armonly.py",
    );
  });

  it("lists files of a tampered environment with their real digests and a comment", async () => {
    const { document } = await gen(["tampered"], testdata, { files: true });
    const changed = document.files.find((f) => f.path === "alpha/changed.py")!;
    expect(changed.comment).toMatch(
      /^differs from RECORD: size 28, RECORD says 16; SHA256 [0-9a-f]{64}, RECORD says/,
    );
    expect(changed.checksums.map((c) => c.algorithm)).toEqual(["SHA1", "SHA256"]);
    const gone = document.files.find((f) => f.path === "alpha/gone.py")!;
    expect(gone.comment).toMatch(/not installed; digest from RECORD/);
    const alpha = pkg(document, "alpha");
    expect(alpha.verificationCode?.excludedFiles).toEqual(["alpha/gone.py"]);
  });
});

describe("--verify", () => {
  it("reports modified, missing and unrecorded files and exits 1", async () => {
    const { findings } = await gen(["tampered"], testdata, { verify: true });
    expect(findings.map((f) => `${f.code} ${f.path}`).sort()).toEqual([
      "verify/missing tampered/alpha/gone.py",
      "verify/modified tampered/alpha/big.bin",
      "verify/modified tampered/alpha/changed.py",
      "verify/unrecorded tampered/alpha/extra.py",
      "verify/unrecorded tampered/evil.pth",
    ]);
    expect(findings.every((f) => f.severity === "error")).toBe(true);
    expect(findings.find((f) => f.path.endsWith("big.bin"))!.message).toBe("size 6, RECORD says 2147483648");
    expect(findings.find((f) => f.path.endsWith("changed.py"))!.component).toBe("alpha 1.0");
    const r = await cli(["generate", "tampered", "--verify", "-o", "spdx-json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /verify\/modified tampered\/alpha\/changed\.py: size 28, RECORD says 16; SHA256 [0-9a-f]{64}, RECORD says/,
    );
    expect(r.stderr).toMatch(/verify\/unrecorded tampered\/evil\.pth: a \.pth file/);
    expect(validateSchema("spdx-2.3", JSON.parse(r.stdout))).toEqual([]);
  });

  it("an intact environment verifies clean (exit 0); what cannot be checked is an unknown", async () => {
    const r = await cli(["generate", "venv", "--verify", "-o", "spdx-json"]);
    expect(r.stderr).not.toMatch(/verify\//);
    expect(r.code).toBe(0);
    const { document, findings } = await gen(["venv"], testdata, { verify: true });
    expect(findings).toEqual([]);
    expect(document.unknowns.map((u) => u.code)).toContain("verify/incomplete");
    const win = await gen(["winvenv"], testdata, { verify: true });
    expect(win.findings).toEqual([]);
  });

  it("files outside a site-packages target are reported as not checked", async () => {
    const { document, findings } = await gen(["winvenv/Lib/site-packages"], testdata, { verify: true });
    expect(findings).toEqual([]);
    expect(document.unknowns.map((u) => `${u.code}: ${u.message}`)).toContain(
      "env/files-outside-root: click: 1 recorded file(s) lie outside the scanned directory (e.g. ../../Scripts/click.exe) and were not checked",
    );
  });
});

describe("links, loops and limits (built at test time)", () => {
  it("does not follow symbolic links out of the root or around loops", async () => {
    const { dir, root } = copyFixture("tampered");
    symlinkSync(".", join(root, "loop"));
    symlinkSync(".", join(root, "alpha/loop"));
    symlinkSync("/etc", join(root, "alpha/etc"));
    symlinkSync("/etc/passwd", join(root, "alpha/passwd"));
    symlinkSync("/etc", join(root, "gamma-1.0.dist-info"));
    symlinkSync("nowhere", join(root, "dangling-1.0.dist-info"));
    rmSync(join(root, "beta.py"));
    symlinkSync("/etc/hostname", join(root, "beta.py"));
    const { document, findings } = await gen(["tampered"], dir, { verify: true, files: true });
    expect(
      document.unknowns
        .filter((u) => u.code === "env/link-not-followed")
        .map((u) => u.location)
        .sort(),
    ).toEqual(["dangling-1.0.dist-info", "gamma-1.0.dist-info"]);
    const f = findings.map((x) => `${x.code} ${x.path}: ${x.message}`);
    expect(f).toContain(
      "verify/modified tampered/beta.py: a symbolic link (outside-root) where RECORD lists a file; not followed",
    );
    expect(f).toContain(
      "verify/unrecorded tampered/alpha/etc: a symbolic link (outside-root) no RECORD lists",
    );
    expect(f).toContain(
      "verify/unrecorded tampered/alpha/passwd: a symbolic link (outside-root) no RECORD lists",
    );
    expect(f).toContain(
      "verify/unrecorded tampered/alpha/loop: a symbolic link to a directory inside the root that no RECORD lists",
    );
    expect(document.files.map((x) => x.path)).not.toContain("beta.py");
    expect(JSON.stringify(document)).not.toMatch(/root:x:0:0/);
  });

  it("reads a venv whose lib64 is a link to lib once", async () => {
    const { dir, root } = copyFixture("venv");
    symlinkSync("lib", join(root, "lib64"));
    const a = (await gen(["venv"], dir)).document;
    const b = (await gen(["venv"], testdata)).document;
    expect(a.packages.length).toBe(b.packages.length);
    expect(prop(pkg(a, "venv"), "pysbom:site-directory")).toEqual(["lib/python3.12/site-packages"]);
  });

  it("a RECORD larger than the limit becomes an unknown and the scan goes on", async () => {
    const { dir, root } = copyFixture("tampered");
    truncateSync(join(root, "beta-2.0.dist-info/RECORD"), 65 * 1024 * 1024);
    const { document } = await gen(["tampered"], dir);
    expect(document.unknowns.map((u) => u.code)).toContain("env/file-too-large");
    expect(pkg(document, "beta").version).toBe("2.0");
  });

  it("maps an egg-link inside the environment through the path pyvenv.cfg records", async () => {
    const dir = temp();
    const env = join(dir, "env");
    const sp = join(env, "lib/python3.12/site-packages");
    mkdirSync(sp, { recursive: true });
    mkdirSync(join(env, "src/proj/proj.egg-info"), { recursive: true });
    writeFileSync(join(env, "pyvenv.cfg"), `version = 3.12.1\ncommand = /usr/bin/python3 -m venv ${env}\n`);
    writeFileSync(join(sp, "proj.egg-link"), `${env}/src/proj\n.\n`);
    writeFileSync(
      join(env, "src/proj/proj.egg-info/PKG-INFO"),
      "Metadata-Version: 2.1\nName: proj\nVersion: 0.9\n",
    );
    writeFileSync(join(env, "src/proj/proj.egg-info/requires.txt"), "idna\n");
    const { document } = await gen(["env"], dir);
    const proj = pkg(document, "proj");
    expect(proj.version).toBe("0.9");
    expect(prop(proj, "pysbom:editable")).toEqual(["true"]);
    expect(document.unknowns.map((u) => u.code)).toEqual(["env/missing-dependency"]);
  });
});

describe("several environments", () => {
  it("each target is described; equal distributions in two environments stay two packages", async () => {
    const { document } = await gen(["venv", "winvenv"]);
    const roots = document.relationships.filter((r) => r.from === DOCUMENT_REF).map((r) => r.to);
    expect(roots.length).toBe(2);
    expect(document.packages.filter((p) => p.name === "click").length).toBe(2);
    expect(document.name).toBe("venv, winvenv");
  });
});

describe("CLI", () => {
  it("shows progress on a terminal only, and not with --quiet", async () => {
    expect((await cli(["generate", "venv", "-o", "table"], testdata, { tty: true })).stderr).toMatch(
      /reading distributions: \d+\/\d+/,
    );
    const quiet = await cli(["--quiet", "generate", "venv", "-o", "table"], testdata, { tty: true });
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toMatch(/^NAME +VERSION +TYPE +LICENSE +PURL\n/);
    expect(quiet.stdout).toMatch(/requests +2\.32\.3 +library +Apache-2\.0 +pkg:pypi\/requests@2\.32\.3/);
  });

  it("documents its options in generate --help", async () => {
    const r = await cli(["generate", "--help"]);
    for (const flag of [
      "--files",
      "--verify",
      "--python-version <X.Y>",
      "--platform <sys_platform>",
      "--target <markers|preset>",
    ])
      expect(r.stdout).toContain(flag);
  });
});
