import { describe, expect, it } from "vitest";
import type { OsvRecord } from "./record.js";
import { cvssBaseScore, maxSeverity, ratingOfLabel, ratingOfScore, recordSeverity } from "./severity.js";

describe("CVSS base scores", () => {
  it.each([
    // Vectors from PyPA records; scores per the CVSS v3.1 specification formulas.
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8],
    ["CVSS:3.1/AV:L/AC:L/PR:L/UI:R/S:U/C:L/I:N/A:N", 2.8],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5],
    ["CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:C/C:L/I:L/A:N", 4.7],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0],
    // Temporal metrics do not change the base score.
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O", 9.8],
    ["CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3],
    ["CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U", 9.3],
    ["AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5],
  ])("%s → %d", (vector, score) => {
    expect(cvssBaseScore(vector)?.score).toBe(score);
  });

  it.each([
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", // incomplete: no base score (the library would say 0)
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H",
    "CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "garbage",
  ])("no score for %j", (vector) => {
    expect(cvssBaseScore(vector)).toBeUndefined();
  });

  it.each([
    [0, "CVSS_V3", "none"],
    [0.1, "CVSS_V3", "low"],
    [3.9, "CVSS_V3", "low"],
    [4, "CVSS_V4", "medium"],
    [7, "CVSS_V3", "high"],
    [9, "CVSS_V3", "critical"],
    [9.9, "CVSS_V2", "high"],
    [0, "CVSS_V2", "low"],
  ] as const)("rating of %d (%s) is %s", (score, type, rating) => {
    expect(ratingOfScore(score, type)).toBe(rating);
  });

  it.each([
    ["MODERATE", "medium"],
    ["HIGH", "high"],
    ["negligible", "low"],
    ["whatever", "unknown"],
    [3, "unknown"],
  ])("label %j is %s", (label, rating) => {
    expect(ratingOfLabel(label)).toBe(rating);
  });
});

describe("record severity", () => {
  const base = { id: "GHSA-aaaa-bbbb-cccc", modified: "2024-01-01T00:00:00Z" };
  it("takes the highest CVSS score of the record and its entries", () => {
    const r: OsvRecord = {
      ...base,
      severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:L/AC:L/PR:L/UI:R/S:U/C:L/I:N/A:N" }],
      affected: [{ severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H" }] }],
    };
    expect(recordSeverity(r)).toMatchObject({ rating: "high", score: 7.5, type: "CVSS_V3", source: "cvss" });
  });

  it("falls back to database_specific.severity", () => {
    const r: OsvRecord = { ...base, database_specific: { severity: "MODERATE" } };
    expect(recordSeverity(r)).toEqual({ rating: "medium", source: "database" });
    expect(recordSeverity({ ...base })).toEqual({ rating: "unknown", source: "none" });
  });

  it("prefers a CVSS score over a label", () => {
    const cvss = { rating: "low" as const, score: 2, type: "CVSS_V3" as const, source: "cvss" as const };
    expect(maxSeverity({ rating: "critical", source: "database" }, cvss)).toBe(cvss);
  });
});
