import { lstatSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedDir } from "../core/test-helpers/vectors.js";
import { encodeSpdxJson } from "../formats/index.js";
import { minimalDoc } from "../formats/test-helpers/golden-docs.js";
import { validateSchema } from "../validate/schema.js";
import { run } from "./run.js";
import { memoryIo } from "./test-helpers.js";

const real = join(sharedDir, "fixtures/cpython/real-2024-04-02/release-Python-3.13.0a5.tgz.spdx.json");

describe("pysbom CLI", () => {
  it("prints help and exits 0", async () => {
    const c = memoryIo();
    expect(await run(["--help"], c.io)).toBe(0);
    expect(c.stdout()).toMatch(/Usage: pysbom/);
    expect(c.stdout()).toMatch(/convert/);
  });

  it("prints the version", async () => {
    const c = memoryIo();
    expect(await run(["--version"], c.io)).toBe(0);
    expect(c.stdout()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it.each([
    [["bogus"], /unknown command 'bogus'/],
    [["convert"], /missing required argument 'input'/],
    [["convert", real, "-o", "xml"], /unknown output format "xml"/],
    [
      ["convert", real, "-o", "spdx-json", "-o", "cyclonedx-json"],
      /only one output can go to standard output/,
    ],
    [["convert", real, "--max-input-size", "lots"], /positive whole number of megabytes/],
    [[], /Usage: pysbom/],
  ])("usage error %j exits 2", async (argv, message) => {
    const c = memoryIo();
    expect(await run(argv, c.io)).toBe(2);
    expect(c.stderr() + c.stdout()).toMatch(message);
  });

  it("converts a real CPython release SBOM to schema-valid CycloneDX on stdout", async () => {
    const c = memoryIo();
    expect(await run(["convert", real, "-o", "cyclonedx-json"], c.io)).toBe(0);
    const bom = JSON.parse(c.stdout());
    expect(validateSchema("cyclonedx-1.6", bom)).toEqual([]);
    expect(c.stderr()).toBe("");
  });

  it("writes several outputs to files, deterministically", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pysbom-cli-"));
    const argv = [
      "convert",
      real,
      "-o",
      "spdx-tag-value=out.spdx",
      "-o",
      "cyclonedx-json@1.5=out.cdx.json",
      "-o",
      "spdx-json",
    ];
    const a = memoryIo({ cwd: dir });
    expect(await run(argv, a.io)).toBe(0);
    const first = [
      readFileSync(join(dir, "out.spdx"), "utf8"),
      readFileSync(join(dir, "out.cdx.json"), "utf8"),
      a.stdout(),
    ];
    const b = memoryIo({ cwd: dir });
    expect(await run(argv, b.io)).toBe(0);
    expect([
      readFileSync(join(dir, "out.spdx"), "utf8"),
      readFileSync(join(dir, "out.cdx.json"), "utf8"),
      b.stdout(),
    ]).toEqual(first);
    expect(first[0]).toMatch(/^SPDXVersion: SPDX-2.3\n/);
    expect(JSON.parse(first[1]!).specVersion).toBe("1.5");
  });

  it("adds creation info to a fragment from SOURCE_DATE_EPOCH, with a warning", async () => {
    const frag = join(sharedDir, "fixtures/cpython/real-2024-04-02/sbom.spdx.json");
    const c = memoryIo({ env: { SOURCE_DATE_EPOCH: "1700000000" } });
    expect(await run(["convert", frag, "-o", "spdx-json"], c.io)).toBe(0);
    const doc = JSON.parse(c.stdout());
    expect(doc.creationInfo.created).toBe("2023-11-14T22:13:20Z");
    expect(doc.creationInfo.creators).toEqual([expect.stringMatching(/^Tool: pysbom-/)]);
    expect(validateSchema("spdx-2.3", doc)).toEqual([]);
    expect(c.stderr()).toMatch(/warning: .*no creation information/);
    const q = memoryIo({ env: { SOURCE_DATE_EPOCH: "1700000000" } });
    expect(await run(["--quiet", "convert", frag], q.io)).toBe(0);
    expect(q.stderr()).toBe("");
    expect(q.stdout()).toBe(c.stdout());
  });

  it("rejects a bad SOURCE_DATE_EPOCH as a usage error", async () => {
    const frag = join(sharedDir, "fixtures/cpython/real-2024-04-02/sbom.spdx.json");
    const c = memoryIo({ env: { SOURCE_DATE_EPOCH: "yesterday" } });
    expect(await run(["convert", frag], c.io)).toBe(2);
    expect(c.stderr()).toMatch(/SOURCE_DATE_EPOCH/);
  });

  it("reads standard input", async () => {
    const c = memoryIo({ stdin: encodeSpdxJson(minimalDoc()).text });
    expect(await run(["convert", "-", "-o", "spdx-json"], c.io)).toBe(0);
    expect(c.stdout()).toBe(encodeSpdxJson(minimalDoc()).text);
  });

  it.each([
    ["missing file", (d: string) => join(d, "nope.json"), /nope\.json: no such file/],
    ["a directory", (d: string) => d, /is a directory/],
    [
      "truncated JSON",
      (d: string) => write(d, "t.json", '{"spdxVersion": "SPDX-2.3", "packages": ['),
      /t\.json:1:\d+: invalid JSON/,
    ],
    [
      "invalid UTF-8",
      (d: string) => write(d, "u.json", Buffer.from([0x7b, 0xff, 0x7d])),
      /not valid UTF-8 \(bad byte at offset 1\)/,
    ],
    [
      "an unknown spdxVersion",
      (d: string) => write(d, "v.json", '{"spdxVersion": "SPDX-9"}'),
      /unsupported SPDX version/,
    ],
    ["not an SBOM", (d: string) => write(d, "n.txt", "hello"), /not an SPDX .* or CycloneDX/],
  ])("%s exits 3 with a clear message and no stack trace", async (_name, make, message) => {
    const dir = mkdtempSync(join(tmpdir(), "pysbom-cli-"));
    const c = memoryIo({ cwd: dir });
    expect(await run(["convert", make(dir)], c.io)).toBe(3);
    expect(c.stderr()).toMatch(message);
    expect(c.stderr()).not.toMatch(/\n\s+at /);
    expect(c.stdout()).toBe("");
  });

  it("refuses an input over the size limit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pysbom-cli-"));
    const big = write(dir, "big.json", Buffer.alloc(2 * 1024 * 1024, 0x20));
    const c = memoryIo({ cwd: dir });
    expect(await run(["convert", big, "--max-input-size", "1"], c.io)).toBe(3);
    expect(c.stderr()).toMatch(/larger than the 1 MiB input limit/);
  });

  it("generate: an unknown --type is a usage error; an unrecognised target exits 3", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pysbom-cli-"));
    const a = memoryIo({ cwd: dir });
    expect(await run(["generate", ".", "--type", "rpm"], a.io)).toBe(2);
    expect(a.stderr()).toMatch(/unknown --type "rpm"/);
    const b = memoryIo({ cwd: dir });
    expect(await run(["generate", "."], b.io)).toBe(3);
    expect(b.stderr()).toMatch(/not a target pysbom recognises/);
    const c = memoryIo({ cwd: dir });
    expect(await run(["generate", "missing-dir"], c.io)).toBe(3);
    expect(c.stderr()).toMatch(/missing-dir: no such file or directory/);
  });

  it('generate "." names a stand-in project after the real directory', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "pysbom-cli-")), "my-service");
    mkdirSync(dir);
    writeFileSync(join(dir, "requirements.txt"), "requests==2.31.0\n");
    const c = memoryIo({ cwd: dir, env: { SOURCE_DATE_EPOCH: "0" } });
    expect(await run(["generate", ".", "-o", "table"], c.io)).toBe(0);
    expect(c.stdout()).toMatch(/^my-service\s+NOASSERTION\s+application/m);
    expect(c.stdout()).toMatch(/^requests\s+2\.31\.0\s+library\s+pkg:pypi\/requests@2\.31\.0$/m);
  });

  it("writes through devices and symlinks instead of replacing them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pysbom-cli-"));
    writeFileSync(join(dir, "real.json"), "old");
    symlinkSync("real.json", join(dir, "link.json"));
    const c = memoryIo({ cwd: dir });
    expect(
      await run(["convert", real, "-o", "spdx-json=link.json", "-o", "cyclonedx-json=/dev/null"], c.io),
    ).toBe(0);
    expect(lstatSync(join(dir, "link.json")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "real.json"), "utf8")).toMatch(/^\{\n {2}"spdxVersion"/);
    expect(lstatSync("/dev/null").isCharacterDevice()).toBe(true);
  });

  it("an output that cannot be written exits 3", async () => {
    const c = memoryIo();
    expect(await run(["convert", real, "-o", "spdx-json=/nonexistent-dir/x.json"], c.io)).toBe(3);
    expect(c.stderr()).toMatch(/cannot write \/nonexistent-dir\/x\.json/);
  });
});

function write(dir: string, name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}
