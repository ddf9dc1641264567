// The `env` cataloger: installed Python environments (virtualenv, interpreter prefix, site-packages),
// read statically through the Resolver — never by running the environment's Python or pip, which would
// execute `.pth` files. Distributions, their dependency graph under the environment's own markers,
// vendored code, embedded SBOMs, and optionally every installed file (`--files`, `--verify`).

import type { NormalizedName } from "../../core/names.js";
import { PysbomError } from "../../errors.js";
import {
  createPackage,
  DOCUMENT_REF,
  type ExtractedLicense,
  type File,
  type Finding,
  type Package,
  type Property,
  type Relationship,
  relate,
  type Unknown,
} from "../../model/index.js";
import { mapLimit } from "../../sources/hash.js";
import type { Resolver } from "../../sources/resolver.js";
import { parseTarget, TARGET_OPTION } from "../target.js";
import type { CatalogContext, Cataloger, CatalogResult } from "../types.js";
import { type InstalledDist, readDistribution } from "./distribution.js";
import { readEmbeddedSboms } from "./embedded.js";
import {
  agree,
  bytecodeFacts,
  type DerivedEnvironment,
  deriveEnvironment,
  type EnvironmentEvidence,
  type EnvironmentOverrides,
  type EnvVariable,
  extensionSuffixFacts,
  type PlatformFacts,
  parsePatchlevel,
  parsePyvenvCfg,
  parseSysconfigData,
  platformFacts,
  wheelTagFacts,
} from "./environment.js";
import { checkFiles } from "./files.js";
import { buildGraph, type GraphNode, graphRoots } from "./graph.js";
import { type EnvLayout, findLayout, isDistEntry } from "./layout.js";
import { buildDistPackage, buildVendoredPackage, NOASSERTION } from "./package.js";
import { findVendored } from "./vendored.js";

export { deriveEnvironment } from "./environment.js";
export { findLayout } from "./layout.js";

const ENV_VARIABLES: readonly EnvVariable[] = [
  "implementation_name",
  "implementation_version",
  "os_name",
  "platform_machine",
  "platform_python_implementation",
  "platform_release",
  "platform_system",
  "platform_version",
  "python_full_version",
  "python_version",
  "sys_platform",
];
const FORMAT_RANK: Readonly<Record<InstalledDist["format"], number>> = {
  "dist-info": 0,
  "egg-info": 1,
  egg: 2,
  "egg-link": 3,
};
const baseName = (p: string): string => p.slice(p.lastIndexOf("/") + 1);
const join = (a: string, b: string): string => (a === "" ? b : `${a}/${b}`);

/** Parses the cataloger's CLI options into marker overrides; USAGE errors for bad values. */
export function overridesFrom(options: Readonly<Record<string, unknown>>): EnvironmentOverrides {
  const str = (k: string): string | undefined => {
    const v = options[k];
    return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
  };
  const pythonVersion = str("pythonVersion");
  if (pythonVersion !== undefined && !/^\d+\.\d+(?:\.\d+(?:(?:a|b|rc)\d+)?)?$/.test(pythonVersion))
    throw new PysbomError(
      "USAGE",
      `--python-version wants X.Y or X.Y.Z, not ${JSON.stringify(pythonVersion)}`,
    );
  const platform = str("platform");
  if (platform !== undefined && !/^[a-z][a-z0-9_]*$/.test(platform))
    throw new PysbomError(
      "USAGE",
      `--platform wants a sys.platform value (linux, darwin, win32…), not ${JSON.stringify(platform)}`,
    );
  const markers: Partial<Record<EnvVariable, string>> = {};
  const target = str("target");
  if (target !== undefined) {
    for (const [name, value] of parseTarget(target)) {
      if (typeof value === "string" && (ENV_VARIABLES as readonly string[]).includes(name))
        markers[name as EnvVariable] = value;
    }
  }
  return { pythonVersion, platform, markers };
}

