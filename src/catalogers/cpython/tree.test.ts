import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pypiMetadataFile } from "../../cli/services.js";
import { encodeSbom } from "../../formats/index.js";
import type { Actor } from "../../model/index.js";
import { decompressedChunks, readTar } from "../../sources/tar.js";
import { validateSchema } from "../../validate/schema.js";
import { generateSbom } from "../generate.js";
import { cpythonFixtures, fixtureTree, tempDir } from "./test-helpers/fixtures.js";
import { parsePatchlevel } from "./tree.js";

const goldenDir = join(import.meta.dirname, "testdata");
const update = process.env.UPDATE_GOLDEN === "1";
const tool: Actor = { kind: "Tool", name: "pysbom", version: "0.1.0" };
const releaseOk = join(cpythonFixtures, "release/ok");

/** The bundled pip wheel of the release fixture, read with pysbom's own tar reader. */
async function fixtureWheel(): Promise<Buffer> {
  async function* chunks(): AsyncIterable<Uint8Array> {
    yield readFileSync(join(releaseOk, "Python-3.99.1rc2.tgz"));
  }
  let wheel: Buffer | undefined;
  await readTar(decompressedChunks(chunks(), "gzip"), (e) => {
    if (!e.name.endsWith(".whl")) return undefined;
    const parts: Buffer[] = [];
    return {
      data: (c) => parts.push(Buffer.from(c)),
      end: () => {
        wheel = Buffer.concat(parts);
      },
    };
  });
  return wheel!;
}

/** The `ok` fixture tree as `<tmp>/cpython`, with a patchlevel.h and (optionally) the pip wheel. */
async function cpythonTree(options: { wheel?: boolean; patchlevel?: boolean } = {}): Promise<string> {
  const parent = tempDir();
  renameSync(await fixtureTree("notgit"), join(parent, "cpython"));
  const root = join(parent, "cpython");
  if (options.patchlevel ?? true) {
    mkdirSync(join(root, "Include"));
    writeFileSync(
      join(root, "Include/patchlevel.h"),
      '#define PY_MAJOR_VERSION 3\n#define PY_VERSION "3.99.1rc2"\n',
    );
  }
  if (options.wheel) {
    mkdirSync(join(root, "Lib/ensurepip/_bundled"), { recursive: true });
    writeFileSync(join(root, "Lib/ensurepip/_bundled/pip-99.0-py3-none-any.whl"), await fixtureWheel());
  }
  return parent;
}

async function generate(parent: string, offline = false) {
  const warnings: string[] = [];
  const result = await generateSbom(["cpython"], {
    cwd: parent,
    created: "2025-01-01T00:00:00Z",
    creators: [tool],
    services: offline ? {} : { fetchJson: pypiMetadataFile(join(releaseOk, "pypi-fixture.json")) },
    warn: (m) => warnings.push(m),
  });
  return { ...result, warnings };
}

