// PEP 508 marker evaluation with unknown variables (three-valued): a marker is true, false, or undecided
// when its value depends on a variable the static environment does not know. Each comparison is evaluated
// by the core (packaging-exact) evaluator; `and` binds tighter than `or` (PEP 508 grammar).

import {
  evaluateMarker,
  type Marker,
  type MarkerComparison,
  type MarkerEnvironment,
  type MarkerList,
} from "../../core/pep508/index.js";
import { isPysbomError } from "../../errors.js";

/** The outcome of {@link evaluateMarker3}. */
export interface MarkerOutcome {
  /** true, false, or undefined when the unknown variables decide it. */
  readonly value: boolean | undefined;
  /** The unknown variables that left it undecided. */
  readonly unknown: readonly string[];
}

type Tri = boolean | undefined;

function and3(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  return a === true && b === true ? true : undefined;
}

function or3(a: Tri, b: Tri): Tri {
  if (a === true || b === true) return true;
  return a === false && b === false ? false : undefined;
}

function variableOf(c: MarkerComparison): string | undefined {
  if (c.lhs.kind === "variable") return c.lhs.name;
  if (c.rhs.kind === "variable") return c.rhs.name;
  return undefined;
}

/** Values unknown variables are known not to have. */
export type Excluded = Readonly<Partial<Record<string, readonly string[]>>>;

// `var == "x"` / `var != "x"` with x a value the variable cannot have is decided without knowing it.
function decideByExclusion(c: MarkerComparison, excluded: Excluded): Tri {
  const [variable, value] =
    c.lhs.kind === "variable" && c.rhs.kind === "value"
      ? [c.lhs.name, c.rhs.value]
      : c.rhs.kind === "variable" && c.lhs.kind === "value"
        ? [c.rhs.name, c.lhs.value]
        : [undefined, undefined];
  if (variable === undefined || !excluded[variable]?.includes(value!)) return undefined;
  if (c.op === "==" || c.op === "===") return false;
  if (c.op === "!=") return true;
  return undefined;
}

function evalList(
  items: MarkerList,
  env: Partial<MarkerEnvironment>,
  unknown: Set<string>,
  excluded: Excluded,
): Tri {
  let result: Tri = false;
  let group: Tri = true;
  for (const item of items) {
    if (item === "or") {
      result = or3(result, group);
      group = true;
      continue;
    }
    if (item === "and") continue;
    let v: Tri;
    if (Array.isArray(item)) v = evalList(item as MarkerList, env, unknown, excluded);
    else {
      try {
        v = evaluateMarker({ items: [item as MarkerComparison] }, env);
      } catch (e) {
        // A variable the environment does not know; or a comparison packaging cannot make
        // (`os_name ~= "3"` raises UndefinedComparison), which no installer could decide either.
        if (!isPysbomError(e)) throw e;
        const undefinedVariable = e.code === "UNDEFINED_MARKER_VARIABLE";
        v = undefinedVariable ? decideByExclusion(item as MarkerComparison, excluded) : undefined;
        if (v === undefined)
          unknown.add(
            undefinedVariable
              ? (variableOf(item as MarkerComparison) ?? "?")
              : `invalid comparison (${e.message})`,
          );
      }
    }
    group = and3(group, v);
  }
  return or3(result, group);
}

/**
 * Evaluates a marker for each requested extra (`""` is the base install) and returns true when any
 * evaluation is true (as pip does), false when all are false, undecided otherwise.
 * @example evaluateMarker3(parseMarker('platform_release >= "5" or python_version < "3"'), { python_version: "3.12" }, [""]) // { value: undefined, unknown: ["platform_release"] }
 */
export function evaluateMarker3(
  marker: Marker,
  env: Partial<MarkerEnvironment>,
  extras: readonly string[],
  excluded: Excluded = {},
): MarkerOutcome {
  const unknown = new Set<string>();
  let value: Tri = false;
  for (const extra of extras.length > 0 ? extras : [""]) {
    const u = new Set<string>();
    const v = evalList(marker.items, { ...env, extra }, u, excluded);
    if (v === undefined) for (const x of u) unknown.add(x);
    value = or3(value, v);
    if (value === true) return { value: true, unknown: [] };
  }
  return { value, unknown: value === undefined ? [...unknown].sort() : [] };
}
