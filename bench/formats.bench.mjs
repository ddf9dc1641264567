// Encoders and decoders on realistic inputs: the real CPython 3.13.0a5 release SBOM (4,591 files) and a
// generated 5,000-package document with a dependency graph.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  decodeSbom,
  encodeCycloneDxJson,
  encodeSpdxJson,
  encodeSpdxTagValue,
} from "../dist/formats/index.js";
import { createDocument, createPackage, DOCUMENT_REF, relate } from "../dist/model/index.js";

const real = join(
  import.meta.dirname,
  "../../shared/fixtures/cpython/real-2024-04-02/release-Python-3.13.0a5.tgz.spdx.json",
);

function bigDoc(n) {
  const packages = [];
  for (let i = 0; i < n; i++) {
    packages.push(
      createPackage({
        name: `pkg-${i}`,
        version: `1.${i % 50}.${i % 7}`,
        purl: `pkg:pypi/pkg-${i}@1.${i % 50}.${i % 7}`,
        supplier: { kind: "Organization", name: `Org ${i % 100}` },
        licenseDeclared: i % 3 === 0 ? "MIT" : "Apache-2.0 OR BSD-3-Clause",
        checksums: [{ algorithm: "SHA256", value: i.toString(16).padStart(8, "0").repeat(8) }],
        purpose: "LIBRARY",
      }),
    );
  }
  const relationships = [relate(DOCUMENT_REF, "DESCRIBES", packages[0].id)];
  for (let i = 1; i < n; i++)
    relationships.push(relate(packages[Math.floor((i - 1) / 3)].id, "DEPENDS_ON", packages[i].id));
  return createDocument({
    name: "big",
    created: "2024-01-01T00:00:00Z",
    creators: [{ kind: "Tool", name: "bench" }],
    packages,
    relationships,
  });
}

export const workloads = [
  {
    name: "formats: decode real CPython release SBOM (SPDX JSON, 4.6k files)",
    setup: () => readFileSync(real, "utf8"),
    run: (text) => {
      decodeSbom(text);
    },
  },
  {
    name: "formats: CPython release SBOM -> SPDX JSON + tag-value + CycloneDX 1.6",
    setup: () => decodeSbom(readFileSync(real, "utf8")).document,
    run: (doc) => {
      encodeSpdxJson(doc);
      encodeSpdxTagValue(doc);
      encodeCycloneDxJson(doc);
    },
  },
  {
    name: "formats: encode 5,000-package document as SPDX JSON",
    setup: () => bigDoc(5000),
    run: (doc) => {
      encodeSpdxJson(doc);
    },
  },
  {
    name: "formats: encode 5,000-package document as CycloneDX 1.6",
    setup: () => bigDoc(5000),
    run: (doc) => {
      encodeCycloneDxJson(doc);
    },
  },
  {
    name: "formats: decode 5,000-package CycloneDX 1.6",
    setup: () => encodeCycloneDxJson(bigDoc(5000)).text,
    run: (text) => {
      decodeSbom(text);
    },
  },
];
