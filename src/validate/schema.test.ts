import { describe, expect, it } from "vitest";
import { schemaViolations, validateSchema } from "./schema.js";

const bom = (components: unknown[]) => ({
  bomFormat: "CycloneDX",
  specVersion: "1.6",
  version: 1,
  components,
});

describe("schemas", () => {
  it("uniqueItems: equal items (member order aside) are duplicates, reported at the array", () => {
    const a = { type: "library", name: "a", version: "1" };
    const a2 = { version: "1", name: "a", type: "library" };
    const b = { type: "library", name: "b" };
    expect(validateSchema("cyclonedx-1.6", bom([a, b]))).toEqual([]);
    expect(
      schemaViolations("cyclonedx-1.6", bom([a, b, a2])).map((v) => [v.pointer, v.keyword, v.message]),
    ).toEqual([
      ["/components", "uniqueItems", "must NOT have duplicate items (items ## 0 and 2 are identical)"],
    ]);
  });

  it("uniqueItems: items that share one member but differ in another are distinct", () => {
    const c = (version: string) => ({ type: "library", name: "a", version });
    expect(validateSchema("cyclonedx-1.6", bom([c("1"), c("2")]))).toEqual([]);
    expect(schemaViolations("cyclonedx-1.6", bom([c("1"), c("2"), c("1")])).map((v) => v.keyword)).toEqual([
      "uniqueItems",
    ]);
  });

  it("uniqueItems is linear: 20,000 components in well under a second", () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ({ type: "library", name: `p${i}`, version: "1" }));
    const t0 = performance.now();
    expect(validateSchema("cyclonedx-1.6", bom(many))).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it("SPDX 2.2: fields of 2.3 are unknown members, fields 2.2 requires are required", () => {
    const doc = {
      spdxVersion: "SPDX-2.2",
      dataLicense: "CC0-1.0",
      SPDXID: "SPDXRef-DOCUMENT",
      name: "x",
      documentNamespace: "https://example.com/x",
      creationInfo: { created: "2024-01-01T00:00:00Z", creators: ["Tool: x"] },
      packages: [
        { SPDXID: "SPDXRef-a", name: "a", downloadLocation: "NONE", primaryPackagePurpose: "LIBRARY" },
      ],
    };
    expect(validateSchema("spdx-2.2", doc).map((e) => `${e.pointer} ${e.message}`)).toEqual([
      '/packages/0 is missing required member "copyrightText"',
      '/packages/0 is missing required member "licenseConcluded"',
      '/packages/0 is missing required member "licenseDeclared"',
      '/packages/0 has unknown member "primaryPackagePurpose"',
    ]);
    expect(validateSchema("spdx-2.3", { ...doc, spdxVersion: "SPDX-2.3" })).toEqual([]);
  });
});
