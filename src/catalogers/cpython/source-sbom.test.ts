import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isPysbomError, PysbomError } from "../../errors.js";
import { ignoreFilterFor } from "../../sources/git-check-ignore.js";
import { DirectoryResolver } from "../../sources/resolver.js";
import { dumpPyJson, type PyObject, parsePyJson } from "./pyjson.js";
import {
  containsVersionToken,
  parseGetExternals,
  regenerateSourceSboms,
  type SourceSbomOptions,
  vendoredFileDigests,
} from "./source-sbom.js";
import { generateCase, namesSameProblem, withoutFile } from "./test-helpers/expect.js";
import { cpythonFixtures, fixtureTree, gitAvailable, gitTestEnv } from "./test-helpers/fixtures.js";

const CAFE = "Modules/expat/café.h";
const hasGit = gitAvailable();

async function regenerate(root: string, extra: Partial<SourceSbomOptions> = {}, useGit = false) {
  const resolver = new DirectoryResolver(root);
  const { filter, kind } = await ignoreFilterFor(root, resolver, { env: gitTestEnv(root), useGit });
  const warnings: string[] = [];
  const result = await regenerateSourceSboms({
    resolver,
    ignored: filter,
    warn: (m) => warnings.push(m),
    ...extra,
  });
  return { result, kind, warnings };
}

async function failure(root: string, extra: Partial<SourceSbomOptions> = {}): Promise<PysbomError> {
  try {
    await regenerate(root, extra);
  } catch (e) {
    if (isPysbomError(e)) return e;
    throw e;
  }
  throw new Error("expected a failure");
}

function sha(alg: "sha1" | "sha256", data: Buffer | string): string {
  return createHash(alg).update(data).digest("hex");
}

/** Checks `text` is CPython's `ok` output plus exactly the café.h entry CPython drops. */
function expectOkOutput(root: string, text: string): void {
  const expected = generateCase("ok");
  expect(withoutFile(text, CAFE)).toBe(expected.sbom);
  const doc = parsePyJson(text) as PyObject;
  const files = doc.files as PyObject[];
  const names = files.map((f) => f.fileName);
  const at = names.indexOf(CAFE);
  expect(names.slice(at - 1, at + 2)).toEqual(["Modules/expat/bin.dat", CAFE, "Modules/expat/crlf.h"]);
  const bytes = readFileSync(join(root, CAFE));
  expect(files[at]).toEqual(
    parsePyJson(
      JSON.stringify({
        SPDXID: "SPDXRef-FILE-Modules-expat-caf-.h",
        checksums: [
          { algorithm: "SHA1", checksumValue: sha("sha1", bytes) },
          { algorithm: "SHA256", checksumValue: sha("sha256", bytes) },
        ],
        fileName: CAFE,
      }),
    ),
  );
  const rels = doc.relationships as PyObject[];
  expect(rels[at]).toEqual(
    parsePyJson(
      JSON.stringify({
        relatedSpdxElement: "SPDXRef-FILE-Modules-expat-caf-.h",
        relationshipType: "CONTAINS",
        spdxElementId: "SPDXRef-PACKAGE-expat",
      }),
    ),
  );
  expect(text).toContain('"fileName": "Modules/expat/caf\\u00e9.h"');
  expect(text.endsWith("}")).toBe(true);
}

