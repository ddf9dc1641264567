import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  isValidSdistFilename,
  isValidWheelFilename,
  MAX_WHEEL_TAGS,
  parseSdistFilename,
  parseTagSet,
  parseWheelFilename,
  tryParseSdistFilename,
  tryParseWheelFilename,
} from "./filenames.js";
import { loadVectors } from "./test-helpers/vectors.js";

interface WheelCase {
  input: string;
  valid: boolean;
  name?: string;
  version?: string;
  build?: [number | string, string] | null;
  tags?: string[];
}
interface SdistCase {
  input: string;
  valid: boolean;
  name?: string;
  version?: string;
}

const vectors = loadVectors<{ wheels: WheelCase[]; sdists: SdistCase[] }>("filenames.json");

// Edge cases probed with Python 3.11.7 + packaging 26.2 (`parse_wheel_filename` / `parse_sdist_filename`,
// any ValueError = invalid); build numbers as strings so big ones survive JSON.
const EXTRA_WHEELS: WheelCase[] = [
  {
    input: "-1.0-py3-none-any.whl",
    valid: true,
    name: "",
    version: "1.0",
    build: null,
    tags: ["py3-none-any"],
  },
  {
    input: "foo\n-1.0-py3-none-any.whl",
    valid: true,
    name: "foo\n",
    version: "1.0",
    build: null,
    tags: ["py3-none-any"],
  },
  {
    input: "caf\u00e9-1.0-py3-none-any.whl",
    valid: true,
    name: "caf\u00e9",
    version: "1.0",
    build: null,
    tags: ["py3-none-any"],
  },
  {
    input: "foo-1.0-1abc\ndef-py3-none-any.whl",
    valid: true,
    name: "foo",
    version: "1.0",
    build: ["1", "abc"],
    tags: ["py3-none-any"],
  },
  {
    input: "foo-1.0-py3.-none-.whl",
    valid: true,
    name: "foo",
    version: "1.0",
    build: null,
    tags: ["-none-", "py3-none-"],
  },
  {
    input: "foo-1.0--none-any.whl",
    valid: true,
    name: "foo",
    version: "1.0",
    build: null,
    tags: ["-none-any"],
  },
  {
    input: "foo-1.0-99999999999999999999999-py3-none-any.whl",
    valid: true,
    name: "foo",
    version: "1.0",
    build: ["99999999999999999999999", ""],
    tags: ["py3-none-any"],
  },
  {
    input: "foo- 1.0 -py3-none-any.whl",
    valid: true,
    name: "foo",
    version: "1.0",
    build: null,
    tags: ["py3-none-any"],
  },
  {
    input: "foo-v1.0-py3-none-any.whl",
    valid: true,
    name: "foo",
    version: "1.0",
    build: null,
    tags: ["py3-none-any"],
  },
  {
    input: "Foo.Bar_-1.0-PY3-NONE-ANY.whl",
    valid: true,
    name: "foo-bar-",
    version: "1.0",
    build: null,
    tags: ["py3-none-any"],
  },
  {
    input: "_foo-1.0-py3-none-any.whl",
    valid: true,
    name: "-foo",
    version: "1.0",
    build: null,
    tags: ["py3-none-any"],
  },
  { input: "foo-1.0-\u0661-py3-none-any.whl", valid: false },
  {
    input: "foo\u0663-1.0-py3-none-any.whl",
    valid: true,
    name: "foo\u0663",
    version: "1.0",
    build: null,
    tags: ["py3-none-any"],
  },
  { input: "foo\u0301-1.0-py3-none-any.whl", valid: false },
  {
    input: "\u0130-1.0-py3-none-any.whl",
    valid: true,
    name: "i\u0307",
    version: "1.0",
    build: null,
    tags: ["py3-none-any"],
  },
  { input: "foo-1.0-a1-py3-none-any.whl", valid: false },
  { input: "foo-1.0-py3-none-any.whl\n", valid: false },
  {
    input: "foo.-1.0-py3-none-any.whl",
    valid: true,
    name: "foo-",
    version: "1.0",
    build: null,
    tags: ["py3-none-any"],
  },
  {
    input: "foo-1.0-cp3\u0130-none-any.whl",
    valid: true,
    name: "foo",
    version: "1.0",
    build: null,
    tags: ["cp3i\u0307-none-any"],
  },
  {
    input: "foo-1.0-py2.py3.py2-none-any.whl",
    valid: true,
    name: "foo",
    version: "1.0",
    build: null,
    tags: ["py2-none-any", "py3-none-any"],
  },
  { input: ".whl", valid: false },
  { input: "a-b-c-d-e.whl", valid: false },
  { input: "foo-1.0-1-py3-none-any-x.whl", valid: false },
  {
    input: "foo-1.0-007beta-py3-none-any.whl",
    valid: true,
    name: "foo",
    version: "1.0",
    build: ["7", "beta"],
    tags: ["py3-none-any"],
  },
  {
    input: "foo-1.0-cp311.cp312-abi3.none-manylinux1_x86_64.win_amd64.whl",
    valid: true,
    name: "foo",
    version: "1.0",
    build: null,
    tags: [
      "cp311-abi3-manylinux1_x86_64",
      "cp311-abi3-win_amd64",
      "cp311-none-manylinux1_x86_64",
      "cp311-none-win_amd64",
      "cp312-abi3-manylinux1_x86_64",
      "cp312-abi3-win_amd64",
      "cp312-none-manylinux1_x86_64",
      "cp312-none-win_amd64",
    ],
  },
  {
    input: "foo-1!2.0.post1.dev3+Local.7-py3-none-any.whl",
    valid: true,
    name: "foo",
    version: "1!2.0.post1.dev3+local.7",
    build: null,
    tags: ["py3-none-any"],
  },
  { input: "foo-1.0-py3-none-any.Whl", valid: false },
  { input: "foo bar-1.0-py3-none-any.whl", valid: false },
  { input: "foo+bar-1.0-py3-none-any.whl", valid: false },
  {
    input: "foo-1.0-\ud83d\ude00.\ufffd-none-any.whl",
    valid: true,
    name: "foo",
    version: "1.0",
    build: null,
    tags: ["\ufffd-none-any", "\ud83d\ude00-none-any"],
  },
  {
    input: "foo-1.0-Py3.PY3-None-Any.whl",
    valid: true,
    name: "foo",
    version: "1.0",
    build: null,
    tags: ["py3-none-any"],
  },
  { input: "foo\n\n-1.0-py3-none-any.whl", valid: false },
  {
    input: "\n-1.0-py3-none-any.whl",
    valid: true,
    name: "\n",
    version: "1.0",
    build: null,
    tags: ["py3-none-any"],
  },
  {
    input: "foo-1.0\n-py3-none-any.whl",
    valid: true,
    name: "foo",
    version: "1.0",
    build: null,
    tags: ["py3-none-any"],
  },
  {
    input: "foo-1.0-py3-none-any\n.whl",
    valid: true,
    name: "foo",
    version: "1.0",
    build: null,
    tags: ["py3-none-any\n"],
  },
];

