import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedDir } from "../core/test-helpers/vectors.js";
import { validateSbom } from "../validate/index.js";
import { FINDINGS_JSON_SCHEMA, renderFindingsJson } from "./findings-json.js";

const text = readFileSync(join(sharedDir, "fixtures/cpython/real-2024-04-02/sbom.spdx.json"), "utf8");

describe("validate JSON output (pysbom-validate/1)", () => {
  const report = validateSbom(text, { file: "sbom.spdx.json", profiles: ["ntia"] });
  const out = JSON.parse(
    renderFindingsJson(
      [report, { file: "x.json", error: { code: "INVALID_JSON", message: "bad", line: 2 } }],
      {
        version: "0.1.0",
        profiles: ["ntia"],
      },
    ),
  );

  it("has the documented top-level layout", () => {
    expect(Object.keys(out)).toEqual(["schema", "tool", "profiles", "valid", "documents"]);
    expect(out.schema).toBe(FINDINGS_JSON_SCHEMA);
    expect(out.tool).toEqual({ name: "pysbom", version: "0.1.0" });
    expect(out.valid).toBe(false);
  });

  it("documents: the report members in a fixed order, findings with their place", () => {
    const d = out.documents[0];
    expect(Object.keys(d)).toEqual([
      "file",
      "format",
      "specVersion",
      "valid",
      "conformance",
      "components",
      "counts",
      "score",
      "findings",
    ]);
    expect(d.counts).toEqual({ errors: 13, warnings: 0, infos: 0 });
    expect(d.findings.find((f: { code: string }) => f.code === "ntia/missing-supplier")).toEqual({
      code: "ntia/missing-supplier",
      severity: "error",
      layer: "profile",
      profile: "ntia",
      path: "/packages/0",
      line: 1560,
      column: 5,
      component: "expat",
      message: 'package "expat" has no supplier field',
      hint: 'add "supplier" (e.g. "Organization: <name>"), or NOASSERTION when it is not known',
      clause: "NTIA Minimum Elements (2021) §IV Data Fields: Supplier Name",
    });
    expect(d.score.max).toBe(10);
    expect(d.score.categories.map((c: { name: string }) => c.name)).toEqual([
      "structure",
      "identification",
      "provenance",
      "integrity",
      "licensing",
      "dependencies",
    ]);
  });

  it("an unreadable document carries its error instead of a report", () => {
    expect(out.documents[1]).toEqual({
      file: "x.json",
      error: { code: "INVALID_JSON", message: "bad", line: 2 },
    });
  });

  it("all valid only when every document was read and is valid", () => {
    const ok = validateSbom(
      readFileSync(
        join(sharedDir, "fixtures/cpython/real-2024-04-02/release-python-3.13.0a5-amd64.exe.spdx.json"),
        "utf8",
      ),
    );
    expect(JSON.parse(renderFindingsJson([ok], { version: "0", profiles: [] })).valid).toBe(true);
  });
});
