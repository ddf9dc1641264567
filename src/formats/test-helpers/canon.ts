// Test-only: a canonical, id-independent form of a document for round-trip comparisons.
import type { Document } from "../../model/index.js";

type Obj = Record<string, unknown>;

function clean(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === "object") {
    const out: Obj = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Obj)[k];
      if (x === undefined) continue;
      out[k] = clean(x);
    }
    return out;
  }
  return v;
}

const sortBy = <T>(list: readonly T[], key: (x: T) => string): T[] =>
  [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/**
 * The document with element ids replaced through `ids` (model id → serialised id), identity hints removed,
 * undefined members dropped and every list sorted.
 */
export function canon(doc: Document, ids: ReadonlyMap<string, string> = new Map()): unknown {
  const m = (id: string): string => ids.get(id) ?? id;
  const strip = <T extends { id: string }>(e: T): Obj => {
    const { id, spdxId: _s, bomRef: _b, ...rest } = e as T & { spdxId?: string; bomRef?: string };
    const x = rest as Obj;
    if (Array.isArray(x.checksums)) x.checksums = sortBy(x.checksums as unknown[], (c) => JSON.stringify(c));
    if (Array.isArray(x.externalRefs))
      x.externalRefs = sortBy(x.externalRefs as unknown[], (c) => JSON.stringify(c));
    return { ...x, id: m(id) };
  };
  return clean({
    ...doc,
    packages: sortBy(doc.packages.map(strip), (p) => p.id as string),
    files: sortBy(doc.files.map(strip), (f) => f.id as string),
    relationships: sortBy(
      doc.relationships.map((r) => ({ ...r, from: m(r.from), to: m(r.to) })),
      (r) => JSON.stringify([r.from, r.type, r.to, r.comment ?? ""]),
    ),
    unknowns: sortBy(doc.unknowns, (u) => JSON.stringify(u)),
    extractedLicenses: sortBy(doc.extractedLicenses, (l) => l.id),
  });
}