describe("regenerateSourceSboms on CPython's fixtures (generate_sbom.py 2025-05)", () => {
  it.skipIf(!hasGit)("ok (git repository, git check-ignore): CPython's bytes plus café.h", async () => {
    const root = await fixtureTree("ok", { git: true });
    const { result, kind } = await regenerate(root, {}, true);
    expect(kind).toBe("git");
    expectOkOutput(root, result.sbom.text);
    expect(result.externals?.text).toBe(generateCase("ok").externals);
    expect(result.sbom.changed).toBe(true);
  });

  it("notgit (no repository, the tree's .gitignore files): exactly the ok outputs", async () => {
    const root = await fixtureTree("notgit");
    const { result, kind } = await regenerate(root, {}, true);
    expect(kind).toBe("gitignore-files");
    expectOkOutput(root, result.sbom.text);
    expect(result.externals?.text).toBe(generateCase("ok").externals);
    // CPython skipped this tree and said so; pysbom describes it.
    expect(generateCase("notgit").stdout).toMatch(/Skipping SBOM generation/);
  });

  it("keeps CPython's duplicate file ids (a_b.c / a-b.c) and warns about them", async () => {
    const root = await fixtureTree("notgit");
    const { warnings } = await regenerate(root);
    expect(warnings.join("\n")).toMatch(
      /a_b\.c and .*a-b\.c both get the SPDX id SPDXRef-FILE-Modules-decimal-libmpdec-a-b\.c/,
    );
  });

  it("running it twice gives the same bytes, and a second run changes nothing", async () => {
    const root = await fixtureTree("notgit");
    const first = (await regenerate(root)).result;
    writeFileSync(join(root, "Misc/sbom.spdx.json"), first.sbom.text);
    writeFileSync(join(root, "Misc/externals.spdx.json"), first.externals!.text);
    const second = (await regenerate(root)).result;
    expect(second.sbom.text).toBe(first.sbom.text);
    expect(second.sbom.changed).toBe(false);
    expect(second.externals!.changed).toBe(false);
  });

  it("missing-dir-no-error: CPython lists zero files silently; pysbom reports the missing directory", async () => {
    expect(generateCase("missing-dir-no-error").rc).toBe(0);
    const root = await fixtureTree("missing-dir-no-error");
    const e = await failure(root);
    expect(e.code).toBe("CHECK_FAILED");
    expect(e.message).toMatch(
      /'Lib\/ctypes\/macholib\/\*\*' for package 'macholib': the directory 'Lib\/ctypes\/macholib' does not exist/,
    );
    // Leniently, everything else is what CPython wrote (plus café.h).
    const { result } = await regenerate(root, { lenient: true });
    expect(result.problems.map((p) => p.code)).toEqual(["cpython/missing-vendored-directory"]);
    expect(withoutFile(result.sbom.text, CAFE)).toBe(generateCase("missing-dir-no-error").sbom);
  });

  const errCases = readdirSync(join(cpythonFixtures, "generate")).filter((d) => d.startsWith("err-"));
  it("has the error fixtures", () => expect(errCases.length).toBeGreaterThanOrEqual(9));
  it.each(errCases)("%s: fails like CPython, naming the same problem", async (name) => {
    const expected = generateCase(name);
    expect(expected.rc).toBe(1);
    const root = await fixtureTree(name);
    const e = await failure(root);
    expect(e.code).toBe("CHECK_FAILED");
    expect(namesSameProblem(expected.stdout, e.message), `${e.message}\n---\n${expected.stdout}`).toBe(true);
    expect(e.message).toContain("https://devguide.python.org/developer-workflow/sbom");
  });

  it.skipIf(!hasGit).each(errCases)(
    "%s in a git repository (git check-ignore): the same failure",
    async (name) => {
      const root = await fixtureTree(name, { git: true });
      let error: unknown;
      try {
        await regenerate(root, {}, true);
      } catch (e) {
        error = e;
      }
      expect(isPysbomError(error, "CHECK_FAILED")).toBe(true);
      expect(namesSameProblem(generateCase(name).stdout, (error as Error).message)).toBe(true);
    },
  );

  it("err-externals-names: the missing and extra names are spelled out", async () => {
    const e = await failure(await fixtureTree("err-externals-names"));
    expect(e.message).toMatch(/missing from Misc\/externals\.spdx\.json: tcl-core/);
  });

  it("lenient mode collects problems and still lists the files", async () => {
    const { result } = await regenerate(await fixtureTree("err-license"), { lenient: true });
    expect(result.problems).toEqual([
      expect.objectContaining({
        code: "cpython/license",
        message: expect.stringMatching(/^License identifier must be 'NOASSERTION'/),
      }),
    ]);
    expect([...result.files.values()].flat().length).toBe(13);
  });
});

