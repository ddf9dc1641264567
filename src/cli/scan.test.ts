// `pysbom scan` in-process: SBOM targets (CycloneDX, SPDX, stdin), generated targets (a lockfile), outputs,
// VEX and --ignore, the --fail-on policy and the exit-code contract.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedDir } from "../core/test-helpers/vectors.js";
import { validateSchema } from "../validate/schema.js";
import {
  cpythonReleaseSbom,
  makeDb,
  psfDir,
  pypaDir,
  tempDir,
  testdata,
} from "../vuln/test-helpers/index.js";
import { run } from "./run.js";
import { memoryIo } from "./test-helpers.js";

let db: string;
let cleanup: () => void;
beforeAll(async () => {
  const t = await makeDb([pypaDir, psfDir]);
  db = t.dir;
  cleanup = t.cleanup;
});
afterAll(() => cleanup?.());

async function scan(args: string[], options: Parameters<typeof memoryIo>[0] & { now?: string } = {}) {
  const m = memoryIo({ cwd: testdata, env: { PYSBOM_DB: db, SOURCE_DATE_EPOCH: "1735689600" }, ...options });
  const io = options.now ? { ...m.io, now: () => new Date(options.now!) } : m.io;
  const code = await run(["scan", ...args], io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

// A minimal SPDX 2.3 SBOM with one vulnerable package (urllib3 1.26.17: PYSEC-2023-212, CVSS 4.2 medium).
const SPDX = JSON.stringify({
  spdxVersion: "SPDX-2.3",
  dataLicense: "CC0-1.0",
  SPDXID: "SPDXRef-DOCUMENT",
  name: "one",
  documentNamespace: "https://example.org/one",
  creationInfo: { created: "2024-01-01T00:00:00Z", creators: ["Tool: test"] },
  packages: [
    {
      SPDXID: "SPDXRef-urllib3",
      name: "urllib3",
      versionInfo: "1.26.17",
      downloadLocation: "NOASSERTION",
      externalRefs: [
        {
          referenceCategory: "PACKAGE-MANAGER",
          referenceType: "purl",
          referenceLocator: "pkg:pypi/urllib3@1.26.17",
        },
      ],
    },
  ],
  relationships: [
    {
      spdxElementId: "SPDXRef-DOCUMENT",
      relationshipType: "DESCRIBES",
      relatedSpdxElement: "SPDXRef-urllib3",
    },
  ],
});

describe("pysbom scan", () => {
  it("scans a CycloneDX SBOM: table on stdout, unmatchable components as errors on stderr", async () => {
    const r = await scan(["app.cdx.json"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAME +INSTALLED +FIXED IN +VULNERABILITY +SEVERITY +ALIASES\n/);
    expect(r.stdout).toContain(
      "urllib3      1.26.17    1.26.18, 2.0.7         PYSEC-2023-212  medium 4.2  CVE-2023-45803, GHSA-g4mx-q9vg-27p4\n",
    );
    expect(r.stdout).toMatch(
      /\n30 vulnerabilities in 5 of 7 packages checked \(3 packages could not be checked; 1 without a PyPI purl or CPython identifier\)\.\n$/,
    );
    expect(r.stderr).toBe(
      [
        'pysbom: error: CPython 3.12.0: 132 CPython advisories have only git commit ranges and cannot be matched to a version: run "pysbom db cpython-tags --repo PATH" with a clone of python/cpython',
        "pysbom: error: left-pad: no version: cannot be matched",
        "pysbom: error: PyYAML 5.3.x: invalid PEP 440 version '5.3.x' (Invalid version: '5.3.x')",
        "",
      ].join("\n"),
    );
  });

  it("writes several outputs to files; CycloneDX output is schema-valid and keeps the bom-refs", async () => {
    const out = tempDir();
    try {
      const r = await scan([
        "app.cdx.json",
        "-o",
        `json=${join(out.dir, "r.json")}`,
        "-o",
        `sarif=${join(out.dir, "r.sarif")}`,
        "-o",
        `openvex=${join(out.dir, "r.vex.json")}`,
        "-o",
        "cyclonedx-json",
        "--vex",
        "vex/openvex.json",
        "--ignore",
        "CVE-2021-35042",
        "-q",
      ]);
      expect(r.code).toBe(0);
      const bom = JSON.parse(r.stdout);
      expect(validateSchema("cyclonedx-1.6", bom)).toEqual([]);
      expect(bom.serialNumber).toBe("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
      expect(bom.vulnerabilities.find((v: { id: string }) => v.id === "PYSEC-2021-7").affects).toEqual([
        { ref: "django-ref", versions: [{ version: "3.2.0", status: "affected" }] },
      ]);
      const json = JSON.parse(readFileSync(join(out.dir, "r.json"), "utf8"));
      expect(json.summary).toMatchObject({ findings: 26, suppressed: 4 });
      expect(json.database.path).toBe(db);
      expect(JSON.parse(readFileSync(join(out.dir, "r.sarif"), "utf8")).version).toBe("2.1.0");
      expect(JSON.parse(readFileSync(join(out.dir, "r.vex.json"), "utf8")).timestamp).toBe(
        "2025-01-01T00:00:00Z",
      );
    } finally {
      out.cleanup();
    }
  });

  it("--fail-on: exit 1 at or above the threshold; unrated findings count for `any` only", async () => {
    const stdin = SPDX;
    expect((await scan(["-", "--fail-on", "medium", "-q"], { stdin })).code).toBe(1);
    expect((await scan(["-", "--fail-on", "high", "-q"], { stdin })).code).toBe(0);
    expect((await scan(["-", "--fail-on", "any", "-q"], { stdin })).code).toBe(1);
    expect(
      (await scan(["-", "--fail-on", "low", "--ignore", "GHSA-g4mx-q9vg-27p4", "-q"], { stdin })).code,
    ).toBe(0);
    // Django 3.2.0's findings have no severity in PyPA: they do not count for `high`, and a warning says so.
    const django = SPDX.replaceAll("urllib3", "django").replaceAll("1.26.17", "3.2.0");
    const r = await scan(["-", "--fail-on", "high"], { stdin: django });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      "pysbom: warning: 25 finding(s) have no severity rating and do not count toward --fail-on high (use --fail-on any to include them)\n",
    );
    // Packages that cannot be checked mean the policy cannot be shown to hold.
    const app = await scan(["app.cdx.json", "--fail-on", "critical", "-o", "json"]);
    expect(app.code).toBe(1);
    expect(app.stderr).toMatch(/--fail-on critical: 3 package\(s\) could not be checked/);
  });

  it("scans the real CPython 3.13.0a5 release SBOM (SPDX)", async () => {
    const r = await scan([cpythonReleaseSbom, "-o", "json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.input).toBe("spdx-json");
    expect(out.summary).toMatchObject({ components: 31, findings: 2, errors: 1, unchecked: 4 });
    expect(out.results.map((x: { component: { name: string } }) => x.component.name)).toEqual([
      "CPython",
      "idna",
      "urllib3",
    ]);
  });

  it("generates the SBOM in-process for a lockfile target", async () => {
    const r = await scan([join(sharedDir, "fixtures", "lockfiles", "uv-flask"), "-o", "json", "-q"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.input).toBe("lock");
    expect(out.summary.checked).toBeGreaterThan(50);
    expect(out.summary.errors).toBe(0);
  });

  it("generates the SBOM in-process for a CPython release tarball and finds CPython in it", async () => {
    const dir = join(sharedDir, "fixtures", "cpython", "release", "crlf");
    const r = await scan([
      join(dir, "Python-3.99.1rc2.tgz"),
      "--pypi-metadata",
      join(dir, "pypi-fixture.json"),
      "-o",
      "json",
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.input).toBe("cpython-release");
    expect(
      out.results.map(
        (x: { component: { name: string; version: string; ecosystem: string } }) => x.component,
      ),
    ).toMatchObject([{ name: "CPython", version: "3.99.1rc2", ecosystem: "CPython" }]);
    expect(r.stderr).toMatch(/CPython 3\.99\.1rc2: 132 CPython advisories have only git commit ranges/);
  });

  it("warns when the database is old", async () => {
    const r = await scan(["-"], { stdin: SPDX, now: "2025-03-01T00:00:00Z" });
    expect(r.stderr).toContain(
      'pysbom: warning: the vulnerability database was last updated 59 days ago (2025-01-01T00:00:00Z); run "pysbom db update"\n',
    );
  });

  it.each([
    [
      ["app.cdx.json", "--fail-on", "severe"],
      2,
      /--fail-on "severe": expected one of low, medium, high, critical, any/,
    ],
    [["app.cdx.json", "-o", "html"], 2, /unknown output format "html"/],
    [["app.cdx.json", "-o", "json", "-o", "table"], 2, /only one output can go to standard output/],
    [["missing.json"], 3, /missing\.json: no such file or directory/],
    [
      ["app.cdx.json", "--vex", "app.cdx.json"],
      3,
      /app\.cdx\.json: CycloneDX document without "vulnerabilities"/,
    ],
    [["app.cdx.json", "--vex", "nope.json"], 3, /nope\.json: no such file/],
    [["app.cdx.json", "--type", "nonsense"], 2, /unknown --type "nonsense"/],
  ])("%j exits %i", async (args, code, message) => {
    const r = await scan(args);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
  });

  it("without a database: exit 3 and how to get one", async () => {
    const empty = tempDir();
    try {
      const r = await scan(["app.cdx.json"], { env: { PYSBOM_DB: empty.dir } });
      expect(r.code).toBe(3);
      expect(r.stderr).toBe(
        `pysbom: error: no vulnerability database in ${empty.dir}: run "pysbom db update" (download) or "pysbom db import PATH…"\n`,
      );
    } finally {
      empty.cleanup();
    }
  });
});
