import { describe, expect, it } from "vitest";
import { parseMarker } from "../../core/pep508/index.js";
import {
  bytecodeFacts,
  deriveEnvironment,
  extensionSuffixFacts,
  parsePatchlevel,
  parsePyvenvCfg,
  parseSysconfigData,
  pythonFullVersion,
  wheelTagFacts,
} from "./environment.js";
import { evaluateMarker3 } from "./markers.js";

const LINUX_X86 = {
  sys_platform: "linux",
  platform_system: "Linux",
  os_name: "posix",
  platform_machine: "x86_64",
};

const WHEEL_TAGS: [tag: string, facts: object][] = [
  [
    "cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64",
    {
      ...LINUX_X86,
      implementation_name: "cpython",
      platform_python_implementation: "CPython",
      python_version: "3.12",
    },
  ],
  [
    "cp39-abi3-musllinux_1_2_aarch64",
    { sys_platform: "linux", platform_system: "Linux", os_name: "posix", platform_machine: "aarch64" },
  ],
  [
    "cp311-cp311-macosx_11_0_arm64",
    {
      sys_platform: "darwin",
      platform_system: "Darwin",
      os_name: "posix",
      platform_machine: "arm64",
      implementation_name: "cpython",
      platform_python_implementation: "CPython",
      python_version: "3.11",
    },
  ],
  [
    "cp310-cp310-macosx_10_9_universal2",
    {
      sys_platform: "darwin",
      platform_system: "Darwin",
      os_name: "posix",
      implementation_name: "cpython",
      platform_python_implementation: "CPython",
      python_version: "3.10",
    },
  ],
  [
    "cp312-cp312-win_amd64",
    {
      sys_platform: "win32",
      platform_system: "Windows",
      os_name: "nt",
      platform_machine: "AMD64",
      implementation_name: "cpython",
      platform_python_implementation: "CPython",
      python_version: "3.12",
    },
  ],
  [
    "pp310-pypy310_pp73-manylinux_2_17_x86_64",
    {
      ...LINUX_X86,
      implementation_name: "pypy",
      platform_python_implementation: "PyPy",
      python_version: "3.10",
    },
  ],
  ["py3-none-any", {}],
  ["py2.py3-none-any", {}],
];

const SUFFIXES: [name: string, facts: object][] = [
  [
    "md.cpython-311-x86_64-linux-gnu.so",
    {
      implementation_name: "cpython",
      platform_python_implementation: "CPython",
      python_version: "3.11",
      ...LINUX_X86,
    },
  ],
  [
    "_x.cpython-313t-aarch64-linux-gnu.so",
    {
      implementation_name: "cpython",
      platform_python_implementation: "CPython",
      python_version: "3.13",
      sys_platform: "linux",
      platform_system: "Linux",
      os_name: "posix",
      platform_machine: "aarch64",
    },
  ],
  [
    "_x.cpython-312-darwin.so",
    {
      implementation_name: "cpython",
      platform_python_implementation: "CPython",
      python_version: "3.12",
      sys_platform: "darwin",
      platform_system: "Darwin",
      os_name: "posix",
    },
  ],
  [
    "_x.cp311-win_amd64.pyd",
    {
      implementation_name: "cpython",
      platform_python_implementation: "CPython",
      python_version: "3.11",
      sys_platform: "win32",
      platform_system: "Windows",
      os_name: "nt",
      platform_machine: "AMD64",
    },
  ],
  [
    "_x.pypy310-pp73-x86_64-linux-gnu.so",
    {
      implementation_name: "pypy",
      platform_python_implementation: "PyPy",
      python_version: "3.10",
      ...LINUX_X86,
    },
  ],
  ["_rust.abi3.so", {}],
  [
    "_x.cpython-311-i386-linux-gnu.so",
    {
      implementation_name: "cpython",
      platform_python_implementation: "CPython",
      python_version: "3.11",
      sys_platform: "linux",
      platform_system: "Linux",
      os_name: "posix",
    },
  ],
];

