import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadVectors } from "../test-helpers/vectors.js";
import {
  canonicalExceptionId,
  canonicalizeLicenseExpression,
  canonicalLicenseId,
  exceptionIdsOf,
  formatLicenseExpression,
  isDeprecatedLicenseId,
  isKnownLicenseId,
  isValidLicenseExpression,
  licenseIdsOf,
  parseLicenseExpression,
  tryCanonicalizeLicenseExpression,
  tryParseLicenseExpression,
} from "./expression.js";
import { EXCEPTION_IDS, LICENSE_IDS } from "./spdx-list.js";

// Edge cases beyond the vectors, each answer taken from packaging 26.2 (`canonicalize_license_expression`)
// except the two marked "diverges".
const EDGE_CASES: readonly [input: string, canonical: string | null][] = [
  ["LicenseRef-", "LicenseRef-"],
  ["LICENSEREF-x", "LicenseRef-x"],
  // The last spelling of a LicenseRef wins for all of its occurrences (packaging's dict of refs).
  ["licenseref-a OR LicenseRef-A", "LicenseRef-A OR LicenseRef-A"],
  ["(MIT OR Apache-2.0) WITH LLVM-exception", "(MIT OR Apache-2.0) WITH LLVM-exception"],
  ["MIT WITH LLVM-exception WITH LLVM-exception", "MIT WITH LLVM-exception WITH LLVM-exception"],
  ["MIT WITH (LLVM-exception)", null],
  ["MIT WITH (MIT)", "MIT WITH (MIT)"],
  [
    "MIT AND GPL-2.0-only WITH Classpath-exception-2.0 OR ISC",
    "MIT AND GPL-2.0-only WITH Classpath-exception-2.0 OR ISC",
  ],
  ["MIT+ WITH llvm-exception", "MIT+ WITH LLVM-exception"],
  ["gpl-2.0-or-later+", "GPL-2.0-or-later+"],
  ["((MIT))", "((MIT))"],
  ["(MIT)(MIT)", null],
  ["MIT ( ISC )", null],
  ["()", null],
  ["MIT OR ( )", null],
  ["  ", null],
  ["with", null],
  ["WITH MIT", null],
  ["MIT and and ISC", null],
  ["MIT not ISC", null],
  ["MIT OR not", null],
  ["MIT)", null],
  ["(MIT", null],
  ["LicenseRef-a+b", null],
  ["LicenseRef-a_b", null],
  ["LicenseRef-X WITH LicenseRef-Y", null],
  ["mit with classpath-exception-2.0+", null],
  ["AdditionRef-x", null],
  ["DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2", null],
  // Python's str.split() whitespace: NBSP, EM SPACE and \x1c separate tokens; U+FEFF does not.
  ["MIT\u00a0OR\u2003ISC", "MIT OR ISC"],
  ["MIT\x1cOR ISC", "MIT OR ISC"],
  ["MIT\ufeffOR ISC", null],
  ["mit\tor\napache-2.0", "MIT OR Apache-2.0"],
  // Deprecated ids stay valid.
  ["GPL-2.0 WITH Classpath-exception-2.0", "GPL-2.0 WITH Classpath-exception-2.0"],
  ["Nokia-Qt-exception-1.1", null],
  ["LGPL-2.1 WITH nokia-qt-exception-1.1", "LGPL-2.1 WITH Nokia-Qt-exception-1.1"],
  // diverges: packaging raises KeyError (a crash, not InvalidLicenseExpression); SPDX allows `+` only
  // after a license id, so we reject it.
  ["LicenseRef-Foo+", null],
  // diverges: packaging accepts it when `LicenseRef-Foo` also appears; we reject `+` after a LicenseRef.
  ["LicenseRef-Foo OR LicenseRef-Foo+", null],
];

interface LicenseCase {
  input: string;
  valid: boolean;
  canonical?: string;
}

const cases = loadVectors<LicenseCase[]>("pep639-licenses.json");

