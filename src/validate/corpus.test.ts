// The broken-document corpus (testdata/corpus): each document is one of the clean bases with one defect,
// and must give exactly the expected finding — code and JSON pointer — with a line number, and nothing else
// of severity warning or error. The bases themselves must be clean under every profile they are used with.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { type ProfileName, validateSbom } from "./index.js";

const dir = join(import.meta.dirname, "testdata/corpus");

interface Case {
  file: string;
  defect: string;
  profiles: ProfileName[];
  code: string;
  path: string;
  severity: "error" | "warning";
}

const cases = JSON.parse(readFileSync(join(dir, "cases.json"), "utf8")) as Case[];

function listFiles(d: string): string[] {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(d, e.name)) : [relative(dir, join(d, e.name))],
  );
}

const ALL: ProfileName[] = ["ntia", "cisa-2025", "bsi-tr-03183-2"];
const bases: [string, ProfileName[]][] = [
  ["bases/base.spdx.json", ["ntia"]],
  ["bases/base-2.2.spdx.json", ["ntia"]],
  ["bases/base.spdx", ["ntia"]],
  ["bases/base.cdx.json", ALL],
  ["bases/base-1.4.cdx.json", []],
  ["bases/base-1.5.cdx.json", []],
];

describe("corpus of broken documents", () => {
  it("has at least 40 cases, in both formats, and every file is a case or a base", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(cases.filter((c) => c.file.startsWith("spdx-json/")).length).toBeGreaterThanOrEqual(10);
    expect(cases.filter((c) => c.file.startsWith("spdx-tag-value/")).length).toBeGreaterThanOrEqual(5);
    expect(cases.filter((c) => c.file.startsWith("cyclonedx/")).length).toBeGreaterThanOrEqual(10);
    const listed = new Set([...cases.map((c) => c.file), ...bases.map((b) => b[0]), "cases.json"]);
    expect(listFiles(dir).filter((f) => !listed.has(f))).toEqual([]);
  });

  it.each(bases)("base %s is clean under %j", (file, profiles) => {
    const r = validateSbom(readFileSync(join(dir, file), "utf8"), { file, profiles });
    expect(r.findings.filter((f) => f.severity !== "info")).toEqual([]);
    for (const p of profiles) expect(r.conformance[p]).toBe(true);
  });

  it.each(cases.map((c) => [c.file, c] as const))("%s", (file, c) => {
    const r = validateSbom(readFileSync(join(dir, file), "utf8"), { file, profiles: c.profiles });
    const got = r.findings.filter((f) => f.severity !== "info");
    expect(got.map((f) => ({ code: f.code, path: f.path, severity: f.severity }))).toEqual([
      { code: c.code, path: c.path, severity: c.severity },
    ]);
    expect(got[0]!.line).toBeGreaterThan(0);
    expect(got[0]!.hint).toBeTruthy();
    expect(r.valid).toBe(c.severity !== "error");
  });
});
