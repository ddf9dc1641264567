// Severity of OSV records: CVSS v2 / v3.0 / v3.1 / v4.0 base scores computed from the vectors (osv-schema
// `severity[]`) with ae-cvss-calculator, rated per the CVSS specifications' qualitative scales; else the
// database's own label (`database_specific.severity`, e.g. GHSA's `MODERATE`).
import { createRequire } from "node:module";
import type * as CvssLib from "ae-cvss-calculator";
import type { OsvAffected, OsvRecord } from "./record.js";

// Loaded on first use: the calculator takes a noticeable time to load, and only imports compute scores
// (scans read them from the database index).
const require = createRequire(import.meta.url);
let lib: typeof CvssLib | undefined;
const cvss = (): typeof CvssLib => {
  lib ??= require("ae-cvss-calculator") as typeof CvssLib;
  return lib;
};

/** Qualitative severity, ordered `none` < `low` < `medium` < `high` < `critical`; `unknown` is unrated. */
export type Rating = "critical" | "high" | "medium" | "low" | "none" | "unknown";

/** Ratings from least to most severe (`unknown` is not on the scale). */
export const RATINGS: readonly Exclude<Rating, "unknown">[] = ["none", "low", "medium", "high", "critical"];

/** A severity: a CVSS base score (with its vector) or a database label. */
export interface Severity {
  readonly rating: Rating;
  /** CVSS base score 0.0-10.0. */
  readonly score?: number | undefined;
  /** `CVSS_V2`, `CVSS_V3` or `CVSS_V4` when the score comes from a vector. */
  readonly type?: "CVSS_V2" | "CVSS_V3" | "CVSS_V4" | undefined;
  readonly vector?: string | undefined;
  /** Where it came from: a vector, the database's label, or nothing. */
  readonly source: "cvss" | "database" | "none";
}

/** No severity known. */
export const UNKNOWN_SEVERITY: Severity = { rating: "unknown", source: "none" };

// Base metrics each version requires (a vector missing one has no base score).
const BASE_METRICS: Record<string, readonly string[]> = {
  "2": ["AV", "AC", "Au", "C", "I", "A"],
  "3.0": ["AV", "AC", "PR", "UI", "S", "C", "I", "A"],
  "3.1": ["AV", "AC", "PR", "UI", "S", "C", "I", "A"],
  "4.0": ["AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA"],
};

/**
 * The CVSS base score of a vector (`CVSS:3.1/AV:N/…`, `CVSS:4.0/…`, or a v2 vector without prefix), or
 * undefined when the vector is incomplete or invalid. Temporal/threat and environmental metrics do not
 * change the base score.
 * @example cvssBaseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H") // 9.8
 */
export function cvssBaseScore(
  vector: string,
): { score: number; version: "2" | "3.0" | "3.1" | "4.0" } | undefined {
  const m = /^CVSS:(3\.0|3\.1|4\.0)\/(.*)$/.exec(vector.trim());
  const version = (m ? m[1] : "2") as "2" | "3.0" | "3.1" | "4.0";
  const body = m ? m[2]! : vector.trim();
  const metrics = new Map<string, string>();
  for (const part of body.split("/")) {
    const [k, v, extra] = part.split(":");
    if (!k || !v || extra !== undefined || metrics.has(k)) return undefined;
    metrics.set(k, v);
  }
  if (BASE_METRICS[version]!.some((k) => !metrics.has(k) || metrics.get(k) === "X")) return undefined;
  try {
    if (version === "4.0") {
      const s = new (cvss().Cvss4P0)(vector.trim()).calculateScores();
      return typeof s.baseMetricsOnly === "number" ? { score: s.baseMetricsOnly, version } : undefined;
    }
    const calc =
      version === "3.1"
        ? new (cvss().Cvss3P1)(vector.trim())
        : version === "3.0"
          ? new (cvss().Cvss3P0)(vector.trim())
          : new (cvss().Cvss2)(vector.trim());
    const s = calc.calculateScores();
    return typeof s.base === "number" ? { score: s.base, version } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The qualitative rating of a base score: CVSS v3/v4 none 0.0, low 0.1-3.9, medium 4.0-6.9, high 7.0-8.9,
 * critical 9.0-10.0; CVSS v2 (NVD) low 0.0-3.9, medium 4.0-6.9, high 7.0-10.0.
 * @example ratingOfScore(7.5, "CVSS_V3") // "high"
 */
export function ratingOfScore(score: number, type: "CVSS_V2" | "CVSS_V3" | "CVSS_V4"): Rating {
  if (type === "CVSS_V2") return score >= 7 ? "high" : score >= 4 ? "medium" : "low";
  if (score === 0) return "none";
  return score >= 9 ? "critical" : score >= 7 ? "high" : score >= 4 ? "medium" : "low";
}

/**
 * A database label as a rating: GHSA's `LOW`/`MODERATE`/`HIGH`/`CRITICAL`, Ubuntu's `negligible`…
 * @example ratingOfLabel("MODERATE") // "medium"
 */
export function ratingOfLabel(label: unknown): Rating {
  if (typeof label !== "string") return "unknown";
  switch (label.trim().toLowerCase()) {
    case "critical":
      return "critical";
    case "high":
    case "important":
      return "high";
    case "moderate":
    case "medium":
      return "medium";
    case "low":
    case "negligible":
      return "low";
    case "none":
      return "none";
    default:
      return "unknown";
  }
}

/** Position on the severity scale (`unknown` is -1). */
export function ratingRank(r: Rating): number {
  return r === "unknown" ? -1 : RATINGS.indexOf(r);
}

/** The more severe of two severities: CVSS scores before labels, then the higher score or rating. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  const rank = (s: Severity) => (s.source === "cvss" ? 2 : s.source === "database" ? 1 : 0);
  if (rank(a) !== rank(b)) return rank(a) > rank(b) ? a : b;
  if (a.source === "cvss") return (b.score ?? 0) > (a.score ?? 0) ? b : a;
  return ratingRank(b.rating) > ratingRank(a.rating) ? b : a;
}

function fromEntries(entries: readonly { type: string; score: string }[] | null | undefined): Severity {
  let best = UNKNOWN_SEVERITY;
  for (const e of entries ?? []) {
    if (e.type === "CVSS_V2" || e.type === "CVSS_V3" || e.type === "CVSS_V4") {
      const s = cvssBaseScore(e.score);
      if (s)
        best = maxSeverity(best, {
          rating: ratingOfScore(s.score, e.type),
          score: s.score,
          type: e.type,
          vector: e.score,
          source: "cvss",
        });
    } else {
      const rating = ratingOfLabel(e.score);
      if (rating !== "unknown") best = maxSeverity(best, { rating, source: "database" });
    }
  }
  return best;
}

/**
 * The severity of a record for the given affected entries: the highest CVSS base score among the record's
 * and the entries' vectors; else the highest database label (`database_specific.severity` of the record or
 * the entries); else unknown.
 * @example recordSeverity(record).rating // "high"
 */
export function recordSeverity(
  record: OsvRecord,
  affected: readonly OsvAffected[] = record.affected ?? [],
): Severity {
  let best = fromEntries(record.severity);
  for (const a of affected) best = maxSeverity(best, fromEntries(a.severity));
  if (best.source === "cvss") return best;
  const labels = [record.database_specific?.severity, ...affected.map((a) => a.database_specific?.severity)];
  for (const l of labels) {
    const rating = ratingOfLabel(l);
    if (rating !== "unknown") best = maxSeverity(best, { rating, source: "database" });
  }
  return best;
}
