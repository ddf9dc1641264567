// The declared license of a Python project (installed distribution or pyproject.toml): PEP 639 precedence (`effectiveLicense`:
// License-Expression > `License ::` classifiers > License field), with free text that is not an SPDX
// expression turned into a `LicenseRef-` whose id is derived from the text (SPDX 2.3 clause 10), so the
// same text always gets the same id. Every LicenseRef an expression uses is declared. Pure.

import { licenseIdsOf } from "../core/license/index.js";
import { type CoreMetadata, effectiveLicense, type LicenseSource } from "../core/metadata/index.js";
import { type ExtractedLicense, sha256Hex, spdxIdSafe } from "../model/index.js";

/** A declared license ready for the model. */
export interface DeclaredLicense {
  /** SPDX license expression (may use the LicenseRefs below), or undefined (NOASSERTION). */
  readonly expression?: string | undefined;
  /** Where it came from (`license-expression`, `classifier`, `license-field`). */
  readonly source?: LicenseSource | undefined;
  /** Declarations of the LicenseRefs the expression uses. */
  readonly extracted: readonly ExtractedLicense[];
}

/**
 * A deterministic `LicenseRef-` id for a free-text license: a readable slug of its name and 12 hex
 * digits of the SHA-256 of the text.
 * @example licenseRefFor("BSD", "BSD") // "LicenseRef-BSD-…"
 */
export function licenseRefFor(name: string, text: string): string {
  const slug =
    spdxIdSafe(name.slice(0, 40))
      .replace(/^[-.]+|[-.]+$/g, "")
      .replace(/\.{2,}/g, ".") || "license";
  return `LicenseRef-${slug}-${sha256Hex(text).slice(0, 12)}`;
}

/**
 * The declared license of a distribution's metadata.
 * @example declaredLicense({ license: "Apache 2", classifiers: [] })
 * // { expression: "LicenseRef-Apache-2-…", source: "license-field", extracted: [{ id: "LicenseRef-Apache-2-…", name: "Apache 2", text: "Apache 2" }] }
 */
export function declaredLicense(
  metadata: Pick<CoreMetadata, "licenseExpression" | "classifiers" | "license">,
): DeclaredLicense {
  const eff = effectiveLicense(metadata);
  if (eff === undefined) return { extracted: [] };
  if (eff.expression !== undefined) {
    const refs = licenseIdsOf(eff.expression).filter((id) => id.startsWith("LicenseRef-"));
    const extracted = refs.map(
      (id): ExtractedLicense => ({
        id,
        name: id.slice("LicenseRef-".length),
        // The metadata names this license but does not carry its text.
        text:
          metadata.license?.trim() ||
          `${id}: named in the distribution's license expression; its text is not in the metadata`,
      }),
    );
    return { expression: eff.expression, source: eff.source, extracted };
  }
  const name = eff.name!;
  const text = eff.source === "license-field" ? metadata.license!.trim() : name;
  const id = licenseRefFor(name, text);
  return {
    expression: id,
    source: eff.source,
    extracted: [
      {
        id,
        name,
        text,
        comment:
          eff.source === "license-field"
            ? "the distribution's License field, which is not an SPDX license expression"
            : "License :: classifiers that name no single SPDX license",
      },
    ],
  };
}
