import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PackagingError } from "../pep440/version.js";
import { loadVectors } from "../test-helpers/vectors.js";
import {
  evaluateMarker,
  formatMarker,
  isValidMarker,
  type Marker,
  type MarkerEnvironment,
  parseMarker,
  tryParseMarker,
} from "./marker.js";

type Result = boolean | { error: string };
interface MarkerCase {
  marker: string;
  valid: boolean;
  normalized?: string;
  results?: Result[];
}

const data = loadVectors<{ environments: MarkerEnvironment[]; cases: MarkerCase[] }>("pep508-markers.json");

function evaluate(m: Marker, env: Partial<MarkerEnvironment>): Result {
  try {
    return evaluateMarker(m, env);
  } catch (e) {
    const name = (e as PackagingError).pythonError;
    if (!name) throw e;
    return { error: name };
  }
}

describe(`pep508-markers.json (${data.cases.length} cases, ${data.environments.length} environments)`, () => {
  it("parses, normalises and evaluates every marker like packaging", () => {
    const failures: string[] = [];
    for (const c of data.cases) {
      const m = tryParseMarker(c.marker);
      if ((m !== undefined) !== c.valid || isValidMarker(c.marker) !== c.valid) {
        failures.push(`${JSON.stringify(c.marker)}: valid ${m !== undefined}, want ${c.valid}`);
        continue;
      }
      if (!m) continue;
      const got = { normalized: formatMarker(m), results: data.environments.map((env) => evaluate(m, env)) };
      const want = { normalized: c.normalized, results: c.results };
      if (JSON.stringify(got) !== JSON.stringify(want))
        failures.push(
          `${JSON.stringify(c.marker)}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`,
        );
    }
    expect(failures).toEqual([]);
    expect(data.cases.length).toBeGreaterThan(0);
    expect(data.environments).toHaveLength(4);
  });
});

const linux: Partial<MarkerEnvironment> = {
  python_version: "3.12",
  python_full_version: "3.12.2",
  implementation_version: "3.12.2",
  platform_release: "6.1.0",
  os_name: "posix",
  sys_platform: "linux",
  platform_machine: "x86_64",
};

// [marker, expected str(Marker), evaluation in `linux` (values checked against packaging 26.2)]
const table: [string, string, Result][] = [
  ["python_version >= '3.8'", 'python_version >= "3.8"', true],
  ["python_version > '3.12.1'", 'python_version > "3.12.1"', false], // PEP 440, not string, comparison
  [
    'python_version < "3.9" or python_version >= "3.10"',
    'python_version < "3.9" or python_version >= "3.10"',
    true,
  ],
  ['"3.8" <= python_version', '"3.8" <= python_version', true], // variable on the right
  ['python_version == "3.12.*"', 'python_version == "3.12.*"', true],
  ['python_version == "=3.12"', 'python_version == "=3.12"', true], // packaging builds "===3.12"
  ['python_version in "3.11 3.12"', 'python_version in "3.11 3.12"', true], // substring
  ['platform_release >= "6"', 'platform_release >= "6"', true],
  ['platform_release >= "six"', 'platform_release >= "six"', false], // not a version: string ==
  ['os_name < "z"', 'os_name < "z"', false], // strings have no order in markers
  ['os_name ~= "3"', 'os_name ~= "3"', { error: "UndefinedComparison" }],
  ['python_version ~= "3"', 'python_version ~= "3"', { error: "UndefinedComparison" }], // ~= needs 2 parts
  ['os.name == "posix"', 'os_name == "posix"', true], // alias
  // Not in `linux`: packaging would read the running interpreter; pure core code reports it missing.
  [
    'python_implementation == "CPython"',
    'platform_python_implementation == "CPython"',
    { error: "KeyError" },
  ],
  ['extra == "Foo_Bar"', 'extra == "foo-bar"', false], // PEP 685 normalisation (top level only)
  ['(extra == "Foo_Bar")', 'extra == "Foo_Bar"', false],
  [
    '((os_name == "a" or os_name == "b")) and os_name == "c"',
    'os_name == "a" or os_name == "b" and os_name == "c"',
    false,
  ],
  [
    'os_name == "nt" and platform_machine ~= "x"',
    'os_name == "nt" and platform_machine ~= "x"',
    { error: "UndefinedComparison" },
  ], // no short-circuit
  ['"a" in extras', '"a" in extras', { error: "KeyError" }], // set variables exist in lock_file context
  ["os_name == 'a\\tb'", 'os_name == "a\tb"', false], // Python string escapes are decoded
  ['os_name=="posix"and sys_platform=="linux"', 'os_name == "posix" and sys_platform == "linux"', true],
];