describe("static marker environment", () => {
  it.each([
    [
      "six.cpython-311.pyc",
      { implementation_name: "cpython", platform_python_implementation: "CPython", python_version: "3.11" },
    ],
    [
      "x.cpython-312.opt-1.pyc",
      { implementation_name: "cpython", platform_python_implementation: "CPython", python_version: "3.12" },
    ],
    [
      "x.pypy310.pyc",
      { implementation_name: "pypy", platform_python_implementation: "PyPy", python_version: "3.10" },
    ],
    ["x.pyc", {}],
  ])("byte-code cache tag %s", (name, facts) => {
    expect(bytecodeFacts(name)).toEqual(facts);
  });

  it("reads pyvenv.cfg (stdlib venv, virtualenv, uv)", () => {
    const cfg = parsePyvenvCfg(
      "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.12.4\n# x = y\nVersion_Info = 3.12.4.final.0\n",
    );
    expect([...cfg]).toEqual([
      ["home", "/usr/bin"],
      ["include-system-site-packages", "false"],
      ["version", "3.12.4"],
      ["version_info", "3.12.4.final.0"],
    ]);
  });

  it.each([
    ["3.11.7", "3.11.7"],
    ["3.13.0.candidate.1", "3.13.0rc1"],
    ["3.12.0.beta.4", "3.12.0b4"],
    ["3.12.4.final.0", "3.12.4"],
    ["3.14.0a1+", "3.14.0a1+"],
    ["3.12", undefined],
    ["garbage", undefined],
  ])("python_full_version from %j is %j", (text, want) => {
    expect(pythonFullVersion(text)).toBe(want);
  });

  it("reads sysconfig data and patchlevel.h", () => {
    const text =
      "build_time_vars = {'ABIFLAGS': '',\n 'MACHDEP': 'linux',\n 'MULTIARCH': 'x86_64-linux-gnu',\n 'SOABI': \"cpython-311-x86_64-linux-gnu\",\n 'VERSION': '3.11'}\n";
    expect(
      Object.fromEntries(parseSysconfigData(text, ["MACHDEP", "MULTIARCH", "SOABI", "VERSION", "NOPE"])),
    ).toEqual({
      MACHDEP: "linux",
      MULTIARCH: "x86_64-linux-gnu",
      SOABI: "cpython-311-x86_64-linux-gnu",
      VERSION: "3.11",
    });
    expect(parsePatchlevel('#define PY_VERSION              "3.11.7"\n')).toBe("3.11.7");
    expect(parsePatchlevel('#define PY_VERSION "3.14.0a1+"')).toBe("3.14.0a1+");
  });

  it.each(WHEEL_TAGS)("wheel tag %s", (tag, facts) => {
    expect(wheelTagFacts(tag)).toEqual(facts);
  });

  it.each(SUFFIXES)("extension module %s", (name, facts) => {
    expect(extensionSuffixFacts(name)).toEqual(facts);
  });

  it("derives a venv's environment from pyvenv.cfg and installed wheels, keeping the sources", () => {
    const env = deriveEnvironment({
      pyvenv: {
        path: "pyvenv.cfg",
        values: parsePyvenvCfg("version_info = 3.13.0.candidate.1\nimplementation = CPython\n"),
      },
      pythonDirs: [{ name: "python3.13", path: "lib/python3.13" }],
      windows: false,
      installed: LINUX_X86,
    });
    expect(env.values).toEqual({
      ...LINUX_X86,
      python_version: "3.13",
      python_full_version: "3.13.0rc1",
      implementation_name: "cpython",
      platform_python_implementation: "CPython",
      // packaging formats sys.implementation.version with the release level's first letter.
      implementation_version: "3.13.0c1",
    });
    expect(env.sources.python_full_version).toBe("pyvenv.cfg");
    expect(env.sources.sys_platform).toBe("installed distributions");
  });

  it("prefers sysconfig data and patchlevel.h over installed evidence", () => {
    const env = deriveEnvironment({
      pythonDirs: [{ name: "python3.11", path: "lib/python3.11" }],
      windows: false,
      sysconfig: {
        path: "sc.py",
        values: new Map([
          ["MACHDEP", "linux"],
          ["MULTIARCH", "aarch64-linux-gnu"],
          ["SOABI", "cpython-311-aarch64-linux-gnu"],
        ]),
      },
      patchlevel: { path: "patchlevel.h", version: "3.11.9" },
      installed: { platform_machine: "x86_64" },
    });
    expect(env.values.platform_machine).toBe("aarch64");
    expect(env.values.python_full_version).toBe("3.11.9");
    expect(env.values.implementation_version).toBe("3.11.9");
    expect(env.sources.platform_machine).toBe("sc.py");
  });

  it("applies overrides first; a contradicted full version is dropped", () => {
    const env = deriveEnvironment(
      {
        pyvenv: { path: "pyvenv.cfg", values: new Map([["version", "3.11.7"]]) },
        pythonDirs: [],
        windows: false,
      },
      { pythonVersion: "3.12", platform: "win32", markers: { platform_release: "10" } },
    );
    expect(env.values).toEqual({
      python_version: "3.12",
      sys_platform: "win32",
      platform_system: "Windows",
      os_name: "nt",
      platform_release: "10",
    });
    const full = deriveEnvironment({ pythonDirs: [], windows: false }, { pythonVersion: "3.12.1" });
    expect(full.values).toMatchObject({ python_version: "3.12", python_full_version: "3.12.1" });
  });

  it("knows Windows from the layout and from a Windows home", () => {
    expect(deriveEnvironment({ pythonDirs: [], windows: true }).values.sys_platform).toBe("win32");
    const cfg = { path: "pyvenv.cfg", values: new Map([["home", "C:\\Python312"]]) };
    expect(deriveEnvironment({ pyvenv: cfg, pythonDirs: [], windows: false }).values.os_name).toBe("nt");
  });
});

