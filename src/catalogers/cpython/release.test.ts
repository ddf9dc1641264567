import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pypiMetadataFile } from "../../cli/services.js";
import { parsePurl } from "../../core/purl.js";
import { isPysbomError, type PysbomError } from "../../errors.js";
import { encodeSbom } from "../../formats/index.js";
import { type Actor, verificationCode } from "../../model/index.js";
import { DirectoryResolver } from "../../sources/resolver.js";
import { validateSchema } from "../../validate/schema.js";
import { generateSbom } from "../generate.js";
import { catalogRelease, parseReleaseName } from "./release.js";
import { cpythonSpdxId } from "./spdx-id.js";
import { cpythonFixtures, tempDir } from "./test-helpers/fixtures.js";
import { comparableRelease } from "./test-helpers/release-compare.js";

const releaseDir = join(cpythonFixtures, "release");
const goldenDir = join(import.meta.dirname, "testdata");
const update = process.env.UPDATE_GOLDEN === "1";
const tool: Actor = { kind: "Tool", name: "pysbom", version: "0.1.0" };
const CREATED = "2025-01-01T00:00:00Z";

function tarballOf(name: string): string {
  const file = readdirSync(join(releaseDir, name)).find((f) => f.startsWith("Python-"))!;
  return join(releaseDir, name, file);
}

async function generate(name: string, options: { offline?: boolean } = {}) {
  const warnings: string[] = [];
  const result = await generateSbom([tarballOf(name)], {
    cwd: process.cwd(),
    created: CREATED,
    creators: [tool],
    services: options.offline
      ? {}
      : { fetchJson: pypiMetadataFile(join(releaseDir, name, "pypi-fixture.json")) },
    warn: (m) => warnings.push(m),
  });
  const spdx = JSON.parse(encodeSbom(result.document, "spdx-json").text) as Record<string, unknown>;
  return { result, spdx, warnings };
}

async function failure(name: string): Promise<PysbomError> {
  try {
    await generate(name);
  } catch (e) {
    if (isPysbomError(e)) return e;
    throw e;
  }
  throw new Error(`${name}: expected a failure`);
}

function expected(name: string, kind: "run_release" | "cli"): Record<string, unknown> {
  const file = readdirSync(join(releaseDir, name)).find(
    (f) => f.startsWith("expected-Python") && (kind === "run_release") === f.includes("run_release"),
  )!;
  return JSON.parse(readFileSync(join(releaseDir, name, file), "utf8"));
}

function golden(name: string, text: string): void {
  const path = join(goldenDir, name);
  if (update) {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(path, text);
  }
  expect(existsSync(path), `golden file ${name} exists (run with UPDATE_GOLDEN=1 to create)`).toBe(true);
  expect(text).toBe(readFileSync(path, "utf8"));
}

describe("parseReleaseName (release-tools' rules)", () => {
  it.each([
    ["Python-3.13.0.tgz", "gzip", "3.13.0", "https://www.python.org/ftp/python/3.13.0/Python-3.13.0.tgz"],
    [
      "Python-3.13.0a5.tar.xz",
      "xz",
      "3.13.0a5",
      "https://www.python.org/ftp/python/3.13.0/Python-3.13.0a5.tar.xz",
    ],
    [
      "Python-3.13.0rc3.tgz",
      "gzip",
      "3.13.0rc3",
      "https://www.python.org/ftp/python/3.13.0/Python-3.13.0rc3.tgz",
    ],
    [
      "Python-3.99.1rc2.tgz",
      "gzip",
      "3.99.1rc2",
      "https://www.python.org/ftp/python/3.99.1/Python-3.99.1rc2.tgz",
    ],
  ])("%s", (file, compression, version, url) => {
    expect(parseReleaseName(file)).toEqual(
      expect.objectContaining({ compression, version, downloadLocation: url }),
    );
  });

  it.each([
    "Python-3.13.0.tar.gz",
    "Python-3.13.0.zip",
    "python-3.13.0.tgz",
    "Python-3.13.0+dev.tgz",
    "Python-3.13.0.post1.tgz",
  ])("%s is refused", (file) => {
    expect(() => parseReleaseName(file)).toThrow(/Unknown tarball format|Invalid tarball_name/);
  });
});

