import { describe, expect, it } from "vitest";
import { parseMarker } from "../../core/pep508/index.js";
import { loadVectors } from "../../core/test-helpers/vectors.js";
import { isPysbomError } from "../../errors.js";
import { evaluatePartial, groupEnvironment, mayHold, mentionsVariable, parseTarget } from "./markers.js";
import { pylockScopes } from "./pylock.js";

const TARGETS: [string, Record<string, string>][] = [
  ["python_version=3.12,sys_platform=linux", { python_version: "3.12", sys_platform: "linux" }],
  ["linux", { sys_platform: "linux", platform_system: "Linux", os_name: "posix" }],
  [
    "windows, py3.11",
    { sys_platform: "win32", platform_system: "Windows", os_name: "nt", python_version: "3.11" },
  ],
  [
    "darwin,3.13,cpython",
    {
      sys_platform: "darwin",
      platform_system: "Darwin",
      os_name: "posix",
      python_version: "3.13",
      implementation_name: "cpython",
      platform_python_implementation: "CPython",
    },
  ],
  ["python_full_version=3.10.4", { python_full_version: "3.10.4", python_version: "3.10" }],
  [
    "linux,platform_machine=aarch64",
    { sys_platform: "linux", platform_system: "Linux", os_name: "posix", platform_machine: "aarch64" },
  ],
];

const BAD_TARGETS: [string, RegExp][] = [
  ["", /empty/],
  ["python=3.12", /unknown marker variable "python"/],
  ["solaris", /unknown preset "solaris"/],
  ["linux,windows", /contradicts sys_platform=linux/],
  ["sys_platform=", /needs a value/],
  ["python_full_version=x", /not a version/],
  ["py3.12,python_full_version=3.11.2", /contradicts python_version=3.12/],
];

describe("parseTarget", () => {
  it.each(TARGETS)("%s", (text, expected) => {
    expect(Object.fromEntries(parseTarget(text))).toEqual(expected);
  });

  it.each(BAD_TARGETS)("refuses %j as a usage error", (text, message) => {
    try {
      parseTarget(text);
      expect.unreachable();
    } catch (e) {
      expect(isPysbomError(e, "USAGE")).toBe(true);
      expect((e as Error).message).toMatch(message);
    }
  });
});

// Three-valued evaluation: true/false when the target decides, undefined when it does not.
const PARTIAL: [string, string, boolean | undefined][] = [
  ['sys_platform == "win32"', "linux", false],
  ['sys_platform == "win32"', "py3.12", undefined],
  ['sys_platform == "win32" and python_version < "3.11"', "linux", false],
  ['sys_platform == "win32" or python_version < "3.11"', "linux", undefined],
  ['sys_platform == "win32" or python_version < "3.11"', "linux,py3.10", true],
  ['python_full_version < "3.11"', "py3.12", false],
  ['python_full_version >= "3.12.1"', "py3.12", undefined],
  ['python_full_version <= "3.11.0a6"', "py3.12", false],
  ['python_full_version == "3.12.*"', "py3.12", true],
  ['extra == "socks"', "linux", undefined],
  ['python_version >= "3.10" and extra == "syntax"', "py3.9", false],
  ['python_version >= "3.10" and extra == "syntax"', "py3.12", undefined],
  ["'dev' in dependency_groups and sys_platform == 'win32'", "linux", false],
  ['(os_name == "nt" or sys_platform == "darwin") and platform_machine == "x86_64"', "linux", false],
  ['os_name ~= "3"', "linux", undefined],
];

describe("evaluatePartial", () => {
  it.each(PARTIAL)("%s under %s", (marker, target, expected) => {
    expect(evaluatePartial(parseMarker(marker), parseTarget(target))).toBe(expected);
  });

  interface Vectors {
    cases: { marker: string; valid: boolean; results?: unknown[] }[];
    environments: Record<string, string>[];
  }
  const vectors = loadVectors<Vectors>("pep508-markers.json");

  it("agrees with packaging on every marker vector for complete environments, and never contradicts it with partial ones", () => {
    let checked = 0;
    for (const c of vectors.cases) {
      if (!c.valid || !c.results) continue;
      const marker = parseMarker(c.marker);
      vectors.environments.forEach((env, i) => {
        const expected = c.results![i];
        if (typeof expected !== "boolean") return;
        const full = new Map(Object.entries(env));
        expect(evaluatePartial(marker, full), `${c.marker} in env ${i}`).toBe(expected);
        for (const drop of Object.keys(env)) {
          const partial = new Map(full);
          partial.delete(drop);
          const got = evaluatePartial(marker, partial);
          if (got !== undefined) expect(got, `${c.marker} in env ${i} without ${drop}`).toBe(expected);
        }
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(300);
  });

  it("mayHold keeps what it cannot decide", () => {
    const linux = parseTarget("linux");
    expect(mayHold(undefined, linux)).toBe(true);
    expect(mayHold("not a marker ===", linux)).toBe(true);
    expect(mayHold('sys_platform == "win32"', linux)).toBe(false);
  });

  it("mentionsVariable", () => {
    expect(mentionsVariable("'dev' in dependency_groups", ["dependency_groups"])).toBe(true);
    expect(mentionsVariable('(python_version < "3" or extra == "x")', ["extra"])).toBe(true);
    expect(mentionsVariable('python_version < "3"', ["extra"])).toBe(false);
  });
});

describe("pylockScopes (PEP 751 markers on extras and dependency groups)", () => {
  const cases: [string | undefined, { kind: string; group?: string }[]][] = [
    [undefined, [{ kind: "runtime" }]],
    ['sys_platform == "linux"', [{ kind: "runtime" }]],
    ["'dev' in dependency_groups", [{ kind: "dev", group: "dev" }]],
    ["'crypto' in extras", [{ kind: "optional", group: "crypto" }]],
    ["'default' in dependency_groups", [{ kind: "runtime" }]],
    [
      "'docs' in dependency_groups or 'dev' in dependency_groups",
      [
        { kind: "dev", group: "dev" },
        { kind: "dev", group: "docs" },
      ],
    ],
    ["'crypto' in extras and 'dev' in dependency_groups", [{ kind: "optional" }]],
  ];
  it.each(cases)("%s", (marker, expected) => {
    expect(pylockScopes(marker, ["default"], ["crypto"], ["dev", "docs", "default"])).toEqual(expected);
  });

  it("groupEnvironment normalises names", () => {
    expect(
      evaluatePartial(parseMarker("'Dev_Tools' in dependency_groups"), groupEnvironment(["dev-tools"], [])),
    ).toBe(true);
  });
});