describe("CPython's gaps, fixed", () => {
  async function okTreeWith(edit: (root: string, sbom: PyObject) => void): Promise<string> {
    const root = await fixtureTree("notgit");
    const path = join(root, "Misc/sbom.spdx.json");
    const sbom = parsePyJson(readFileSync(path, "utf8")) as PyObject;
    edit(root, sbom);
    writeFileSync(path, dumpPyJson(sbom));
    return root;
  }
  const pkg = (sbom: PyObject, name: string): PyObject =>
    (sbom.packages as PyObject[]).find((p) => p.name === name)!;

  it("version checks match whole tokens: '1.0' is not accepted inside '11.0'", async () => {
    const url = "https://files.pythonhosted.org/packages/xx/macholib-11.0.tar.gz";
    expect(url.includes("1.0")).toBe(true); // CPython's substring test passes
    const root = await okTreeWith((_r, sbom) => {
      pkg(sbom, "macholib").downloadLocation = url;
    });
    const e = await failure(root);
    expect(e.message).toMatch(/^Version '1\.0' for package 'macholib not in 'downloadLocation' field/);
  });

  it("whole-token version check on references too", async () => {
    const root = await okTreeWith((_r, sbom) => {
      ((pkg(sbom, "macholib").externalRefs as PyObject[])[0] as PyObject).referenceLocator =
        "pkg:pypi/macholib@1.0.1";
    });
    expect((await failure(root)).message).toMatch(
      /^Version '1\.0' for package 'macholib not in all 'externalRefs/,
    );
  });

  it("the expat check against Modules/expat/refresh.sh runs (CPython tests name == 'libexpat')", async () => {
    const root = await okTreeWith((r) =>
      writeFileSync(join(r, "Modules/expat/refresh.sh"), 'expected_libexpat_version="2.6.3"\n'),
    );
    expect((await failure(root)).message).toMatch(
      /^libexpat SBOM version doesn't match value in 'Modules\/expat\/refresh\.sh'.*2\.6\.3/,
    );
  });

  it("the expat archive checksum in refresh.sh is compared when it is stated", async () => {
    const other = "a".repeat(64);
    const root = await okTreeWith((r) =>
      writeFileSync(
        join(r, "Modules/expat/refresh.sh"),
        `expected_libexpat_version="2.7.1"\nexpected_libexpat_sha256="${other}"\n`,
      ),
    );
    expect((await failure(root)).message).toMatch(/^libexpat SBOM checksum doesn't match value/);
    const ok = await okTreeWith((r, sbom) => {
      writeFileSync(
        join(r, "Modules/expat/refresh.sh"),
        `expected_libexpat_version="2.7.1"\nexpected_libexpat_sha256="${other}"\n`,
      );
      ((pkg(sbom, "expat").checksums as PyObject[])[0] as PyObject).checksumValue = other;
    });
    await expect(regenerate(ok)).resolves.toBeDefined();
  });

  it("CRLF text files are hashed with LF endings, files with a NUL byte as they are", async () => {
    const root = await fixtureTree("notgit");
    const { result } = await regenerate(root);
    const expat = result.files.get("expat")!;
    const crlf = expat.find((f) => f.path === "Modules/expat/crlf.h")!;
    const raw = readFileSync(join(root, "Modules/expat/crlf.h"));
    expect(raw.includes("\r\n")).toBe(true);
    expect(crlf.sha256).toBe(sha("sha256", raw.toString("latin1").replaceAll("\r\n", "\n")));
    const bin = expat.find((f) => f.path === "Modules/expat/bin.dat")!;
    expect(bin.sha256).toBe(sha("sha256", readFileSync(join(root, "Modules/expat/bin.dat"))));
  });

  it("paths with spaces and non-ASCII characters are listed", async () => {
    const { result } = await regenerate(await fixtureTree("notgit"));
    const paths = result.files.get("expat")!.map((f) => f.path);
    expect(paths).toContain("Modules/expat/sub dir/deep file.c");
    expect(paths).toContain(CAFE);
  });
});

describe("checksums that need a download", () => {
  it("a package without checksums gets the SHA-256 of its downloadLocation", async () => {
    const root = await fixtureTree("notgit");
    const path = join(root, "Misc/sbom.spdx.json");
    const sbom = parsePyJson(readFileSync(path, "utf8")) as PyObject;
    delete (sbom.packages as PyObject[])[0]!.checksums;
    writeFileSync(path, dumpPyJson(sbom));
    const urls: string[] = [];
    const { result } = await regenerate(root, {
      downloadSha256: async (url) => {
        urls.push(url);
        return "b".repeat(64);
      },
    });
    expect(urls).toEqual(["https://www.bytereef.org/software/mpdecimal/releases/mpdecimal-2.5.1.tar.gz"]);
    expect(result.sbom.text).toContain(`"checksumValue": "${"b".repeat(64)}"`);
    const e = await failure(root);
    expect(e.message).toMatch(/^Package 'mpdecimal' has no 'checksums'.*downloads are not allowed/);
  });

  it("refreshChecksums re-downloads every package of both files (CPython's CI mode)", async () => {
    const root = await fixtureTree("notgit");
    const urls: string[] = [];
    const { result } = await regenerate(root, {
      refreshChecksums: true,
      downloadSha256: async (url) => {
        urls.push(url);
        return "c".repeat(64);
      },
    });
    expect(urls.length).toBe(7);
    expect(result.externals!.text.match(/"checksumValue": "c{64}"/g)?.length).toBe(3);
  });

  it("an externals package whose download URL changes loses its stale checksum", async () => {
    const root = await fixtureTree("notgit");
    writeFileSync(
      join(root, "PCbuild/get_externals.bat"),
      readFileSync(join(root, "PCbuild/get_externals.bat"), "utf8").replace("bzip2-1.0.8", "bzip2-1.0.9"),
    );
    const e = await failure(root);
    expect(e.message).toMatch(/^Package 'bzip2' has no 'checksums'/);
    const { result } = await regenerate(root, { downloadSha256: async () => "d".repeat(64) });
    const bz = (result.externals!.data.packages as PyObject[]).find((p) => p.name === "bzip2")!;
    expect(bz.versionInfo).toBe("1.0.9");
    expect(bz.downloadLocation).toBe(
      "https://github.com/python/cpython-source-deps/archive/refs/tags/bzip2-1.0.9.tar.gz",
    );
    expect(dumpPyJson(bz.externalRefs!)).toContain("cpe:2.3:a:bzip:bzip2:1.0.9:");
  });
});

describe("a tree's own PACKAGE_TO_FILES", () => {
  it("is read from Tools/build/generate_sbom.py when present", async () => {
    const root = await fixtureTree("notgit");
    const script = [
      "PACKAGE_TO_FILES = {",
      '    "mpdecimal": PackageFiles(include=["Modules/_decimal/libmpdec/**"]),',
      '    "expat": PackageFiles(include=["Modules/expat/**"], exclude=["Modules/expat/expat_config.h"]),',
      '    "macholib": PackageFiles(include=["Lib/ctypes/macholib/**"], exclude=None),',
      '    "hacl-star": PackageFiles(include=["Modules/_hacl/**"]),  # nothing excluded',
      "}",
    ].join("\n");
    mkdirSync(join(root, "Tools/build"), { recursive: true });
    writeFileSync(join(root, "Tools/build/generate_sbom.py"), script);
    const { result } = await regenerate(root);
    const expat = result.files.get("expat")!.map((f) => f.path);
    expect(expat).toContain("Modules/expat/pyexpatns.h");
    expect(expat).toContain("Modules/expat/refresh.sh");
    expect(result.files.get("macholib")!.map((f) => f.path)).toContain("Lib/ctypes/macholib/README.ctypes");
  });

  it("falls back to the 2025-05 table, with a warning, when the script's table is not plain", async () => {
    const root = await fixtureTree("notgit");
    mkdirSync(join(root, "Tools/build"), { recursive: true });
    writeFileSync(join(root, "Tools/build/generate_sbom.py"), "PACKAGE_TO_FILES = {name: f(x) for x in y}\n");
    const { result, warnings } = await regenerate(root);
    expect(warnings.join("\n")).toMatch(/could not read PACKAGE_TO_FILES/);
    expectOkOutput(root, result.sbom.text);
  });
});

describe("containsVersionToken", () => {
  it.each([
    ["https://example/macholib-1.0.tar.gz", "1.0", true],
    ["pkg:pypi/macholib@1.0", "1.0", true],
    ["cpe:2.3:a:bytereef:mpdecimal:2.5.1:*:*:*:*:*:*:*", "2.5.1", true],
    ["https://github.com/libexpat/libexpat/releases/download/R_2_7_1/expat-2.7.1.tar.gz", "2.7.1", true],
    ["https://github.com/foo/bar/archive/refs/tags/v2.6.0.tar.gz", "2.6.0", true],
    [
      "https://example/archive/4ef25b547b377dcef855db4289c6a00580e7221c.zip",
      "4ef25b547b377dcef855db4289c6a00580e7221c",
      true,
    ],
    ["https://example/pkg-11.0.tar.gz", "1.0", false],
    ["https://example/pkg-1.0.1.tar.gz", "1.0", false],
    ["https://example/pkg-1.01.tar.gz", "1.0", false],
    ["https://example/pkg-2.1.0.tar.gz", "1.0", false],
    ["https://example/pkg-1.0rc1.tar.gz", "1.0", false],
    ["https://example/pkg-1.0-and-11.0.tar.gz", "1.0", true],
    ["anything", "", false],
  ])("%s contains %s: %s", (text, version, want) => {
    expect(containsVersionToken(text, version)).toBe(want);
  });

  it("accepts every package of CPython's real 2024-04-02 SBOMs", () => {
    for (const file of ["sbom.spdx.json", "externals.spdx.json"]) {
      const doc = JSON.parse(readFileSync(join(cpythonFixtures, "real-2024-04-02", file), "utf8"));
      for (const p of doc.packages) {
        expect(
          containsVersionToken(p.downloadLocation, p.versionInfo),
          `${p.name} ${p.downloadLocation}`,
        ).toBe(true);
        for (const r of p.externalRefs)
          expect(containsVersionToken(r.referenceLocator, p.versionInfo)).toBe(true);
      }
    }
  });
});

describe("parseGetExternals and vendoredFileDigests", () => {
  it("reads libraries lines, also behind if-guards, and not binaries", () => {
    const bat = [
      "set libraries=",
      "set libraries=%libraries%                                       bzip2-1.0.8",
      'if NOT "%IncludeSSLSrc%"=="false" set libraries=%libraries%     openssl-3.0.16',
      'if NOT "%IncludeTkinterSrc%"=="false" set libraries=%libraries% tcl-core-8.6.15.0',
      "set binaries=%binaries% nasm-2.11.06",
      "",
    ].join("\r\n");
    expect(parseGetExternals(bat)).toEqual([
      { name: "bzip2", version: "1.0.8", tag: "bzip2-1.0.8" },
      { name: "openssl", version: "3.0.16", tag: "openssl-3.0.16" },
      { name: "tcl-core", version: "8.6.15.0", tag: "tcl-core-8.6.15.0" },
    ]);
  });

  it.each([
    ["a\r\nb\r\n", "a\nb\n", true],
    ["a\rb\r\n\r", "a\rb\n\r", true],
    ["a\0\r\n", "a\0\r\n", false],
    ["plain\n", "plain\n", false],
  ])("%j hashes as %j", (input, hashed, normalized) => {
    const d = vendoredFileDigests(Buffer.from(input, "latin1"));
    expect(d.sha256).toBe(sha("sha256", Buffer.from(hashed, "latin1")));
    expect(d.sha1).toBe(sha("sha1", Buffer.from(hashed, "latin1")));
    expect(d.normalized).toBe(normalized);
  });
});

describe("malformed input", () => {
  it("invalid JSON is INVALID_JSON with a line", async () => {
    const root = await fixtureTree("notgit");
    writeFileSync(join(root, "Misc/sbom.spdx.json"), '{"packages": [}');
    const e = await failure(root);
    expect(e.code).toBe("INVALID_JSON");
    expect(e.message).toMatch(/Misc\/sbom\.spdx\.json:1:\d+: invalid JSON/);
  });

  it("packages that are not a list", async () => {
    const root = await fixtureTree("notgit");
    writeFileSync(join(root, "Misc/sbom.spdx.json"), '{"packages": {}}');
    expect((await failure(root)).code).toBe("INVALID_DOCUMENT");
  });

  it("a tree without externals regenerates only the source SBOM, with a warning", async () => {
    const root = await fixtureTree("notgit");
    rmSync(join(root, "Misc/externals.spdx.json"));
    const { result, warnings } = await regenerate(root);
    expect(result.externals).toBeUndefined();
    expect(warnings.join("\n")).toMatch(/externals\.spdx\.json does not exist/);
  });

  it("the message comparison helper is not fooled", () => {
    const stdout =
      "Packages defined in SBOM tool don't match those defined in SBOM file: {'b', 'a'}, {'a'}\n";
    expect(
      namesSameProblem(
        stdout,
        "Packages defined in SBOM tool don't match those defined in SBOM file: {'a', 'b'}, {'a'} (x)",
      ),
    ).toBe(true);
    expect(
      namesSameProblem(
        stdout,
        "Packages defined in SBOM tool don't match those defined in SBOM file: {'a'}, {'a', 'b'}",
      ),
    ).toBe(false);
    expect(namesSameProblem("License identifier must be 'NOASSERTION'\n", "something else")).toBe(false);
    expect(new PysbomError("CHECK_FAILED", "x").code).toBe("CHECK_FAILED");
  });
});