const EXTRA_SDISTS: SdistCase[] = [
  { input: "-1.0.tar.gz", valid: true, name: "", version: "1.0" },
  { input: "foo bar-1.0.tar.gz", valid: true, name: "foo bar", version: "1.0" },
  { input: "Foo__Bar-1.0.zip", valid: true, name: "foo-bar", version: "1.0" },
  { input: "foo- 1.0 .tar.gz", valid: true, name: "foo", version: "1.0" },
  { input: "foo-1.0.TAR.GZ", valid: false },
  { input: ".tar.gz", valid: false },
  { input: "-.tar.gz", valid: false },
  { input: "caf\u00e9-1.0.zip", valid: true, name: "caf\u00e9", version: "1.0" },
  { input: "foo-1.0-1.tar.gz", valid: true, name: "foo-1-0", version: "1" },
  { input: "foo/-1.0.tar.gz", valid: true, name: "foo/", version: "1.0" },
  { input: "foo-v1.0.zip", valid: true, name: "foo", version: "1.0" },
  { input: "foo-1.0.tar", valid: false },
  { input: "foo-1.0.whl", valid: false },
  { input: "A.B_C-1.0RC1.zip", valid: true, name: "a-b-c", version: "1.0rc1" },
  { input: "foo--1.0.tar.gz", valid: true, name: "foo-", version: "1.0" },
  { input: "foo-1.0.zip.tar.gz", valid: false },
  { input: "foo-1!1.0+abc.tar.gz", valid: true, name: "foo", version: "1!1.0+abc" },
  { input: "\u0130-1.0.zip", valid: true, name: "i\u0307", version: "1.0" },
  { input: "foo-1.0\n.tar.gz", valid: true, name: "foo", version: "1.0" },
];

