// validateSbom end to end: the real CPython SBOMs (release SBOMs conformant to NTIA; the source fragments
// failing with named findings), every generator golden under --profile ntia, pysbom's own encoder output
// through layers 1-2, tag-value line numbers, and input that cannot be validated.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { repositoryRoot, sharedDir } from "../core/test-helpers/vectors.js";
import { isPysbomError } from "../errors.js";
import { encodeSbom, type SbomFormat } from "../formats/index.js";
import { collisionsDoc, fullDoc, minimalDoc } from "../formats/test-helpers/golden-docs.js";
import { type ProfileName, type ValidationReport, validateSbom } from "./index.js";

const realDir = join(sharedDir, "fixtures/cpython/real-2024-04-02");
const real = (name: string) => readFileSync(join(realDir, name), "utf8");
const brief = (r: ValidationReport) => r.findings.map((f) => `${f.severity} ${f.code} ${f.path || "/"}`);

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (isPysbomError(e)) return e.code;
    throw e;
  }
  return undefined;
}

describe("real CPython SBOMs (2024-04-02)", () => {
  it.each(["release-Python-3.13.0a5.tgz.spdx.json", "release-python-3.13.0a5-amd64.exe.spdx.json"])(
    "%s passes all three layers for ntia, without a single finding",
    (name) => {
      const r = validateSbom(real(name), { file: name, profiles: ["ntia"] });
      expect(brief(r)).toEqual([]);
      expect(r.valid).toBe(true);
      expect(r.conformance).toEqual({ ntia: true });
      expect(r.format).toBe("spdx-json");
      expect(r.specVersion).toBe("SPDX-2.3");
    },
  );

  it("the release tarball SBOM: 31 packages, every verification code recomputed and right, score 8.4", () => {
    const r = validateSbom(real("release-Python-3.13.0a5.tgz.spdx.json"), { profiles: ["ntia"] });
    expect(r.components).toBe(31);
    expect(r.score.score).toBe(8.4);
    expect(r.score.categories.map((c) => [c.name, c.score])).toEqual([
      ["structure", 10],
      ["identification", 10],
      ["provenance", 10],
      ["integrity", 10],
      ["licensing", 0.2],
      ["dependencies", 10],
    ]);
  });

  it("Misc/sbom.spdx.json (a fragment) fails ntia with named findings", () => {
    const r = validateSbom(real("sbom.spdx.json"), { file: "sbom.spdx.json", profiles: ["ntia"] });
    expect(brief(r)).toEqual([
      "error ntia/missing-author /",
      "error ntia/missing-timestamp /",
      "error schema/required /",
      "error schema/required /",
      "error schema/required /",
      "error schema/required /",
      "error spdx/missing-describes /",
      "error ntia/missing-supplier /packages/0",
      "error ntia/missing-supplier /packages/1",
      "error ntia/missing-supplier /packages/2",
      "error ntia/missing-supplier /packages/3",
      "error ntia/missing-supplier /packages/4",
      "error ntia/missing-dependency-relationship /relationships",
    ]);
    const missing = r.findings.filter((f) => f.code === "schema/required").map((f) => f.message);
    expect(missing).toEqual([
      'the document is missing the required member "creationInfo"',
      'the document is missing the required member "dataLicense"',
      'the document is missing the required member "name"',
      'the document is missing the required member "documentNamespace"',
    ]);
    expect(r.findings.filter((f) => f.code === "ntia/missing-supplier").map((f) => f.component)).toEqual([
      "expat",
      "hacl-star",
      "libb2",
      "macholib",
      "mpdecimal",
    ]);
    expect(r.findings.find((f) => f.code === "ntia/missing-supplier")).toMatchObject({
      line: 1560,
      column: 5,
    });
    expect(r.conformance).toEqual({ ntia: false });
  });

  it("Misc/externals.spdx.json fails ntia: no creation info, no suppliers, no relationships", () => {
    const r = validateSbom(real("externals.spdx.json"), { file: "externals.spdx.json", profiles: ["ntia"] });
    const codes = new Map<string, number>();
    for (const f of r.findings)
      codes.set(`${f.severity} ${f.code}`, (codes.get(`${f.severity} ${f.code}`) ?? 0) + 1);
    expect(Object.fromEntries(codes)).toEqual({
      "error ntia/missing-author": 1,
      "error ntia/missing-timestamp": 1,
      "error ntia/missing-dependency-relationship": 1,
      "error schema/required": 4,
      "error spdx/missing-describes": 1,
      "error ntia/missing-supplier": 9,
      "warning ntia/unrelated-component": 9,
    });
    expect(r.findings.filter((f) => f.code === "ntia/missing-supplier").map((f) => f.component)).toEqual([
      "bzip2",
      "libffi",
      "mpdecimal",
      "openssl",
      "sqlite",
      "tcl-core",
      "tk",
      "xz",
      "zlib",
    ]);
  });

  it("CPython's own generator output with colliding file ids: duplicate ids, nothing guessed from them", () => {
    const text = readFileSync(
      join(sharedDir, "fixtures/cpython/release/dup-id/expected-Python-3.99.1rc2.tgz.run_release.spdx.json"),
      "utf8",
    );
    const r = validateSbom(text, { profiles: ["ntia"] });
    expect(brief(r)).toEqual(
      r.findings
        .filter((f) => f.code === "spdx/duplicate-id")
        .map((f) => `error spdx/duplicate-id ${f.path}`),
    );
    expect(r.findings.length).toBeGreaterThan(0);
  });

  it("without a profile, only the schema and the SPDX rules speak", () => {
    const r = validateSbom(real("sbom.spdx.json"));
    expect(new Set(r.findings.map((f) => f.layer))).toEqual(new Set(["schema", "semantic"]));
    expect(r.conformance).toEqual({});
  });
});

function goldenFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...goldenFiles(p));
    else if (/\.golden\.(spdx|cdx)\.json$/.test(name) && p.split("/").includes("testdata")) out.push(p);
  }
  return out;
}

describe("every SBOM pysbom generates passes ntia", () => {
  // The generators' golden outputs (*.golden.spdx.json / *.golden.cdx.json under any src/**/testdata),
  // compared byte for byte by their own tests, are real pysbom output.
  const goldens = goldenFiles(join(repositoryRoot, "src"))
    .map((p) => relative(repositoryRoot, p))
    .sort();

  it("finds generator goldens", () => expect(goldens.length).toBeGreaterThan(0));

  it.each(goldens)("%s: no error under --profile ntia", (file) => {
    const r = validateSbom(readFileSync(join(repositoryRoot, file), "utf8"), { file, profiles: ["ntia"] });
    const errors = r.findings.filter((f) => f.severity === "error");
    expect(errors.map((f) => `${f.code} ${f.path}: ${f.message}`)).toEqual([]);
    expect(r.conformance.ntia).toBe(true);
  });
});

describe("pysbom's own encoder output, layers 1-2", () => {
  const goldenDir = join(repositoryRoot, "src/formats/testdata/golden");
  const errors = (r: ValidationReport) =>
    r.findings.filter((f) => f.severity === "error").map((f) => `${f.code} ${f.path}`);

  it.each(readdirSync(goldenDir).sort())("golden %s", (name) => {
    const r = validateSbom(readFileSync(join(goldenDir, name), "utf8"), { file: name });
    expect(errors(r)).toEqual([]);
  });

  const formats: SbomFormat[] = [
    "spdx-json",
    "spdx-json@2.2",
    "spdx-tag-value",
    "spdx-tag-value@2.2",
    "cyclonedx-json@1.5",
    "cyclonedx-json@1.6",
    "cyclonedx-json@1.7",
  ];
  it.each(formats)("the minimal, collision and full documents as %s", (format) => {
    const minimal = validateSbom(encodeSbom(minimalDoc(), format).text, { file: format, profiles: ["ntia"] });
    expect(minimal.findings).toEqual([]);
    for (const doc of [collisionsDoc(), fullDoc()]) {
      const r = validateSbom(encodeSbom(doc, format).text, { file: format });
      expect(errors(r)).toEqual([]);
    }
  });
});

describe("tag-value positions", () => {
  const dir = join(import.meta.dirname, "testdata/corpus/spdx-tag-value");
  const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

  it.each([
    ["dangling-relationship.spdx", "spdx/dangling-ref", "urllib3"],
    ["dangling-annotation.spdx", "spdx/dangling-ref", "SPDXREF:"],
    ["duplicate-id.spdx", "spdx/duplicate-id", "SPDXID: SPDXRef-Package-demo-app"],
    ["license-syntax.spdx", "spdx/invalid-license-expression", "PackageLicenseDeclared: (Apache"],
    ["ntia-missing-supplier.spdx", "ntia/missing-supplier", "PackageName: requests"],
  ])("%s: %s on the line of %j", (file, code, needle) => {
    const text = readFileSync(join(dir, file), "utf8");
    const r = validateSbom(text, { file, profiles: ["ntia"] });
    const f = r.findings.find((x) => x.code === code)!;
    const want =
      code === "spdx/duplicate-id" ? text.split("\n").lastIndexOf(needle) + 1 : lineOf(text, needle);
    expect(f.line).toBe(want);
  });
});

