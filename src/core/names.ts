// PEP 503 project name normalisation and the name validity rule of the core metadata spec
// (https://packaging.python.org/en/latest/specifications/name-normalization/).
import { PysbomError } from "../errors.js";

/** A project name in PEP 503 normal form: lowercase, runs of `-_.` collapsed to one `-`. */
export type NormalizedName = string & { readonly __brand: "NormalizedName" };

// Spec: ^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$ with re.IGNORECASE. Linear-time (no nested quantifiers).
const VALID_NAME = /^(?:[a-z0-9]|[a-z0-9][a-z0-9._-]*[a-z0-9])$/i;
const SEPARATOR_RUNS = /[-_.]+/g;
// packaging's `_normalized_regex`, lookahead included: it accepts "a--b" (a quirk we match exactly).
const NORMALIZED = /^(?:[a-z0-9]|[a-z0-9](?:[a-z0-9-](?!--))*[a-z0-9])$/;

/**
 * True when `name` is a valid project name.
 * @example isValidName("zope.interface") // true; isValidName("a_") // false
 */
export function isValidName(name: string): boolean {
  return VALID_NAME.test(name);
}

/**
 * PEP 503 normalisation without a validity check (what pip and packaging's `canonicalize_name` do).
 * @example canonicalizeName("Typing_Extensions") // "typing-extensions"
 */
export function canonicalizeName(name: string): NormalizedName {
  return name.replace(SEPARATOR_RUNS, "-").toLowerCase() as NormalizedName;
}

/**
 * Validates and normalises a project name; throws `INVALID_NAME` when it is not a valid name.
 * @example parseName("Django") // "django"
 */
export function parseName(name: string): NormalizedName {
  if (!isValidName(name))
    throw new PysbomError("INVALID_NAME", `Invalid project name: ${JSON.stringify(name)}`);
  return canonicalizeName(name);
}

/** Like {@link parseName} but returns `undefined` for an invalid name. */
export function tryParseName(name: string): NormalizedName | undefined {
  return isValidName(name) ? canonicalizeName(name) : undefined;
}

/**
 * True when `name` is already in normal form (packaging's `is_normalized_name`).
 * @example isNormalizedName("flask-cors") // true; isNormalizedName("Flask") // false
 */
export function isNormalizedName(name: string): name is NormalizedName {
  return NORMALIZED.test(name);
}
