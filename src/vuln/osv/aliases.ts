// Alias grouping (osv-schema `aliases`: the same vulnerability in other databases, meant to be symmetric and
// transitive): records whose `{id} ∪ aliases` sets intersect, directly or through others, form one group
// (osv-matching.md decision 7). `related` and `upstream` are not equivalences and are not used.

/** What grouping needs of a record. */
export interface AliasedRecord {
  readonly id: string;
  readonly aliases?: readonly string[] | null | undefined;
}

/**
 * Groups records into alias-equivalence classes; returns groups of indices into `records`, each sorted,
 * groups ordered by their first index.
 * @example groupByAliases([{ id: "PYSEC-2024-5", aliases: ["CVE-2024-22194"] }, { id: "PYSEC-2024-6", aliases: ["CVE-2024-22194"] }])
 * // [[0, 1]]
 */
export function groupByAliases(records: readonly AliasedRecord[]): number[][] {
  const parent = records.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const owner = new Map<string, number>();
  records.forEach((r, i) => {
    for (const name of [r.id, ...(r.aliases ?? [])]) {
      const j = owner.get(name);
      if (j === undefined) owner.set(name, i);
      else {
        const a = find(i);
        const b = find(j);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const groups = new Map<number, number[]>();
  records.forEach((_, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  });
  return [...groups.values()].sort((a, b) => a[0]! - b[0]!);
}

// The Python databases first (the records pysbom matches), then CVE, then GHSA.
const PREFIX_RANK = ["PSF-", "PYSEC-", "CVE-", "GHSA-"];

/**
 * Orders vulnerability ids for display: PSF, PYSEC, CVE, GHSA, others; numerically within a prefix
 * (`PYSEC-2021-9` before `PYSEC-2021-10`).
 * @example ["CVE-2021-1", "PYSEC-2021-10", "PYSEC-2021-9"].sort(compareIds) // ["PYSEC-2021-9", "PYSEC-2021-10", "CVE-2021-1"]
 */
export function compareIds(a: string, b: string): number {
  const rank = (s: string) => {
    const i = PREFIX_RANK.findIndex((p) => s.startsWith(p));
    return i < 0 ? PREFIX_RANK.length : i;
  };
  const d = rank(a) - rank(b);
  if (d !== 0) return d;
  return naturalCompare(a, b);
}

/** Compares runs of digits by value and other runs by code unit, then the plain strings. */
function naturalCompare(a: string, b: string): number {
  const ra = a.match(/\d+|\D+/g) ?? [];
  const rb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i]!;
    const y = rb[i]!;
    if (x === y) continue;
    if (/^\d/.test(x) && /^\d/.test(y)) {
      const d = BigInt(x) - BigInt(y);
      if (d !== 0n) return d < 0n ? -1 : 1;
    }
    return x < y ? -1 : 1;
  }
  return ra.length !== rb.length ? ra.length - rb.length : a < b ? -1 : a > b ? 1 : 0;
}
