// Property tests: any model value encodes to output that is valid against the official schemas, and the
// encoders are deterministic.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Actor,
  type ChecksumAlgorithm,
  createDocument,
  createFile,
  createPackage,
  DOCUMENT_REF,
  type Document,
  type FileType,
  formatTimestamp,
  type PrimaryPurpose,
  RELATIONSHIP_TYPES,
} from "../model/index.js";
import { validateSchema } from "../validate/schema.js";
import {
  decodeSbom,
  encodeCycloneDxJson,
  encodeSpdxJson,
  encodeSpdxTagValue,
  parseTagValue,
} from "./index.js";

const ALGS: ChecksumAlgorithm[] = [
  "SHA1",
  "SHA256",
  "SHA512",
  "MD5",
  "SHA3-256",
  "BLAKE2b-256",
  "BLAKE3",
  "ADLER32",
  "MD6",
];
const PURPOSES: PrimaryPurpose[] = [
  "APPLICATION",
  "FRAMEWORK",
  "LIBRARY",
  "CONTAINER",
  "OPERATING-SYSTEM",
  "DEVICE",
  "FIRMWARE",
  "SOURCE",
  "ARCHIVE",
  "FILE",
  "INSTALL",
  "OTHER",
];
const FILE_TYPES: FileType[] = ["SOURCE", "BINARY", "ARCHIVE", "TEXT", "DOCUMENTATION", "OTHER"];

const text = fc.string({ unit: "binary", maxLength: 12 });
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
const checksum = fc.record({
  algorithm: fc.constantFrom(...ALGS),
  value: fc.oneof(hex(40), hex(64), hex(8), fc.constantFrom("xyz", "")),
});
// Suppliers and originators are people or organisations (SPDX 2.3 clauses 7.5, 7.6); creators may be tools.
const party: fc.Arbitrary<Actor> = fc.record({
  kind: fc.constantFrom("Person", "Organization") as fc.Arbitrary<Actor["kind"]>,
  name: text,
  email: opt(fc.oneof(fc.emailAddress(), text)),
});
const tool: fc.Arbitrary<Actor> = fc.record({
  kind: fc.constant("Tool" as const),
  name: text,
  version: opt(text),
});
const actor = fc.oneof(party, tool);
const url = fc.oneof(
  fc.webUrl(),
  fc.constant("NONE"),
  text,
  fc.constant("git+https://github.com/a/b@0123abc"),
);
const licenseExpr = fc.oneof(
  fc.constantFrom(
    "MIT",
    "Apache-2.0 OR MIT",
    "GPL-2.0-only WITH Classpath-exception-2.0",
    "NONE",
    "LicenseRef-x",
  ),
  text,
);

const pkg = fc.record({
  name: text,
  version: opt(text),
  supplier: opt(party),
  originator: opt(party),
  downloadLocation: opt(url),
  homepage: opt(url),
  fileName: opt(text),
  checksums: fc.array(checksum, { maxLength: 3 }),
  licenseDeclared: opt(licenseExpr),
  licenseConcluded: opt(licenseExpr),
  copyright: opt(text),
  purl: opt(fc.oneof(text, fc.constant("pkg:pypi/requests@2.31.0"))),
  cpes: fc.array(text, { maxLength: 2 }),
  purpose: opt(fc.constantFrom(...PURPOSES)),
  summary: opt(text),
  description: opt(text),
  comment: opt(text),
  sourceInfo: opt(text),
  externalRefs: fc.array(
    fc.record({
      category: fc.constantFrom(
        "SECURITY",
        "PACKAGE-MANAGER",
        "PERSISTENT-ID",
        "OTHER",
      ) as fc.Arbitrary<"OTHER">,
      type: fc.oneof(fc.constantFrom("website", "vcs", "purl", "advisory"), text),
      locator: fc.oneof(fc.webUrl(), text),
      comment: opt(text),
    }),
    { maxLength: 2 },
  ),
  filesAnalyzed: fc.boolean(),
  properties: fc.array(fc.record({ name: text, value: text }), { maxLength: 2 }),
});
const file = fc.record({
  path: text,
  checksums: fc.array(checksum, { maxLength: 2 }),
  fileTypes: fc.uniqueArray(fc.constantFrom(...FILE_TYPES), { maxLength: 2 }),
  licenseConcluded: opt(licenseExpr),
  licenseInfoInFiles: fc.array(text, { maxLength: 2 }),
  copyright: opt(text),
  comment: opt(text),
  properties: fc.array(fc.record({ name: text, value: text }), { maxLength: 2 }),
});

const documentArb: fc.Arbitrary<Document> = fc
  .record({
    name: text,
    created: fc.date({ min: new Date("1990-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }),
    creators: fc.array(actor, { minLength: 1, maxLength: 3 }),
    packages: fc.array(pkg, { maxLength: 5 }),
    files: fc.array(file, { maxLength: 4 }),
    rels: fc.array(
      fc.record({
        a: fc.nat(),
        b: fc.nat(),
        type: fc.constantFrom(...RELATIONSHIP_TYPES),
        comment: opt(text),
      }),
      { maxLength: 8 },
    ),
    unknowns: fc.array(fc.record({ location: opt(text), code: text, message: text }), { maxLength: 2 }),
    extracted: fc.array(fc.record({ name: opt(text), text }), { maxLength: 2 }),
  })
  .map((r) => {
    const packages = r.packages.map((p, i) => createPackage({ ...p, id: `p${i}` }));
    const files = r.files.map((f, i) => createFile({ ...f, id: `f${i}` }));
    const ids = [DOCUMENT_REF, ...packages.map((p) => p.id), ...files.map((f) => f.id)];
    const relationships = r.rels.map((x) => ({
      from: ids[x.a % ids.length]!,
      type: x.type,
      to: ids[x.b % ids.length]!,
      comment: x.comment,
    }));
    return createDocument({
      name: r.name,
      created: formatTimestamp(r.created),
      creators: r.creators,
      packages,
      files,
      relationships,
      unknowns: r.unknowns,
      extractedLicenses: r.extracted.map((l, i) => ({
        id: i === 0 ? "LicenseRef-x" : `LicenseRef-${i}`,
        name: l.name,
        text: l.text,
      })),
    });
  });

describe("encoders on arbitrary model values", () => {
  it("SPDX 2.3 JSON is schema-valid, decodes, and re-encodes identically", () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        const { text: out } = encodeSpdxJson(doc);
        expect(validateSchema("spdx-2.3", JSON.parse(out))).toEqual([]);
        expect(encodeSpdxJson(doc).text).toBe(out);
        expect(encodeSpdxJson(decodeSbom(out).document).text).toBe(out);
      }),
      { numRuns: 150 },
    );
  });

  it("SPDX tag-value parses back to schema-valid SPDX", () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        const { text: out, warnings } = encodeSpdxTagValue(doc);
        expect(validateSchema("spdx-2.3", parseTagValue(out).json)).toEqual([]);
        if (warnings.length === 0) expect(encodeSpdxTagValue(decodeSbom(out).document).text).toBe(out);
      }),
      { numRuns: 150 },
    );
  });

  it.each(["1.5", "1.6", "1.7"] as const)("CycloneDX %s is schema-valid and re-encodes identically", (v) => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        const { text: out } = encodeCycloneDxJson(doc, { specVersion: v });
        expect(validateSchema(`cyclonedx-${v}`, JSON.parse(out))).toEqual([]);
        expect(encodeCycloneDxJson(decodeSbom(out).document, { specVersion: v }).text).toBe(out);
      }),
      { numRuns: 150 },
    );
  });
});
