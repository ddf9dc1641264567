// The SPDX License List (licenses and exceptions) as shipped by the `spdx-license-ids` and
// `spdx-exceptions` packages, indexed case-insensitively (SPDX spec Annex D: ids match case-insensitively).
import deprecatedExceptionIds from "spdx-exceptions/deprecated.json" with { type: "json" };
import exceptionIds from "spdx-exceptions/index.json" with { type: "json" };
import deprecatedLicenseIds from "spdx-license-ids/deprecated.json" with { type: "json" };
import licenseIds from "spdx-license-ids/index.json" with { type: "json" };

function indexByLowercase(...lists: readonly (readonly string[])[]): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const list of lists) for (const id of list) map.set(id.toLowerCase(), id);
  return map;
}

/** Lowercased license id → canonical id, current and deprecated ids alike (packaging accepts both). */
export const LICENSES: ReadonlyMap<string, string> = indexByLowercase(licenseIds, deprecatedLicenseIds);

/** Lowercased deprecated license ids (e.g. `gpl-2.0`). */
export const DEPRECATED_LICENSES: ReadonlySet<string> = new Set(
  deprecatedLicenseIds.map((id) => id.toLowerCase()),
);

/** Lowercased exception id → canonical id, current and deprecated alike. */
export const EXCEPTIONS: ReadonlyMap<string, string> = indexByLowercase(exceptionIds, deprecatedExceptionIds);

/**
 * Every current (non-deprecated) SPDX license id, in list order.
 * @example LICENSE_IDS.includes("MIT") // true
 */
export const LICENSE_IDS: readonly string[] = licenseIds;

/**
 * Every deprecated SPDX license id (still valid in expressions, e.g. `GPL-2.0`).
 * @example DEPRECATED_LICENSE_IDS.includes("GPL-2.0") // true
 */
export const DEPRECATED_LICENSE_IDS: readonly string[] = deprecatedLicenseIds;

/**
 * Every current SPDX license exception id.
 * @example EXCEPTION_IDS.includes("LLVM-exception") // true
 */
export const EXCEPTION_IDS: readonly string[] = exceptionIds;

/**
 * Every deprecated SPDX license exception id.
 * @example DEPRECATED_EXCEPTION_IDS.includes("Nokia-Qt-exception-1.1") // true
 */
export const DEPRECATED_EXCEPTION_IDS: readonly string[] = deprecatedExceptionIds;
