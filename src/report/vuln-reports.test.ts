// The scan reports on a hand-written CycloneDX SBOM and the real CPython 3.13.0a5 release SBOM, against the
// PyPA + PSF fixture database: golden files (UPDATE_GOLDEN=1 rewrites them), CycloneDX output validated
// against the official 1.5/1.6/1.7 schemas, OpenVEX against the OpenVEX 0.2.0 schema, SARIF by structure.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeSbom } from "../formats/index.js";
import { validateSchema } from "../validate/schema.js";
import { VulnDb } from "../vuln/db/store.js";
import { type ScanResult, scanDocument } from "../vuln/scan.js";
import { cpythonReleaseSbom, makeDb, psfDir, pypaDir, testdata } from "../vuln/test-helpers/index.js";
import { parseVex } from "../vuln/vex.js";
import { scanToCycloneDx } from "./vuln-cyclonedx.js";
import { renderScanJson, type ScanReportContext } from "./vuln-json.js";
import { renderScanOpenVex } from "./vuln-openvex.js";
import { renderScanSarif } from "./vuln-sarif.js";
import { renderScanTable } from "./vuln-table.js";

const require = createRequire(import.meta.url);
const expectedDir = join(testdata, "expected");
const appText = readFileSync(join(testdata, "app.cdx.json"), "utf8");
const app = decodeSbom(appText, { file: "app.cdx.json" }).document;
const vex = ["openvex.json", "cyclonedx-vex.json"].flatMap((f) =>
  parseVex(readFileSync(join(testdata, "vex", f), "utf8"), `vex/${f}`),
);

let db: VulnDb;
let cleanup: () => void;
let result: ScanResult;
let ctx: ScanReportContext;

beforeAll(async () => {
  const t = await makeDb([pypaDir, psfDir]);
  cleanup = t.cleanup;
  db = await VulnDb.open(t.dir);
  result = scanDocument(app, db, { vex, ignore: ["CVE-2021-35042"] });
  ctx = {
    target: "app.cdx.json",
    input: "cyclonedx-json",
    toolVersion: "0.0.0-test",
    database: {
      path: "<db>",
      records: db.meta.records,
      lastModified: db.meta.lastModified,
      checked: "2025-01-01T00:00:00Z",
    },
    created: "2025-01-01T00:00:00Z",
  };
});
afterAll(() => {
  db?.close();
  cleanup?.();
});

function golden(name: string, text: string): void {
  const path = join(expectedDir, name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, text);
  expect(text).toBe(readFileSync(path, "utf8"));
}

function openVexValidator() {
  const Ajv2020 = (
    require("ajv/dist/2020") as {
      default: new (o: object) => { compile(s: object): (v: unknown) => boolean & { errors?: unknown } };
    }
  ).default;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (require("ajv-formats") as { default: (a: unknown) => void }).default(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(testdata, "schemas", "openvex_json_schema.json"), "utf8")));
}

