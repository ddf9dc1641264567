// Value checks shared by the SPDX and CycloneDX rules: license expressions (SPDX 2.3 Annex D), digests,
// RFC 3339 date-times, URIs, CPE 2.2 URIs, purls. Pure functions returning a problem description or
// undefined.

import {
  isDeprecatedLicenseId,
  type LicenseExpressionNode,
  licenseIdsOf,
  parseLicenseExpression,
} from "../core/license/index.js";
import { parsePurl } from "../core/purl.js";
import { isPysbomError } from "../errors.js";

/** What is wrong with a license expression, if anything. */
export interface LicenseCheck {
  /** `syntax`: not an expression; `unknown-id`: an identifier that is not on the SPDX list. */
  readonly problem?: { readonly kind: "syntax" | "unknown-id"; readonly message: string } | undefined;
  /** Deprecated SPDX ids used (canonical spelling). */
  readonly deprecated: readonly string[];
  /** `LicenseRef-…` ids used without a `DocumentRef-…:` prefix (they must be declared locally). */
  readonly localRefs: readonly string[];
  /** `DocumentRef-…` prefixes used (they must name an external document reference). */
  readonly documentRefs: readonly string[];
}

const DOCUMENT_REF_LICENSE = /DocumentRef-([A-Za-z0-9.-]+):LicenseRef-[A-Za-z0-9.-]+/g;

/**
 * Checks an SPDX license expression (SPDX 2.3 Annex D): identifiers from the SPDX License List (matched
 * case-insensitively), `LicenseRef-idstring`, `DocumentRef-idstring:LicenseRef-idstring`, `+`, `WITH`
 * an exception from the list, `AND`, `OR` and parentheses. `NONE` and `NOASSERTION` are accepted alone.
 * @example checkLicenseExpression("MIT OR Apache-2.0").problem // undefined
 */
export function checkLicenseExpression(expression: string): LicenseCheck {
  const trimmed = expression.trim();
  if (trimmed === "NONE" || trimmed === "NOASSERTION")
    return { deprecated: [], localRefs: [], documentRefs: [] };
  const documentRefs: string[] = [];
  // The core parser knows PEP 639 expressions, which have no DocumentRef- form: rewrite each
  // "DocumentRef-x:LicenseRef-y" to a LicenseRef- it can read, remembering which ones were external.
  const rewritten = expression.replace(DOCUMENT_REF_LICENSE, (_m, doc: string) => {
    documentRefs.push(`DocumentRef-${doc}`);
    return `LicenseRef-pysbomext${documentRefs.length}x`;
  });
  let node: LicenseExpressionNode;
  try {
    node = parseLicenseExpression(rewritten);
  } catch (e) {
    if (!isPysbomError(e)) throw e;
    const unknown = /^Unknown license/.test(e.message);
    return {
      problem: {
        kind: unknown ? "unknown-id" : "syntax",
        message: e.message.replace(/LicenseRef-pysbomext\d+x/g, "DocumentRef-…:LicenseRef-…"),
      },
      deprecated: [],
      localRefs: [],
      documentRefs,
    };
  }
  const ids = licenseIdsOf(node);
  if (ids.includes("LicenseRef-"))
    return {
      problem: {
        kind: "syntax",
        message: `"LicenseRef-" needs an idstring in ${JSON.stringify(expression)}`,
      },
      deprecated: [],
      localRefs: [],
      documentRefs,
    };
  const localRefs: string[] = [];
  const deprecated: string[] = [];
  for (const id of ids) {
    // The parser keeps a LicenseRef- suffix as written, for matching a licenseId; the rewritten
    // DocumentRef- ones are external and not declared here.
    if (id.startsWith("LicenseRef-")) {
      if (!/^LicenseRef-pysbomext\d+x$/i.test(id)) localRefs.push(id);
    } else if (isDeprecatedLicenseId(id)) deprecated.push(id);
  }
  return { deprecated, localRefs, documentRefs };
}

