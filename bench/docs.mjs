// Shared bench inputs (not a workload file: only *.bench.mjs are run).
import { createDocument, createPackage, DOCUMENT_REF, relate } from "../dist/model/index.js";

/** A generated document of `n` PyPI packages with licenses, hashes and a dependency tree (fan-out 3). */
export function bigDoc(n) {
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
