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
import { PysbomError } from "../../errors.js";

/** A partial marker environment: the variables it sets; everything else is unknown. */
export type TargetEnvironment = ReadonlyMap<string, string | ReadonlySet<string>>;

const STRING_VARIABLES = [
  "implementation_name",
  "implementation_version",
  "os_name",
  "platform_machine",
  "platform_release",
  "platform_system",
  "platform_version",
  "python_full_version",
  "platform_python_implementation",
  "python_version",
  "sys_platform",
] as const;

/** Named presets for `--target`, combinable with each other and with `var=value` pairs. */
export const TARGET_PRESETS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  linux: { sys_platform: "linux", platform_system: "Linux", os_name: "posix" },
  macos: { sys_platform: "darwin", platform_system: "Darwin", os_name: "posix" },
  windows: { sys_platform: "win32", platform_system: "Windows", os_name: "nt" },
  cpython: { implementation_name: "cpython", platform_python_implementation: "CPython" },
  pypy: { implementation_name: "pypy", platform_python_implementation: "PyPy" },
};
const PRESET_ALIASES: Readonly<Record<string, string>> = { darwin: "macos", win32: "windows" };

/**
 * Parses a `--target` value: comma-separated `variable=value` pairs (PEP 508 marker variables) and
 * presets (`linux`, `macos`, `windows`, `cpython`, `pypy`, `py3.12`). Throws `USAGE` for anything else.
 * `python_full_version` implies `python_version`.
 * @example parseTarget("linux,py3.12") // Map { sys_platform → "linux", …, python_version → "3.12" }
 */
export function parseTarget(value: string): TargetEnvironment {
  const env = new Map<string, string>();
  const set = (k: string, v: string, token: string): void => {
    const old = env.get(k);
    if (old !== undefined && old !== v)
      throw new PysbomError("USAGE", `--target: ${token} contradicts ${k}=${old}`);
    env.set(k, v);
  };
  for (const raw of value.split(",")) {
    const token = raw.trim();
    if (token === "") continue;
    const eq = token.indexOf("=");
    if (eq !== -1) {
      const key = token.slice(0, eq).trim();
      const v = token.slice(eq + 1).trim();
      if (!(STRING_VARIABLES as readonly string[]).includes(key))
        throw new PysbomError(
          "USAGE",
          `--target: unknown marker variable ${JSON.stringify(key)} (choose from: ${STRING_VARIABLES.join(", ")})`,
        );
      if (v === "") throw new PysbomError("USAGE", `--target: ${key} needs a value`);
      set(key, v, token);
      continue;
    }
    const py = /^(?:py|python|cp)?(\d+)\.(\d+)$/i.exec(token);
    if (py) {
      set("python_version", `${py[1]}.${py[2]}`, token);
      continue;
    }
    const preset = TARGET_PRESETS[PRESET_ALIASES[token.toLowerCase()] ?? token.toLowerCase()];
    if (!preset)
      throw new PysbomError(
        "USAGE",
        `--target: unknown preset ${JSON.stringify(token)} (presets: ${Object.keys(TARGET_PRESETS).join(", ")}, pyX.Y; or variable=value pairs)`,
      );
    for (const [k, v] of Object.entries(preset)) set(k, v, token);
  }
  const full = env.get("python_full_version");
  if (full !== undefined) {
    const m = /^(\d+)\.(\d+)/.exec(full);
    if (!m) throw new PysbomError("USAGE", `--target: python_full_version=${full} is not a version`);
    set("python_version", `${m[1]}.${m[2]}`, `python_full_version=${full}`);
  }
  if (env.size === 0) throw new PysbomError("USAGE", "--target: empty");
  return env;
}

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
