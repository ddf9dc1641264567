// The PEP 508 marker environment of an installed environment, derived statically from what the
// environment holds (never by running its interpreter): `pyvenv.cfg`, the `lib/pythonX.Y` directory name,
// sysconfig's `_sysconfigdata_*.py`, `include/pythonX.Y/patchlevel.h`, and as weaker evidence the wheel
// tags (`WHEEL`) and extension-module suffixes of installed distributions. Overridable from the CLI.
import type { MarkerEnvironment } from "../../core/pep508/index.js";

/** A marker variable pysbom can derive (the rest, e.g. `platform_release`, describe a running kernel). */
export type EnvVariable = Exclude<keyof MarkerEnvironment, "extra" | "extras" | "dependency_groups">;

/** The derived environment: a value and where it came from, per variable. Missing means unknown. */
export interface DerivedEnvironment {
  readonly values: Partial<Record<EnvVariable, string>>;
  readonly sources: Partial<Record<EnvVariable, string>>;
  /**
   * Values an unknown variable certainly does not have (a POSIX layout is not Windows): enough to decide
   * `sys_platform == "win32"` without knowing whether it is linux or darwin.
   */
  readonly excluded: Partial<Record<EnvVariable, readonly string[]>>;
}

/** pyvenv.cfg as `key = value` pairs (keys lowercased). */
export function parsePyvenvCfg(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r\n|\r|\n/)) {
    const eq = line.indexOf("=");
    if (eq === -1 || line.trimStart().startsWith("#")) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    if (key && !out.has(key)) out.set(key, line.slice(eq + 1).trim());
  }
  return out;
}

/**
 * `platform.python_version()` from a `sys.version_info`-style string (`3.13.0.candidate.1` → `3.13.0rc1`)
 * or a version as written (`3.11.7`, `3.14.0a1+`); undefined when it is neither.
 */
export function pythonFullVersion(text: string): string | undefined {
  const t = text.trim();
  const info = /^(\d+)\.(\d+)\.(\d+)\.(alpha|beta|candidate|final)\.(\d+)$/.exec(t);
  if (info) {
    const [, a, b, c, level, serial] = info;
    const tag = { alpha: "a", beta: "b", candidate: "rc", final: "" }[level as "alpha"];
    return `${a}.${b}.${c}${tag ? `${tag}${serial}` : ""}`;
  }
  return /^\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?\+?$/.test(t) ? t : undefined;
}

/** Reads `'KEY': 'value'` string entries from `_sysconfigdata_*.py` (a Python dict literal). */
export function parseSysconfigData(text: string, keys: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const key of keys) {
    const m = new RegExp(`['"]${key}['"]\\s*:\\s*(?:'([^'\\\\\\n]*)'|"([^"\\\\\\n]*)")`).exec(text);
    if (m) out.set(key, m[1] ?? m[2] ?? "");
  }
  return out;
}

/** `PY_VERSION` from CPython's `patchlevel.h`. */
export function parsePatchlevel(text: string): string | undefined {
  const m = /#define\s+PY_VERSION\s+"([^"]+)"/.exec(text);
  return m ? pythonFullVersion(m[1]!) : undefined;
}

/** The platform facts one piece of evidence gives. */
export interface PlatformFacts {
  readonly sys_platform?: string;
  readonly platform_system?: string;
  readonly os_name?: string;
  readonly platform_machine?: string;
  readonly implementation_name?: string;
  readonly platform_python_implementation?: string;
  readonly python_version?: string;
}

const SYSTEMS: Readonly<Record<string, { system: string; os: string }>> = {
  linux: { system: "Linux", os: "posix" },
  darwin: { system: "Darwin", os: "posix" },
  win32: { system: "Windows", os: "nt" },
  aix: { system: "AIX", os: "posix" },
  sunos5: { system: "SunOS", os: "posix" },
  emscripten: { system: "Emscripten", os: "posix" },
};

/** Facts implied by a `sys.platform` value (`freebsd14` → FreeBSD). */
export function platformFacts(sysPlatform: string): PlatformFacts {
  const known = SYSTEMS[sysPlatform];
  if (known) return { sys_platform: sysPlatform, platform_system: known.system, os_name: known.os };
  if (/^freebsd\d*$/.test(sysPlatform))
    return { sys_platform: sysPlatform, platform_system: "FreeBSD", os_name: "posix" };
  if (sysPlatform === "cygwin") return { sys_platform: sysPlatform, os_name: "posix" };
  return { sys_platform: sysPlatform };
}

