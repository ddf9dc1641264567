// Acceptance on the machine's own Python: what pysbom reads statically from its site-packages must equal
// what `importlib.metadata` reports at run time — the same (name, version) set, and every Requires-Dist
// edge that applies under the environment's markers, none that does not. python3 only *answers* here (a
// probe run through child_process); pysbom never runs it. Skipped, visibly, when there is no python3.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { canonicalizeName } from "../../core/names.js";
import { evaluateMarker, type parseRequirement, tryParseRequirement } from "../../core/pep508/index.js";
import { parsePurl, pypiPurl } from "../../core/purl.js";
import { encodeSbom } from "../../formats/index.js";
import { DOCUMENT_REF, type Document } from "../../model/index.js";
import { validateSchema } from "../../validate/schema.js";
import { generateSbom } from "../generate.js";

// The marker environment as packaging's default_environment() computes it, from the standard library.
const PROBE = `
import json, os, platform, site, sys
import importlib.metadata as md
def fmt(i):
    v = f"{i.major}.{i.minor}.{i.micro}"
    return v + (i.releaselevel[0] + str(i.serial) if i.releaselevel != "final" else "")
env = {
  "implementation_name": sys.implementation.name,
  "implementation_version": fmt(sys.implementation.version),
  "os_name": os.name,
  "platform_machine": platform.machine(),
  "platform_release": platform.release(),
  "platform_system": platform.system(),
  "platform_version": platform.version(),
  "python_full_version": platform.python_version(),
  "platform_python_implementation": platform.python_implementation(),
  "python_version": ".".join(platform.python_version_tuple()[:2]),
  "sys_platform": sys.platform,
}
sites = []
for p in site.getsitepackages():
    if os.path.isdir(p):
        sites.append({"path": p, "dists": [
            {"name": d.metadata["Name"], "version": d.version, "requires": d.requires or []}
            for d in md.distributions(path=[p])
        ]})
print(json.dumps({"env": env, "prefix": sys.prefix, "sites": sites}))
`;

interface Probe {
  env: Record<string, string>;
  prefix: string;
  sites: { path: string; dists: { name: string; version: string; requires: string[] }[] }[];
}

function probe(python: string): Probe | undefined {
  try {
    return JSON.parse(
      execFileSync(python, ["-c", PROBE], { encoding: "utf8", maxBuffer: 256 << 20, timeout: 120_000 }),
    ) as Probe;
  } catch {
    return undefined;
  }
}

// `python3` on PATH, and the distribution's own interpreter when it is another one (Debian's
// /usr/lib/python3/dist-packages holds egg-info directories and hex RECORD digests: real legacy data).
const machines: Probe[] = [];
for (const python of ["python3", "/usr/bin/python3"]) {
  const p = probe(python);
  if (p && !machines.some((m) => m.prefix === p.prefix)) machines.push(p);
}
if (machines.length === 0)
  console.warn("machine-python.test.ts: skipped: no python3 on PATH to compare with");
const cases: [string, Probe | undefined][] =
  machines.length > 0
    ? machines.map((m) => [`${m.prefix} (Python ${m.env.python_full_version})`, m])
    : [["the machine's Python (SKIPPED: no python3 on PATH)", undefined]];

async function generate(target: string, options: Record<string, unknown> = {}) {
  return generateSbom([target], {
    type: "env",
    cwd: "/",
    created: "2025-01-01T00:00:00Z",
    creators: [{ kind: "Tool", name: "pysbom", version: "test" }],
    options,
  });
}

const installed = (doc: Document) =>
  doc.packages.filter((p) => p.properties.some((x) => x.name === "pysbom:install-format"));

/** `name@version` of a purl without qualifiers. */
function nameVersion(purl: string): string {
  const p = parsePurl(purl);
  return `${p.name}@${p.version ?? ""}`;
}

/**
 * The edges pip would consider: each requirement whose marker is true for the base install or an
 * extra some installed dependant requests, to a fixpoint; by PEP 503 name.
 */
function expectedEdges(dists: Probe["sites"][number]["dists"], env: Record<string, string>): Set<string> {
  const byName = new Map<string, { requires: ReturnType<typeof parseRequirement>[] }>();
  for (const d of dists) {
    const n = canonicalizeName(d.name);
    if (byName.has(n)) continue;
    byName.set(n, { requires: d.requires.map(tryParseRequirement).filter((r) => r !== undefined) });
  }
  const extras = new Map([...byName.keys()].map((n) => [n, new Set<string>([""])]));
  const applies = (from: string, r: ReturnType<typeof parseRequirement>) =>
    !r.marker || evaluateMarker(r.marker, env, { extras: [...extras.get(from)!] });
  for (let changed = true; changed; ) {
    changed = false;
    for (const [from, d] of byName)
      for (const r of d.requires) {
        const to = canonicalizeName(r.name);
        if (!byName.has(to) || !applies(from, r)) continue;
        for (const x of r.extras) {
          const e = canonicalizeName(x);
          if (!extras.get(to)!.has(e)) {
            extras.get(to)!.add(e);
            changed = true;
          }
        }
      }
  }
  const out = new Set<string>();
  for (const [from, d] of byName)
    for (const r of d.requires) {
      const to = canonicalizeName(r.name);
      if (to !== from && byName.has(to) && applies(from, r)) out.add(`${from} -> ${to}`);
    }
  return out;
}