function checkWheel(c: WheelCase): string | undefined {
  const r = tryParseWheelFilename(c.input);
  const got = r
    ? {
        valid: true,
        name: r.name,
        version: r.version,
        build: r.build ? [r.build.number.toString(), r.build.tag] : null,
        tags: r.tags,
      }
    : { valid: false };
  const want = c.valid
    ? {
        valid: true,
        name: c.name,
        version: c.version,
        build: c.build ? [String(c.build[0]), c.build[1]] : null,
        tags: c.tags,
      }
    : { valid: false };
  if (isValidWheelFilename(c.input) !== c.valid) return `isValidWheelFilename = ${!c.valid}`;
  return JSON.stringify(got) === JSON.stringify(want)
    ? undefined
    : `got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`;
}

function checkSdist(c: SdistCase): string | undefined {
  const r = tryParseSdistFilename(c.input);
  const got = r ? { valid: true, name: r.name, version: r.version } : { valid: false };
  const want = c.valid ? { valid: true, name: c.name, version: c.version } : { valid: false };
  if (isValidSdistFilename(c.input) !== c.valid) return `isValidSdistFilename = ${!c.valid}`;
  return JSON.stringify(got) === JSON.stringify(want)
    ? undefined
    : `got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`;
}

function failuresOf<T extends { input: string }>(cases: T[], check: (c: T) => string | undefined): string[] {
  const failures: string[] = [];
  for (const c of cases) {
    const err = check(c);
    if (err !== undefined) failures.push(`${JSON.stringify(c.input.slice(0, 120))}: ${err}`);
  }
  return failures;
}

describe(`filenames.json wheels (${vectors.wheels.length} cases)`, () => {
  it("matches packaging on every case", () => {
    expect(failuresOf(vectors.wheels, checkWheel)).toEqual([]);
    expect(vectors.wheels.length).toBeGreaterThan(0);
  });
});

describe(`filenames.json sdists (${vectors.sdists.length} cases)`, () => {
  it("matches packaging on every case", () => {
    expect(failuresOf(vectors.sdists, checkSdist)).toEqual([]);
    expect(vectors.sdists.length).toBeGreaterThan(0);
  });
});

describe(`packaging 26.2 edge cases (${EXTRA_WHEELS.length + EXTRA_SDISTS.length + 2} cases)`, () => {
  it("wheels", () => {
    // CPython refuses int() of more than 4300 digits, so packaging raises ValueError on such build numbers.
    const big: WheelCase[] = [
      { input: `foo-1.0-${"9".repeat(4301)}-py3-none-any.whl`, valid: false },
      {
        input: `foo-1.0-${"9".repeat(4300)}x-py3-none-any.whl`,
        valid: true,
        name: "foo",
        version: "1.0",
        build: ["9".repeat(4300), "x"],
        tags: ["py3-none-any"],
      },
    ];
    expect(failuresOf([...EXTRA_WHEELS, ...big], checkWheel)).toEqual([]);
  });

  it("sdists", () => {
    expect(failuresOf(EXTRA_SDISTS, checkSdist)).toEqual([]);
  });
});

