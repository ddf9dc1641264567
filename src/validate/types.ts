// The data `validate` returns: findings with their layer and place, a per-document report, the quality
// score. Plain readonly data (STYLE.md "Types and data"); whether findings fail a run is the CLI's policy.
import type { Finding } from "../model/index.js";

/** Which layer found a problem: the text itself, the official schema, the spec's rules, or a profile. */
export type ValidationLayer = "syntax" | "schema" | "semantic" | "profile";

/** The conformance profiles `--profile` accepts. */
export const PROFILES = ["ntia", "cisa-2025", "bsi-tr-03183-2"] as const;
export type ProfileName = (typeof PROFILES)[number];

/** True when `name` is one of {@link PROFILES}. */
export function isProfileName(name: string): name is ProfileName {
  return (PROFILES as readonly string[]).includes(name);
}

/**
 * One validation finding. `path` is a JSON pointer (RFC 6901) into the document — for tag-value input, into
 * its JSON form (the SPDX JSON schema's shape) — that always names something present: the offending
 * member, or the element a required member is missing from.
 */
export interface ValidationFinding extends Finding {
  readonly layer: ValidationLayer;
  /** The profile whose rule this is (layer `profile` only). */
  readonly profile?: ProfileName | undefined;
  /** 1-based line and column of `path` in the input, when known. */
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  /** The spec clause or guideline element the rule comes from. */
  readonly clause?: string | undefined;
}

/** The input formats validate reads. */
export type InputFormat = "spdx-json" | "spdx-tag-value" | "cyclonedx-json";

/** One check of the quality score: the share of elements that pass it. */
export interface ScoreCheck {
  readonly name: string;
  /** 0 to 1. */
  readonly ratio: number;
  /** e.g. `29/31 components`. */
  readonly detail: string;
}

/** One category of the quality score, 0 to 10. */
export interface ScoreCategory {
  readonly name: string;
  readonly score: number;
  readonly checks: readonly ScoreCheck[];
}

/** The 0–10 quality score: the mean of its categories (one decimal). */
export interface QualityScore {
  readonly score: number;
  readonly max: 10;
  readonly categories: readonly ScoreCategory[];
}

/** Counts of a report's findings. */
export interface FindingCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

/** The result of validating one document. */
export interface ValidationReport {
  /** The name the document was given (a path, or `-`). */
  readonly file: string;
  readonly format: InputFormat;
  /** `SPDX-2.3`, `SPDX-2.2`, or the CycloneDX version (`1.6`). */
  readonly specVersion: string;
  readonly profiles: readonly ProfileName[];
  /** Components checked by the profiles and the score (SPDX packages; CycloneDX components except files). */
  readonly components: number;
  /** Sorted by line, then pointer, then code. */
  readonly findings: readonly ValidationFinding[];
  readonly counts: FindingCounts;
  /** No finding of severity error. */
  readonly valid: boolean;
  /** Per requested profile: no error finding from that profile (and the document is valid). */
  readonly conformance: Readonly<Partial<Record<ProfileName, boolean>>>;
  readonly score: QualityScore;
}

/** A document that could not be validated: unreadable, not SBOM, or an unsupported version. */
export interface ValidationFailure {
  readonly file: string;
  readonly error: {
    /** The PysbomError code, e.g. `INVALID_JSON`, `UNSUPPORTED_VERSION`, `LIMIT_EXCEEDED`. */
    readonly code: string;
    readonly message: string;
    readonly line?: number | undefined;
    readonly column?: number | undefined;
  };
}

/** What validating one input gave: a report, or why there is none. */
export type ValidationOutcome = ValidationReport | ValidationFailure;

/** True when the outcome is a failure to read the document. */
export function isValidationFailure(o: ValidationOutcome): o is ValidationFailure {
  return "error" in o;
}
