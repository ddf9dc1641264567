import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedDir } from "../core/test-helpers/vectors.js";
import { isPysbomError } from "../errors.js";
import type { Document } from "../model/index.js";
import { validateSchema } from "../validate/schema.js";
import {
  decodeSbom,
  detectFormat,
  encodeCycloneDxJson,
  encodeSpdxJson,
  encodeSpdxTagValue,
} from "./index.js";
import { minimalDoc } from "./test-helpers/golden-docs.js";

const realDir = join(sharedDir, "fixtures/cpython/real-2024-04-02");
const realFiles = readdirSync(realDir).filter((f) => f.endsWith(".spdx.json"));

/** Everything that must survive a conversion: ids, names, versions, identifiers, checksums, relationships. */
function essentials(doc: Document) {
  const sums = (list: readonly { algorithm: string; value: string }[]) =>
    list.map((c) => `${c.algorithm}:${c.value}`).sort();
  return {
    packages: doc.packages
      .map((p) =>
        JSON.stringify([p.id, p.name, p.version, p.purl, [...p.cpes], sums(p.checksums), p.downloadLocation]),
      )
      .sort(),
    files: doc.files.map((f) => JSON.stringify([f.id, f.path, sums(f.checksums)])).sort(),
    relationships: doc.relationships.map((r) => `${r.from} ${r.type} ${r.to}`).sort(),
  };
}

describe("real CPython SBOMs", () => {
  it("are all present", () => expect(realFiles.length).toBe(4));

  it.each(realFiles)("%s: decode, re-encode as SPDX JSON and tag-value: nothing lost", (name) => {
    const text = readFileSync(join(realDir, name), "utf8");
    const raw = JSON.parse(text) as { packages?: unknown[]; files?: unknown[]; relationships?: unknown[] };
    const { document, warnings, format } = decodeSbom(text, { file: name });
    expect(format).toBe("spdx-json");
    expect(warnings).toEqual([]);
    expect(document.packages.length).toBe(raw.packages?.length ?? 0);
    expect(document.files.length).toBe(raw.files?.length ?? 0);
    expect(document.relationships.length).toBe(raw.relationships?.length ?? 0);
    const want = essentials(document);
    const again = decodeSbom(encodeSpdxJson(document).text).document;
    expect(essentials(again)).toEqual(want);
    const tv = decodeSbom(encodeSpdxTagValue(document).text).document;
    expect(essentials(tv)).toEqual(want);
  });

  it.each(realFiles)("%s: converts to schema-valid CycloneDX 1.6 and back with every checksum", (name) => {
    const { document } = decodeSbom(readFileSync(join(realDir, name), "utf8"), { file: name });
    const cdx = encodeCycloneDxJson(document).text;
    expect(validateSchema("cyclonedx-1.6", JSON.parse(cdx))).toEqual([]);
    const back = decodeSbom(cdx).document;
    const strip = (e: ReturnType<typeof essentials>) => ({
      packages: e.packages.map((p) => JSON.parse(p).slice(1)).sort(),
      files: e.files.map((f) => JSON.parse(f).slice(1)).sort(),
      count: e.relationships.length,
    });
    expect(strip(essentials(back))).toEqual(strip(essentials(document)));
  });

  it("the release SBOM is schema-valid SPDX 2.3 after re-encoding", () => {
    const name = "release-Python-3.13.0a5.tgz.spdx.json";
    const { document } = decodeSbom(readFileSync(join(realDir, name), "utf8"), { file: name });
    expect(validateSchema("spdx-2.3", JSON.parse(encodeSpdxJson(document).text))).toEqual([]);
  });
});

const good = encodeSpdxJson(minimalDoc()).text;
const goodObj = JSON.parse(good) as Record<string, unknown> & { packages: Record<string, unknown>[] };

function errorOf(fn: () => unknown): { code: string; message: string; location: unknown } {
  try {
    fn();
  } catch (e) {
    if (isPysbomError(e)) return { code: e.code, message: e.message, location: e.location };
    throw e;
  }
  throw new Error("expected an error");
}

