import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadVectors } from "../test-helpers/vectors.js";
import {
  baseVersion,
  compareVersions,
  formatVersion,
  isDevrelease,
  isPostrelease,
  isPrerelease,
  isValidVersion,
  localVersion,
  normalizeVersion,
  PackagingError,
  parseVersion,
  publicVersion,
  tryParseVersion,
  type Version,
  versionFromParts,
  versionsEqual,
} from "./version.js";

interface VersionCase {
  input: string;
  valid: boolean;
  normalized?: string;
  public?: string;
  base_version?: string;
  local?: string | null;
  epoch?: number;
  release?: number[];
  pre?: [string, number] | null;
  post?: number | null;
  dev?: number | null;
  is_prerelease?: boolean;
  is_postrelease?: boolean;
  is_devrelease?: boolean;
}

const data = loadVectors<{ versions: VersionCase[]; ascending_equal_groups: string[][] }>(
  "pep440-versions.json",
);

// Vectors hold numbers as JSON numbers (all below 2^53 there); ours are bigints.
const num = (x: bigint | undefined) => (x === undefined ? null : Number(x));

function describeVersion(v: Version) {
  return {
    normalized: formatVersion(v),
    public: publicVersion(v),
    base_version: baseVersion(v),
    local: localVersion(v) ?? null,
    epoch: Number(v.epoch),
    release: v.release.map(Number),
    pre: v.pre === undefined ? null : [v.pre[0], Number(v.pre[1])],
    post: num(v.post),
    dev: num(v.dev),
    is_prerelease: isPrerelease(v),
    is_postrelease: isPostrelease(v),
    is_devrelease: isDevrelease(v),
  };
}