describe("three-valued markers", () => {
  const env = { python_version: "3.12", sys_platform: "linux" };
  it.each([
    ['python_version >= "3.8"', [""], true, []],
    ['python_version < "3.8"', [""], false, []],
    ['platform_release >= "5"', [""], undefined, ["platform_release"]],
    ['platform_release >= "5" and python_version < "3"', [""], false, []],
    ['platform_release >= "5" or python_version >= "3"', [""], true, []],
    [
      '(platform_release >= "5" or platform_version == "x") and sys_platform == "linux"',
      [""],
      undefined,
      ["platform_release", "platform_version"],
    ],
    ['extra == "socks"', [""], false, []],
    ['extra == "socks"', ["", "socks"], true, []],
    ['extra == "Socks_X"', ["", "socks-x"], true, []],
    ['platform_release >= "5" and extra == "a"', ["", "b"], false, []],
  ] as const)("%s with extras %j", (marker, extras, value, unknown) => {
    expect(evaluateMarker3(parseMarker(marker), env, extras)).toEqual({ value, unknown });
  });

  it.each([
    ['sys_platform == "win32"', false],
    ['sys_platform != "win32"', true],
    ['"win32" == sys_platform', false],
    ['sys_platform == "linux"', undefined],
    ['platform_system == "Windows" or python_version < "3"', false],
    ['"win" in sys_platform', undefined],
  ] as const)("a POSIX layout decides %s = %s", (marker, value) => {
    const excluded = { sys_platform: ["win32"], platform_system: ["Windows"] };
    expect(evaluateMarker3(parseMarker(marker), { python_version: "3.12" }, [""], excluded).value).toBe(
      value,
    );
  });

  it("an impossible comparison is undecided, not an error", () => {
    const r = evaluateMarker3(parseMarker('os_name ~= "3"'), { os_name: "posix" }, [""]);
    expect(r.value).toBeUndefined();
    expect(r.unknown[0]).toMatch(/^invalid comparison/);
  });
});
