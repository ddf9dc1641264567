// `--target`: a (partial) PEP 508 marker environment from `var=value` pairs and named presets, shared by
// the catalogers that evaluate environment markers (lockfiles drop what cannot apply; environments
// override what they derive from their files).
import { PysbomError } from "../errors.js";

/** A partial marker environment: the variables it sets; everything else is unknown. */
export type TargetEnvironment = ReadonlyMap<string, string | ReadonlySet<string>>;

/** The `--target` option, shared so `generate` registers it once. */
export const TARGET_OPTION = {
  flags: "--target <markers|preset>",
  description:
    "marker environment to evaluate for: var=value pairs and presets (linux, macos, windows, cpython, pypy, pyX.Y), comma-separated",
} as const;

/** The marker variables `--target` may set. */
export const STRING_VARIABLES = [
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