describe("filenames API", () => {
  it("throws INVALID_FILENAME with the trio", () => {
    expect(() => parseWheelFilename("foo-bar-1.0-py3-none-any.whl")).toThrow(
      expect.objectContaining({ code: "INVALID_FILENAME" }),
    );
    expect(() => parseSdistFilename("foo.tar.gz")).toThrow(
      expect.objectContaining({ code: "INVALID_FILENAME" }),
    );
    expect(parseWheelFilename("Foo_Bar-1.0-1-py2.py3-none-any.whl")).toEqual({
      name: "foo-bar",
      version: "1.0",
      build: { number: 1n, tag: "" },
      tags: ["py2-none-any", "py3-none-any"],
    });
    expect(parseWheelFilename("pip-24.0-py3-none-any.whl")).not.toHaveProperty("build");
    expect(parseSdistFilename("zope.interface-6.2.tar.gz")).toEqual({
      name: "zope-interface",
      version: "6.2",
    });
  });

  it("parseTagSet expands compressed tag sets", () => {
    expect(parseTagSet("cp311.cp312-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64")).toEqual([
      "cp311-abi3-manylinux2014_x86_64",
      "cp311-abi3-manylinux_2_17_x86_64",
      "cp312-abi3-manylinux2014_x86_64",
      "cp312-abi3-manylinux_2_17_x86_64",
    ]);
    expect(() => parseTagSet("py3-none")).toThrow(expect.objectContaining({ code: "INVALID_FILENAME" }));
  });

  it("tag expansion is a sorted, duplicate-free product", () => {
    const part = fc.array(fc.stringMatching(/^[a-zA-Z0-9_]{0,4}$/), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(part, part, part, (i, a, p) => {
        const tags = parseTagSet(`${i.join(".")}-${a.join(".")}-${p.join(".")}`);
        const lower = (xs: string[]) => new Set(xs.map((x) => x.toLowerCase())).size;
        expect(tags.length).toBe(lower(i) * lower(a) * lower(p));
        expect([...tags].sort()).toEqual(tags);
        expect(new Set(tags).size).toBe(tags.length);
      }),
    );
  });

  it("fails fast on 10 MB hostile strings", () => {
    const t0 = performance.now();
    const n = 10_000_000;
    expect(isValidWheelFilename(`${"a".repeat(n)}.whl`)).toBe(false);
    expect(isValidWheelFilename(`${"-".repeat(n)}.whl`)).toBe(false);
    expect(isValidWheelFilename(`${"a_".repeat(n / 2)}_-1.0-py3-none-any.whl`)).toBe(false);
    expect(isValidWheelFilename(`a-1.0-1${"x".repeat(n)}-py3-none-any.whl`)).toBe(true);
    expect(isValidWheelFilename(`a-1.0-${"1".repeat(n)}-py3-none-any.whl`)).toBe(false);
    // A compressed tag set whose product would be astronomically large: valid, but not expanded.
    const dots = Array.from({ length: 500_000 }, (_, i) => `.${i.toString(36)}`).join("");
    const bomb = `a-1.0-py3${dots}-none${dots}-any${dots}.whl`;
    expect(isValidWheelFilename(bomb)).toBe(true);
    expect(tryParseWheelFilename(bomb)).toBeUndefined();
    expect(() => parseWheelFilename(bomb)).toThrow(expect.objectContaining({ code: "LIMIT_EXCEEDED" }));
    expect(isValidSdistFilename(`${"a".repeat(n)}.tar.gz`)).toBe(false);
    expect(parseSdistFilename(`${"a".repeat(n)}-1.0.zip`).name.length).toBe(n);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(MAX_WHEEL_TAGS).toBeGreaterThanOrEqual(1000);
  });
});