describe(`pep440-versions.json (${data.versions.length} cases)`, () => {
  it("parses, validates and describes every version like packaging", () => {
    const failures: string[] = [];
    for (const c of data.versions) {
      const v = tryParseVersion(c.input);
      const valid = isValidVersion(c.input);
      if (valid !== c.valid || (v !== undefined) !== c.valid) {
        failures.push(`${JSON.stringify(c.input)}: valid ${valid}, want ${c.valid}`);
        continue;
      }
      if (!v) continue;
      const { input: _i, valid: _v, ...want } = c;
      const got = describeVersion(v);
      if (JSON.stringify(got) !== JSON.stringify({ ...got, ...want }))
        failures.push(`${JSON.stringify(c.input)}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
    expect(failures).toEqual([]);
    expect(data.versions.length).toBeGreaterThan(0);
  });

  it(`orders the ${data.ascending_equal_groups.length} ascending_equal_groups totally`, () => {
    const failures: string[] = [];
    const groups = data.ascending_equal_groups.map((g) => g.map((s) => [s, parseVersion(s)] as const));
    for (let gi = 0; gi < groups.length; gi++) {
      const group = groups[gi]!;
      for (const [s, v] of group) {
        for (const [t, w] of group) if (compareVersions(v, w) !== 0) failures.push(`${s} should equal ${t}`);
        const next = groups[gi + 1];
        if (next)
          for (const [t, w] of next) {
            if (compareVersions(v, w) >= 0) failures.push(`${s} should be < ${t}`);
            if (compareVersions(w, v) <= 0) failures.push(`${t} should be > ${s}`);
          }
      }
    }
    // Every pair, not just neighbours: sorting a shuffled copy reproduces the groups' order.
    const flat = groups.flat();
    const shuffled = [...flat].reverse();
    shuffled.sort((a, b) => compareVersions(a[1], b[1]));
    const rank = new Map<string, number>();
    for (const [i, g] of groups.entries()) for (const [s] of g) rank.set(s, i);
    for (const [i, [s]] of shuffled.entries())
      if (i > 0 && rank.get(s)! < rank.get(shuffled[i - 1]![0])!) failures.push(`sort misplaces ${s}`);
    expect(failures).toEqual([]);
  });
});

// Random versions in every spelling packaging accepts.
const sep = fc.constantFrom("", ".", "-", "_");
const digits = fc.oneof(
  fc.integer({ min: 0, max: 30 }).map(String),
  fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String),
  fc.constantFrom("00", "007", "9007199254740993"),
);
const preWord = fc.constantFrom("a", "alpha", "b", "beta", "c", "rc", "pre", "preview", "A", "Beta", "RC");
const postWord = fc.constantFrom("post", "rev", "r", "POST");
const localSeg = fc.oneof(fc.stringMatching(/^[a-zA-Z0-9]{1,6}$/), digits);
const versionString = fc
  .record({
    v: fc.constantFrom("", "v", "V"),
    epoch: fc.option(digits, { nil: undefined }),
    release: fc.array(digits, { minLength: 1, maxLength: 5 }),
    pre: fc.option(fc.tuple(sep, preWord, sep, fc.option(digits, { nil: "" })), { nil: undefined }),
    post: fc.option(
      fc.oneof(
        digits.map((d) => `-${d}`),
        fc
          .tuple(sep, postWord, sep, fc.option(digits, { nil: "" }))
          .map(([a, w, b, d]) => a + w + (d ? b + d : "")),
      ),
      { nil: undefined },
    ),
    dev: fc.option(fc.tuple(sep, fc.constantFrom("dev", "DEV"), sep, fc.option(digits, { nil: "" })), {
      nil: undefined,
    }),
    local: fc.option(
      fc.array(
        fc.tuple(
          sep.filter((x) => x !== ""),
          localSeg,
        ),
        { minLength: 1, maxLength: 4 },
      ),
      {
        nil: undefined,
      },
    ),
    ws: fc.constantFrom("", " ", "\t", "\n", "\u3000"),
  })
  .map(
    (r) =>
      r.ws +
      r.v +
      (r.epoch !== undefined ? `${r.epoch}!` : "") +
      r.release.join(".") +
      (r.pre ? r.pre[0] + r.pre[1] + (r.pre[3] ? r.pre[2] + r.pre[3] : "") : "") +
      (r.post ?? "") +
      (r.dev ? r.dev[0] + r.dev[1] + (r.dev[3] ? r.dev[2] + r.dev[3] : "") : "") +
      (r.local ? `+${r.local.map(([s, x], i) => (i ? s : "") + x).join("")}` : "") +
      r.ws,
  );
const version = versionString.map(parseVersion);

describe("version properties", () => {
  it("normalisation is idempotent and parse(format(v)) == v", () => {
    fc.assert(
      fc.property(versionString, (s) => {
        const once = normalizeVersion(s);
        expect(normalizeVersion(once)).toBe(once);
        const v = parseVersion(s);
        expect(parseVersion(formatVersion(v))).toEqual(v);
      }),
      { numRuns: 2000 },
    );
  });

  it("compare is total, antisymmetric, transitive and agrees with normalised equality", () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        const ab = Math.sign(compareVersions(a, b));
        expect(Math.sign(compareVersions(b, a))).toBe(-ab);
        expect(compareVersions(a, a)).toBe(0);
        if (ab <= 0 && compareVersions(b, c) <= 0) expect(compareVersions(a, c)).toBeLessThanOrEqual(0);
        if (formatVersion(a) === formatVersion(b)) expect(ab).toBe(0);
        expect(versionsEqual(a, b)).toBe(ab === 0);
        // Equal versions differ at most by trailing zeros of the release.
        if (ab === 0) {
          const strip = (v: Version) =>
            formatVersion(versionFromParts({ ...v, release: trimZeros(v.release) }));
          expect(strip(a)).toBe(strip(b));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("compares huge numbers exactly (no 2^53 rounding)", () => {
    const a = parseVersion("20240101000000000001");
    const b = parseVersion("20240101000000000000");
    expect(compareVersions(a, b)).toBe(1);
    expect(a.release[0]).toBe(20240101000000000001n);
    expect(normalizeVersion("1.9007199254740993.post9007199254740993")).toBe(
      "1.9007199254740993.post9007199254740993",
    );
    expect(compareVersions(parseVersion("1.10"), parseVersion("1.9"))).toBe(1);
    expect(compareVersions(parseVersion("1.0+abc.5"), parseVersion("1.0+5"))).toBe(-1);
    expect(compareVersions(parseVersion("1.0+5"), parseVersion("1.0+5.a"))).toBe(-1);
  });

  it("orders numbers of any digit count (1 to 4300) like bigints", () => {
    const lengths = [1, 2, 221, 222, 223, 224, 255, 256, 257, 511, 4299, 4300];
    const nums = lengths.flatMap((n) => [`1${"0".repeat(n - 1)}`, "9".repeat(n)]);
    fc.assert(
      fc.property(
        fc.constantFrom(...nums),
        fc.constantFrom(...nums),
        fc.constantFrom(".", ".post", "+"),
        (a, b, where) => {
          const va = parseVersion(`1${where}${a}`);
          const vb = parseVersion(`1${where}${b}`);
          const want = BigInt(a) === BigInt(b) ? 0 : BigInt(a) < BigInt(b) ? -1 : 1;
          expect(compareVersions(va, vb)).toBe(want);
        },
      ),
    );
  });
});

function trimZeros(r: readonly bigint[]): bigint[] {
  let n = r.length;
  while (n > 1 && r[n - 1] === 0n) n--;
  return r.slice(0, n);
}

describe("malformed versions", () => {
  const bad = [
    "",
    " ",
    "1.0.x",
    "1..0",
    "\u0000",
    "1.0\u0000",
    "1.0 a",
    "1.0+",
    "v",
    "1!",
    "١.٠",
    "1.0\ufeff",
  ];
  it.each(bad)("rejects %j with INVALID_VERSION", (s) => {
    expect(isValidVersion(s)).toBe(false);
    expect(() => parseVersion(s)).toThrow(
      expect.objectContaining({ code: "INVALID_VERSION", pythonError: "InvalidVersion" }),
    );
  });

  it("says what was wrong, like packaging", () => {
    expect(() => parseVersion("1.0.x")).toThrow("Invalid version: '1.0.x'");
    try {
      parseVersion("latest");
    } catch (e) {
      expect(e).toBeInstanceOf(PackagingError);
    }
  });

  it("rejects integers over CPython's 4300-digit limit (packaging raises ValueError)", () => {
    expect(isValidVersion("1".repeat(4300))).toBe(true);
    expect(() => parseVersion("1".repeat(4301))).toThrow(
      expect.objectContaining({ pythonError: "ValueError" }),
    );
    expect(isValidVersion(`1.0+${"7".repeat(4301)}`)).toBe(false);
    // ... but only once the pattern matched: otherwise it is an InvalidVersion.
    expect(() => parseVersion(`${"1".repeat(4301)}x`)).toThrow(
      expect.objectContaining({ pythonError: "InvalidVersion" }),
    );
    expect(isValidVersion(`1.0+${"7".repeat(10_000_000)}`)).toBe(false);
  });

  it("handles 10 MB inputs in linear time", () => {
    const t0 = performance.now();
    expect(isValidVersion("1.".repeat(5_000_000))).toBe(false);
    expect(isValidVersion(`1${".1".repeat(5_000_000)}x`)).toBe(false);
    expect(isValidVersion(`1.0+${"a.".repeat(5_000_000)}`)).toBe(false);
    expect(isValidVersion(`${" ".repeat(10_000_000)}1`)).toBe(true);
    expect(() => parseVersion("x".repeat(10_000_000))).toThrow(/characters\)$/);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it("accepts Python's whitespace set around a version, not JavaScript's", () => {
    expect(isValidVersion("\u001c1.0\u0085")).toBe(true);
    expect(isValidVersion("\ufeff1.0")).toBe(false);
  });
});
