// Test-only: hand-built model documents that exercise every field of the model, for the encoders' golden files.
import {
  createDocument,
  createFile,
  createPackage,
  DOCUMENT_REF,
  type Document,
  relate,
} from "../../model/index.js";

const tool = { kind: "Tool", name: "pysbom", version: "0.1.0" } as const;

/** One package, nothing else. */
export function minimalDoc(): Document {
  const p = createPackage({
    name: "requests",
    version: "2.31.0",
    purl: "pkg:pypi/requests@2.31.0",
    supplier: { kind: "Organization", name: "Python Software Foundation" },
    purpose: "LIBRARY",
  });
  return createDocument({
    name: "requests",
    created: "2024-01-02T03:04:05Z",
    creators: [tool],
    packages: [p],
    relationships: [relate(DOCUMENT_REF, "DESCRIBES", p.id)],
  });
}

/** Every model field, several relationship kinds, unknowns, extracted licenses, nesting. */
export function fullDoc(): Document {
  const app = createPackage({
    name: "demo-app",
    version: "1.0.0",
    purl: "pkg:pypi/demo-app@1.0.0",
    supplier: { kind: "Organization", name: "Demo Corp", email: "oss@demo.example" },
    originator: { kind: "Person", name: "Jane Doe", email: "jane@demo.example" },
    downloadLocation: "https://files.example/demo_app-1.0.0.tar.gz",
    homepage: "https://demo.example",
    fileName: "demo_app-1.0.0.tar.gz",
    checksums: [
      { algorithm: "SHA256", value: "a".repeat(64) },
      { algorithm: "SHA1", value: "b".repeat(40) },
      { algorithm: "ADLER32", value: "0a1b2c3d" },
    ],
    licenseDeclared: "MIT OR Apache-2.0",
    licenseConcluded: "MIT",
    licenseInfoFromFiles: ["MIT"],
    copyright: "Copyright 2024 Demo Corp\nAll rights reserved.",
    cpes: ["cpe:2.3:a:demo:demo-app:1.0.0:*:*:*:*:*:*:*", "cpe:2.3:a:demo:demo_app:1.0.0:*:*:*:*:*:*:*"],
    purpose: "APPLICATION",
    summary: "A demo application",
    description: "Longer description\nwith two lines.",
    comment: "Built for the golden tests.",
    sourceInfo: "acquired from pyproject.toml",
    externalRefs: [
      { category: "OTHER", type: "documentation", locator: "https://docs.demo.example" },
      { category: "SECURITY", type: "advisory", locator: "https://osv.dev/vulnerability/PYSEC-2024-1" },
      {
        category: "PERSISTENT-ID",
        type: "swh",
        locator: "swh:1:cnt:94a9ed024d3859793618152ea559a168bbcbb5e2",
      },
    ],
    filesAnalyzed: true,
    verificationCode: { value: "c".repeat(40), excludedFiles: ["./demo.spdx.json"] },
    properties: [{ name: "pysbom:location", value: "demo/pyproject.toml" }],
  });
  const lib = createPackage({
    name: "idna",
    version: "3.6",
    purl: "pkg:pypi/idna@3.6",
    supplier: { kind: "Person", name: "Kim Davies", email: "kim@cynosure.com.au" },
    licenseDeclared: "BSD-3-Clause",
    purpose: "LIBRARY",
    downloadLocation: "NONE",
  });
  const devLib = createPackage({
    name: "pytest",
    version: "8.0.0",
    purl: "pkg:pypi/pytest@8.0.0",
    licenseDeclared: "LicenseRef-pytest-license",
    purpose: "LIBRARY",
    originator: { kind: "Organization", name: "pytest-dev" },
  });
  const src = createPackage({
    name: "vendored-src",
    version: "0.1",
    purpose: "SOURCE",
    downloadLocation: "git+https://github.com/example/vendored@0123456789abcdef0123456789abcdef01234567",
    licenseConcluded: "NONE",
    filesAnalyzed: true,
  });
  const f1 = createFile({
    path: "demo_app/__init__.py",
    checksums: [
      { algorithm: "SHA1", value: "d".repeat(40) },
      { algorithm: "SHA256", value: "e".repeat(64) },
    ],
    fileTypes: ["SOURCE", "TEXT"],
    licenseConcluded: "MIT",
    licenseInfoInFiles: ["MIT"],
    copyright: "Copyright 2024 Demo Corp",
    comment: "entry point",
    properties: [{ name: "pysbom:record-size", value: "42" }],
  });
  const f2 = createFile({
    path: "demo_app/data file ü.json",
    checksums: [{ algorithm: "SHA256", value: "f".repeat(64) }],
  });
  const f3 = createFile({ path: "vendored/a.c", checksums: [{ algorithm: "SHA1", value: "1".repeat(40) }] });
  return createDocument({
    name: "demo-app SBOM",
    namespace: "https://spdx.org/spdxdocs/demo-app-0d4a7c8e-0000-5000-8000-000000000000",
    created: "2024-01-02T03:04:05Z",
    creators: [
      tool,
      { kind: "Person", name: "Release Manager", email: "rm@demo.example" },
      { kind: "Organization", name: "Demo Corp" },
    ],
    comment: "Golden document.",
    licenseListVersion: "3.25",
    packages: [app, lib, devLib, src],
    files: [f1, f2, f3],
    relationships: [
      relate(DOCUMENT_REF, "DESCRIBES", app.id),
      relate(app.id, "DEPENDS_ON", lib.id),
      relate(devLib.id, "DEV_DEPENDENCY_OF", app.id),
      relate(app.id, "DEPENDS_ON", src.id, 'python_version < "3.11"'),
      relate(app.id, "CONTAINS", f1.id),
      relate(app.id, "CONTAINS", f2.id),
      relate(src.id, "CONTAINS", f3.id),
      relate(app.id, "CONTAINS", src.id),
      relate(f1.id, "GENERATED_FROM", f3.id),
      relate(lib.id, "DEPENDS_ON", "NONE"),
    ],
    unknowns: [
      {
        location: "demo/requirements.txt:3",
        code: "requirements/unpinned",
        message: "flask>=2 is not pinned",
      },
      { code: "metadata/missing-license", message: "no license found for vendored-src" },
    ],
    extractedLicenses: [
      { id: "LicenseRef-pytest-license", name: "pytest license", text: "The MIT License (MIT)\n…" },
    ],
    properties: [{ name: "pysbom:target", value: "demo" }],
  });
}