/** Hex digest lengths of the SPDX 2.3 checksum algorithms (clause 7.10); undefined: variable (MD6, BLAKE3). */
export const SPDX_DIGEST_HEX: Readonly<Record<string, number | undefined>> = {
  SHA1: 40,
  SHA224: 56,
  SHA256: 64,
  SHA384: 96,
  SHA512: 128,
  "SHA3-256": 64,
  "SHA3-384": 96,
  "SHA3-512": 128,
  "BLAKE2b-256": 64,
  "BLAKE2b-384": 96,
  "BLAKE2b-512": 128,
  BLAKE3: undefined,
  MD2: 32,
  MD4: 32,
  MD5: 32,
  MD6: undefined,
  ADLER32: 8,
};

/** Hex content lengths of the CycloneDX hash algorithms; undefined: variable (BLAKE3). */
export const CDX_DIGEST_HEX: Readonly<Record<string, number | undefined>> = {
  MD5: 32,
  "SHA-1": 40,
  "SHA-256": 64,
  "SHA-384": 96,
  "SHA-512": 128,
  "SHA3-256": 64,
  "SHA3-384": 96,
  "SHA3-512": 128,
  "BLAKE2b-256": 64,
  "BLAKE2b-384": 96,
  "BLAKE2b-512": 128,
  BLAKE3: undefined,
  "Streebog-256": 64,
  "Streebog-512": 128,
};

/**
 * What is wrong with a digest for a known algorithm: not hexadecimal, or the wrong length.
 * @example digestProblem("SHA256", "abc", SPDX_DIGEST_HEX) // "is 3 hex digits long; SHA256 gives 64"
 */
export function digestProblem(
  algorithm: string,
  value: string,
  lengths: Readonly<Record<string, number | undefined>>,
): string | undefined {
  if (!/^[0-9a-fA-F]+$/.test(value)) return "is not hexadecimal";
  if (!Object.hasOwn(lengths, algorithm)) return undefined;
  const want = lengths[algorithm];
  if (want !== undefined && value.length !== want)
    return `is ${value.length} hex digits long; ${algorithm} gives ${want}`;
  if (want === undefined && value.length % 2 !== 0) return `has an odd number of hex digits`;
  return undefined;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;
const SPDX_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Checks an RFC 3339 `date-time` (§5.6, with the §5.7 ranges; a leap second is allowed).
 * @example isRfc3339DateTime("2024-02-30T00:00:00Z") // false
 */
export function isRfc3339DateTime(s: string): boolean {
  const m = RFC3339.exec(s);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
  if (hour > 23 || minute > 59 || second > 60) return false;
  if (m[9] !== undefined && (Number(m[10]) > 23 || Number(m[11]) > 59)) return false;
  return true;
}

/** True for SPDX's own timestamp form, `YYYY-MM-DDThh:mm:ssZ` (SPDX 2.3 §6.9). */
export function isSpdxTimestamp(s: string): boolean {
  return SPDX_DATE.test(s) && isRfc3339DateTime(s);
}

/** An absolute URI: a scheme (RFC 3986 §3.1), then no whitespace. */
export function isAbsoluteUri(s: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/.test(s);
}

// CPE 2.2 URI binding, as the SPDX 2.3 Annex F and CycloneDX schemas give it.
const CPE22 = /^[cC][pP][eE]:\/[AHOaho]?(:[A-Za-z0-9._\-~%]*){0,6}$/;

/** True for a CPE 2.2 URI (`cpe:/a:vendor:product:version`). */
export function isCpe22(s: string): boolean {
  return CPE22.test(s);
}

/**
 * Why a purl is invalid, or undefined when it parses.
 * @example purlProblem("pkg:pypi") // "purl needs a type and a name: …"
 */
export function purlProblem(s: string): string | undefined {
  try {
    parsePurl(s);
    return undefined;
  } catch (e) {
    if (isPysbomError(e)) return e.message;
    throw e;
  }
}

/** Plain JSON object test. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The array at `v`, or an empty array when it is not one (the schema layer reports the type). */
export function arrayOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The string at `v`, or undefined. */
export function stringOf(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}