describe("marker rules", () => {
  it.each(table)("%s", (text, normalized, result) => {
    const m = parseMarker(text);
    expect(formatMarker(m)).toBe(normalized);
    expect(evaluate(m, linux)).toEqual(result);
  });

  it("normalises the environment's extra and evaluates requested extras", () => {
    const m = parseMarker('extra == "dev-tools"');
    expect(evaluateMarker(m, { extra: "Dev_Tools" })).toBe(true);
    expect(evaluateMarker(m, {})).toBe(false); // metadata context: extra defaults to ""
    expect(evaluateMarker(m, {}, { extras: ["docs", "dev.tools"] })).toBe(true);
    expect(evaluateMarker(m, {}, { extras: [] })).toBe(false);
    expect(() => evaluateMarker(m, {}, { context: "requirement" })).toThrow(
      expect.objectContaining({ code: "UNDEFINED_MARKER_VARIABLE", pythonError: "KeyError" }),
    );
  });

  it("supports lock-file set variables (PEP 751)", () => {
    const m = parseMarker('"Test_Extra" in extras and "docs" not in dependency_groups');
    expect(evaluateMarker(m, { extras: ["test-extra"] }, { context: "lock_file" })).toBe(true);
    expect(evaluateMarker(m, {}, { context: "lock_file" })).toBe(false);
    expect(() => evaluateMarker(parseMarker('extras == "a"'), {}, { context: "lock_file" })).toThrow(
      expect.objectContaining({ pythonError: "AssertionError" }),
    );
  });

  it("repairs an untagged python_full_version ending in '+'", () => {
    expect(
      evaluateMarker(parseMarker('python_full_version == "3.13.0+local"'), {
        python_full_version: "3.13.0+",
      }),
    ).toBe(true);
  });

  it("names a missing variable", () => {
    expect(() => evaluateMarker(parseMarker('sys_platform == "linux"'), {})).toThrow(
      expect.objectContaining({
        code: "UNDEFINED_MARKER_VARIABLE",
        message: expect.stringContaining("sys_platform"),
      }),
    );
  });
});