describe("scan reports", () => {
  it("table", () => golden("app.scan.table.txt", renderScanTable(result)));

  it("json", () => {
    const text = renderScanJson(result, ctx);
    golden("app.scan.json", text);
    const doc = JSON.parse(text);
    expect(doc.summary).toMatchObject({ findings: 24, suppressed: 6, errors: 3, unchecked: 1 });
    const django = doc.results.find((r: { component: { name: string } }) => r.component.name === "Django");
    expect(
      django.suppressed.map((f: { id: string; suppressedBy: object }) => [f.id, f.suppressedBy]),
    ).toEqual([
      [
        "PYSEC-2021-98",
        {
          kind: "vex",
          file: "vex/openvex.json",
          format: "openvex",
          vulnerability: "CVE-2021-33203",
          status: "not_affected",
          justification: "vulnerable_code_not_in_execute_path",
          timestamp: "2024-06-01T00:00:00Z",
        },
      ],
      ["PYSEC-2021-109", { kind: "ignore", id: "CVE-2021-35042" }],
    ]);
  });

  it("sarif", () => {
    const text = renderScanSarif(result, ctx, { generated: false });
    golden("app.scan.sarif.json", text);
    const log = JSON.parse(text);
    expect(log.version).toBe("2.1.0");
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe("pysbom");
    const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(new Set(ruleIds).size).toBe(ruleIds.length);
    expect(run.results).toHaveLength(24);
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(["error", "warning", "note"]).toContain(r.level);
      expect(r.message.text).toMatch(/ is affected by /);
      expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe("app.cdx.json");
      expect(r.partialFingerprints["pysbomFinding/v1"]).toMatch(/^[0-9a-f]{32}$/);
    }
    const urllib3 = run.tool.driver.rules.find((r: { id: string }) => r.id === "PYSEC-2023-212");
    expect(urllib3).toBeUndefined(); // suppressed by VEX
  });

  it("openvex (valid against the OpenVEX 0.2.0 schema)", () => {
    const { text, warnings } = renderScanOpenVex(result, ctx);
    golden("app.scan.openvex.json", text);
    expect(warnings).toEqual([]);
    const validate = openVexValidator();
    const doc = JSON.parse(text);
    expect(validate(doc), JSON.stringify((validate as unknown as { errors: unknown }).errors)).toBe(true);
    const statuses = doc.statements.map(
      (s: { vulnerability: { name: string }; status: string }) => `${s.vulnerability.name} ${s.status}`,
    );
    expect(statuses).toContain("PYSEC-2021-98 not_affected");
    expect(statuses).toContain("PYSEC-2023-212 fixed");
    expect(statuses).not.toContain("PYSEC-2021-109 affected"); // --ignore is not a VEX claim
    // Without findings the document has no statements, and says so.
    const empty = renderScanOpenVex({ ...result, components: [], findings: [], suppressed: [] }, ctx);
    expect(empty.warnings).toHaveLength(1);
  });

  it.each(["1.5", "1.6", "1.7"] as const)("cyclonedx %s keeps the input's components and bom-refs", (v) => {
    const { bom, warnings } = scanToCycloneDx(app, result, v);
    expect(warnings).toEqual([]);
    expect(validateSchema(`cyclonedx-${v}`, bom)).toEqual([]);
    const refs = new Set((bom.components as { "bom-ref": string }[]).map((c) => c["bom-ref"]));
    expect(refs).toContain("django-ref");
    expect(refs).toContain("jinja");
    const vulns = bom.vulnerabilities as {
      id: string;
      affects: { ref: string }[];
      analysis?: { state: string };
    }[];
    for (const vuln of vulns) for (const a of vuln.affects) expect(refs.has(a.ref), a.ref).toBe(true);
    expect(vulns.find((x) => x.id === "PYSEC-2021-98")).toMatchObject({
      affects: [{ ref: "django-ref" }],
      analysis: { state: "not_affected", justification: "code_not_reachable" },
    });
    expect(vulns.find((x) => x.id === "PYSEC-2019-217")?.analysis?.state).toBe("false_positive");
    if (v === "1.6") golden("app.scan.cdx.json", `${JSON.stringify(bom, null, 2)}\n`);
  });

  it("cyclonedx from the real CPython 3.13.0a5 release SBOM (SPDX) validates and names its components", () => {
    const doc = decodeSbom(readFileSync(cpythonReleaseSbom, "utf8")).document;
    const r = scanDocument(doc, db);
    expect(r.findings.map((f) => `${f.component.name} ${f.id}`)).toEqual([
      "idna PYSEC-2024-60",
      "urllib3 PYSEC-2023-212",
    ]);
    const { bom } = scanToCycloneDx(doc, r);
    expect(validateSchema("cyclonedx-1.6", bom)).toEqual([]);
    const vulns = bom.vulnerabilities as { affects: { ref: string }[] }[];
    expect(vulns.map((x) => x.affects[0]!.ref)).toEqual(["pkg:pypi/idna@3.4", "pkg:pypi/urllib3@1.26.17"]);
  });
});
