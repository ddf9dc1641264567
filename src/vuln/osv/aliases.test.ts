import { describe, expect, it } from "vitest";
import { compareIds, groupByAliases } from "./aliases.js";

describe("alias groups", () => {
  it("groups through shared aliases, transitively", () => {
    const groups = groupByAliases([
      { id: "PYSEC-2021-370", aliases: ["CVE-2021-32811", "GHSA-qcx9-j53g-ccgf"] },
      { id: "PYSEC-2021-1", aliases: ["CVE-2021-1"] },
      { id: "PYSEC-2021-335", aliases: ["CVE-2021-32807", "GHSA-qcx9-j53g-ccgf"] },
      { id: "GHSA-zzzz", aliases: ["CVE-2021-32807"] },
      { id: "CVE-2021-1", aliases: null },
    ]);
    expect(groups).toEqual([
      [0, 2, 3],
      [1, 4],
    ]);
  });

  it("orders ids: PSF, PYSEC, CVE, GHSA, others; numerically", () => {
    expect(
      ["OSV-1", "CVE-2021-9", "PYSEC-2021-10", "GHSA-x", "PYSEC-2021-9", "PSF-2024-1"].sort(compareIds),
    ).toEqual(["PSF-2024-1", "PYSEC-2021-9", "PYSEC-2021-10", "CVE-2021-9", "GHSA-x", "OSV-1"]);
  });
});