describe("the release SBOM compared with release-tools'", () => {
  it.each(["ok", "xz"])(
    "%s: same packages, files, checksums and relationships as both release-tools outputs",
    async (name) => {
      const { spdx, result } = await generate(name);
      expect(result.types).toEqual(["cpython-release"]);
      const ours = comparableRelease(spdx, true);
      for (const kind of ["run_release", "cli"] as const) {
        const theirs = comparableRelease(expected(name, kind), false);
        expect(ours.header).toEqual(theirs.header);
        expect(ours.packages).toEqual(theirs.packages);
        expect(ours.files).toEqual(theirs.files);
        expect(ours.relationships).toEqual(theirs.relationships);
      }
    },
  );

  it("adds what CPython's SBOM lacks: a purl for CPython, canonical pypi purls, where data came from", async () => {
    const { spdx } = await generate("ok");
    const pkgs = spdx.packages as Record<string, unknown>[];
    const cpython = pkgs.find((p) => p.SPDXID === "SPDXRef-PACKAGE-cpython")!;
    const refs = cpython.externalRefs as Record<string, string | undefined>[];
    const purl = refs.find((r) => r.referenceType === "purl")!.referenceLocator as string;
    expect(parsePurl(purl)).toEqual({
      type: "generic",
      name: "python",
      version: "3.99.1rc2",
      qualifiers: { download_url: "https://www.python.org/ftp/python/3.99.1/Python-3.99.1rc2.tgz" },
    });
    expect(refs.find((r) => r.referenceType === "cpe23Type")!.referenceLocator).toBe(
      "cpe:2.3:a:python:python:3.99.1rc2:*:*:*:*:*:*:*",
    );
    const te = pkgs.find((p) => p.name === "typing_extensions")!;
    expect((te.externalRefs as Record<string, string>[])[0]!.referenceLocator).toBe(
      "pkg:pypi/typing-extensions@4.13.2",
    );
    expect(te.sourceInfo).toMatch(
      /pip\/_vendor\/vendor\.txt in Lib\/ensurepip\/_bundled\/pip-99\.0-py3-none-any\.whl/,
    );
    for (const p of pkgs) expect(p.supplier).toBe("Organization: Python Software Foundation");
    const tarball = readFileSync(tarballOf("ok"));
    expect((cpython.checksums as Record<string, string>[])[0]!.checksumValue).toBe(
      createHash("sha256").update(tarball).digest("hex"),
    );
  });

  it("dup-id: release-tools' CLI fails and its release path duplicates an id; pysbom tells the files apart", async () => {
    expect(readFileSync(join(releaseDir, "dup-id/expected-cli.error.txt"), "utf8").trim()).toBe(
      "AssertionError",
    );
    const theirsDoc = expected("dup-id", "run_release");
    const theirIds = (theirsDoc.files as Record<string, string>[]).map((f) => f.SPDXID);
    expect(new Set(theirIds).size).toBe(theirIds.length - 1);

    const { spdx } = await generate("dup-id");
    const ids = [
      ...(spdx.files as Record<string, string>[]),
      ...(spdx.packages as Record<string, string>[]),
    ].map((e) => e.SPDXID);
    expect(new Set(ids).size).toBe(ids.length);

    const renamed = `${cpythonSpdxId("SPDXRef-FILE-Modules/expat/a-b.c")}-${createHash("sha256").update("SPDXRef-FILE-Modules/expat/a-b.c").digest("hex").slice(0, 8)}`;
    expect(renamed).toBe("SPDXRef-FILE-Modules-expat-a-b.c-eb69e55a");
    // Their document with the colliding tarball file given pysbom's id is ours, except the verification
    // codes release-tools computes over the ambiguous id (it credits both files to CPython).
    const fixed = structuredClone(theirsDoc) as Record<string, unknown>;
    for (const f of fixed.files as Record<string, string>[])
      if (f.fileName === "Modules/expat/a-b.c") f.SPDXID = renamed;
    for (const r of fixed.relationships as Record<string, string>[])
      if (
        r.spdxElementId === "SPDXRef-PACKAGE-cpython" &&
        r.relatedSpdxElement === "SPDXRef-FILE-Modules-expat-a-b.c"
      )
        r.relatedSpdxElement = renamed;
    const ours = comparableRelease(spdx, true);
    const theirs = comparableRelease(fixed, false);
    expect(ours.files).toEqual(theirs.files);
    expect(ours.relationships).toEqual(theirs.relationships);
    const withoutCodes = (m: Record<string, Record<string, unknown>>) =>
      Object.fromEntries(
        Object.entries(m).map(([k, v]) => [k, { ...v, packageVerificationCode: undefined }]),
      );
    expect(withoutCodes(ours.packages)).toEqual(withoutCodes(theirs.packages));
    // pysbom's verification codes are the SPDX §7.9 codes of the files each package really contains.
    const sha1 = new Map(
      (spdx.files as Record<string, unknown>[]).map((f) => [
        f.SPDXID,
        (f.checksums as Record<string, string>[])[0]!.checksumValue,
      ]),
    );
    for (const p of spdx.packages as Record<string, unknown>[]) {
      const owned = (spdx.relationships as Record<string, string>[])
        .filter((r) => r.spdxElementId === p.SPDXID && r.relationshipType === "CONTAINS")
        .map((r) => sha1.get(r.relatedSpdxElement)!);
      expect((p.packageVerificationCode as Record<string, string>).packageVerificationCodeValue).toBe(
        verificationCode(owned),
      );
    }
  });

  it("crlf: release-tools fails; pysbom keeps the source SBOM's checksums for the CRLF file", async () => {
    expect(readFileSync(join(releaseDir, "crlf/expected-cli.error.txt"), "utf8")).toMatch(
      /Mismatched checksum for file 'Modules\/expat\/crlf\.h'/,
    );
    const { spdx } = await generate("crlf");
    const file = (spdx.files as Record<string, unknown>[]).find(
      (f) => f.fileName === "Modules/expat/crlf.h",
    )!;
    expect(file.checksums).toEqual([
      { algorithm: "SHA1", checksumValue: "05dec960e24d918b8a73a1c53bcbbaac2ee5c2e0" },
      {
        algorithm: "SHA256",
        checksumValue: "911169ddaaf146aff539f58c26c489af3b892dff0fe283c1c264c65ae5aa59a2",
      },
    ]);
    expect(createHash("sha256").update("a\nb\n").digest("hex")).toBe(
      "911169ddaaf146aff539f58c26c489af3b892dff0fe283c1c264c65ae5aa59a2",
    );
    expect(file.comment).toMatch(/CRLF line endings normalised to LF/);
    expect(spdx.relationships).toContainEqual({
      spdxElementId: "SPDXRef-PACKAGE-expat",
      relationshipType: "CONTAINS",
      relatedSpdxElement: file.SPDXID,
    });
  });

  const errors = readdirSync(releaseDir).filter((d) => d.startsWith("err-"));
  it("has the error fixtures", () => expect(errors.length).toBeGreaterThanOrEqual(8));
  it.each(errors)("%s: fails like release-tools, naming the same problem", async (name) => {
    expect(readFileSync(join(releaseDir, name, "expected-cli.rc.txt"), "utf8").trim()).toBe("1");
    const theirs = readFileSync(join(releaseDir, name, "expected-cli.error.txt"), "utf8").trim();
    const message = theirs.replace(/^\w+Error: /, "");
    const e = await failure(name);
    expect(e.code).toBe("CHECK_FAILED");
    expect(e.message).toContain(message);
  });
});

