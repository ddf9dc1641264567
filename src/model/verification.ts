// SPDX 2.3 clause 7.9 package verification code and clause 6.9 timestamps.
import { createHash } from "node:crypto";

/**
 * SHA-1 of the concatenated, sorted, lowercase SHA-1 values of a package's files (excluded files already
 * removed by the caller). A package without files gets the SHA-1 of the empty string.
 * @example verificationCode([]) // "da39a3ee5e6b4b0d3255bfef95601890afd80709"
 */
export function verificationCode(fileSha1s: readonly string[]): string {
  const sorted = fileSha1s.map((s) => s.toLowerCase()).sort();
  return createHash("sha1").update(sorted.join(""), "ascii").digest("hex");
}

/**
 * Formats a time as SPDX wants it: `YYYY-MM-DDTHH:MM:SSZ`, UTC, no fraction.
 * @example formatTimestamp(new Date(0)) // "1970-01-01T00:00:00Z"
 */
export function formatTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
