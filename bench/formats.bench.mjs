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
import { bigDoc } from "./docs.mjs";

const real = join(
  import.meta.dirname,
  "../../shared/fixtures/cpython/real-2024-04-02/release-Python-3.13.0a5.tgz.spdx.json",
);

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
