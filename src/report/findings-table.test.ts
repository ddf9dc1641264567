import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedDir } from "../core/test-helpers/vectors.js";
import { validateSbom } from "../validate/index.js";
import { renderFindingsTable } from "./findings-table.js";

const real = (n: string) => readFileSync(join(sharedDir, "fixtures/cpython/real-2024-04-02", n), "utf8");

describe("validate table output", () => {
  it("summarises a clean document in four lines", () => {
    const r = validateSbom(real("release-python-3.13.0a5-amd64.exe.spdx.json"), {
      file: "exe.spdx.json",
      profiles: ["ntia"],
    });
    expect(renderFindingsTable([r])).toBe(
      [
        "exe.spdx.json: SPDX-2.3 (SPDX JSON), 40 components",
        "  valid: 0 errors, 0 warnings, 0 infos",
        "  profile ntia: conformant",
        "  quality score: 8.4/10 (structure 10.0, identification 10.0, provenance 10.0, integrity 10.0, licensing 0.1, dependencies 10.0)",
        "",
      ].join("\n"),
    );
  });

  it("groups findings by component, the document's first, each with its place and a fix", () => {
    const r = validateSbom(real("sbom.spdx.json"), { file: "sbom.spdx.json", profiles: ["ntia"] });
    const lines = renderFindingsTable([r]).split("\n");
    expect(lines.slice(0, 4)).toEqual([
      "sbom.spdx.json: SPDX-2.3 (SPDX JSON), 5 components",
      "  NOT VALID: 13 errors, 0 warnings, 0 infos",
      "  profile ntia: NOT CONFORMANT",
      "  quality score: 4.9/10 (structure 4.2, identification 10.0, provenance 0.0, integrity 10.0, licensing 0.0, dependencies 5.0)",
    ]);
    expect(lines[5]).toBe("  (document)");
    const expat = lines.indexOf("  expat");
    expect(expat).toBeGreaterThan(5);
    expect(lines[expat + 1]).toMatch(
      /^ {4}error +ntia\/missing-supplier +1560:5 \/packages\/0 +package "expat" has no supplier field$/,
    );
    expect(lines[expat + 2]).toMatch(/^ +fix: add "supplier"/);
  });

  it("names documents that could not be read", () => {
    expect(
      renderFindingsTable([
        { file: "a.json", error: { code: "INVALID_JSON", message: "a.json:1:1: invalid JSON" } },
      ]),
    ).toBe("a.json: NOT READ: a.json:1:1: invalid JSON\n");
  });
});
