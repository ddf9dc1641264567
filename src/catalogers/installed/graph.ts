// The dependency graph of an installed environment: each distribution's Requires-Dist evaluated against
// the environment's markers, extras followed only when a dependant requests them (as pip resolves them:
// a requirement applies when its marker is true for the base install or for any requested extra), to a
// fixpoint. Requirements naming the distribution itself only add extras (no self-edges). Missing,
// conflicting and undecidable requirements are reported, never guessed. Pure.
import { canonicalizeName, type NormalizedName } from "../../core/names.js";
import { specifierSetContains } from "../../core/pep440/index.js";
import { formatMarker, type MarkerEnvironment, type Requirement } from "../../core/pep508/index.js";
import { type Excluded, evaluateMarker3 } from "./markers.js";

/** A node of the graph: what the graph needs of a distribution. */
export interface GraphNode {
  readonly key: string;
  readonly name: string;
  readonly normalizedName: NormalizedName;
  readonly version?: string | undefined;
  readonly requires: readonly Requirement[];
}

/** A dependency edge `from` DEPENDS_ON `to`. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** The normalised marker of the requirement when it is conditional (`python_version < "3.11"`). */
  readonly marker?: string | undefined;
}

/** Something about a requirement that could not be resolved. */
export interface GraphIssue {
  readonly node: string;
  readonly code: "env/missing-dependency" | "env/unsatisfied-requirement" | "env/undecided-marker";
  readonly message: string;
}

/** The graph of an environment. */
export interface DependencyGraph {
  readonly edges: readonly GraphEdge[];
  readonly issues: readonly GraphIssue[];
  /** The extras requested of each node (by its dependants), sorted. */
  readonly extras: ReadonlyMap<string, readonly string[]>;
}

const requirementText = (r: Requirement): string =>
  `${r.name}${r.extras.length ? `[${r.extras.join(",")}]` : ""}${r.specifier}${r.url ? ` @ ${r.url}` : ""}${
    r.marker ? `; ${formatMarker(r.marker)}` : ""
  }`;

// Which option sets the variables an undecided marker needs.
function howToSet(variables: readonly string[]): string {
  const platform = ["sys_platform", "platform_system", "os_name"];
  const python = ["python_version", "python_full_version"];
  const ways = new Set<string>();
  for (const v of variables)
    ways.add(
      platform.includes(v) ? "--platform" : python.includes(v) ? "--python-version" : "--target NAME=VALUE",
    );
  return `set with ${[...ways].join(" or ")}`;
}

/**
 * Builds the graph. `resolve` picks the distribution a name refers to (the first on sys.path when it
 * is installed twice).
 * @example buildGraph(nodes, { python_version: "3.12", sys_platform: "linux" }, (n) => byName.get(n))
 */
export function buildGraph(
  nodes: readonly GraphNode[],
  env: Partial<MarkerEnvironment>,
  resolve: (name: NormalizedName) => GraphNode | undefined,
  excluded: Excluded = {},
): DependencyGraph {
  const extras = new Map<string, Set<string>>(nodes.map((n) => [n.key, new Set<string>()]));
  type Outcome = ReturnType<typeof evaluateMarker3>;
  const memo = new Map<string, Outcome>();
  const applies = (node: GraphNode, index: number, req: Requirement): Outcome => {
    if (!req.marker) return { value: true, unknown: [] };
    const requested = [...extras.get(node.key)!].sort();
    const k = `${node.key}\u0000${index}\u0000${requested.join(",")}`;
    let o = memo.get(k);
    if (!o) {
      o = evaluateMarker3(req.marker, env, ["", ...requested], excluded);
      memo.set(k, o);
    }
    return o;
  };

  // Extras to a fixpoint: requesting `b[x]` adds x to b's extras, which may make more of b's
  // requirements apply. Extras only grow, so this ends.
  let changed = true;
  while (changed) {
    changed = false;
    for (const node of nodes) {
      node.requires.forEach((req, i) => {
        if (req.extras.length === 0 || applies(node, i, req).value !== true) return;
        const target = resolve(canonicalizeName(req.name));
        if (!target) return;
        const set = extras.get(target.key)!;
        for (const x of req.extras) {
          const e = canonicalizeName(x);
          if (!set.has(e)) {
            set.add(e);
            changed = true;
          }
        }
      });
    }
  }

  const edges = new Map<string, GraphEdge>();
  const issues: GraphIssue[] = [];
  for (const node of nodes) {
    node.requires.forEach((req, i) => {
      const outcome = applies(node, i, req);
      if (outcome.value === false) return;
      const text = requirementText(req);
      if (outcome.value === undefined) {
        issues.push({
          node: node.key,
          code: "env/undecided-marker",
          message: `${node.name} requires ${JSON.stringify(text)}: whether it applies depends on ${outcome.unknown.join(", ")}, not known for this environment (${howToSet(outcome.unknown)})`,
        });
        return;
      }
      const target = resolve(canonicalizeName(req.name));
      if (!target) {
        issues.push({
          node: node.key,
          code: "env/missing-dependency",
          message: `${node.name} requires ${JSON.stringify(text)}, which applies here, but no ${req.name} is installed`,
        });
        return;
      }
      if (target.key === node.key) return;
      if (
        req.specifierSet.specifiers.length > 0 &&
        target.version !== undefined &&
        !specifierSetContains(req.specifierSet, target.version, { prereleases: true })
      )
        issues.push({
          node: node.key,
          code: "env/unsatisfied-requirement",
          message: `${node.name} requires ${JSON.stringify(text)}, but ${target.name} ${target.version} is installed`,
        });
      const marker = req.marker ? formatMarker(req.marker) : undefined;
      const k = `${node.key}\u0000${target.key}`;
      const prev = edges.get(k);
      // One edge per pair; it is conditional only when every requirement behind it is.
      if (!prev) edges.set(k, { from: node.key, to: target.key, marker });
      else if (prev.marker !== undefined && marker === undefined)
        edges.set(k, { ...prev, marker: undefined });
    });
  }
  return {
    edges: [...edges.values()],
    issues,
    extras: new Map([...extras].map(([k, v]) => [k, [...v].sort()])),
  };
}

/**
 * The nodes an environment root should point at so that every node is reachable: those nothing
 * depends on, then (for dependency cycles nothing outside reaches) the first unreached node by key order.
 */
export function graphRoots(keys: readonly string[], edges: readonly GraphEdge[]): string[] {
  const out = new Map<string, string[]>();
  const indegree = new Map(keys.map((k) => [k, 0]));
  for (const e of edges) {
    out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
    indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
  }
  const roots = keys.filter((k) => indegree.get(k) === 0);
  const seen = new Set<string>();
  const visit = (start: string) => {
    const stack = [start];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (seen.has(k)) continue;
      seen.add(k);
      for (const t of out.get(k) ?? []) stack.push(t);
    }
  };
  roots.forEach(visit);
  for (const k of [...keys].sort()) {
    if (seen.has(k)) continue;
    roots.push(k);
    visit(k);
  }
  return roots;
}
