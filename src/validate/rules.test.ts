import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repositoryRoot } from "../core/test-helpers/vectors.js";
import { finding, RULES, ruleFor } from "./rules.js";

const PREFIX: Record<string, string> = {
  syntax: "json/",
  schema: "schema/",
  ntia: "ntia/",
  "cisa-2025": "cisa-2025/",
  "bsi-tr-03183-2": "bsi/",
};

describe("rule catalogue", () => {
  it.each([...RULES.values()].map((r) => [r.code, r] as const))("%s is complete", (code, r) => {
    expect(r.summary).toMatch(/\.$/);
    expect(r.hint.length).toBeGreaterThan(10);
    expect(r.clause.length).toBeGreaterThan(3);
    const prefix = r.profile ? PREFIX[r.profile] : r.layer === "semantic" ? undefined : PREFIX[r.layer];
    if (prefix) expect(code.startsWith(prefix)).toBe(true);
    else expect(/^(spdx|cdx)\//.test(code)).toBe(true);
  });

  it("every code is documented in the README section", () => {
    const doc = readFileSync(join(repositoryRoot, "README.md"), "utf8");
    expect([...RULES.keys()].filter((c) => !doc.includes(`\`${c}\``))).toEqual([]);
  });

  it("findings carry the rule's severity, layer, profile, clause and hint", () => {
    const f = finding("ntia/unknown-supplier", "/packages/0/supplier", "m", { component: "x" });
    expect(f).toEqual({
      code: "ntia/unknown-supplier",
      severity: "warning",
      path: "/packages/0/supplier",
      message: "m",
      component: "x",
      hint: ruleFor("ntia/unknown-supplier").hint,
      layer: "profile",
      profile: "ntia",
      clause: ruleFor("ntia/unknown-supplier").clause,
    });
    expect(() => ruleFor("nope/nothing")).toThrow();
  });
});