async function readText(resolver: Resolver, path: string, maxBytes = 1 << 20): Promise<string | undefined> {
  try {
    return await resolver.readText(path, { maxBytes });
  } catch {
    return undefined;
  }
}

/** Evidence for the marker environment from the environment's files. */
async function gatherEvidence(
  resolver: Resolver,
  layout: EnvLayout,
  pyvenv: Map<string, string> | undefined,
  dists: readonly InstalledDist[],
): Promise<EnvironmentEvidence> {
  const pythonDirs = layout.siteDirs
    .filter((d) => d.pythonDir !== undefined && d.pythonDir !== "python3")
    .map((d) => ({ name: d.pythonDir!, path: d.libPath! }));
  let sysconfig: EnvironmentEvidence["sysconfig"];
  let patchlevel: EnvironmentEvidence["patchlevel"];
  if (layout.kind === "prefix") {
    // The interpreter's own library directory `lib/pythonX.Y` (with the sysconfig data) says which
    // Python this prefix is for; a shared `lib/python3/dist-packages` (Debian) does not. When the site
    // directories name no version and the prefix holds several interpreters, none is chosen.
    const stdlibs: { name: string; path: string; sysconfigPath?: string }[] = [];
    for (const dir of await resolver.list(join(layout.base, "lib"))) {
      const name = baseName(dir.path);
      if (dir.kind !== "directory" || !/^(?:python\d+\.\d+t?|pypy\d+\.\d+)$/.test(name)) continue;
      const candidates = (await resolver.list(dir.path))
        .filter((e) => e.kind === "file" && /^_sysconfigdata_.*\.py$/.test(baseName(e.path)))
        .map((e) => e.path)
        // `_sysconfigdata__<platform>_<multiarch>.py` (no ABI flags) before debug or other variants.
        .sort(
          (a, b) => Number(!a.includes("__")) - Number(!b.includes("__")) || (a < b ? -1 : a > b ? 1 : 0),
        );
      if (candidates.length > 0) stdlibs.push({ name, path: dir.path, sysconfigPath: candidates[0] });
    }
    const named = new Set(pythonDirs.map((d) => d.name));
    const chosen =
      named.size > 0 ? stdlibs.find((s) => named.has(s.name)) : stdlibs.length === 1 ? stdlibs[0] : undefined;
    if (chosen) {
      if (!named.has(chosen.name)) pythonDirs.push({ name: chosen.name, path: chosen.path });
      const text = chosen.sysconfigPath ? await readText(resolver, chosen.sysconfigPath, 4 << 20) : undefined;
      if (chosen.sysconfigPath && text)
        sysconfig = {
          path: chosen.sysconfigPath,
          values: parseSysconfigData(text, ["MACHDEP", "MULTIARCH", "SOABI", "VERSION"]),
        };
      const path = join(layout.base, `include/${chosen.name}/patchlevel.h`);
      const version = parsePatchlevel((await readText(resolver, path)) ?? "");
      if (version) patchlevel = { path, version };
    }
  }
  const facts: PlatformFacts[] = [];
  for (const d of dists) {
    for (const tag of d.wheelTags) facts.push(wheelTagFacts(tag));
    let pyc = false;
    for (const e of d.files?.entries ?? []) {
      if (e.path.endsWith(".so") || e.path.endsWith(".pyd"))
        facts.push(extensionSuffixFacts(baseName(e.path)));
      // Byte-code compiled at install time names the interpreter (one per distribution is enough).
      else if (!pyc && e.path.endsWith(".pyc")) {
        const f = bytecodeFacts(baseName(e.path));
        if (Object.keys(f).length > 0) {
          facts.push(f);
          pyc = true;
        }
      }
    }
  }
  const installed = agree(facts);
  // A POSIX venv has bin/ with `python` (a Windows one Scripts/, an MSYS2/MinGW one bin/python.exe).
  let posixLayout: string | undefined;
  if (layout.kind === "venv" && !layout.windows) {
    const bin = (await resolver.list(join(layout.base, "bin"))).map((e) => baseName(e.path));
    if (bin.some((n) => /^python(?:\d+(?:\.\d+)?)?$/.test(n)) && !bin.some((n) => n.endsWith(".exe")))
      posixLayout = `POSIX virtualenv layout (${join(layout.base, "bin")}/python)`;
  }
  const home = pyvenv?.get("home") ?? "";
  if (/\/Python\.framework\/|^\/opt\/homebrew\//.test(home))
    Object.assign(installed, { ...platformFacts("darwin"), ...installed });
  return {
    pyvenv: pyvenv && layout.pyvenvCfg ? { path: layout.pyvenvCfg, values: pyvenv } : undefined,
    pythonDirs,
    windows: layout.windows,
    sysconfig,
    patchlevel,
    installed,
    installedSource: "tags and extension modules of installed distributions",
    posixLayout,
  };
}

/** Absolute paths the environment was created at (to map egg-links), from pyvenv.cfg and sysconfig. */
function absoluteRoots(pyvenv: Map<string, string> | undefined): string[] {
  const roots: string[] = [];
  const command = pyvenv?.get("command");
  if (command) {
    const last = command.trim().split(/\s+/).pop();
    if (last && (last.startsWith("/") || /^[A-Za-z]:[\\/]/.test(last))) roots.push(last.replace(/\\/g, "/"));
  }
  return roots;
}

function environmentComment(env: DerivedEnvironment): string {
  const bySource = new Map<string, string[]>();
  for (const v of ENV_VARIABLES) {
    const source = env.sources[v];
    if (env.values[v] === undefined || source === undefined) continue;
    bySource.set(source, [...(bySource.get(source) ?? []), v]);
  }
  const parts = [...bySource].map(([source, vars]) => `${vars.join(", ")} from ${source}`);
  const unknown = ENV_VARIABLES.filter((v) => env.values[v] === undefined);
  const not = Object.entries(env.excluded).map(([k, v]) => `${k} is not ${v!.join(" or ")}`);
  return `installed Python environment; marker environment: ${parts.join("; ") || "nothing known"}${
    unknown.length ? `; unknown: ${unknown.join(", ")}` : ""
  }${not.length ? ` (but ${not.join(", ")})` : ""}`;
}

/** Catalogs one environment. */
async function catalogEnvironment(ctx: CatalogContext): Promise<CatalogResult> {
  const { resolver, display } = ctx;
  // Detected, or (with --type env) any directory, read as a site-packages directory.
  const layout =
    (await findLayout(resolver, ctx.path)) ??
    ((await resolver.stat(ctx.path))?.kind === "directory"
      ? { kind: "site-packages" as const, base: ctx.path, siteDirs: [{ path: ctx.path }], windows: false }
      : undefined);
  if (!layout)
    throw new PysbomError(
      "UNSUPPORTED_FORMAT",
      `${display}: not an installed Python environment (no pyvenv.cfg, lib/pythonX.Y/site-packages, or *.dist-info / *.egg-info entries)`,
      { location: { file: display } },
    );
  const overrides = overridesFrom(ctx.options);
  const unknowns: Unknown[] = [];
  const packages: Package[] = [];
  const relationships: Relationship[] = [];
  const extracted = new Map<string, ExtractedLicense>();
  const addExtracted = (list: readonly ExtractedLicense[]) => {
    for (const l of list) if (!extracted.has(l.id)) extracted.set(l.id, l);
  };

  const pyvenvText = layout.pyvenvCfg ? await readText(resolver, layout.pyvenvCfg) : undefined;
  const pyvenv = pyvenvText === undefined ? undefined : parsePyvenvCfg(pyvenvText);
  const roots = absoluteRoots(pyvenv);

  // 1. Every distribution of every site directory, in sys.path order.
  const entries: { siteDir: string; entry: Awaited<ReturnType<Resolver["list"]>>[number] }[] = [];
  for (const site of layout.siteDirs)
    for (const entry of await resolver.list(site.path))
      if (isDistEntry(baseName(entry.path))) entries.push({ siteDir: site.path, entry });
  let done = 0;
  const reads = await mapLimit(entries, 16, async ({ siteDir, entry }) => {
    const r = await readDistribution(resolver, siteDir, entry, { absoluteRoots: roots });
    ctx.progress({ phase: "reading distributions", done: ++done, total: entries.length });
    return r;
  });
  const dists: InstalledDist[] = [];
  for (const r of reads) {
    unknowns.push(...r.unknowns);
    if (r.dist) dists.push(r.dist);
  }

  if (dists.length === 0)
    unknowns.push({
      location: layout.base || ".",
      code: "env/no-distributions",
      message: `no installed distribution found in ${layout.siteDirs.map((d) => d.path || ".").join(", ") || display}`,
    });

  // 2. The marker environment.
  const env = deriveEnvironment(await gatherEvidence(resolver, layout, pyvenv, dists), overrides);

  // 3. Packages; duplicates are kept and reported.
  const siteRank = new Map(layout.siteDirs.map((s, i) => [s.path, i]));
  const order = [...dists].sort(
    (a, b) =>
      siteRank.get(a.siteDir)! - siteRank.get(b.siteDir)! ||
      FORMAT_RANK[a.format] - FORMAT_RANK[b.format] ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
  const pkgOf = new Map<InstalledDist, Package>();
  for (const d of order) {
    const built = buildDistPackage(d, display);
    pkgOf.set(d, built.package);
    packages.push(built.package);
    addExtracted(built.extractedLicenses);
  }
  const byName = new Map<NormalizedName, InstalledDist[]>();
  for (const d of order) byName.set(d.normalizedName, [...(byName.get(d.normalizedName) ?? []), d]);
  for (const [, list] of byName) {
    if (list.length < 2) continue;
    const where = list.map((d) => `${d.path}${d.version !== undefined ? ` (${d.version})` : ""}`).join(", ");
    for (const d of list.slice(1))
      unknowns.push({
        location: d.path,
        code: "env/duplicate-distribution",
        message: `${d.name} is installed ${list.length} times: ${where}; dependencies resolve to the first (found first on sys.path)`,
      });
  }

  // 4. The dependency graph.
  const nodes: GraphNode[] = order.map((d) => ({
    key: pkgOf.get(d)!.id,
    name: d.name,
    normalizedName: d.normalizedName,
    version: d.version,
    requires: d.requires,
  }));
  const nodeByName = new Map<NormalizedName, GraphNode>();
  for (const n of nodes) if (!nodeByName.has(n.normalizedName)) nodeByName.set(n.normalizedName, n);
  const graph = buildGraph(nodes, env.values, (n) => nodeByName.get(n), env.excluded);
  const distOfKey = new Map(order.map((d) => [pkgOf.get(d)!.id, d]));
  const includeSystem = pyvenv?.get("include-system-site-packages")?.toLowerCase() === "true";
  for (const issue of graph.issues) {
    const d = distOfKey.get(issue.node)!;
    const extra =
      issue.code === "env/missing-dependency" && includeSystem
        ? " (this virtualenv also uses the base interpreter's site-packages, outside the scanned directory)"
        : "";
    unknowns.push({ location: d.metadataPath ?? d.path, code: issue.code, message: issue.message + extra });
  }
  for (const e of graph.edges)
    relationships.push(relate(e.from, "DEPENDS_ON", e.to, e.marker ? `marker: ${e.marker}` : undefined));

  // 5. The environment itself, described.
  const props: Property[] = [{ name: "pysbom:environment-kind", value: layout.kind }];
  for (const s of layout.siteDirs) props.push({ name: "pysbom:site-directory", value: s.path || "." });
  for (const v of ENV_VARIABLES)
    if (env.values[v] !== undefined) props.push({ name: `pysbom:marker:${v}`, value: env.values[v]! });
  if (pyvenv?.get("home")) props.push({ name: "pysbom:python-home", value: pyvenv.get("home")! });
  if (includeSystem) {
    props.push({ name: "pysbom:include-system-site-packages", value: "true" });
    unknowns.push({
      location: layout.pyvenvCfg,
      code: "env/system-site-packages",
      message:
        "this virtualenv also sees the base interpreter's site-packages (include-system-site-packages = true), which lie outside the scanned directory and are not described",
    });
  }
  const root = createPackage({
    name: display,
    // An environment has no version of its own (its interpreter's is in the marker properties).
    version: NOASSERTION,
    purpose: "APPLICATION",
    comment: environmentComment(env),
    sourceInfo: `acquired from ${layout.pyvenvCfg ?? (layout.siteDirs.map((s) => s.path || ".").join(", ") || display)}`,
    properties: [...props, { name: "pysbom:location", value: layout.base || "." }],
    location: `${display}\u0000environment`,
  });
  packages.unshift(root);
  relationships.push(relate(DOCUMENT_REF, "DESCRIBES", root.id));
  for (const k of graphRoots(
    nodes.map((n) => n.key),
    graph.edges,
  ))
    relationships.push(relate(root.id, "DEPENDS_ON", k));

  // 6. Vendored code, grafted libraries, embedded SBOMs.
  for (const d of order) {
    const parent = pkgOf.get(d)!;
    const { vendored, unknowns: vu } = await findVendored(resolver, d);
    unknowns.push(...vu);
    for (const v of vendored) {
      const built = buildVendoredPackage(v, d, display);
      packages.push(built.package);
      addExtracted(built.extractedLicenses);
      relationships.push(relate(parent.id, "CONTAINS", built.package.id));
    }
    if (d.sbomFiles.length > 0) {
      const emb = await readEmbeddedSboms(resolver, d.sbomFiles, parent.id, display, d.name);
      packages.push(...emb.packages);
      relationships.push(...emb.relationships);
      addExtracted(emb.extractedLicenses);
      unknowns.push(...emb.unknowns);
    }
  }

  // 7. Installed files.
  let files: File[] = [];
  let findings: Finding[] = [];
  const withFiles = ctx.options.files === true;
  const verify = ctx.options.verify === true;
  if (withFiles || verify) {
    const checked = await checkFiles(
      resolver,
      order.map((d) => ({ dist: d, packageId: pkgOf.get(d)!.id })),
      {
        files: withFiles,
        verify,
        display,
        progress: (n, total) =>
          ctx.progress({ phase: verify ? "verifying files" : "hashing files", done: n, total }),
      },
    );
    files = checked.files;
    findings = checked.findings;
    relationships.push(...checked.relationships);
    unknowns.push(...checked.unknowns);
    if (withFiles)
      for (let i = 0; i < packages.length; i++) {
        const code = checked.verificationCodes.get(packages[i]!.id);
        if (code) packages[i] = { ...packages[i]!, filesAnalyzed: true, verificationCode: code };
      }
  }

  return {
    name: display,
    packages,
    files,
    relationships,
    unknowns,
    extractedLicenses: [...extracted.values()],
    findings,
  };
}

/** The `env` cataloger: installed Python environments (virtualenv, prefix, site-packages), read statically. */
export const installedCataloger: Cataloger = {
  type: "env",
  description: "installed Python environments (virtualenv, prefix, site-packages), read statically",
  options: [
    {
      flags: "--files",
      description: "list every installed file (RECORD) with SHA-1/SHA-256 and verification codes",
    },
    {
      flags: "--verify",
      description:
        "re-hash installed files against RECORD; report modified, missing and unrecorded files (exit 1)",
    },
    {
      flags: "--python-version <X.Y>",
      description: "evaluate environment markers for this Python version instead of the one detected",
    },
    {
      flags: "--platform <sys_platform>",
      description: "evaluate environment markers for this sys.platform (linux, darwin, win32…)",
    },
    // Environments: the values given override what the environment's files tell.
    TARGET_OPTION,
  ],
  detect: async (resolver, path) => (await findLayout(resolver, path).catch(() => undefined)) !== undefined,
  catalog: catalogEnvironment,
};
