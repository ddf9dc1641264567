// The OSV range algorithm (osv-schema "Evaluation", IsVulnerable / BeforeLimits), over any total order:
// PEP 440 for PyPI `ECOSYSTEM` ranges, SemVer 2.0.0 for `SEMVER`. Events are sorted with a stable sort, so
// ties keep the record's order (osv-matching.md decision 1).

/** `introduced: "0"` (before every version) and `limit: "*"` (no upper limit). */
export const BOTTOM: unique symbol = Symbol("osv-zero");
export const TOP: unique symbol = Symbol("osv-infinity");

/** An event with its version parsed (or one of the two sentinels). */
export interface RangeEvent<V> {
  readonly kind: "introduced" | "fixed" | "last_affected" | "limit";
  readonly at: V | typeof BOTTOM | typeof TOP;
}

function cmpEvent<V>(a: RangeEvent<V>["at"], b: RangeEvent<V>["at"], cmp: (x: V, y: V) => number): number {
  if (a === b) return 0;
  if (a === BOTTOM || b === TOP) return -1;
  if (a === TOP || b === BOTTOM) return 1;
  return cmp(a, b);
}

/**
 * Sorts events by version with a stable sort (`introduced: "0"` first, `limit: "*"` last): events at the
 * same version keep the order the record lists them in (decision 1, as osv.dev and osv-scanner).
 * @example sortEvents(events, compareVersions)
 */
export function sortEvents<V>(
  events: readonly RangeEvent<V>[],
  cmp: (x: V, y: V) => number,
): RangeEvent<V>[] {
  // Array.prototype.sort is stable (ECMAScript 2019).
  return [...events].sort((a, b) => cmpEvent(a.at, b.at, cmp));
}

/**
 * True when `v` is inside the range, per the spec's algorithm over **sorted** events (see
 * {@link sortEvents}): `introduced` is inclusive, `fixed` exclusive, `last_affected` inclusive; the last
 * event that applies decides. With `limit` events, `v` must also be below one of them.
 * @example inRange(sortEvents(events, compareVersions), parseVersion("1.2"), compareVersions)
 */
export function inRange<V>(sorted: readonly RangeEvent<V>[], v: V, cmp: (x: V, y: V) => number): boolean {
  let limited = false;
  let belowLimit = false;
  for (const e of sorted) {
    if (e.kind !== "limit") continue;
    limited = true;
    if (cmpEvent(v, e.at, cmp) < 0) belowLimit = true;
  }
  if (limited && !belowLimit) return false;
  let vulnerable = false;
  for (const e of sorted) {
    if (e.kind === "introduced") {
      if (cmpEvent(v, e.at, cmp) >= 0) vulnerable = true;
    } else if (e.kind === "fixed") {
      if (cmpEvent(v, e.at, cmp) >= 0) vulnerable = false;
    } else if (e.kind === "last_affected") {
      if (cmpEvent(v, e.at, cmp) > 0) vulnerable = false;
    }
  }
  return vulnerable;
}
