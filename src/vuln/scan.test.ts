// The scan engine over decoded SBOMs: which components are checked, alias groups, fixed versions, upgrades,
// --ignore and VEX suppression, the --fail-on policy.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeSbom } from "../formats/index.js";
import { createDocument, createPackage, DOCUMENT_REF, relate } from "../model/index.js";
import { importOsv } from "./db/import.js";
import { VulnDb } from "./db/store.js";
import { failsPolicy, type ScanResult, scanDocument } from "./scan.js";
import { makeDb, psfDir, pypaDir, tempDir, testdata } from "./test-helpers/index.js";
import { parseVex } from "./vex.js";

let db: VulnDb;
let cleanup: () => void;
const app = decodeSbom(readFileSync(join(testdata, "app.cdx.json"), "utf8"), {
  file: "app.cdx.json",
}).document;
const vex = (name: string) => parseVex(readFileSync(join(testdata, "vex", name), "utf8"), name);
const byName = (r: ScanResult, name: string) => r.components.find((c) => c.component.name === name)!;

beforeAll(async () => {
  const t = await makeDb([pypaDir, psfDir]);
  cleanup = t.cleanup;
  db = await VulnDb.open(t.dir);
});
afterAll(() => {
  db?.close();
  cleanup?.();
});

describe("scanDocument", () => {
  it("checks PyPI purls and CPython; reports what cannot be checked", () => {
    const r = scanDocument(app, db);
    expect(r.components.map((c) => `${c.component.key} ${c.component.version ?? "-"}`)).toEqual([
      "cpython 3.12.0",
      "distributed 2021.9.1",
      "django 3.2.0",
      "example-app 1.0",
      "jinja2 2.10",
      "left-pad -",
      "pip 24.0",
      "pyyaml 5.3.x",
      "requests 2.25.0",
      "urllib3 1.26.17",
    ]);
    expect(r.unchecked).toEqual([
      {
        id: expect.any(String),
        name: "openssl",
        version: "3.0.13",
        reason: "no PyPI purl or CPython identifier",
      },
    ]);
    expect(r.errors.map((e) => [e.component.name, e.message])).toEqual([
      [
        "CPython",
        '132 CPython advisories have only git commit ranges and cannot be matched to a version: run "pysbom db cpython-tags --repo PATH" with a clone of python/cpython',
      ],
      ["left-pad", "no version: cannot be matched"],
      ["PyYAML", "invalid PEP 440 version '5.3.x' (Invalid version: '5.3.x')"],
    ]);
    expect(r.findings).toHaveLength(30);
    expect(byName(r, "pip").findings).toEqual([]);
  });

  it("groups records that share aliases into one finding, every id visible", () => {
    const [f] = byName(scanDocument(app, db), "distributed").findings;
    expect(f).toMatchObject({
      id: "PYSEC-2021-871",
      ids: ["PYSEC-2021-871", "PYSEC-2021-872"],
      aliases: ["CVE-2021-42343", "GHSA-hwqr-f3v9-hwxr", "GHSA-j8fq-86c5-5v2r"],
      fixed: ["2021.10.0"],
      severity: { rating: "unknown", source: "none" },
    });
    expect(f!.references.length).toBeGreaterThan(0);
  });

  it("gives fixed versions, severity from CVSS, and the smallest upgrade fixing every finding", () => {
    const r = scanDocument(app, db);
    const urllib3 = byName(r, "urllib3");
    expect(urllib3.findings[0]).toMatchObject({
      id: "PYSEC-2023-212",
      fixed: ["1.26.18", "2.0.7"],
      severity: { rating: "medium", score: 4.2, type: "CVSS_V3", source: "cvss" },
      summary: expect.stringMatching(/urllib3/),
    });
    expect(urllib3.upgrade).toEqual({ version: "1.26.18", stillAffectedBy: [] });
    expect(byName(r, "Django").upgrade).toEqual({ version: "3.2.25", stillAffectedBy: [] });
    expect(byName(r, "Django").findings).toHaveLength(25);
    expect(byName(r, "Jinja2").upgrade).toEqual({ version: "2.11.3", stillAffectedBy: [] });
  });

  it("--ignore suppresses by any id or alias, visibly", () => {
    const r = scanDocument(app, db, { ignore: ["CVE-2021-33203", "PYSEC-2023-74"] });
    expect(r.suppressed.map((f) => [f.id, f.suppressedBy])).toEqual([
      ["PYSEC-2021-98", { kind: "ignore", id: "CVE-2021-33203" }],
      ["PYSEC-2023-74", { kind: "ignore", id: "PYSEC-2023-74" }],
    ]);
    expect(r.findings).toHaveLength(28);
    expect(byName(r, "requests").upgrade).toBeUndefined();
  });

  it("VEX not_affected / fixed statements suppress; affected ones are attached", () => {
    const r = scanDocument(app, db, { vex: [...vex("openvex.json"), ...vex("cyclonedx-vex.json")] });
    expect(
      r.suppressed.map((f) => [
        f.component.name,
        f.id,
        f.suppressedBy.kind === "vex" ? f.suppressedBy.statement.status : "",
      ]),
    ).toEqual([
      ["Django", "PYSEC-2021-98", "not_affected"],
      ["Jinja2", "PYSEC-2019-217", "not_affected"],
      ["Jinja2", "PYSEC-2021-66", "fixed"],
      // A statement about the product the SBOM describes (example-app) covers its components.
      ["requests", "PYSEC-2023-74", "not_affected"],
      // The later `fixed` statement (a subcomponent of example-app) wins over `under_investigation`.
      ["urllib3", "PYSEC-2023-212", "fixed"],
    ]);
    expect(byName(r, "Django").findings.find((f) => f.id === "PYSEC-2021-109")?.vex?.status).toBe("affected");
    expect(byName(r, "Jinja2").upgrade).toBeUndefined();
    expect(failsPolicy(r, "medium")).toBe(false); // urllib3's medium finding is suppressed
    expect(failsPolicy(r, "any")).toBe(true);
  });

  it("--fail-on thresholds: unrated findings count for `any` only", () => {
    const r = scanDocument(app, db);
    expect(["low", "medium", "high", "critical", "any"].map((t) => failsPolicy(r, t as never))).toEqual([
      true,
      true,
      false,
      false,
      true,
    ]);
  });

  it("matches CPython by CPE (pre-release in the update field too) and the generic purl", () => {
    const pkgs = [
      createPackage({
        name: "CPython",
        version: "3.13.0a5",
        cpes: ["cpe:2.3:a:python:python:3.13.0a5:*:*:*:*:*:*:*"],
      }),
      createPackage({
        name: "python",
        version: "x",
        cpes: ["cpe:2.3:a:python:python:3.12.0:rc2:*:*:*:*:*:*"],
      }),
      createPackage({ name: "python3", purl: "pkg:generic/cpython@3.11.4" }),
      createPackage({ name: "other", version: "1", cpes: ["cpe:2.3:a:python:pillow:1:*:*:*:*:*:*:*"] }),
    ];
    const doc = createDocument({
      name: "t",
      packages: pkgs,
      relationships: [relate(DOCUMENT_REF, "DESCRIBES", pkgs[0]!.id)],
    });
    const r = scanDocument(doc, db);
    expect(r.components.map((c) => c.component.version)).toEqual(["3.11.4", "3.12.0rc2", "3.13.0a5"]);
    expect(r.unchecked.map((u) => u.name)).toEqual(["other"]);
  });
});

