import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareSemver, isValidSemver, tryParseSemver } from "./semver.js";

// semver.org 2.0.0 clause 11 examples, in increasing precedence.
const ORDERED = [
  "0.0.0",
  "1.0.0-alpha",
  "1.0.0-alpha.1",
  "1.0.0-alpha.beta",
  "1.0.0-beta",
  "1.0.0-beta.2",
  "1.0.0-beta.11",
  "1.0.0-rc.1",
  "1.0.0",
  "2.0.0",
  "2.1.0",
  "2.1.1",
  "10.0.0",
  "99999999999999999999999.0.0",
];

const INVALID = [
  "1.2",
  "v1.2.3",
  "01.2.3",
  "1.02.3",
  "1.2.3-01",
  "1.2.3-",
  "1.2.3+",
  "1.2.3-a..b",
  "1.2.3.4",
  "",
  " 1.2.3",
];

const parse = (s: string) => {
  const v = tryParseSemver(s);
  if (!v) throw new Error(`not semver: ${s}`);
  return v;
};

describe("SemVer 2.0.0", () => {
  it("orders the specification's examples", () => {
    for (let i = 0; i < ORDERED.length; i++)
      for (let j = 0; j < ORDERED.length; j++)
        expect(Math.sign(compareSemver(parse(ORDERED[i]!), parse(ORDERED[j]!)))).toBe(Math.sign(i - j));
  });

  it.each(INVALID)("rejects %j", (s) => {
    expect(isValidSemver(s)).toBe(false);
    expect(tryParseSemver(s)).toBeUndefined();
  });

  it("ignores build metadata in precedence (clause 10)", () => {
    expect(compareSemver(parse("1.0.0+20130313144700"), parse("1.0.0"))).toBe(0);
    expect(compareSemver(parse("1.0.0-beta+exp.sha.5114f85"), parse("1.0.0-beta"))).toBe(0);
    expect(parse("1.0.0-x.7.z.92+001").build).toEqual(["001"]);
  });

  it("is a total order (antisymmetric, transitive)", () => {
    const id = fc.oneof(fc.nat(20).map(String), fc.constantFrom("alpha", "beta", "rc", "x-y", "0a"));
    const semver = fc
      .tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.array(id, { maxLength: 3 }))
      .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre.length > 0 ? `-${pre.join(".")}` : ""}`);
    fc.assert(
      fc.property(semver, semver, semver, (a, b, c) => {
        const [x, y, z] = [parse(a), parse(b), parse(c)];
        expect(Math.sign(compareSemver(x, y)) + Math.sign(compareSemver(y, x))).toBe(0);
        if (compareSemver(x, y) <= 0 && compareSemver(y, z) <= 0)
          expect(compareSemver(x, z)).toBeLessThanOrEqual(0);
      }),
    );
  });
});
