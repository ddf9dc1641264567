// CPython's real SBOMs of 2024-04-02 (../shared/fixtures/cpython/real-2024-04-02): pysbom's decoders read
// them, its source-SBOM model takes the fragment, and `pysbom validate` names what the fragments lack.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../cli/run.js";
import { memoryIo } from "../../cli/test-helpers.js";
import { decodeSbom } from "../../formats/index.js";
import { PSF } from "./pip.js";
import { parsePyJson } from "./pyjson.js";
import { sourceSbomToModel } from "./source-model.js";
import { ReleaseIdAllocator } from "./spdx-id.js";
import { cpythonFixtures } from "./test-helpers/fixtures.js";

const dir = join(cpythonFixtures, "real-2024-04-02");

describe("real CPython SBOMs (2024-04-02)", () => {
  it.each([
    ["sbom.spdx.json", 5, 111, 111],
    ["externals.spdx.json", 9, 0, 0],
    ["release-Python-3.13.0a5.tgz.spdx.json", 31, 4591, 4622],
    ["release-python-3.13.0a5-amd64.exe.spdx.json", 40, 0, 40],
  ])("%s decodes: %i packages, %i files, %i relationships", (file, packages, files, relationships) => {
    const { document } = decodeSbom(readFileSync(join(dir, file), "utf8"), { file });
    expect([document.packages.length, document.files.length, document.relationships.length]).toEqual([
      packages,
      files,
      relationships,
    ]);
  });

  it("the source fragment converts to the release model with its ids and 111 CONTAINS", () => {
    const model = sourceSbomToModel(parsePyJson(readFileSync(join(dir, "sbom.spdx.json"), "utf8")), {
      sbomPath: "Misc/sbom.spdx.json",
      origin: "cpython",
      idScope: "test",
      ids: new ReleaseIdAllocator(),
      packageDefaults: { supplier: PSF, filesAnalyzed: true },
    });
    expect(model.packages.map((p) => p.spdxId)).toEqual([
      "SPDXRef-PACKAGE-expat",
      "SPDXRef-PACKAGE-hacl-star",
      "SPDXRef-PACKAGE-libb2",
      "SPDXRef-PACKAGE-macholib",
      "SPDXRef-PACKAGE-mpdecimal",
    ]);
    expect(model.relationships.filter((r) => r.type === "CONTAINS").length).toBe(111);
    expect(new Set(model.files.map((f) => f.file.spdxId)).size).toBe(111);
    expect(model.packages.find((p) => p.name === "mpdecimal")!.cpes).toEqual([
      "cpe:2.3:a:bytereef:mpdecimal:2.5.1:*:*:*:*:*:*:*",
    ]);
  });

  it.each(["sbom.spdx.json", "externals.spdx.json"])(
    "validate --profile ntia names what the fragment %s lacks (exit 1)",
    async (file) => {
      const c = memoryIo();
      expect(await run(["validate", "--profile", "ntia", "-o", "json", join(dir, file)], c.io)).toBe(1);
      const codes = new Set(
        (JSON.parse(c.stdout()).documents[0].findings as { code: string }[]).map((f) => f.code),
      );
      for (const code of ["ntia/missing-author", "ntia/missing-timestamp", "ntia/missing-supplier"])
        expect(codes).toContain(code);
    },
  );

  it("validate --profile ntia accepts the published release SBOM", async () => {
    const c = memoryIo();
    expect(
      await run(
        ["validate", "--profile", "ntia", "-o", "json", join(dir, "release-Python-3.13.0a5.tgz.spdx.json")],
        c.io,
      ),
    ).toBe(0);
  });
});
