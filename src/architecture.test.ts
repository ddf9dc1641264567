// Keeps the layering of STYLE.md: imports point downward only (cli → sources/catalogers/formats/validate/
// vuln/report → model → core), the core is pure, and catalogers never touch the filesystem directly.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const src = import.meta.dirname;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== "testdata") out.push(...sourceFiles(p));
    } else if (name.endsWith(".ts") && !name.endsWith(".test.ts") && !p.includes("test-helpers")) out.push(p);
  }
  return out;
}

const LAYER: Record<string, number> = {
  core: 0,
  "errors.ts": 0,
  model: 1,
  sources: 2,
  catalogers: 2,
  formats: 2,
  validate: 2,
  vuln: 2,
  report: 2,
  cli: 3,
  "index.ts": 3,
};
const IMPURE =
  /^node:(fs|fs\/promises|net|http|https|http2|child_process|worker_threads|dgram|dns|tls|os|process)$/;
const IMPORT =
  /^\s*(?:import|export)\s[^;]*?\sfrom\s+"([^"]+)"|^\s*import\s+"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/gm;

function area(file: string): string {
  return relative(src, file).split("/")[0]!.replace(/\.js$/, ".ts");
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

const files = sourceFiles(src);

describe("architecture (STYLE.md import direction)", () => {
  it("finds the source tree", () => expect(files.length).toBeGreaterThan(10));

  it("every import points downward or sideways, never up", () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = area(file);
      const fromLayer = LAYER[from];
      if (fromLayer === undefined) {
        violations.push(`${relative(src, file)} is in no known layer`);
        continue;
      }
      for (const spec of importsOf(file)) {
        if (!spec.startsWith(".")) continue;
        const target = resolve(dirname(file), spec);
        const to = area(target);
        const toLayer = LAYER[to];
        if (
          toLayer === undefined ||
          toLayer > fromLayer ||
          (to === "cli" && from !== "cli" && from !== "index.ts")
        )
          violations.push(`${relative(src, file)} imports ${spec} (${from} → ${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("the core and the model are pure: no filesystem, network, process or clock", () => {
    const violations: string[] = [];
    for (const file of files.filter((f) => ["core", "model"].includes(area(f)) || area(f) === "errors.ts")) {
      for (const spec of importsOf(file))
        if (IMPURE.test(spec)) violations.push(`${relative(src, file)} imports ${spec}`);
      const text = readFileSync(file, "utf8");
      if (/\bprocess\.|\bDate\.now\(|new Date\(\s*\)/.test(text))
        violations.push(`${relative(src, file)} reads the process or the clock`);
    }
    expect(violations).toEqual([]);
  });

  it("catalogers read through resolvers, never the filesystem", () => {
    const violations: string[] = [];
    for (const file of files.filter((f) => area(f) === "catalogers")) {
      for (const spec of importsOf(file))
        if (/^node:(fs|fs\/promises)$/.test(spec)) violations.push(`${relative(src, file)} imports ${spec}`);
    }
    expect(violations).toEqual([]);
  });

  it("the checker itself catches an upward import", () => {
    const fake = join(src, "core", "fake.ts");
    expect(area(fake)).toBe("core");
    expect(LAYER[area(resolve(dirname(fake), "../cli/run.js"))]).toBeGreaterThan(LAYER.core!);
    expect([...'import { x } from "../cli/run.js";'.matchAll(IMPORT)].map((m) => m[1])).toEqual([
      "../cli/run.js",
    ]);
  });
});
