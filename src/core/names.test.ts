import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalizeName, isNormalizedName, isValidName, parseName, tryParseName } from "./names.js";
import { loadVectors } from "./test-helpers/vectors.js";

interface NameCase {
  input: string;
  valid: boolean;
  canonical: string | null;
  is_normalized: boolean;
}

const cases = loadVectors<NameCase[]>("pep503-names.json");

describe(`pep503-names.json (${cases.length} cases)`, () => {
  it("matches packaging on every case", () => {
    const failures: string[] = [];
    for (const c of cases) {
      const got = {
        valid: isValidName(c.input),
        canonical: tryParseName(c.input) ?? null,
        is_normalized: isNormalizedName(c.input),
      };
      const want = { valid: c.valid, canonical: c.canonical, is_normalized: c.is_normalized };
      if (JSON.stringify(got) !== JSON.stringify(want))
        failures.push(`${JSON.stringify(c.input)}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
    expect(failures).toEqual([]);
    expect(cases.length).toBeGreaterThan(0);
  });
});

describe("names", () => {
  it("parseName throws INVALID_NAME for invalid names", () => {
    expect(() => parseName("a_")).toThrow(expect.objectContaining({ code: "INVALID_NAME" }));
    expect(parseName("Zope.Interface")).toBe("zope-interface");
  });

  it("canonicalizeName is idempotent and yields normalised names for valid input", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}[A-Za-z0-9]$/), (name) => {
        const once = canonicalizeName(name);
        expect(canonicalizeName(once)).toBe(once);
        expect(isNormalizedName(once)).toBe(true);
        expect(isValidName(name)).toBe(true);
      }),
    );
  });

  it("is linear on long hostile input", () => {
    const evil = `a${"-".repeat(1_000_000)}!`;
    expect(isValidName(evil)).toBe(false);
    expect(canonicalizeName(evil)).toBe("a-!");
  });
});