function actualEdges(doc: Document): Set<string> {
  const roots = new Set(doc.relationships.filter((r) => r.from === DOCUMENT_REF).map((r) => r.to));
  const name = new Map(installed(doc).map((p) => [p.id, canonicalizeName(p.name)]));
  return new Set(
    doc.relationships
      .filter((r) => r.type === "DEPENDS_ON" && !roots.has(r.from) && name.has(r.from))
      .map((r) => `${name.get(r.from)} -> ${name.get(r.to)}`),
  );
}

describe.each(cases)("%s", (_title, machine) => {
  if (!machine) {
    it.skip("no python3 on PATH: nothing to compare with", () => {});
    return;
  }
  const m = machine;

  it.each(m.sites.map((s) => [s.path, s] as const))(
    "%s: the set of purls equals importlib.metadata's (name, version) set",
    async (path, site) => {
      const { document } = await generate(path);
      const ours = installed(document).map((p) => nameVersion(p.purl!));
      const theirs = site.dists.map((d) => nameVersion(pypiPurl({ name: d.name, version: d.version })));
      expect(new Set(ours)).toEqual(new Set(theirs));
      expect(ours.length).toBe(theirs.length);
    },
  );

  it("the interpreter prefix: the static marker environment is the running one, and the Requires-Dist edges match", async () => {
    if (!existsSync(m.prefix)) return;
    const { document } = await generate(m.prefix);
    const root = document.packages.find((p) =>
      document.relationships.some((r) => r.from === DOCUMENT_REF && r.to === p.id),
    )!;
    const derived = Object.fromEntries(
      root.properties
        .filter((p) => p.name.startsWith("pysbom:marker:"))
        .map((p) => [p.name.slice(14), p.value]),
    );
    // Everything pysbom derived is what Python reports; the variables describing the running kernel are
    // the only ones it cannot know from files.
    for (const [k, v] of Object.entries(derived)) expect([k, v]).toEqual([k, m.env[k]]);
    const missingVars = Object.keys(m.env).filter((k) => !(k in derived));
    expect(missingVars.every((k) => k === "platform_release" || k === "platform_version")).toBe(true);

    const sitePaths = root.properties
      .filter((p) => p.name === "pysbom:site-directory")
      .map((p) => `${m.prefix}/${p.value}`);
    const dists = m.sites.filter((s) => sitePaths.includes(s.path)).flatMap((s) => s.dists);
    expect(dists.length).toBeGreaterThan(0);
    const expected = expectedEdges(dists, m.env);
    const actual = actualEdges(document);
    // An applicable edge may be missing only if its marker needs a variable files cannot tell (reported).
    const undecided = document.unknowns
      .filter((u) => u.code === "env/undecided-marker")
      .map((u) => u.message);
    const missing = [...expected].filter((e) => !actual.has(e));
    for (const e of missing) {
      const [from, to] = e.split(" -> ");
      expect(
        undecided.some((msg) => canonicalizeName(msg.split(" ")[0]!) === from && msg.includes(`"${to}`)),
        `${e} missing and not reported as undecided`,
      ).toBe(true);
    }
    expect([...actual].filter((e) => !expected.has(e))).toEqual([]);
    expect(missing.length).toBeLessThanOrEqual(undecided.length);
    expect(actual.size).toBeGreaterThan(0);
  });

  it("the SBOM of the machine's site-packages is schema-valid and identical across runs", async () => {
    const path = [...m.sites].sort((a, b) => b.dists.length - a.dists.length)[0]!.path;
    const a = (await generate(path)).document;
    const b = (await generate(path)).document;
    const spdx = encodeSbom(a, "spdx-json").text;
    expect(encodeSbom(b, "spdx-json").text).toBe(spdx);
    expect(validateSchema("spdx-2.3", JSON.parse(spdx))).toEqual([]);
    expect(validateSchema("cyclonedx-1.6", JSON.parse(encodeSbom(a, "cyclonedx-json@1.6").text))).toEqual([]);
  });
});
