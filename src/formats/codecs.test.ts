import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Document } from "../model/index.js";
import { validateSchema } from "../validate/schema.js";
import {
  allocateBomRefs,
  allocateSpdxIds,
  decodeCycloneDxJson,
  decodeSpdxJson,
  decodeSpdxTagValue,
  encodeCycloneDxJson,
  encodeSpdxJson,
  encodeSpdxTagValue,
  parseTagValue,
} from "./index.js";
import { canon } from "./test-helpers/canon.js";
import { GOLDEN_DOCS } from "./test-helpers/golden-docs.js";

const goldenDir = join(import.meta.dirname, "testdata", "golden");
const update = process.env.UPDATE_GOLDEN === "1";

/** Compares with the golden file (rewritten only when UPDATE_GOLDEN=1; a missing golden file fails). */
function golden(name: string, text: string): void {
  const path = join(goldenDir, name);
  if (update) writeFileSync(path, text);
  expect(existsSync(path), `golden file ${name} exists (run with UPDATE_GOLDEN=1 to create)`).toBe(true);
  expect(text).toBe(readFileSync(path, "utf8"));
}

/** With the derived namespace / serial number filled in, so decoded documents compare equal. */
function withDerived(doc: Document, decoded: Document): Document {
  return {
    ...doc,
    namespace: doc.namespace ?? decoded.namespace,
    serialNumber: doc.serialNumber ?? decoded.serialNumber,
  };
}

describe.each(Object.entries(GOLDEN_DOCS))("golden case %s", (name, make) => {
  it("SPDX 2.3 JSON: golden, schema-valid, round-trips", () => {
    const doc = make();
    const { text } = encodeSpdxJson(doc);
    golden(`${name}.spdx.json`, text);
    expect(validateSchema("spdx-2.3", JSON.parse(text))).toEqual([]);
    const back = decodeSpdxJson(text).document;
    expect(canon(back)).toEqual(
      canon({ ...withDerived(doc, back), serialNumber: undefined }, allocateSpdxIds(doc)),
    );
    expect(encodeSpdxJson(back).text).toBe(text);
  });

  it("SPDX 2.2 JSON is valid against the SPDX 2.2 schema", () => {
    const { text, warnings } = encodeSpdxJson(make(), { spdxVersion: "SPDX-2.2" });
    expect(validateSchema("spdx-2.2", JSON.parse(text))).toEqual([]);
    if (name === "full")
      expect(warnings).toEqual(["1 checksum(s) with algorithms SPDX 2.2 does not know were dropped"]);
  });

  it("SPDX 2.3 tag-value: golden, schema-valid as JSON, round-trips", () => {
    const doc = make();
    const { text, warnings } = encodeSpdxTagValue(doc);
    expect(warnings).toEqual([]);
    golden(`${name}.spdx`, text);
    expect(validateSchema("spdx-2.3", parseTagValue(text).json)).toEqual([]);
    const back = decodeSpdxTagValue(text).document;
    expect(canon(back)).toEqual(
      canon({ ...withDerived(doc, back), serialNumber: undefined }, allocateSpdxIds(doc)),
    );
    expect(encodeSpdxTagValue(back).text).toBe(text);
    // Both SPDX serialisations decode to the same model.
    expect(canon(back)).toEqual(canon(decodeSpdxJson(encodeSpdxJson(doc).text).document));
  });

  it.each(["1.5", "1.6", "1.7"] as const)("CycloneDX %s JSON: golden, schema-valid, round-trips", (v) => {
    const doc = make();
    const { text } = encodeCycloneDxJson(doc, { specVersion: v });
    golden(`${name}.cdx-${v}.json`, text);
    expect(validateSchema(`cyclonedx-${v}`, JSON.parse(text))).toEqual([]);
    const back = decodeCycloneDxJson(text).document;
    if (v !== "1.5") {
      // 1.5 has no license acknowledgement and no authors/manufacturer: not lossless by design.
      expect(canon(back)).toEqual(canon(withDerived(doc, back), allocateBomRefs(doc)));
    }
    expect(encodeCycloneDxJson(back, { specVersion: v }).text).toBe(text);
  });
});

describe("SPDX ids", () => {
  it("never collide and are deterministic", () => {
    const doc = GOLDEN_DOCS.collisions!();
    const ids = [...allocateSpdxIds(doc).values()];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^SPDXRef-[a-zA-Z0-9.-]+$/);
    expect([...allocateSpdxIds(GOLDEN_DOCS.collisions!()).values()]).toEqual(ids);
    const reversed: Document = {
      ...doc,
      packages: [...doc.packages].reverse(),
      files: [...doc.files].reverse(),
    };
    expect(encodeSpdxJson(reversed).text).toBe(encodeSpdxJson(doc).text);
  });
});

describe("the vendored schemas", () => {
  it.each([
    "spdx/spdx-2.3.schema.json",
    "cyclonedx/bom-1.5.schema.json",
    "cyclonedx/bom-1.6.schema.json",
    "cyclonedx/bom-1.7.schema.json",
    "cyclonedx/spdx.schema.json",
    "cyclonedx/jsf-0.82.schema.json",
    "osv/osv-schema.json",
  ])("%s is the official copy in ../shared/schemas", (rel) => {
    const here = readFileSync(join(import.meta.dirname, "../../schemas", rel));
    const shared = readFileSync(join(import.meta.dirname, "../../../shared/schemas", rel));
    expect(here.equals(shared)).toBe(true);
  });
});
