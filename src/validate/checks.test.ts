import { describe, expect, it } from "vitest";
import {
  CDX_DIGEST_HEX,
  checkLicenseExpression,
  digestProblem,
  isAbsoluteUri,
  isCpe22,
  isRfc3339DateTime,
  isSpdxTimestamp,
  purlProblem,
  SPDX_DIGEST_HEX,
} from "./checks.js";

// [expression, problem kind or undefined, deprecated ids, local LicenseRefs, DocumentRefs]
const LICENSES: [string, "syntax" | "unknown-id" | undefined, string[], string[], string[]][] = [
  ["MIT", undefined, [], [], []],
  ["NONE", undefined, [], [], []],
  ["NOASSERTION", undefined, [], [], []],
  ["mit OR apache-2.0", undefined, [], [], []],
  ["GPL-2.0-only WITH Classpath-exception-2.0", undefined, [], [], []],
  ["(MIT OR Apache-2.0) AND BSD-3-Clause", undefined, [], [], []],
  ["GPL-2.0+", undefined, ["GPL-2.0"], [], []],
  ["GPL-2.0", undefined, ["GPL-2.0"], [], []],
  ["MIT OR LicenseRef-Foo.Bar-1", undefined, [], ["LicenseRef-Foo.Bar-1"], []],
  ["DocumentRef-other:LicenseRef-X AND MIT", undefined, [], [], ["DocumentRef-other"]],
  [
    "DocumentRef-a:LicenseRef-X OR DocumentRef-b:LicenseRef-Y OR LicenseRef-Z",
    undefined,
    [],
    ["LicenseRef-Z"],
    ["DocumentRef-a", "DocumentRef-b"],
  ],
  ["MIT AND", "syntax", [], [], []],
  ["(MIT", "syntax", [], [], []],
  ["MIT OR OR Apache-2.0", "syntax", [], [], []],
  ["", "syntax", [], [], []],
  ["NOASSERTION OR MIT", "unknown-id", [], [], []],
  ["Apache-2", "unknown-id", [], [], []],
  ["MIT WITH Not-An-Exception", "unknown-id", [], [], []],
  ["LicenseRef-", "syntax", [], [], []],
  ["LicenseRef-a_b", "syntax", [], [], []],
];

describe("checkLicenseExpression (SPDX 2.3 Annex D)", () => {
  it.each(LICENSES)("%j", (expr, kind, deprecated, localRefs, documentRefs) => {
    const c = checkLicenseExpression(expr);
    expect(c.problem?.kind).toBe(kind);
    if (kind === undefined) {
      expect(c.deprecated).toEqual(deprecated);
      expect(c.localRefs).toEqual(localRefs);
      expect(c.documentRefs).toEqual(documentRefs);
    } else expect(c.problem?.message).not.toMatch(/pysbomext/);
  });
});

describe("digests", () => {
  it.each([
    ["SHA1", "a".repeat(40), undefined],
    ["SHA256", "a".repeat(64), undefined],
    ["SHA256", "a".repeat(40), "is 40 hex digits long; SHA256 gives 64"],
    ["SHA512", "g".repeat(128), "is not hexadecimal"],
    ["MD5", "0".repeat(32), undefined],
    ["ADLER32", "0a1b2c3d", undefined],
    ["BLAKE3", "0".repeat(64), undefined],
    ["BLAKE3", "0".repeat(63), "has an odd number of hex digits"],
    ["MD6", "0".repeat(80), undefined],
  ] as const)("SPDX %s %s", (alg, value, want) => {
    expect(digestProblem(alg, value, SPDX_DIGEST_HEX)).toBe(want);
  });

  it.each([
    ["SHA-256", "A".repeat(64), undefined],
    ["SHA-512", "a".repeat(96), "is 96 hex digits long; SHA-512 gives 128"],
    ["Streebog-256", "a".repeat(64), undefined],
  ] as const)("CycloneDX %s", (alg, value, want) => {
    expect(digestProblem(alg, value, CDX_DIGEST_HEX)).toBe(want);
  });
});

describe("dates (RFC 3339 §5.6)", () => {
  it.each([
    ["2024-01-31T12:00:00Z", true, true],
    ["2024-02-29T23:59:60Z", true, true],
    ["2023-02-29T00:00:00Z", false, false],
    ["2024-02-30T00:00:00Z", false, false],
    ["2024-04-31T00:00:00Z", false, false],
    ["2024-13-01T00:00:00Z", false, false],
    ["2024-01-01T24:00:00Z", false, false],
    ["2024-01-01T00:00:00.123Z", true, false],
    ["2024-01-01T01:00:00+01:00", true, false],
    ["2024-01-01t00:00:00z", true, false],
    ["2024-01-01T00:00:00+24:00", false, false],
    ["2024-01-01 00:00:00Z", false, false],
    ["2024-01-01T00:00:00", false, false],
    ["2024-01-01", false, false],
    ["1900-02-29T00:00:00Z", false, false],
    ["2000-02-29T00:00:00Z", true, true],
  ] as const)("%s", (s, rfc, spdx) => {
    expect(isRfc3339DateTime(s)).toBe(rfc);
    expect(isSpdxTimestamp(s)).toBe(spdx);
  });
});

describe("identifiers", () => {
  it.each([
    ["https://example.com/spdxdocs/x-1", true],
    ["urn:uuid:3c5e4b5e-1111-4f4c-9d7c-0a1b2c3d4e5f", true],
    ["git+https://github.com/psf/requests@v2.31.0", true],
    ["example.com/x", false],
    ["https://example.com/a b", false],
    ["", false],
  ] as const)("absolute URI %j", (s, want) => expect(isAbsoluteUri(s)).toBe(want));

  it.each([
    ["cpe:/a:python:python:3.12.0", true],
    ["cpe:/o:microsoft:windows_10", true],
    ["cpe:2.3:a:python:python:3.12.0:*:*:*:*:*:*:*", false],
    ["cpe:/x:python", false],
  ] as const)("CPE 2.2 %j", (s, want) => expect(isCpe22(s)).toBe(want));

  it("explains invalid purls", () => {
    expect(purlProblem("pkg:pypi/requests@2.31.0")).toBeUndefined();
    expect(purlProblem("pkg:pypi")).toMatch(/type and a name/);
    expect(purlProblem("requests")).toMatch(/pkg:/);
  });
});