describe("offline and determinism", () => {
  it("without PyPI metadata: NOASSERTION download locations, no vendored hashes, and a warning", async () => {
    const { spdx, warnings } = await generate("ok", { offline: true });
    expect(warnings.join("\n")).toMatch(/PyPI metadata is not available.*NOASSERTION/);
    const pkgs = spdx.packages as Record<string, unknown>[];
    const pip = pkgs.find((p) => p.name === "pip")!;
    expect(pip.downloadLocation).toBe("NOASSERTION");
    expect(pip.checksums).toEqual([
      {
        algorithm: "SHA256",
        checksumValue: "14e0cbd4088bb354a27fb095707cf4d9a529a3582f2349113b6ea899738857b8",
      },
    ]);
    const idna = pkgs.find((p) => p.name === "idna")!;
    expect(idna.downloadLocation).toBe("NOASSERTION");
    expect(idna.checksums).toBeUndefined();
  });

  it("the same tarball gives the same bytes, under another name too", async () => {
    const a = encodeSbom((await generate("ok")).result.document, "spdx-json").text;
    const b = encodeSbom((await generate("ok")).result.document, "spdx-json").text;
    expect(a).toBe(b);
  });

  it("a corrupt archive is unreadable input, not a crash", async () => {
    const dir = tempDir();
    const file = join(dir, "Python-3.99.1.tgz");
    writeFileSync(file, Buffer.from("\x1f\x8bnot really gzip at all"));
    await expect(
      generateSbom([file], { cwd: dir, created: CREATED, creators: [tool] }),
    ).rejects.toMatchObject({
      code: "INPUT_UNREADABLE",
    });
    const plain = join(dir, "Python-3.99.2.tgz");
    copyFileSync(join(releaseDir, "ok/pypi-fixture.json"), plain);
    await expect(
      generateSbom([plain], { cwd: dir, created: CREATED, creators: [tool] }),
    ).rejects.toMatchObject({
      code: "INPUT_UNREADABLE",
    });
  });
});

describe("catalogRelease directly", () => {
  it("members hashed while streaming (above the buffering bound) get the same digests", async () => {
    const dir = join(releaseDir, "ok");
    const run = (maxBufferedMemberBytes?: number) =>
      catalogRelease({
        resolver: new DirectoryResolver(dir),
        path: "Python-3.99.1rc2.tgz",
        display: "Python-3.99.1rc2.tgz",
        fetchJson: pypiMetadataFile(join(dir, "pypi-fixture.json")),
        warn: () => {},
        maxBufferedMemberBytes,
      });
    const digests = (r: Awaited<ReturnType<typeof run>>) => r.files.map((f) => [f.path, f.checksums]);
    expect(digests(await run(1))).toEqual(digests(await run()));
  });
});

describe("golden release SBOMs (ok fixture)", () => {
  it("SPDX 2.3 and CycloneDX 1.6, schema-valid", async () => {
    const { result } = await generate("ok");
    const spdx = encodeSbom(result.document, "spdx-json").text;
    const cdx = encodeSbom(result.document, "cyclonedx-json").text;
    expect(validateSchema("spdx-2.3", JSON.parse(spdx))).toEqual([]);
    expect(validateSchema("cyclonedx-1.6", JSON.parse(cdx))).toEqual([]);
    golden("release-ok.golden.spdx.json", spdx);
    golden("release-ok.golden.cdx.json", cdx);
  });
});
