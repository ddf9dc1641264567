// The license a distribution declares, choosing among License-Expression, `License ::` classifiers and
// the License field with PEP 639's precedence ("Converting legacy metadata" / "License-Expression").
import { classifierLicenses, licenseFromClassifiers } from "../license/classifiers.js";
import { tryCanonicalizeLicenseExpression } from "../license/expression.js";
import type { CoreMetadata } from "./validate.js";

/** Where {@link effectiveLicense} found the license. */
export type LicenseSource = "license-expression" | "classifier" | "license-field";

/** A declared license: an SPDX expression when one is known, else a free-text name. */
export interface EffectiveLicense {
  /** A canonical SPDX license expression. */
  readonly expression?: string;
  /** Free text naming the license when no SPDX expression can be derived. */
  readonly name?: string;
  readonly source: LicenseSource;
}

type LicenseFields = Pick<CoreMetadata, "licenseExpression" | "classifiers" | "license">;

/**
 * The license a distribution declares, by PEP 639 precedence:
 * 1. `License-Expression` (canonical; PEP 639 says tools must use it over everything else);
 * 2. `License ::` classifiers, when they map to one SPDX id (see `licenseFromClassifiers`: several
 *    different licenses, or an ambiguous one such as "BSD License", map to none);
 * 3. the `License` field: used as an expression when it is a valid SPDX expression (`MIT`,
 *    `apache-2.0` → `Apache-2.0`), otherwise returned as a free-text name (first line only, trimmed,
 *    since the field often holds the whole license text);
 * 4. the names of unmapped license classifiers (`BSD License`), joined with ", ", as a name.
 * Returns `undefined` when none of these says anything. An invalid License-Expression is skipped
 * (validateMetadata reports it).
 * @example
 * effectiveLicense({ license: "MIT", classifiers: [] })
 * // { expression: "MIT", source: "license-field" }
 * effectiveLicense({ license: "BSD", classifiers: ["License :: OSI Approved :: BSD License"] })
 * // { name: "BSD", source: "license-field" }
 */
export function effectiveLicense(metadata: LicenseFields): EffectiveLicense | undefined {
  if (metadata.licenseExpression !== undefined)
    return { expression: metadata.licenseExpression, source: "license-expression" };

  const fromClassifiers = licenseFromClassifiers(metadata.classifiers);
  if (fromClassifiers !== undefined) return { expression: fromClassifiers, source: "classifier" };

  const text = metadata.license?.trim();
  if (text && text !== "UNKNOWN") {
    const expression = tryCanonicalizeLicenseExpression(text);
    if (expression !== undefined) return { expression, source: "license-field" };
    const firstLine = text.split("\n", 1)[0]!.trim();
    return { name: firstLine, source: "license-field" };
  }

  const names = classifierLicenses(metadata.classifiers).map((c) => c.name);
  if (names.length > 0) return { name: names.join(", "), source: "classifier" };
  return undefined;
}