describe("cpython-tree cataloger", () => {
  it("parsePatchlevel", () => {
    expect(parsePatchlevel('#define PY_VERSION      "3.14.0a1+"\n')).toBe("3.14.0a1+");
    expect(parsePatchlevel("#define PY_MAJOR_VERSION 3\n")).toBeUndefined();
  });

  it("is detected, and describes CPython, the vendored packages with their files, pip, and every other file", async () => {
    const parent = await cpythonTree({ wheel: true });
    const { document, types, warnings } = await generate(parent);
    expect(types).toEqual(["cpython-tree"]);
    expect(warnings.join("\n")).toMatch(/Misc\/sbom\.spdx\.json is not up to date/);
    expect(document.unknowns).toEqual([]);
    const names = document.packages.map((p) => p.name).sort();
    expect(names).toEqual(
      [
        "CPython",
        "cachecontrol",
        "certifi",
        "dependency-groups",
        "expat",
        "hacl-star",
        "idna",
        "macholib",
        "mpdecimal",
        "pip",
        "requests",
        "typing_extensions",
      ].sort(),
    );
    const cpython = document.packages.find((p) => p.name === "CPython")!;
    expect(cpython.version).toBe("3.99.1rc2");
    expect(cpython.purl).toBe("pkg:generic/python@3.99.1rc2");
    expect(cpython.cpes).toEqual(["cpe:2.3:a:python:python:3.99.1rc2:*:*:*:*:*:*:*"]);

    const byId = new Map(document.files.map((f) => [f.id, f.path]));
    const owned = (name: string): string[] => {
      const id = document.packages.find((p) => p.name === name)!.id;
      return document.relationships
        .filter((r) => r.from === id && r.type === "CONTAINS")
        .map((r) => byId.get(r.to)!)
        .sort();
    };
    expect(owned("expat")).toContain("Modules/expat/café.h");
    expect(owned("expat")).not.toContain("Modules/expat/expat_config.h");
    expect(owned("mpdecimal")).toEqual([
      "Modules/_decimal/libmpdec/a-b.c",
      "Modules/_decimal/libmpdec/a_b.c",
      "Modules/_decimal/libmpdec/literature/fnt.py",
    ]);
    const mine = owned("CPython");
    expect(mine).toContain("Modules/expat/expat_config.h");
    expect(mine).toContain("Lib/ensurepip/_bundled/pip-99.0-py3-none-any.whl");
    expect(mine).toContain(".gitignore");
    expect(mine).not.toContain("Modules/expat/build.o"); // *.o is ignored
    expect(mine).not.toContain("Modules/expat/café.h");
    // Every path appears once.
    const all = document.files.map((f) => f.path);
    expect(new Set(all).size).toBe(all.length);
  });

  it("the vendored files carry the checksums `cpython update` writes (CRLF hashed as LF)", async () => {
    const parent = await cpythonTree();
    const { document } = await generate(parent);
    const crlf = document.files.find((f) => f.path === "Modules/expat/crlf.h")!;
    expect(crlf.checksums).toContainEqual({
      algorithm: "SHA256",
      value: "57c7da7af907999933f181d65035cffabadd73c39bd608125299a7d88156f1d4",
    });
  });

  it("problems in the tree become unknowns, not failures", async () => {
    const parent = tempDir();
    renameSync(await fixtureTree("err-license"), join(parent, "cpython"));
    const { document } = await generate(parent);
    const codes = document.unknowns.map((u) => u.code).sort();
    expect(codes).toEqual(["cpython/license", "cpython/version"]);
    expect(document.packages.find((p) => p.name === "CPython")!.version).toBeUndefined();
  });

  it("an unreadable Misc/sbom.spdx.json is an unknown; the files are still described", async () => {
    const parent = await cpythonTree();
    writeFileSync(join(parent, "cpython/Misc/sbom.spdx.json"), "{not json");
    const { document } = await generate(parent);
    expect(document.unknowns.map((u) => u.code)).toEqual(["cpython/source-sbom"]);
    expect(document.files.some((f) => f.path === "Modules/expat/COPYING")).toBe(true);
  });

  it("the Windows externals play no part in the tree's SBOM", async () => {
    const parent = await cpythonTree();
    rmSync(join(parent, "cpython/PCbuild/get_externals.bat"));
    const { document } = await generate(parent);
    expect(document.unknowns).toEqual([]);
    expect(document.packages.map((p) => p.name)).toContain("expat");
  });

  it("a development version gets a purl but no CPE", async () => {
    const parent = await cpythonTree();
    writeFileSync(join(parent, "cpython/Include/patchlevel.h"), '#define PY_VERSION "3.15.0a0+"\n');
    const { document } = await generate(parent);
    const cpython = document.packages.find((p) => p.name === "CPython")!;
    expect(cpython.purl).toBe("pkg:generic/python@3.15.0a0%2B");
    expect(cpython.cpes).toEqual([]);
  });

  it("golden SBOMs of the ok tree (with pip), schema-valid", async () => {
    const parent = await cpythonTree({ wheel: true });
    const { document } = await generate(parent);
    const spdx = encodeSbom(document, "spdx-json").text;
    const cdx = encodeSbom(document, "cyclonedx-json").text;
    expect(validateSchema("spdx-2.3", JSON.parse(spdx))).toEqual([]);
    expect(validateSchema("cyclonedx-1.6", JSON.parse(cdx))).toEqual([]);
    for (const [name, text] of [
      ["tree-ok.golden.spdx.json", spdx],
      ["tree-ok.golden.cdx.json", cdx],
    ] as const) {
      const path = join(goldenDir, name);
      if (update) writeFileSync(path, text);
      expect(existsSync(path), `golden file ${name} exists (run with UPDATE_GOLDEN=1 to create)`).toBe(true);
      expect(text).toBe(readFileSync(path, "utf8"));
    }
  });
});