describe("components without a version", () => {
  it("the SBOM's own subject (a dynamic project version) is not checked; any other component is an error", () => {
    const root = createPackage({ name: "my-app", version: "NOASSERTION", purl: "pkg:pypi/my-app" });
    const dep = createPackage({ name: "requests", purl: "pkg:pypi/requests" });
    const doc = createDocument({
      name: "t",
      packages: [root, dep],
      relationships: [relate(DOCUMENT_REF, "DESCRIBES", root.id), relate(root.id, "DEPENDS_ON", dep.id)],
    });
    const r = scanDocument(doc, db);
    expect(r.unchecked).toEqual([
      { id: root.id, name: "my-app", reason: "the SBOM's subject has no version" },
    ]);
    expect(r.errors.map((e) => [e.component.name, e.message])).toEqual([
      ["requests", "no version: cannot be matched"],
    ]);
  });
});

describe("upgrade advice", () => {
  let small: VulnDb;
  let done: () => void;
  beforeAll(async () => {
    const t = tempDir();
    done = t.cleanup;
    const src = join(t.dir, "src");
    mkdirSync(src);
    const rec = (id: string, events: object[], versions?: string[]) =>
      writeFileSync(
        join(src, `${id}.json`),
        JSON.stringify({
          id,
          modified: "2024-01-01T00:00:00Z",
          affected: [
            {
              package: { ecosystem: "PyPI", name: "demo" },
              ranges: [{ type: "ECOSYSTEM", events }],
              versions,
            },
          ],
        }),
      );
    rec("PYSEC-9999-1", [{ introduced: "0" }, { fixed: "1.1" }], ["1.1rc1"]);
    rec("PYSEC-9999-2", [{ introduced: "1.1" }, { fixed: "1.3" }]);
    rec("PYSEC-9999-3", [{ introduced: "2.0" }]);
    writeFileSync(
      join(src, "GHSA-9999-semv-er00.json"),
      JSON.stringify({
        id: "GHSA-9999-semv-er00",
        modified: "2024-01-01T00:00:00Z",
        affected: [
          {
            package: { ecosystem: "PyPI", name: "semver-pkg" },
            ranges: [{ type: "SEMVER", events: [{ introduced: "1.0.0" }, { fixed: "1.2.0-rc.1" }] }],
          },
        ],
      }),
    );
    await importOsv(join(t.dir, "db"), [{ path: src }], { now: "2025-01-01T00:00:00Z" });
    small = await VulnDb.open(join(t.dir, "db"));
  });
  afterAll(() => {
    small?.close();
    done?.();
  });
  const scan = (version: string) => {
    const p = createPackage({ name: "demo", version, purl: `pkg:pypi/demo@${version}` });
    return scanDocument(createDocument({ name: "t", packages: [p] }), small).components[0]!;
  };

  it("prefers a version no other known record affects", () => {
    // 1.1 fixes PYSEC-9999-1 but PYSEC-9999-2 affects it; 1.3 is clean. 1.1rc1 (a pre-release) is not offered.
    expect(scan("1.0").upgrade).toEqual({ version: "1.3", stillAffectedBy: [] });
  });

  it("offers pre-releases when a pre-release is installed", () => {
    expect(scan("1.0rc1").upgrade).toEqual({ version: "1.3", stillAffectedBy: [] });
    expect(scan("1.0rc1").findings.map((f) => f.id)).toEqual(["PYSEC-9999-1"]);
  });

  it("SEMVER ranges: SemVer order; a version that cannot be placed is an error, not 'unaffected'", () => {
    const q = (v: string) => small.queryPypi("Semver_Pkg", v);
    expect(q("1.1.9").matches.map((m) => m.record.id)).toEqual(["GHSA-9999-semv-er00"]);
    expect(q("1.2.0-beta.1").matches).toHaveLength(1);
    expect(q("1.2.0").matches).toEqual([]);
    expect(q("1.2.0").error).toBeUndefined();
    expect(q("1.1").error).toBe(
      'cannot be matched: GHSA-9999-semv-er00 has a SEMVER range, and "1.1" is not a SemVer 2.0.0 version',
    );
  });

  it("says what still affects the best known version, or that none fixes", () => {
    expect(scan("1.2").upgrade).toEqual({ version: "1.3", stillAffectedBy: [] });
    expect(scan("2.5").upgrade).toBeUndefined();
  });
});
