// `--target`: a (partial) PEP 508 marker environment, from `var=value` pairs and named presets, and a
// three-valued marker evaluation over it: a marker is false only when the known variables make it false.
import { canonicalizeName } from "../../core/names.js";
import {
  evaluateMarker,
  type Marker,
  type MarkerAtom,
  type MarkerComparison,
  type MarkerEnvironment,
  type MarkerList,
  tryParseMarker,
} from "../../core/pep508/index.js";

import { parseTarget, TARGET_PRESETS, type TargetEnvironment } from "../target.js";

export { parseTarget, TARGET_PRESETS, type TargetEnvironment };

type Tri = boolean | undefined;

function variablesOf(c: MarkerComparison): string[] {
  const out: string[] = [];
  if (c.lhs.kind === "variable") out.push(c.lhs.name);
  if (c.rhs.kind === "variable") out.push(c.rhs.name);
  return out;
}

function evalWith(c: MarkerComparison, env: Record<string, string | readonly string[]>): Tri {
  try {
    return evaluateMarker({ items: [c] }, env as Partial<MarkerEnvironment>, { context: "requirement" });
  } catch {
    return undefined;
  }
}

function evalComparison(c: MarkerComparison, env: TargetEnvironment): Tri {
  const vars = variablesOf(c);
  const values: Record<string, string | readonly string[]> = {};
  let derivedFull = false;
  for (const v of vars) {
    const value = env.get(v);
    if (value !== undefined) values[v] = typeof value === "string" ? value : [...value];
    else if (v === "python_full_version" && typeof env.get("python_version") === "string") derivedFull = true;
    else return undefined;
  }
  if (!derivedFull) return evalWith(c, values);
  // Only the minor version is known: the answer holds if it is the same for the first and a late patch.
  const minor = env.get("python_version") as string;
  const lo = evalWith(c, { ...values, python_full_version: `${minor}.0a0` });
  const hi = evalWith(c, { ...values, python_full_version: `${minor}.999` });
  const mid = evalWith(c, { ...values, python_full_version: `${minor}.0` });
  return lo === hi && hi === mid ? lo : undefined;
}

function evalList(items: MarkerList, env: TargetEnvironment): Tri {
  // `and` binds tighter than `or` (Kleene logic: false wins an `and`, true wins an `or`).
  let result: Tri = false;
  let group: Tri = true;
  const close = (): void => {
    result =
      result === true || group === true
        ? true
        : result === undefined || group === undefined
          ? undefined
          : false;
  };
  for (const item of items) {
    if (item === "or") {
      close();
      group = true;
    } else if (item === "and") continue;
    else {
      const v = Array.isArray(item)
        ? evalList(item as MarkerList, env)
        : evalComparison(item as MarkerComparison, env);
      group =
        group === false || v === false ? false : group === undefined || v === undefined ? undefined : true;
    }
  }
  close();
  return result;
}

/**
 * Three-valued evaluation: `true`/`false` when the variables `env` sets decide the marker, `undefined`
 * when the answer depends on variables it leaves unknown. With only `python_version` known,
 * `python_full_version` comparisons are decided when they agree over the whole minor series.
 * @example evaluatePartial(parseMarker('sys_platform == "win32" and python_version < "3.11"'), parseTarget("linux")) // false
 */
export function evaluatePartial(marker: Marker, env: TargetEnvironment): boolean | undefined {
  return evalList(marker.items, env);
}

/** False only when the marker text certainly does not hold in `env` (unparseable markers may hold). */
export function mayHold(markerText: string | undefined, env: TargetEnvironment): boolean {
  if (markerText === undefined) return true;
  const m = tryParseMarker(markerText);
  if (m === undefined) return true;
  return evaluatePartial(m, env) !== false;
}

/** An environment that decides only `extras` and `dependency_groups` (PEP 751 lock-file markers). */
export function groupEnvironment(groups: readonly string[], extras: readonly string[]): TargetEnvironment {
  return new Map<string, ReadonlySet<string>>([
    ["dependency_groups", new Set(groups.map((g) => canonicalizeName(g)))],
    ["extras", new Set(extras.map((e) => canonicalizeName(e)))],
  ]);
}

/** True when a marker mentions one of the variables (e.g. `dependency_groups`). */
export function mentionsVariable(markerText: string, names: readonly string[]): boolean {
  const m = tryParseMarker(markerText);
  if (m === undefined) return false;
  const walk = (items: MarkerList): boolean =>
    items.some((item: MarkerAtom | "and" | "or") =>
      typeof item === "string"
        ? false
        : Array.isArray(item)
          ? walk(item as MarkerList)
          : variablesOf(item as MarkerComparison).some((v) => names.includes(v)),
    );
  return walk(m.items);
}