// Debian multiarch / GNU triplet CPU → `platform.machine()` on Linux.
const MULTIARCH_MACHINES: Readonly<Record<string, string>> = {
  x86_64: "x86_64",
  aarch64: "aarch64",
  powerpc64le: "ppc64le",
  s390x: "s390x",
  riscv64: "riscv64",
  loongarch64: "loongarch64",
};

/** Facts from a multiarch triplet such as `x86_64-linux-gnu` (sysconfig MULTIARCH, extension suffixes). */
export function multiarchFacts(triplet: string): PlatformFacts {
  const [cpu = "", ...rest] = triplet.split("-");
  const os = rest.join("-");
  const linux = /^linux/.test(os)
    ? platformFacts("linux")
    : /^darwin/.test(triplet)
      ? platformFacts("darwin")
      : {};
  const machine = MULTIARCH_MACHINES[cpu];
  return { ...linux, ...(machine && /^linux/.test(os) ? { platform_machine: machine } : {}) };
}

const IMPLEMENTATIONS: Readonly<Record<string, { name: string; platform: string }>> = {
  cp: { name: "cpython", platform: "CPython" },
  pp: { name: "pypy", platform: "PyPy" },
};

/**
 * Facts from a wheel platform tag (`manylinux_2_17_x86_64`, `macosx_11_0_arm64`, `win_amd64`).
 * `any`, `universal2` and 32-bit Windows say nothing about the machine.
 */
export function platformTagFacts(tag: string): PlatformFacts {
  let m = /^(?:many|musl)?linux(?:1|2010|2014|_\d+_\d+)?_(.+)$/.exec(tag);
  if (m) return { ...platformFacts("linux"), platform_machine: m[1]! };
  m = /^macosx_\d+_\d+_(.+)$/.exec(tag);
  if (m)
    return {
      ...platformFacts("darwin"),
      ...(["arm64", "x86_64"].includes(m[1]!) ? { platform_machine: m[1]! } : {}),
    };
  if (tag === "win_amd64") return { ...platformFacts("win32"), platform_machine: "AMD64" };
  if (tag === "win_arm64") return { ...platformFacts("win32"), platform_machine: "ARM64" };
  if (tag === "win32") return platformFacts("win32");
  return {};
}

/**
 * Facts from the tags in a `WHEEL` file (`Tag: cp311-cp311-manylinux_2_17_x86_64`): the platform, and
 * the interpreter and version when the ABI is version-specific (`cp311-cp311`, not `cp38-abi3`).
 */
export function wheelTagFacts(tag: string): PlatformFacts {
  const [interp = "", abi = "", platform = ""] = tag.split("-");
  const facts: PlatformFacts[] = [];
  for (const p of platform.split(".")) facts.push(platformTagFacts(p));
  const m = /^(cp|pp)(\d)(\d+)$/.exec(interp);
  if (m && abi !== "abi3" && abi !== "none") {
    const impl = IMPLEMENTATIONS[m[1]!]!;
    facts.push({
      implementation_name: impl.name,
      platform_python_implementation: impl.platform,
      // PyPy's tag `pp310` is the Python language version too.
      python_version: `${m[2]}.${m[3]}`,
    });
  }
  return agree(facts);
}

/**
 * Facts from an extension module's file name: `.cpython-311-x86_64-linux-gnu.so`,
 * `.cpython-312-darwin.so`, `.cp311-win_amd64.pyd`, `.pypy310-pp73-x86_64-linux-gnu.so`.
 */
