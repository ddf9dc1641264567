import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatVersion, parseVersion, versionFromParts, versionsEqual } from "../../core/pep440/index.js";
import { pypaDir } from "../test-helpers/index.js";
import {
  compileEntry,
  equalityKey,
  inEntryRanges,
  invalidQueryVersion,
  isAffected,
  type StoredEntry,
  versionKey,
} from "./matcher.js";
import type { OsvRecord } from "./record.js";

const record = (pkg: string, id: string) =>
  JSON.parse(readFileSync(join(pypaDir, pkg, `${id}.json`), "utf8")) as OsvRecord;

describe("PEP 440 equality keys", () => {
  it.each([
    ["1.0", "1.0.0", true],
    ["v1.0", "1", true],
    ["1.0.POST1", "1.0.0-1", true],
    ["05.01", "5.1", true],
    ["1.0+ubuntu.01", "1.0.0+Ubuntu_1", true],
    ["1!1.0", "1.0", false],
    ["1.0a1", "1.0", false],
    ["1.0+abc", "1.0", false],
    ["1.0.0.0.1", "1.0.0.1", false],
  ])("%s vs %s", (a, b, equal) => {
    expect(equalityKey(parseVersion(a)) === equalityKey(parseVersion(b))).toBe(equal);
    expect(versionsEqual(parseVersion(a), parseVersion(b))).toBe(equal);
  });

  it("equal keys exactly when packaging's == says equal (property)", () => {
    const n = fc.bigInt({ min: 0n, max: 12n });
    const version = fc
      .record({
        epoch: fc.constantFrom(0n, 0n, 1n),
        release: fc.array(n, { minLength: 1, maxLength: 4 }),
        pre: fc.option(fc.tuple(fc.constantFrom("a" as const, "b" as const, "rc" as const), n), {
          nil: undefined,
        }),
        post: fc.option(n, { nil: undefined }),
        dev: fc.option(n, { nil: undefined }),
        local: fc.option(
          fc.array(fc.oneof(n, fc.constantFrom("abc", "x1")), { minLength: 1, maxLength: 2 }),
          {
            nil: undefined,
          },
        ),
      })
      .map((p) => versionFromParts(p));
    fc.assert(
      fc.property(version, version, (a, b) => {
        expect(equalityKey(a) === equalityKey(b)).toBe(versionsEqual(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  it("versionKey's fast path for normal forms agrees with the full parser (property)", () => {
    const n = fc.oneof(fc.nat(20), fc.bigInt({ min: 0n, max: 10n ** 25n }));
    const normal = fc
      .tuple(
        fc.array(n, { minLength: 1, maxLength: 5 }),
        fc.option(fc.tuple(fc.constantFrom("a", "b", "rc"), n), { nil: undefined }),
        fc.option(n, { nil: undefined }),
        fc.option(n, { nil: undefined }),
      )
      .map(
        ([rel, pre, post, dev]) =>
          `${rel.join(".")}${pre ? `${pre[0]}${pre[1]}` : ""}${post !== undefined ? `.post${post}` : ""}${dev !== undefined ? `.dev${dev}` : ""}`,
      );
    fc.assert(
      fc.property(normal, (s) => {
        const v = parseVersion(s);
        expect(versionKey(s)).toEqual([equalityKey(v), s]);
        expect(formatVersion(v)).toBe(s);
      }),
      { numRuns: 3000 },
    );
    for (const s of ["0", "0.0", "1.0.0.0", "10.0", "1.0.post0.dev0", "1.0rc0"])
      expect(versionKey(s)![0]).toBe(equalityKey(parseVersion(s)));
  });

  it("versionKey memoises and gives the normal form", () => {
    const cache = new Map();
    expect(versionKey("1.0.0-RC1", cache)).toEqual(["1rc1", "1.0.0rc1"]);
    expect(versionKey("0.7.10p1", cache)).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});

describe("isAffected on real PyPA records", () => {
  it.each([
    // py PYSEC-2022-42969: the one last_affected in PyPA.
    ["py", "PYSEC-2022-42969", "py", "1.11.0", true],
    ["py", "PYSEC-2022-42969", "py", "1.11.0+deb1", false],
    // jw.util: the record's name is not PEP 503-normalised (decision 6).
    ["jw.util", "PYSEC-2020-341", "JW_Util", "2.2", true],
    ["jw.util", "PYSEC-2020-341", "jw-util", "2.3", false],
    // gratient: versions-only record; PEP 440 equality (decision 2).
    ["gratient", "PYSEC-2024-1", "gratient", "0.5.0", true],
    ["gratient", "PYSEC-2024-1", "gratient", "0.6", false],
    // gevent: listed although at the fixed version (union of versions and ranges).
    ["gevent", "PYSEC-2023-177", "gevent", "23.9.0.post1", true],
    ["gevent", "PYSEC-2023-177", "other-package", "1.0", false],
  ])("%s %s: %s %s", (dir, id, name, version, expected) => {
    expect(isAffected(record(dir, id), name, version)).toBe(expected);
  });

  it("withdrawn records never match", () => {
    const r = record("redis", "PYSEC-2023-73");
    expect(r.withdrawn).toBeDefined();
    expect(isAffected(r, "redis", "4.5.3")).toBe(false);
  });

  it("an invalid query version is an error, never 'not affected'", () => {
    expect(() => isAffected(record("django", "PYSEC-2023-61"), "django", "3.2.x")).toThrow(
      "invalid PEP 440 version '3.2.x' (Invalid version: '3.2.x')",
    );
    expect(invalidQueryVersion("latest").code).toBe("INVALID_VERSION");
  });
});

describe("SEMVER ranges", () => {
  const entry: StoredEntry = {
    r: 0,
    g: [
      {
        t: "S",
        e: [
          ["i", "1.0.0"],
          ["f", "1.2.0-rc.1"],
        ],
      },
    ],
  };
  const c = compileEntry(entry);
  it.each([
    ["1.0.0", "affected"],
    ["1.1.9", "affected"],
    ["1.2.0-beta.5", "affected"],
    ["1.2.0", "unaffected"],
    ["0.9.9", "unaffected"],
  ])("%s is %s", (v, expected) => {
    expect(inEntryRanges(c, parseVersion(v), v)).toBe(expected);
  });

  it("a query that is not SemVer cannot be placed: a problem, not 'unaffected'", () => {
    expect(inEntryRanges(c, parseVersion("1.1"), "1.1")).toEqual({
      problem: 'has a SEMVER range, and "1.1" is not a SemVer 2.0.0 version',
    });
  });
});
