import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalizeName } from "../names.js";
import { loadVectors } from "../test-helpers/vectors.js";
import { evaluateMarker, formatMarker } from "./marker.js";
import {
  formatRequirement,
  isValidRequirement,
  parseRequirement,
  tryParseRequirement,
} from "./requirement.js";

interface RequirementCase {
  input: string;
  valid: boolean;
  name?: string;
  canonical_name?: string;
  extras?: string[];
  specifier?: string;
  url?: string | null;
  marker?: string | null;
}

const cases = loadVectors<RequirementCase[]>("pep508-requirements.json");

describe(`pep508-requirements.json (${cases.length} cases)`, () => {
  it("parses every requirement like packaging", () => {
    const failures: string[] = [];
    for (const c of cases) {
      const r = tryParseRequirement(c.input);
      if ((r !== undefined) !== c.valid || isValidRequirement(c.input) !== c.valid) {
        failures.push(`${JSON.stringify(c.input)}: valid ${r !== undefined}, want ${c.valid}`);
        continue;
      }
      if (!r) continue;
      const got = {
        name: r.name,
        canonical_name: canonicalizeName(r.name),
        extras: r.extras,
        specifier: r.specifier,
        url: r.url ?? null,
        marker: r.marker ? formatMarker(r.marker) : null,
      };
      const { input: _i, valid: _v, ...want } = c;
      if (JSON.stringify(got) !== JSON.stringify({ ...got, ...want }))
        failures.push(`${JSON.stringify(c.input)}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
    expect(failures).toEqual([]);
    expect(cases.length).toBeGreaterThan(0);
  });
});

// [input, str(Requirement)] (checked against packaging 26.2)
const table: [string, string][] = [
  [
    "requests [security,tests] >= 2.8.1, == 2.8.* ; python_version < '2.7'",
    'requests[security,tests]==2.8.*,>=2.8.1; python_version < "2.7"',
  ],
  ["Foo [b,a,b] (>=1,<2) ; os_name=='nt'", 'Foo[a,b]<2,>=1; os_name == "nt"'],
  [
    "foo @ https://example.com/foo.whl ; extra == 'Dev_Tools'",
    'foo @ https://example.com/foo.whl ; extra == "dev-tools"',
  ],
  ['foo @ http://x;os_name=="a"', 'foo @ http://x;os_name=="a"'], // the URL runs to the next space
  ["foo>=1,", "foo>=1"],
  ["foo\n", "foo"], // Python's `$` also matches before a final newline
  ["name===a,", "name===a"], // the empty item after "," is dropped
];

describe("requirement rules", () => {
  it.each(table)("%j prints as %j", (input, printed) => {
    expect(formatRequirement(parseRequirement(input))).toBe(printed);
  });

  it("evaluates its marker", () => {
    const r = parseRequirement('pywin32>=300; sys_platform == "win32"');
    expect(evaluateMarker(r.marker!, { sys_platform: "linux" })).toBe(false);
  });

  const bad: [string, string, string][] = [
    ["", "InvalidRequirement", "Expected package name at the start of dependency specifier"],
    ["foo[bar baz]", "InvalidRequirement", "Expected comma between extra names"],
    ["foo>=1.0.*", "InvalidRequirement", ".* suffix can only be used with `==` or `!=` operators"],
    [
      "foo>=1.0+local",
      "InvalidRequirement",
      "Local version label can only be used with `==` or `!=` operators",
    ],
    ["foo (>=1", "InvalidRequirement", "Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS"],
    ["foo>=1.0 # comment", "InvalidRequirement", "Expected comma (within version specifier), semicolon"],
    ["foo @", "InvalidRequirement", "Expected URL after @"],
    ["-e git+https://x", "InvalidRequirement", "Expected package name"],
    ["name===a,b", "InvalidSpecifier", "Invalid specifier: 'b'"],
    ['foo; os_name == "\\x"', "SyntaxError", "truncated"],
    ["foo\u0000", "InvalidRequirement", "Expected semicolon"],
  ];
  it.each(bad)("rejects %j (%s)", (input, pythonError, message) => {
    expect(isValidRequirement(input)).toBe(false);
    expect(() => parseRequirement(input)).toThrow(
      expect.objectContaining({ code: "INVALID_REQUIREMENT", pythonError }),
    );
    expect(() => parseRequirement(input)).toThrow(message);
  });

  it("handles deep nesting and 10 MB inputs quickly", () => {
    const t0 = performance.now();
    expect(() => parseRequirement(`foo; ${"(".repeat(10_000)}os_name == "a"${")".repeat(10_000)}`)).toThrow(
      expect.objectContaining({ pythonError: "RecursionError" }),
    );
    expect(isValidRequirement(`foo${"-a".repeat(5_000_000)}`)).toBe(true);
    expect(isValidRequirement(`foo${"-".repeat(10_000_000)}`)).toBe(false);
    expect(isValidRequirement(`foo @ ${"x".repeat(10_000_000)}`)).toBe(true);
    expect(isValidRequirement(`foo[${"a,".repeat(3_000_000)}]`)).toBe(false);
    expect(isValidRequirement(`foo>=1${",>=1".repeat(1_000_000)}`)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});

const identifier = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,8}[A-Za-z0-9])?$/);
const release = fc
  .array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 3 })
  .map((r) => r.join("."));
const spec = fc.oneof(
  fc.tuple(fc.constantFrom("==", "!=", "<=", ">=", "<", ">"), release).map((p) => p.join("")),
  release.map((r) => `~=${r}.1`),
  release.map((r) => `==${r}.*`),
);
const markerText = fc.oneof(
  fc.constant(""),
  fc
    .tuple(
      fc.constantFrom("python_version", "os_name", "sys_platform"),
      fc.constantFrom("==", "<", "in"),
      fc.stringMatching(/^[a-z0-9.]{0,6}$/),
    )
    .map(([v, o, x]) => `${v} ${o} "${x}"`),
  fc.stringMatching(/^[a-z0-9]+$/).map((e) => `extra == "${e}" or python_version >= "3.8"`),
);
const requirement = fc
  .record({
    name: identifier,
    extras: fc.array(identifier, { maxLength: 3 }),
    specs: fc.array(spec, { maxLength: 3 }),
    url: fc.option(fc.stringMatching(/^https:\/\/[a-z.]{1,10}\/[a-z0-9._-]{0,10}$/), { nil: undefined }),
    marker: markerText,
  })
  .map(
    (r) =>
      r.name +
      (r.extras.length ? `[${r.extras.join(", ")}]` : "") +
      (r.url ? ` @ ${r.url} ` : ` ${r.specs.join(", ")}`) +
      (r.marker ? `; ${r.marker}` : ""),
  );

describe("requirement properties", () => {
  it("parse(format(r)) == r", () => {
    fc.assert(
      fc.property(requirement, (s) => {
        const r = parseRequirement(s);
        const text = formatRequirement(r);
        expect(parseRequirement(text)).toEqual(r);
        expect(formatRequirement(parseRequirement(text))).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });
});