export function extensionSuffixFacts(fileName: string): PlatformFacts {
  let m = /\.cpython-(\d)(\d+)t?(?:d)?-([A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*)\.so$/.exec(fileName);
  if (m) {
    const platform = m[3]!;
    return {
      implementation_name: "cpython",
      platform_python_implementation: "CPython",
      python_version: `${m[1]}.${m[2]}`,
      ...(platform === "darwin" ? platformFacts("darwin") : multiarchFacts(platform)),
    };
  }
  m = /\.cp(\d)(\d+)t?-(win_amd64|win_arm64|win32)\.pyd$/.exec(fileName);
  if (m)
    return {
      implementation_name: "cpython",
      platform_python_implementation: "CPython",
      python_version: `${m[1]}.${m[2]}`,
      ...platformTagFacts(m[3]!),
    };
  m = /\.pypy(\d)(\d+)-pp\d+-([A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*)\.so$/.exec(fileName);
  if (m)
    return {
      implementation_name: "pypy",
      platform_python_implementation: "PyPy",
      python_version: `${m[1]}.${m[2]}`,
      ...multiarchFacts(m[3]!),
    };
  return {};
}

/**
 * Facts from a compiled file's cache tag (PEP 3147): `x.cpython-311.pyc`, `x.cpython-312.opt-1.pyc`,
 * `x.pypy310.pyc`.
 */
export function bytecodeFacts(fileName: string): PlatformFacts {
  const m = /\.(cpython-|pypy)(\d)(\d+)t?(?:\.opt-\d+)?\.pyc$/.exec(fileName);
  if (!m) return {};
  return m[1] === "pypy"
    ? {
        implementation_name: "pypy",
        platform_python_implementation: "PyPy",
        python_version: `${m[2]}.${m[3]}`,
      }
    : {
        implementation_name: "cpython",
        platform_python_implementation: "CPython",
        python_version: `${m[2]}.${m[3]}`,
      };
}

/** Merges facts, keeping only the variables on which every piece of evidence that mentions them agrees. */
export function agree(list: readonly PlatformFacts[]): PlatformFacts {
  const out: Record<string, string> = {};
  const conflicts = new Set<string>();
  for (const f of list)
    for (const [k, v] of Object.entries(f)) {
      if (v === undefined) continue;
      if (out[k] === undefined) out[k] = v;
      else if (out[k] !== v) conflicts.add(k);
    }
  for (const k of conflicts) delete out[k];
  return out;
}

/** Evidence for {@link deriveEnvironment}: each part optional. */
export interface EnvironmentEvidence {
  /** pyvenv.cfg pairs and its path. */
  readonly pyvenv?: { readonly path: string; readonly values: ReadonlyMap<string, string> } | undefined;
  /** `lib/<name>` directory names of the site directories (`python3.12`, `pypy3.10`), with their paths. */
  readonly pythonDirs: readonly { readonly name: string; readonly path: string }[];
  /** Windows layout (`Lib/site-packages`). */
  readonly windows: boolean;
  /** sysconfig data (MACHDEP, MULTIARCH, SOABI, VERSION) and its path. */
  readonly sysconfig?: { readonly path: string; readonly values: ReadonlyMap<string, string> } | undefined;
  /** PY_VERSION from patchlevel.h and its path. */
  readonly patchlevel?: { readonly path: string; readonly version: string } | undefined;
  /** Facts from installed wheels' tags and extension modules (already merged with {@link agree}). */
  readonly installed?: PlatformFacts | undefined;
  /** Human description of the installed evidence (e.g. "WHEEL tags and extension modules"). */
  readonly installedSource?: string | undefined;
  /** A POSIX virtualenv layout (`bin/python`, no `.exe`): not Windows, whatever else it is. */
  readonly posixLayout?: string | undefined;
}

/** User overrides: `--python-version`, `--platform`, `--target NAME=VALUE,…`. */
export interface EnvironmentOverrides {
  readonly pythonVersion?: string | undefined;
  readonly platform?: string | undefined;
  readonly markers?: Readonly<Partial<Record<EnvVariable, string>>> | undefined;
}

/**
 * Derives the marker environment from evidence, strongest first: overrides, then pyvenv.cfg /
 * sysconfig data / patchlevel.h / the `lib/pythonX.Y` name, then installed wheels and extension
 * modules. `implementation_version` equals `python_full_version` for CPython. Variables that describe
 * a running machine (`platform_release`, `platform_version`) stay unknown unless overridden.
 * @example deriveEnvironment({ pythonDirs: [{ name: "python3.12", path: "lib/python3.12" }], windows: false }).values.python_version // "3.12"
 */
export function deriveEnvironment(
  evidence: EnvironmentEvidence,
  overrides: EnvironmentOverrides = {},
): DerivedEnvironment {
  const values: Partial<Record<EnvVariable, string>> = {};
  const sources: Partial<Record<EnvVariable, string>> = {};
  const set = (facts: PlatformFacts | Partial<Record<EnvVariable, string>>, source: string) => {
    for (const [k, v] of Object.entries(facts) as [EnvVariable, string | undefined][]) {
      if (v === undefined || values[k] !== undefined) continue;
      values[k] = v;
      sources[k] = source;
    }
  };

  // 1. Overrides.
  const ov: Partial<Record<EnvVariable, string>> = { ...overrides.markers };
  if (overrides.pythonVersion !== undefined) {
    const v = overrides.pythonVersion.trim();
    const xy = /^(\d+\.\d+)/.exec(v)?.[1];
    if (xy) ov.python_version ??= xy;
    const full = pythonFullVersion(v);
    if (full) ov.python_full_version ??= full;
  }
  if (overrides.platform !== undefined) Object.assign(ov, { ...platformFacts(overrides.platform), ...ov });
  set(ov, "command line");

  // 2. The environment's own configuration.
  const cfg = evidence.pyvenv;
  if (cfg) {
    const full = pythonFullVersion(cfg.values.get("version_info") ?? cfg.values.get("version") ?? "");
    const impl = cfg.values.get("implementation")?.toLowerCase();
    const home = cfg.values.get("home") ?? "";
    const fromCfg: Partial<Record<EnvVariable, string>> = {};
    if (full) {
      fromCfg.python_version = /^\d+\.\d+/.exec(full)![0];
      // The stdlib venv module writes only `version`; older virtualenvs wrote `version_info` with
      // a truncated value, so take the full version only when it has three parts.
      fromCfg.python_full_version = full;
    }
    if (impl === "cpython" || impl === "pypy") {
      fromCfg.implementation_name = impl;
      fromCfg.platform_python_implementation = impl === "cpython" ? "CPython" : "PyPy";
    }
    if (/^[A-Za-z]:[\\/]/.test(home) || home.includes("\\")) Object.assign(fromCfg, platformFacts("win32"));
    set(fromCfg, cfg.path);
  }
  const sc = evidence.sysconfig;
  if (sc) {
    const facts: Record<string, string> = {};
    const machdep = sc.values.get("MACHDEP");
    if (machdep) Object.assign(facts, platformFacts(machdep));
    const multiarch = sc.values.get("MULTIARCH");
    if (multiarch) Object.assign(facts, { ...multiarchFacts(multiarch), ...facts });
    const version = sc.values.get("VERSION");
    if (version && /^\d+\.\d+$/.test(version)) facts.python_version = version;
    const soabi = sc.values.get("SOABI") ?? "";
    if (soabi.startsWith("cpython-"))
      Object.assign(facts, { implementation_name: "cpython", platform_python_implementation: "CPython" });
    else if (soabi.startsWith("pypy"))
      Object.assign(facts, { implementation_name: "pypy", platform_python_implementation: "PyPy" });
    set(facts, sc.path);
  }
  if (evidence.patchlevel) {
    const full = evidence.patchlevel.version;
    set({ python_full_version: full, python_version: /^\d+\.\d+/.exec(full)![0] }, evidence.patchlevel.path);
  }
  const dirFacts = agree(
    evidence.pythonDirs.map(({ name }): PlatformFacts => {
      const m = /^(python|pypy)(\d+\.\d+)t?$/.exec(name);
      if (!m) return {};
      return m[1] === "pypy"
        ? { python_version: m[2]!, implementation_name: "pypy", platform_python_implementation: "PyPy" }
        : { python_version: m[2]! };
    }),
  );
  set(dirFacts, evidence.pythonDirs.map((d) => d.path).join(", "));
  if (evidence.windows) set(platformFacts("win32"), "Windows layout (Lib/site-packages)");

  // 3. What installed distributions were built for, and the layout.
  if (evidence.installed) set(evidence.installed, evidence.installedSource ?? "installed distributions");
  if (evidence.posixLayout) set({ os_name: "posix" }, evidence.posixLayout);

  // CPython: sys.implementation.version is the interpreter version, which packaging formats with the
  // first letter of the release level (`3.13.0c1` for 3.13.0rc1) and without a `+`.
  if (
    values.implementation_version === undefined &&
    values.implementation_name === "cpython" &&
    values.python_full_version !== undefined
  ) {
    values.implementation_version = values.python_full_version.replace(/\+$/, "").replace(/rc(\d+)$/, "c$1");
    sources.implementation_version = sources.python_full_version!;
  }
  // A full version that contradicts python_version (e.g. --python-version 3.12 over a 3.11 venv) is dropped.
  if (
    values.python_full_version !== undefined &&
    values.python_version !== undefined &&
    !values.python_full_version.startsWith(`${values.python_version}.`)
  ) {
    delete values.python_full_version;
    delete sources.python_full_version;
    if (sources.implementation_version !== "command line") {
      delete values.implementation_version;
      delete sources.implementation_version;
    }
  }
  const excluded: Partial<Record<EnvVariable, readonly string[]>> = {};
  if (evidence.posixLayout) {
    if (values.sys_platform === undefined) excluded.sys_platform = ["win32"];
    if (values.platform_system === undefined) excluded.platform_system = ["Windows"];
  }
  return { values, sources, excluded };
}