describe("malformed markers", () => {
  const bad: [string, string][] = [
    ["", "InvalidMarker"],
    ["python_version", "InvalidMarker"],
    ["python_version < 3.8", "InvalidMarker"],
    ['os_name = "nt"', "InvalidMarker"],
    ['os_name == "nt" and', "InvalidMarker"],
    ['os_name == "nt" && os_name == "x"', "InvalidMarker"],
    ['os_name == "nt"\n\n', "InvalidMarker"],
    ['os_name == "a\u0000"', "SyntaxError"], // Python refuses NUL in source
    ['os_name == "a\\"', "SyntaxError"], // the backslash escapes the closing quote
    ['os_name == "a\nb"', "SyntaxError"],
    ['os_name == "\\x4"', "SyntaxError"],
    ['os_name == "\ud800"', "UnicodeEncodeError"],
    ['\u0007os_name == "nt"', "InvalidMarker"],
  ];
  it.each(bad)("rejects %j (%s)", (s, pythonError) => {
    expect(isValidMarker(s)).toBe(false);
    expect(() => parseMarker(s)).toThrow(expect.objectContaining({ code: "INVALID_MARKER", pythonError }));
  });

  it("renders syntax errors like packaging", () => {
    expect(() => parseMarker("python_version < 3.8")).toThrow(
      "Expected a marker variable or quoted string\n    python_version < 3.8\n                     ^",
    );
  });

  it("refuses deep nesting with a clear error instead of overflowing the stack", () => {
    const deep = (n: number) => `${"(".repeat(n)}os_name == "a"${")".repeat(n)}`;
    expect(formatMarker(parseMarker(deep(492)))).toBe('os_name == "a"');
    for (const n of [493, 10_000, 1_000_000])
      expect(() => parseMarker(deep(n))).toThrow(
        expect.objectContaining({ code: "INVALID_MARKER", pythonError: "RecursionError" }),
      );
    expect(isValidMarker("(".repeat(10_000))).toBe(false);
  });

  it("handles 10 MB inputs quickly", () => {
    const t0 = performance.now();
    expect(isValidMarker(`os_name == "${"a".repeat(10_000_000)}`)).toBe(false);
    expect(isValidMarker(`os_name == "${"a".repeat(10_000_000)}"`)).toBe(true);
    expect(isValidMarker(`${'os_name == "a" and '.repeat(500_000)}os_name == "b"`)).toBe(true);
    expect(isValidMarker(" ".repeat(10_000_000))).toBe(false);
    expect(isValidMarker(`python_version${"x".repeat(10_000_000)}`)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});

// Marker trees in the shape packaging prints back unchanged: groups of two or more atoms, quoted values
// without quotes or backslashes, and normalised extra names.
const variable = fc.constantFrom(
  "python_version",
  "python_full_version",
  "os_name",
  "sys_platform",
  "platform_release",
  "platform_machine",
  "implementation_name",
  "platform_python_implementation",
);
const value = fc.oneof(
  fc.constantFrom("3.8", "3.12.1", "linux", "nt", "x86_64", "3.*", ""),
  fc.stringMatching(/^[\w .*-]{0,8}$/),
);
const op = fc.constantFrom("==", "!=", "<", "<=", ">", ">=", "~=", "===", "in", "not in");
const comparison = fc.oneof(
  fc.tuple(variable, op, value).map(([v, o, x]) => `${v} ${o} "${x}"`),
  fc.tuple(value, op, variable).map(([x, o, v]) => `"${x}" ${o} ${v}`),
  fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)?$/).map((e) => `extra == "${e}"`),
);
const { tree } = fc.letrec<{ tree: string; group: string }>((tie) => ({
  tree: fc
    .array(fc.oneof({ depthSize: "small", withCrossShrink: true }, comparison, tie("group")), {
      minLength: 1,
      maxLength: 3,
    })
    .chain((atoms) =>
      fc
        .array(fc.constantFrom(" and ", " or "), { minLength: atoms.length - 1, maxLength: atoms.length - 1 })
        .map((ops) => atoms.reduce((acc, a, i) => acc + ops[i - 1] + a)),
    ),
  group: fc
    .tuple(tie("tree"), fc.constantFrom(" and ", " or "), tie("tree"))
    .map(([a, o, b]) => `(${a}${o}${b})`),
}));
// At top level a lone parenthesised group would be printed without its parentheses.
const marker = fc.oneof(
  comparison,
  fc.tuple(tree, fc.constantFrom(" and ", " or "), tree).map((p) => p.join("")),
);

describe("marker properties", () => {
  it("parse(format(m)) == m, and formatting is idempotent", () => {
    fc.assert(
      fc.property(marker, (s) => {
        const m = parseMarker(s);
        const text = formatMarker(m);
        expect(parseMarker(text)).toEqual(m);
        expect(formatMarker(parseMarker(text))).toBe(text);
        expect(evaluate(parseMarker(text), linux)).toEqual(evaluate(m, linux));
      }),
      { numRuns: 1000 },
    );
  });
});