describe(`pep639-licenses.json (${cases.length} cases)`, () => {
  it("matches packaging on every case", () => {
    const failures: string[] = [];
    for (const c of cases) {
      const got = {
        valid: isValidLicenseExpression(c.input),
        canonical: tryCanonicalizeLicenseExpression(c.input),
      };
      const want = { valid: c.valid, canonical: c.valid ? c.canonical : undefined };
      if (JSON.stringify(got) !== JSON.stringify(want))
        failures.push(`${JSON.stringify(c.input)}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
    expect(failures).toEqual([]);
    expect(cases.length).toBeGreaterThan(0);
  });
});

describe("license expressions", () => {
  it("matches packaging's edge cases", () => {
    const failures: string[] = [];
    for (const [input, canonical] of EDGE_CASES) {
      const got = tryCanonicalizeLicenseExpression(input) ?? null;
      if (got !== canonical)
        failures.push(
          `${JSON.stringify(input)}: got ${JSON.stringify(got)}, want ${JSON.stringify(canonical)}`,
        );
    }
    expect(failures).toEqual([]);
  });

  it("throws INVALID_LICENSE with packaging's kind of message", () => {
    const message = (input: string) => {
      try {
        canonicalizeLicenseExpression(input);
      } catch (e) {
        expect(e).toMatchObject({ code: "INVALID_LICENSE" });
        return (e as Error).message;
      }
      return "no error";
    };
    expect(message("(mit")).toBe('Invalid license expression: "(mit"');
    expect(message("Use-it-after-midnight")).toBe('Unknown license: "use-it-after-midnight"');
    expect(message("MIT WITH Foo")).toBe('Unknown license exception: "foo"');
    expect(message("LicenseRef-a_b")).toBe('Invalid licenseref: "licenseref-a_b"');
    // Syntax errors are reported before unknown ids, as packaging does.
    expect(message("Nope AND")).toBe('Invalid license expression: "Nope AND"');
  });

  it("builds a tree with SPDX precedence (WITH > AND > OR) and keeps parentheses", () => {
    expect(parseLicenseExpression("mit or apache-2.0 and gpl-2.0+ with classpath-exception-2.0")).toEqual({
      type: "or",
      left: { type: "license", id: "MIT", orLater: false },
      right: {
        type: "and",
        left: { type: "license", id: "Apache-2.0", orLater: false },
        right: {
          type: "with",
          license: { type: "license", id: "GPL-2.0", orLater: true },
          exception: { type: "exception", id: "Classpath-exception-2.0" },
        },
      },
    });
    expect(parseLicenseExpression("( LicenseRef-x )")).toEqual({
      type: "group",
      expression: { type: "license-ref", id: "LicenseRef-x" },
    });
    expect(() => parseLicenseExpression("MIT AND")).toThrow(
      expect.objectContaining({ code: "INVALID_LICENSE" }),
    );
    expect(tryParseLicenseExpression("")).toBeUndefined();
  });

  it("allows 200 nested parentheses and rejects 201 (CPython's MAXLEVEL, which packaging inherits)", () => {
    const nest = (n: number) => `${"(".repeat(n)}MIT${")".repeat(n)}`;
    expect(canonicalizeLicenseExpression(`ISC AND ${nest(200)}`)).toBe(`ISC AND ${nest(200)}`);
    expect(isValidLicenseExpression(nest(201))).toBe(false);
    expect(isValidLicenseExpression("(".repeat(1_000_000))).toBe(false);
  });

  it("handles a 100 000-term chain without deep recursion", () => {
    const long = Array.from({ length: 100_000 }, () => "mit").join(" and ");
    const canonical = canonicalizeLicenseExpression(long);
    expect(canonical.length).toBe(long.length);
    expect(licenseIdsOf(canonical)).toEqual(["MIT"]);
  });

  it("lists the license ids, LicenseRefs and exceptions an expression uses", () => {
    const expr = "mit OR (LicenseRef-Foo AND MIT) OR GPL-2.0+ WITH classpath-exception-2.0";
    expect(licenseIdsOf(expr)).toEqual(["MIT", "LicenseRef-Foo", "GPL-2.0"]);
    expect(exceptionIdsOf(expr)).toEqual(["Classpath-exception-2.0"]);
    expect(licenseIdsOf(parseLicenseExpression("Apache-2.0"))).toEqual(["Apache-2.0"]);
    expect(() => licenseIdsOf("MIT OR")).toThrow(expect.objectContaining({ code: "INVALID_LICENSE" }));
  });

  it("looks ids up case-insensitively in the shipped SPDX list", () => {
    expect(isKnownLicenseId("mit")).toBe(true);
    expect(isKnownLicenseId("GPL-2.0")).toBe(true);
    expect(isKnownLicenseId("LicenseRef-Foo")).toBe(false);
    expect(isDeprecatedLicenseId("gpl-2.0")).toBe(true);
    expect(isDeprecatedLicenseId("GPL-2.0-only")).toBe(false);
    expect(canonicalLicenseId("APACHE-2.0")).toBe("Apache-2.0");
    expect(canonicalLicenseId("Apache 2")).toBeUndefined();
    expect(canonicalExceptionId("llvm-exception")).toBe("LLVM-exception");
    expect(LICENSE_IDS.length).toBeGreaterThan(600);
    expect(EXCEPTION_IDS.length).toBeGreaterThan(50);
  });

  it("canonical forms are valid, fixed points, and equal to formatting the tree", () => {
    const id = fc.constantFrom(...LICENSE_IDS.slice(0, 80), "MIT", "Apache-2.0", "BSD-3-Clause");
    const cased = fc
      .tuple(id, fc.constantFrom("lower", "upper", "asis"))
      .map(([s, c]) => (c === "lower" ? s.toLowerCase() : c === "upper" ? s.toUpperCase() : s));
    const leaf = fc.oneof(
      cased,
      cased.map((s) => `${s}+`),
      fc.stringMatching(/^[A-Za-z0-9.-]{0,8}$/).map((s) => `licenseref-${s}`),
      fc.tuple(cased, fc.constantFrom(...EXCEPTION_IDS)).map(([l, e]) => `${l} with ${e.toUpperCase()}`),
    );
    const { expr } = fc.letrec<{ expr: string }>((tie) => ({
      expr: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        tie("expr").map((e) => `( ${e} )`),
        fc
          .tuple(tie("expr"), fc.constantFrom(" and ", " OR ", "\tAnd\t"), tie("expr"))
          .map((p) => p.join("")),
      ),
    }));
    fc.assert(
      fc.property(expr, (input) => {
        const canonical = canonicalizeLicenseExpression(input);
        expect(canonicalizeLicenseExpression(canonical)).toBe(canonical);
        expect(formatLicenseExpression(parseLicenseExpression(canonical))).toBe(canonical);
        expect(canonical).not.toMatch(/\( | \)| {2}/);
      }),
    );
  });

  it("never throws anything but INVALID_LICENSE on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-composite", maxLength: 60 }), (input) => {
        try {
          canonicalizeLicenseExpression(input);
        } catch (e) {
          expect(e).toMatchObject({ code: "INVALID_LICENSE" });
        }
      }),
    );
  });
});

describe("license expression errors", () => {
  it("quote at most 200 characters of a huge input", () => {
    const huge = `(${"MIT AND ".repeat(100_000)}`;
    try {
      canonicalizeLicenseExpression(huge);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message.length).toBeLessThan(300);
      expect((e as Error).message).toContain(`(${huge.length} characters)`);
    }
  });
});
