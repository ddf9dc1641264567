// validate on generated 5,000-element documents (SPDX 2.3 JSON with 5,000 packages, CycloneDX 1.6 with
// 5,000 components, both with a dependency graph, licenses, hashes and purls) and on the real CPython release
// SBOM. The schemas are compiled once per process, in setup, so the timed runs measure validation alone.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { encodeSbom } from "../dist/formats/index.js";
import { precompileValidationSchemas, validateSbom } from "../dist/validate/index.js";
import { bigDoc } from "./docs.mjs";

const real = join(
  import.meta.dirname,
  "../../shared/fixtures/cpython/real-2024-04-02/release-Python-3.13.0a5.tgz.spdx.json",
);

function check(report, what) {
  if (report.counts.errors !== 0) throw new Error(`${what}: ${report.counts.errors} unexpected errors`);
  return `${report.components} components, ${report.findings.length} findings`;
}

export const workloads = [
  {
    name: "validate: compile every schema (SPDX 2.2/2.3, CycloneDX 1.5-1.7), once per process",
    runs: 1,
    run: () => {
      precompileValidationSchemas();
    },
  },
  {
    name: "validate: 5,000-package SPDX 2.3 JSON, --profile ntia",
    setup: () => {
      precompileValidationSchemas();
      return encodeSbom(bigDoc(5000), "spdx-json").text;
    },
    run: (text) => check(validateSbom(text, { profiles: ["ntia"] }), "spdx"),
  },
  {
    name: "validate: 5,000-component CycloneDX 1.6 JSON, --profile ntia",
    setup: () => {
      precompileValidationSchemas();
      return encodeSbom(bigDoc(5000), "cyclonedx-json@1.6").text;
    },
    run: (text) => check(validateSbom(text, { profiles: ["ntia"] }), "cyclonedx"),
  },
  {
    name: "validate: 5,000-package SPDX 2.3 tag-value, --profile ntia",
    setup: () => {
      precompileValidationSchemas();
      return encodeSbom(bigDoc(5000), "spdx-tag-value").text;
    },
    run: (text) => check(validateSbom(text, { profiles: ["ntia"] }), "tag-value"),
  },
  {
    name: "validate: 5,000-component CycloneDX 1.6, all three profiles",
    setup: () => {
      precompileValidationSchemas();
      return encodeSbom(bigDoc(5000), "cyclonedx-json@1.6").text;
    },
    run: (text) => {
      const r = validateSbom(text, { profiles: ["ntia", "cisa-2025", "bsi-tr-03183-2"] });
      return `${r.findings.length} findings`;
    },
  },
  {
    name: "validate: real CPython release SBOM (4.6k files, verification codes), --profile ntia",
    available: async () => {
      try {
        readFileSync(real);
        return true;
      } catch {
        return false;
      }
    },
    setup: () => {
      precompileValidationSchemas();
      return readFileSync(real, "utf8");
    },
    run: (text) => check(validateSbom(text, { profiles: ["ntia"] }), "cpython"),
  },
];
