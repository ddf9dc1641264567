// Component scope derived from the dependency graph (CycloneDX `scope`): what a described root needs at
// run time (`required`), through optional extras only (`optional`), or only for development, tests or
// builds (`excluded`, CycloneDX 1.6 "component usage for test and other non-runtime purposes").
import { DOCUMENT_REF, type Document, type RelationshipType } from "./types.js";

/** CycloneDX component scope. */
export type Scope = "required" | "optional" | "excluded";

/** How each dependency relationship type constrains scope; `reverse` means `X TYPE Y` is "Y needs X". */
const EDGE: ReadonlyMap<RelationshipType, { scope: Scope; reverse: boolean }> = new Map([
  ["DEPENDS_ON", { scope: "required", reverse: false }],
  ["DEPENDENCY_OF", { scope: "required", reverse: true }],
  ["RUNTIME_DEPENDENCY_OF", { scope: "required", reverse: true }],
  ["PROVIDED_DEPENDENCY_OF", { scope: "required", reverse: true }],
  ["OPTIONAL_DEPENDENCY_OF", { scope: "optional", reverse: true }],
  ["DEV_DEPENDENCY_OF", { scope: "excluded", reverse: true }],
  ["TEST_DEPENDENCY_OF", { scope: "excluded", reverse: true }],
  ["BUILD_DEPENDENCY_OF", { scope: "excluded", reverse: true }],
]);
const RANK: Record<Scope, number> = { required: 0, optional: 1, excluded: 2 };
const ORDER: Scope[] = ["required", "optional", "excluded"];

/**
 * The scope of every package reachable from the document's DESCRIBES roots: the best scope over all
 * paths, where a path is as weak as its weakest edge. Empty when the graph has no optional or
 * development edges at all (then scope says nothing and is left out).
 * @example deriveScopes(doc).get(pytestId) // "excluded"
 */
export function deriveScopes(doc: Document): Map<string, Scope> {
  const out = new Map<string, Scope>();
  const adj = new Map<string, { to: string; scope: Scope }[]>();
  let weak = false;
  for (const r of doc.relationships) {
    const e = EDGE.get(r.type);
    if (!e) continue;
    if (e.scope !== "required") weak = true;
    const [from, to] = e.reverse ? [r.to, r.from] : [r.from, r.to];
    const list = adj.get(from) ?? [];
    list.push({ to, scope: e.scope });
    adj.set(from, list);
  }
  if (!weak) return out;
  const roots = doc.relationships
    .filter((r) => r.from === DOCUMENT_REF && r.type === "DESCRIBES")
    .map((r) => r.to);
  // Three passes: reach with edges no weaker than required, then optional, then excluded.
  for (const level of ORDER) {
    for (const id of roots) if (!out.has(id)) out.set(id, level);
    const queue = [...out.keys()];
    while (queue.length > 0) {
      const id = queue.shift()!;
      for (const e of adj.get(id) ?? []) {
        if (RANK[e.scope] > RANK[level] || out.has(e.to)) continue;
        out.set(e.to, level);
        queue.push(e.to);
      }
    }
  }
  return out;
}