describe("input that cannot be validated", () => {
  it.each([
    ["truncated JSON", "{", "INVALID_JSON"],
    ["a JSON array", "[1, 2]", "UNSUPPORTED_FORMAT"],
    ["JSON that is no SBOM", '{"name": "x"}', "UNSUPPORTED_FORMAT"],
    ["SPDX 2.1", '{"spdxVersion": "SPDX-2.1"}', "UNSUPPORTED_VERSION"],
    ["a numeric spdxVersion", '{"spdxVersion": 2.3}', "UNSUPPORTED_VERSION"],
    ["CycloneDX 1.3", '{"bomFormat": "CycloneDX", "specVersion": "1.3"}', "UNSUPPORTED_VERSION"],
    ["an empty file", "", "UNSUPPORTED_FORMAT"],
    ["plain text", "hello", "UNSUPPORTED_FORMAT"],
    [
      "a tag-value line without a colon",
      "SPDXVersion: SPDX-2.3\nthis line has no colon\n",
      "INVALID_DOCUMENT",
    ],
    ["tag-value SPDX 3.0", "SPDXVersion: SPDX-3.0\nDataLicense: CC0-1.0\n", "UNSUPPORTED_VERSION"],
    ["300 nested arrays", `${"[".repeat(300)}${"]".repeat(300)}`, "LIMIT_EXCEEDED"],
    ["200,000 nested arrays", `${"[".repeat(200_000)}${"]".repeat(200_000)}`, "LIMIT_EXCEEDED"],
  ])("%s → %s", (_label, text, code) => {
    expect(errorCode(() => validateSbom(text, { file: "x" }))).toBe(code);
  });

  it.each([
    [
      "a CycloneDX version named like an Object.prototype member",
      '{"bomFormat": "CycloneDX", "specVersion": "constructor"}',
    ],
    ["an SPDX version named like an Object.prototype member", '{"spdxVersion": "toString"}'],
  ])("%s is unsupported, not a crash", (_label, text) => {
    expect(errorCode(() => validateSbom(text))).toBe("UNSUPPORTED_VERSION");
  });

  it("Object.prototype names as algorithms, reference types, properties and members are just values", () => {
    const spdx = JSON.parse(
      readFileSync(join(import.meta.dirname, "testdata/corpus/bases/base.spdx.json"), "utf8"),
    );
    spdx.packages[0].checksums[0].algorithm = "constructor";
    spdx.packages[0].externalRefs[0].referenceType = "toString";
    const text = JSON.stringify(spdx).replace('"name":"demo-app"', '"__proto__":1,"name":"demo-app"');
    const r = validateSbom(text, { profiles: ["ntia"] });
    expect(r.findings.map((f) => `${f.code} ${f.path}`)).toEqual([
      "schema/unknown-member /__proto__",
      "ntia/no-global-identifier /packages/0",
      "schema/enum /packages/0/checksums/0/algorithm",
    ]);
    const cdx = JSON.parse(
      readFileSync(join(import.meta.dirname, "testdata/corpus/bases/base.cdx.json"), "utf8"),
    );
    cdx.components[0].properties.push({ name: "bsi:component:__proto__", value: "x" });
    cdx.components[0].hashes[0].alg = "toString";
    const c = validateSbom(JSON.stringify(cdx), { profiles: ["ntia", "bsi-tr-03183-2"] });
    expect(c.findings.map((f) => `${f.code} ${f.path}`)).toEqual(["schema/enum /components/0/hashes/0/alg"]);
  });

  it("deep nesting inside an otherwise valid document is a limit error, not a crash", () => {
    const doc = JSON.parse(real("externals.spdx.json")) as Record<string, unknown>;
    let deep: unknown = "x";
    for (let i = 0; i < 1000; i++) deep = { d: deep };
    doc.comment = deep;
    expect(errorCode(() => validateSbom(JSON.stringify(doc)))).toBe("LIMIT_EXCEEDED");
  });

  it("many duplicate keys: reported, bounded", () => {
    const members = Array.from({ length: 5000 }, (_, i) => `"k": ${i}`).join(",");
    const text = `{"spdxVersion": "SPDX-2.3", "comment": {${members}}}`;
    const r = validateSbom(text);
    const dupes = r.findings.filter((f) => f.code === "json/duplicate-key");
    expect(dupes.length).toBe(1000);
    expect(dupes[0]).toMatchObject({ path: "/comment/k", line: 1 });
  });
});

describe("reports", () => {
  it("are deterministic", () => {
    const text = real("externals.spdx.json");
    const profiles: ProfileName[] = ["ntia", "cisa-2025", "bsi-tr-03183-2"];
    expect(JSON.stringify(validateSbom(text, { profiles }))).toBe(
      JSON.stringify(validateSbom(text, { profiles })),
    );
  });

  it("conformance needs layers 1-2 clean too", () => {
    const base = JSON.parse(
      readFileSync(join(import.meta.dirname, "testdata/corpus/bases/base.spdx.json"), "utf8"),
    ) as { packages: { licenseDeclared: string }[] };
    base.packages[0]!.licenseDeclared = "MIT AND";
    const r = validateSbom(JSON.stringify(base), { profiles: ["ntia"] });
    expect(r.findings.map((f) => f.code)).toEqual(["spdx/invalid-license-expression"]);
    expect(r.conformance).toEqual({ ntia: false });
  });

  it("a profile named twice is checked once", () => {
    const r = validateSbom(real("externals.spdx.json"), { profiles: ["ntia", "ntia"] });
    expect(r.profiles).toEqual(["ntia"]);
    expect(r.findings.filter((f) => f.code === "ntia/missing-author")).toHaveLength(1);
  });
});
