import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compareCodePoints,
  dumpPyJson,
  PyNumber,
  type PyObject,
  parsePyJson,
  parsePyJsonBytes,
  pyRepr,
  pySetRepr,
  pythonFloatRepr,
} from "./pyjson.js";
import { cpythonFixtures } from "./test-helpers/fixtures.js";

const python = spawnSync("python3", ["-c", "print(1)"]).status === 0 ? "python3" : undefined;

/** Runs `json.dumps(json.loads(text), indent=2, sort_keys=True)` in a real Python. */
function pythonDump(text: string): string {
  const r = spawnSync(
    python!,
    [
      "-c",
      "import json,sys; sys.stdout.write(json.dumps(json.loads(sys.stdin.buffer.read()), indent=2, sort_keys=True))",
    ],
    { input: text, encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

const TRICKY = [
  '{"b": 1, "a": [], "c": {}, "B": null, "é": "é", "\\u00e9x": true}',
  '{"n": [0, -0, 1.0, -0.0, 1e16, 1e15, 123456789012345678901234567890, 1.5e300, 1e-5, 0.0001, 2.5, 1E2, -1.25e-7]}',
  '{"s": "tab\\there \\"quoted\\" back\\\\slash \\/ \\u0001 \\u007f \\ud83d\\ude00 \\uffff \\ud800"}',
  "[NaN, Infinity, -Infinity, false]",
  '{"dup": 1, "dup": 2, "__proto__": {"x": 1}}',
  '{"\\ud83d\\ude00": 1, "\\uffff": 2, "a": 3}',
  "[]",
  '"just a string"',
];

describe("Python-compatible JSON", () => {
  it.each([
    [{ b: [], a: "é" }, '{\n  "a": "\\u00e9",\n  "b": []\n}'],
    [{ x: {}, y: [1, [2]] }, '{\n  "x": {},\n  "y": [\n    1,\n    [\n      2\n    ]\n  ]\n}'],
    [["\u{1F600}"], '[\n  "\\ud83d\\ude00"\n]'],
  ])("dumps %j", (value, text) => {
    expect(dumpPyJson(value)).toBe(text);
  });

  it("keeps ints exact and floats in Python's repr", () => {
    const v = parsePyJson("[1, 1.0, 12345678901234567890123, 1e16, 1E400, -0]") as PyNumber[];
    expect(v.map((n) => [n.kind, n.repr])).toEqual([
      ["int", "1"],
      ["float", "1.0"],
      ["int", "12345678901234567890123"],
      ["float", "1e+16"],
      ["float", "Infinity"],
      ["int", "0"],
    ]);
  });

  it("a later duplicate key wins; __proto__ is an ordinary key", () => {
    const o = parsePyJson('{"a": 1, "a": 2, "__proto__": 3}') as PyObject;
    expect((o.a as PyNumber).repr).toBe("2");
    expect(Object.keys(o)).toEqual(["a", "__proto__"]);
    expect(dumpPyJson(o)).toBe('{\n  "__proto__": 3,\n  "a": 2\n}');
  });

  it.each([
    ["{", /invalid JSON/],
    ['{"a" 1}', /expecting ':'/],
    ['["a\nb"]', /control character/],
    ["[1,]", /expecting value/],
    ["[1] x", /extra data/],
    ['"\\x"', /invalid escape/],
  ])("rejects %j", (text, message) => {
    expect(() => parsePyJson(text, "f.json")).toThrow(message);
  });

  it("bytes: UTF-8 with an optional BOM; invalid UTF-8 is unreadable input", () => {
    expect(parsePyJsonBytes(Buffer.from("\ufeff[]"))).toEqual([]);
    expect(() => parsePyJsonBytes(Buffer.from([0x22, 0xff, 0x22]), "x.json")).toThrow(
      /x\.json: not valid UTF-8/,
    );
  });

  it("sorts keys by code point, as Python does", () => {
    expect(["\u{1F600}", "\uffff", "a", "B"].sort(compareCodePoints)).toEqual([
      "B",
      "a",
      "\uffff",
      "\u{1F600}",
    ]);
  });

  it("re-serialises CPython's and release-tools' own files byte for byte", () => {
    const dir = join(cpythonFixtures, "real-2024-04-02");
    const files = [
      ...["sbom.spdx.json", "externals.spdx.json", "release-Python-3.13.0a5.tgz.spdx.json"].map((f) =>
        join(dir, f),
      ),
      // The fixture outputs CPython rewrote (the others are its untouched 4-space-indented inputs).
      ...readdirSync(join(cpythonFixtures, "generate"))
        .flatMap((c) =>
          ["sbom", "externals"].map((k) =>
            join(cpythonFixtures, "generate", c, `expected-output-${k}.spdx.json`),
          ),
        )
        .filter((f) => readFileSync(f, "utf8").startsWith('{\n  "SPDXID"')),
    ];
    expect(files.length).toBe(8);
    for (const f of files) {
      const text = readFileSync(f, "utf8").replace(/\n$/, "");
      expect(dumpPyJson(parsePyJson(text)), f).toBe(text);
    }
  });

  it.skipIf(!python)("agrees with Python's json module on tricky documents", () => {
    for (const text of TRICKY) expect(dumpPyJson(parsePyJson(text)), text).toBe(pythonDump(text));
  });

  it.skipIf(!python)("pythonFloatRepr agrees with Python's repr(float) on random doubles", () => {
    const values = fc.sample(
      fc.oneof(
        fc.double({ noNaN: true }),
        fc.double({ min: -1e20, max: 1e20, noNaN: true }),
        fc.integer().map((i) => i / 1000),
      ),
      { numRuns: 400, seed: 42 },
    );
    const r = spawnSync(
      python!,
      ["-c", "import sys; [print(repr(float.fromhex(l.strip()))) for l in sys.stdin]"],
      {
        input: values.map((v) => hexOf(v)).join("\n"),
        encoding: "utf8",
      },
    );
    const reprs = r.stdout.trim().split("\n");
    values.forEach((v, i) => {
      const want = reprs[i]!.replace("inf", "Infinity").replace("nan", "NaN");
      expect(pythonFloatRepr(v), String(v)).toBe(want === "-Infinity" || want === "Infinity" ? want : want);
    });
  });

  it("pyRepr and pySetRepr quote like Python", () => {
    expect(pyRepr("it's")).toBe('"it\'s"');
    expect(pyRepr("a'b\"c")).toBe("'a\\'b\"c'");
    expect(pyRepr("tab\t")).toBe("'tab\\t'");
    expect(pySetRepr(["b", "a", "b"])).toBe("{'a', 'b'}");
    expect(pySetRepr([])).toBe("set()");
  });

  it("PyNumber round-trips through dump", () => {
    expect(dumpPyJson([new PyNumber("float", "1e-05")])).toBe("[\n  1e-05\n]");
  });
});

/** float.hex() of a double, for handing exact values to Python. */
function hexOf(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (v === 0) return Object.is(v, -0) ? "-0x0p+0" : "0x0p+0";
  const buf = Buffer.alloc(8);
  buf.writeDoubleBE(v);
  const sign = buf[0]! >> 7 ? "-" : "";
  const exp = ((buf[0]! & 0x7f) << 4) | (buf[1]! >> 4);
  const mant = (BigInt(buf.readUInt32BE(0) & 0xfffff) << 32n) | BigInt(buf.readUInt32BE(4));
  const hex = mant.toString(16).padStart(13, "0");
  if (exp === 0) return `${sign}0x0.${hex}p-1022`;
  return `${sign}0x1.${hex}p${exp - 1023}`;
}