describe("malformed input", () => {
  const cases: [string, string, string, RegExp][] = [
    ["truncated JSON", good.slice(0, 200), "INVALID_JSON", /^x\.json:\d+:\d+: invalid JSON/],
    ["empty input", "", "UNSUPPORTED_FORMAT", /not an SPDX/],
    ["garbage", "\u0000\u0001 garbage", "UNSUPPORTED_FORMAT", /not an SPDX/],
    [
      "unknown spdxVersion",
      JSON.stringify({ ...goodObj, spdxVersion: "SPDX-3.0" }),
      "UNSUPPORTED_VERSION",
      /at \/spdxVersion: unsupported SPDX version "SPDX-3.0"/,
    ],
    [
      "wrong type",
      JSON.stringify({ ...goodObj, packages: [{ ...goodObj.packages[0], name: 42 }] }),
      "INVALID_DOCUMENT",
      /at \/packages\/0\/name: expected a string, found number 42/,
    ],
    [
      "packages not an array",
      JSON.stringify({ ...goodObj, packages: {} }),
      "INVALID_DOCUMENT",
      /at \/packages: expected an array/,
    ],
    [
      "duplicate ids",
      JSON.stringify({ ...goodObj, packages: [goodObj.packages[0], goodObj.packages[0]] }),
      "INVALID_DOCUMENT",
      /at \/packages\/1\/SPDXID: duplicate SPDX id/,
    ],
    [
      "dangling relationship",
      JSON.stringify({
        ...goodObj,
        relationships: [
          {
            spdxElementId: "SPDXRef-DOCUMENT",
            relationshipType: "DESCRIBES",
            relatedSpdxElement: "SPDXRef-nope",
          },
        ],
      }),
      "INVALID_DOCUMENT",
      /at \/relationships\/0: relationship .* refers to "SPDXRef-nope"/,
    ],
    [
      "unknown relationship type",
      JSON.stringify({
        ...goodObj,
        relationships: [
          {
            spdxElementId: "SPDXRef-DOCUMENT",
            relationshipType: "LIKES",
            relatedSpdxElement: "SPDXRef-DOCUMENT",
          },
        ],
      }),
      "INVALID_DOCUMENT",
      /at \/relationships\/0\/relationshipType: unknown relationship type "LIKES"/,
    ],
    [
      "bad CycloneDX version",
      '{"bomFormat":"CycloneDX","specVersion":"9.9"}',
      "UNSUPPORTED_VERSION",
      /at \/specVersion/,
    ],
    [
      "CycloneDX duplicate bom-ref",
      JSON.stringify({
        bomFormat: "CycloneDX",
        specVersion: "1.6",
        components: [
          { type: "library", name: "a", "bom-ref": "x" },
          { type: "library", name: "b", "bom-ref": "x" },
        ],
      }),
      "INVALID_DOCUMENT",
      /at \/components\/1\/bom-ref: duplicate bom-ref "x"/,
    ],
    [
      "CycloneDX dangling dependency",
      JSON.stringify({
        bomFormat: "CycloneDX",
        specVersion: "1.5",
        components: [{ type: "library", name: "a", "bom-ref": "a" }],
        dependencies: [{ ref: "a", dependsOn: ["b"] }],
      }),
      "INVALID_DOCUMENT",
      /at \/dependencies\/0\/dependsOn\/0: dependency refers to bom-ref "b"/,
    ],
    [
      "deep nesting",
      `{"spdxVersion":"SPDX-2.3","x":${"[".repeat(100_000)}${"]".repeat(100_000)}}`,
      "LIMIT_EXCEEDED",
      /nested deeper than 256/,
    ],
    [
      "tag-value unclosed text",
      "SPDXVersion: SPDX-2.3\nDocumentComment: <text>never closed\n",
      "INVALID_DOCUMENT",
      /x\.json:2: <text> block/,
    ],
    [
      "tag-value unknown tag",
      "SPDXVersion: SPDX-2.3\nPackageName: a\nPackageColour: red\n",
      "INVALID_DOCUMENT",
      /x\.json:3: unknown package tag "PackageColour"/,
    ],
  ];

  it.each(cases)("%s gives %s with a location", (_name, text, code, message) => {
    const e = errorOf(() => decodeSbom(text, { file: "x.json" }));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect(e.location).toBeDefined();
  });

  it("50 MB of garbage is rejected quickly without a stack trace", () => {
    const garbage = "x".repeat(50 * 1024 * 1024);
    expect(errorOf(() => decodeSbom(garbage, { file: "g" })).code).toBe("UNSUPPORTED_FORMAT");
    const jsonish = `{${"x".repeat(50 * 1024 * 1024)}`;
    expect(errorOf(() => decodeSbom(jsonish, { file: "g" })).code).toBe("INVALID_JSON");
  });

  it("lenient decoding drops dangling relationships with a warning", () => {
    const text = JSON.stringify({
      ...goodObj,
      relationships: [
        {
          spdxElementId: "SPDXRef-DOCUMENT",
          relationshipType: "DESCRIBES",
          relatedSpdxElement: "SPDXRef-nope",
        },
      ],
    });
    const { document, warnings } = decodeSbom(text, { file: "x.json", lenient: true });
    expect(document.relationships).toEqual([]);
    expect(warnings[0]).toMatch(/SPDXRef-nope.*dropped/);
  });

  it("detects formats", () => {
    expect(detectFormat(good)).toBe("spdx-json");
    expect(detectFormat(encodeSpdxTagValue(minimalDoc()).text)).toBe("spdx-tag-value");
    expect(detectFormat(encodeCycloneDxJson(minimalDoc()).text)).toBe("cyclonedx-json");
  });
});
