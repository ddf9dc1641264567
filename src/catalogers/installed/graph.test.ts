import { describe, expect, it } from "vitest";
import { canonicalizeName } from "../../core/names.js";
import { parseRequirement } from "../../core/pep508/index.js";
import { buildGraph, type GraphNode, graphRoots } from "./graph.js";

const ENV = {
  python_version: "3.12",
  python_full_version: "3.12.4",
  sys_platform: "linux",
  os_name: "posix",
};

function nodes(spec: Record<string, [version: string, requires: string[]]>): GraphNode[] {
  return Object.entries(spec).map(([name, [version, requires]]) => ({
    key: name,
    name,
    normalizedName: canonicalizeName(name),
    version,
    requires: requires.map(parseRequirement),
  }));
}

function graphOf(spec: Record<string, [string, string[]]>, env: object = ENV) {
  const list = nodes(spec);
  const byName = new Map(list.map((n) => [n.normalizedName, n]));
  const g = buildGraph(list, env, (n) => byName.get(n));
  return {
    edges: g.edges.map((e) => `${e.from} -> ${e.to}${e.marker ? ` [${e.marker}]` : ""}`).sort(),
    issues: g.issues.map((i) => `${i.node} ${i.code}`).sort(),
    extras: Object.fromEntries([...g.extras].filter(([, v]) => v.length > 0)),
  };
}

describe("dependency graph", () => {
  it("evaluates markers against the environment", () => {
    const g = graphOf({
      app: [
        "1",
        ['a; python_version >= "3.8"', 'b; sys_platform == "win32"', 'c; python_version < "3.11"', "d"],
      ],
      a: ["1", []],
      b: ["1", []],
      c: ["1", []],
      d: ["1", []],
    });
    expect(g.edges).toEqual(['app -> a [python_version >= "3.8"]', "app -> d"]);
    expect(g.issues).toEqual([]);
  });

  it("follows extras only when a dependant requests them, to a fixpoint", () => {
    const g = graphOf({
      app: ["1", ["requests[socks]"]],
      requests: ["2", ["urllib3", 'pysocks; extra == "socks"', 'chardet; extra == "use-chardet"']],
      urllib3: ["2", ['pysocks; extra == "socks"', 'brotli; extra == "brotli"']],
      pysocks: ["1", []],
      chardet: ["5", []],
      brotli: ["1", []],
    });
    expect(g.edges).toEqual([
      "app -> requests",
      'requests -> pysocks [extra == "socks"]',
      "requests -> urllib3",
    ]);
    expect(g.extras).toEqual({ requests: ["socks"] });
  });

  it("a requirement on the distribution itself adds extras and no self-edge", () => {
    const g = graphOf({
      app: ["1", ["hyp[all]"]],
      hyp: [
        "1",
        [
          'hyp[cli,zone]; extra == "all"',
          'click; extra == "cli"',
          'tz; extra == "zone"',
          'never; extra == "other"',
        ],
      ],
      click: ["8", []],
      tz: ["1", []],
      never: ["1", []],
    });
    expect(g.edges).toEqual(["app -> hyp", 'hyp -> click [extra == "cli"]', 'hyp -> tz [extra == "zone"]']);
    expect(g.extras).toEqual({ hyp: ["all", "cli", "zone"] });
  });

  it("terminates on cycles through extras and keeps real cycles", () => {
    const g = graphOf({
      a: ["1", ["b", 'b[y]; extra == "x"']],
      b: ["1", ["a[x]", 'c; extra == "y"']],
      c: ["1", []],
    });
    expect(g.edges).toEqual(["a -> b", "b -> a", 'b -> c [extra == "y"]']);
  });

  it("reports missing, unsatisfied and undecidable requirements instead of guessing", () => {
    const g = graphOf({
      app: ["1", ["gone>=1", "old>=2", 'kernel; platform_release >= "5"', "pre>=1.0"]],
      old: ["1.5", []],
      pre: ["1.1rc1", []],
      kernel: ["1", []],
    });
    expect(g.edges).toEqual(["app -> old", "app -> pre"]);
    expect(g.issues).toEqual([
      "app env/missing-dependency",
      "app env/undecided-marker",
      "app env/unsatisfied-requirement",
    ]);
  });

  it("one edge per pair, unconditional if any requirement behind it is", () => {
    const g = graphOf({
      app: ["1", ['a>=1; python_version >= "3"', "a"]],
      a: ["1", []],
    });
    expect(g.edges).toEqual(["app -> a"]);
  });

  it("roots: what nothing depends on, then one node per unreached cycle", () => {
    expect(
      graphRoots(
        ["app", "lib", "x", "y", "z"],
        [
          { from: "app", to: "lib" },
          { from: "x", to: "y" },
          { from: "y", to: "x" },
          { from: "y", to: "z" },
        ],
      ),
    ).toEqual(["app", "x"]);
  });
});
