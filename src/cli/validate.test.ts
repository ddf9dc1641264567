// `pysbom validate` in-process: exit codes 0/1/2/3, output formats and their defaults, hostile input.
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedDir } from "../core/test-helpers/vectors.js";
import { run } from "./run.js";
import { memoryIo } from "./test-helpers.js";

const realDir = join(sharedDir, "fixtures/cpython/real-2024-04-02");
const corpus = join(import.meta.dirname, "../validate/testdata/corpus");
const exe = join(realDir, "release-python-3.13.0a5-amd64.exe.spdx.json");
const fragment = join(realDir, "sbom.spdx.json");
const tmp = mkdtempSync(join(tmpdir(), "pysbom-validate-"));

async function validate(args: string[], options: Parameters<typeof memoryIo>[0] = {}) {
  const m = memoryIo(options);
  const code = await run(["validate", ...args], m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

describe("pysbom validate: exit codes", () => {
  it("0 for a valid document conformant to the requested profile", async () => {
    const r = await validate(["--profile", "ntia", exe]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(out.valid).toBe(true);
    expect(out.documents[0].conformance).toEqual({ ntia: true });
  });

  it("1 for error findings", async () => {
    const r = await validate(["-p", "ntia", fragment]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).documents[0].counts.errors).toBe(13);
  });

  it("0 when there are only warnings (SPDX supplier NOASSERTION is a known unknown)", async () => {
    const r = await validate(["-p", "ntia", join(corpus, "spdx-json/ntia-unknown-supplier.spdx.json")]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).documents[0].counts).toEqual({ errors: 0, warnings: 1, infos: 0 });
  });

  it("3 for a missing file, and 3 wins over 1 when several files are given", async () => {
    const r = await validate([fragment, join(tmp, "nope.json")]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/nope\.json: no such file/);
    const out = JSON.parse(r.stdout);
    expect(out.documents).toHaveLength(2);
    expect(out.documents[1].error.code).toBe("INPUT_NOT_FOUND");
  });

  it.each([
    [
      "invalid UTF-8",
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xff, 0x7d]),
      /not valid UTF-8 \(bad byte at offset 5\)/,
    ],
    ["invalid JSON", Buffer.from('{"spdxVersion": "SPDX-2.3",\n  oops}'), /:2:3: invalid JSON/],
    [
      "an unsupported version",
      Buffer.from('{"spdxVersion": "SPDX-2.1"}'),
      /unsupported SPDX version "SPDX-2.1"/,
    ],
    [
      "not an SBOM",
      Buffer.from("<xml/>"),
      /not an SPDX \(JSON or tag-value\) or CycloneDX \(JSON\) document/,
    ],
    [
      "JSON nested 10,000 deep",
      Buffer.from(`${"[".repeat(10_000)}${"]".repeat(10_000)}`),
      /nested deeper than 256 levels/,
    ],
  ])("3 for %s, with a clear message", async (_label, bytes, message) => {
    const file = join(tmp, `bad-${_label.replace(/\W+/g, "-")}.json`);
    writeFileSync(file, bytes);
    const r = await validate([file]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(message);
  });

  it("3 for a 200 MB document: refused before it is read (default limit 100 MiB)", async () => {
    const big = join(tmp, "big.spdx.json");
    writeFileSync(big, "");
    truncateSync(big, 200 * 1024 * 1024); // sparse: no 200 MB written to disk
    const t0 = Date.now();
    const r = await validate([big]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/larger than the 100 MiB input limit \(raise it with --max-input-size\)/);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it("3 for standard input over the limit", async () => {
    const r = await validate(["--max-input-size", "1", "-"], { stdin: " ".repeat(2 * 1024 * 1024) });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/standard input: larger than the input limit/);
  });

  it.each([
    [
      ["--profile", "fedramp", exe],
      /unknown profile "fedramp" \(choose from: ntia, cisa-2025, bsi-tr-03183-2\)/,
    ],
    [["-o", "html", exe], /unknown output format "html"/],
    [["--max-input-size", "0", exe], /positive whole number of megabytes/],
    [[], /missing required argument/],
  ])("2 for usage errors: %j", async (args, message) => {
    const r = await validate(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe("pysbom validate: output", () => {
  it("is a table on a terminal and JSON otherwise", async () => {
    const tty = await validate(["-p", "ntia", exe], { tty: true });
    expect(tty.stdout).toMatch(/^\S+: SPDX-2.3 \(SPDX JSON\), 40 components\n {2}valid: 0 errors/);
    const pipe = await validate(["-p", "ntia", exe]);
    expect(JSON.parse(pipe.stdout).schema).toBe("pysbom-validate/1");
  });

  it("writes several formats, to files", async () => {
    const sarif = join(tmp, "out.sarif");
    const json = join(tmp, "out.json");
    const r = await validate([
      "-p",
      "ntia",
      "-o",
      `sarif=${sarif}`,
      "-o",
      `json=${json}`,
      "-o",
      "table",
      fragment,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/NOT VALID: 13 errors/);
    expect(JSON.parse(readFileSync(sarif, "utf8")).version).toBe("2.1.0");
    expect(JSON.parse(readFileSync(json, "utf8")).documents[0].file).toBe(fragment);
  });

  it("reads tag-value from standard input", async () => {
    const text = readFileSync(join(corpus, "spdx-tag-value/dangling-relationship.spdx"), "utf8");
    const r = await validate(["-", "-o", "json"], { stdin: text });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout).documents[0];
    expect(doc.file).toBe("-");
    expect(doc.format).toBe("spdx-tag-value");
    expect(doc.findings.map((f: { code: string; line: number }) => [f.code, f.line])).toEqual([
      ["spdx/dangling-ref", 53],
    ]);
  });

  it("checks several profiles at once", async () => {
    const r = await validate([
      "-p",
      "ntia",
      "-p",
      "cisa-2025",
      "-p",
      "bsi-tr-03183-2",
      join(corpus, "bases/base.cdx.json"),
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).documents[0].conformance).toEqual({
      ntia: true,
      "cisa-2025": true,
      "bsi-tr-03183-2": true,
    });
  });
});
