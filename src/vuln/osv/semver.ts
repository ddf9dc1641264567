// SemVer 2.0.0 versions and precedence (https://semver.org/spec/v2.0.0.html, clauses 2, 9-11), for OSV
// `SEMVER` ranges ("no leading v", osv-schema "Evaluation"). Numbers are bigints: SemVer bounds none.

/** A parsed SemVer 2.0.0 version. Build metadata is kept but plays no part in precedence (clause 10). */
export interface SemVer {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  /** Pre-release identifiers: numeric ones as bigint, alphanumeric ones as strings. */
  readonly prerelease: readonly (string | bigint)[];
  readonly build: readonly string[];
}

// Clause 2: non-negative integers without leading zeros; clause 9: dot-separated identifiers of
// [0-9A-Za-z-], numeric identifiers without leading zeros; clause 10: build identifiers may have them.
const NUM = "(0|[1-9][0-9]*)";
const PRE_ID = "(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
const BUILD_ID = "[0-9A-Za-z-]+";
const SEMVER = new RegExp(
  `^${NUM}\\.${NUM}\\.${NUM}(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+(${BUILD_ID}(?:\\.${BUILD_ID})*))?$`,
);

/**
 * Parses a SemVer 2.0.0 version strictly (no leading `v`, no leading zeros, three numbers).
 * Returns `undefined` when `s` is not one.
 * @example tryParseSemver("1.0.0-rc.1+build.5")?.prerelease // ["rc", 1n]
 */
export function tryParseSemver(s: string): SemVer | undefined {
  const m = SEMVER.exec(s);
  if (!m) return undefined;
  return {
    major: BigInt(m[1]!),
    minor: BigInt(m[2]!),
    patch: BigInt(m[3]!),
    prerelease:
      m[4] === undefined ? [] : m[4].split(".").map((id) => (/^[0-9]+$/.test(id) ? BigInt(id) : id)),
    build: m[5] === undefined ? [] : m[5].split("."),
  };
}

/**
 * True when `s` is a SemVer 2.0.0 version.
 * @example isValidSemver("1.2") // false
 */
export function isValidSemver(s: string): boolean {
  return SEMVER.test(s);
}

function cmpBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * SemVer 2.0.0 precedence (clause 11): negative, 0 or positive. Build metadata is ignored, so
 * `1.0.0+a` and `1.0.0+b` compare equal.
 * @example compareSemver(tryParseSemver("1.0.0-alpha")!, tryParseSemver("1.0.0")!) // -1
 */
export function compareSemver(a: SemVer, b: SemVer): number {
  const c = cmpBig(a.major, b.major) || cmpBig(a.minor, b.minor) || cmpBig(a.patch, b.patch);
  if (c !== 0) return c;
  // 11.3: a version with a pre-release has lower precedence than the same version without one.
  if (a.prerelease.length === 0 || b.prerelease.length === 0)
    return b.prerelease.length - a.prerelease.length === 0 ? 0 : a.prerelease.length === 0 ? 1 : -1;
  const n = Math.min(a.prerelease.length, b.prerelease.length);
  for (let i = 0; i < n; i++) {
    const x = a.prerelease[i]!;
    const y = b.prerelease[i]!;
    if (typeof x === "bigint" && typeof y === "bigint") {
      const d = cmpBig(x, y);
      if (d !== 0) return d;
    } else if (typeof x === "bigint")
      return -1; // 11.4.3: numeric identifiers sort below alphanumeric ones
    else if (typeof y === "bigint") return 1;
    else if (x !== y) return x < y ? -1 : 1; // 11.4.2: ASCII order
  }
  // 11.4.4: a larger set of pre-release fields has higher precedence when all preceding ones are equal.
  return Math.sign(a.prerelease.length - b.prerelease.length);
}