/** Names and paths that collide after SPDX id sanitising, and duplicate installs of one package. */
export function collisionsDoc(): Document {
  const a = createPackage({
    name: "six",
    version: "1.16.0",
    purl: "pkg:pypi/six@1.16.0",
    location: "/venv1/site-packages",
    sourceInfo: "/venv1/site-packages/six-1.16.0.dist-info",
    purpose: "LIBRARY",
    filesAnalyzed: true,
  });
  const b = createPackage({
    name: "six",
    version: "1.16.0",
    purl: "pkg:pypi/six@1.16.0",
    location: "/venv2/site-packages",
    sourceInfo: "/venv2/site-packages/six-1.16.0.dist-info",
    purpose: "LIBRARY",
    filesAnalyzed: true,
  });
  const f1 = createFile({ path: "a_b.c", checksums: [{ algorithm: "SHA1", value: "2".repeat(40) }] });
  const f2 = createFile({ path: "a-b.c", checksums: [{ algorithm: "SHA1", value: "3".repeat(40) }] });
  const f3 = createFile({ path: "a b.c", checksums: [{ algorithm: "SHA1", value: "4".repeat(40) }] });
  return createDocument({
    name: "collisions",
    created: "2024-01-02T03:04:05Z",
    creators: [tool],
    packages: [a, b],
    files: [f1, f2, f3],
    relationships: [
      relate(DOCUMENT_REF, "DESCRIBES", a.id),
      relate(DOCUMENT_REF, "DESCRIBES", b.id),
      relate(a.id, "CONTAINS", f1.id),
      relate(a.id, "CONTAINS", f2.id),
      relate(b.id, "CONTAINS", f2.id),
      relate(b.id, "CONTAINS", f3.id),
    ],
  });
}

/** The golden cases by name. */
export const GOLDEN_DOCS: Record<string, () => Document> = {
  minimal: minimalDoc,
  full: fullDoc,
  collisions: collisionsDoc,
};
