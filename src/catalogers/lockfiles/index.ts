// The `lock` cataloger: SBOMs from Python lockfiles and manifests (requirements files, pyproject.toml,
// poetry.lock, uv.lock, Pipfile(.lock), pdm.lock, PEP 751 pylock.toml), for one file or a whole tree.

import { isPysbomError, PysbomError } from "../../errors.js";
import type { Unknown } from "../../model/index.js";
import type { Resolver } from "../../sources/resolver.js";
import { TARGET_OPTION } from "../target.js";
import type { CatalogContext, Cataloger, CatalogResult } from "../types.js";
import { asTable, baseOf, dirOf, parseJsonFile, parseToml } from "./common.js";
import { classifyFile, findLockfiles, SKIPPED_DIRS } from "./discovery.js";
import { assemble, type MemberInfo, type ProjectInput } from "./graph.js";
import { parseTarget } from "./markers.js";
import { readPdmLock } from "./pdm.js";
import { readPipfile, readPipfileLock } from "./pipfile.js";
import { readPoetryLock } from "./poetry.js";
import { readPylock } from "./pylock.js";
import { readPyproject } from "./pyproject.js";
import { readRequirementsFile } from "./requirements.js";
import { decodeText } from "./text.js";
import type { EdgeKind, LockFormat, ParsedFile } from "./types.js";
import { readUvLock } from "./uv.js";

export { classifyFile, findLockfiles } from "./discovery.js";
export { parseTarget, TARGET_PRESETS } from "./markers.js";
export { parseRequirementArg, parseRequirementsText } from "./requirements.js";
export type { LockFormat } from "./types.js";

const MAX_FILE_BYTES = 64 * 1024 * 1024;

// Requirements files named for development (requirements-dev.txt, requirements/test.txt, docs/…) are a
// development group named after the file; all others are run-time requirements.
const DEV_TOKENS = new Set([
  "dev",
  "devel",
  "develop",
  "development",
  "test",
  "tests",
  "testing",
  "doc",
  "docs",
  "documentation",
  "lint",
  "linting",
  "typing",
  "mypy",
  "ci",
  "bench",
  "benchmark",
  "benchmarks",
  "tox",
  "style",
]);

/** The scope a requirements file's packages get, from its path inside the project. */
export function requirementsScope(file: string, projectDir: string): { kind: EdgeKind; group?: string } {
  const rel = projectDir === "" ? file : file.slice(projectDir.length + 1);
  const tokens = rel.toLowerCase().split(/[^a-z0-9]+/);
  return tokens.some((t) => DEV_TOKENS.has(t)) ? { kind: "dev", group: rel } : { kind: "runtime" };
}

/** Guesses the format of a file whose name says nothing (with `--type lock`), from its content. */
function sniffFormat(text: string, file: string): LockFormat {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    try {
      if (asTable(asTable(parseJsonFile(text, file))?._meta)) return "pipfile-lock";
    } catch {
      // not JSON after all
    }
    return "requirements";
  }
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text, file);
  } catch {
    return "requirements";
  }
  const metadata = asTable(doc.metadata);
  if (doc["lock-version"] !== undefined && doc.packages !== undefined) return "pylock";
  if (typeof doc.version === "number" && Array.isArray(doc.package)) return "uv-lock";
  if (metadata?.["lock-version"] !== undefined || metadata?.["content-hash"] !== undefined)
    return "poetry-lock";
  if (metadata?.lock_version !== undefined) return "pdm-lock";
  if (doc.project !== undefined || doc.tool !== undefined || doc["dependency-groups"] !== undefined)
    return "pyproject";
  if (doc.packages !== undefined || doc["dev-packages"] !== undefined) return "pipfile";
  throw new PysbomError("UNSUPPORTED_FORMAT", `${file}: not a lockfile or manifest pysbom recognises`, {
    location: { file },
  });
}

interface ReadOptions {
  readonly projectDir: string;
  readonly allowOutside: boolean;
}

async function readFile(
  resolver: Resolver,
  file: string,
  format: LockFormat | undefined,
  opts: ReadOptions,
): Promise<ParsedFile> {
  const text = decodeText(await resolver.readBytes(file, { maxBytes: MAX_FILE_BYTES }));
  const f = format ?? sniffFormat(text, file);
  switch (f) {
    case "requirements":
      return readRequirementsFile(resolver, file, text, {
        projectDir: opts.projectDir,
        allowOutside: opts.allowOutside,
        maxBytes: MAX_FILE_BYTES,
        ...requirementsScope(file, opts.projectDir),
      });
    case "pyproject":
      return readPyproject(file, text);
    case "pipfile":
      return readPipfile(file, text);
    case "pipfile-lock":
      return readPipfileLock(file, text);
    case "poetry-lock":
      return readPoetryLock(file, text);
    case "uv-lock":
      return readUvLock(file, text);
    case "pdm-lock":
      return readPdmLock(file, text);
    case "pylock":
      return readPylock(file, text);
  }
}

/** Reads a file found in a tree: a broken one becomes an Unknown (and a warning), the scan goes on. */
async function readTolerantly(
  ctx: CatalogContext,
  file: string,
  opts: ReadOptions,
  unknowns: Unknown[],
): Promise<ParsedFile | undefined> {
  try {
    return await readFile(ctx.resolver, file, classifyFile(file), opts);
  } catch (e) {
    if (!isPysbomError(e)) throw e;
    const loc = e.location;
    const location =
      loc?.line !== undefined
        ? `${file}:${loc.line}${loc.column !== undefined ? `:${loc.column}` : ""}`
        : file;
    unknowns.push({ location, code: "lock/unreadable-file", message: e.message });
    ctx.warn(`${e.message} (left out of the SBOM)`);
    return undefined;
  }
}

function displayBase(display: string): string | undefined {
  const parts = display
    .replace(/\\/g, "/")
    .split("/")
    .filter((p) => p !== "" && p !== ".");
  const last = parts[parts.length - 1];
  return last === undefined || last === ".." ? undefined : last;
}

function fallbackName(ctx: CatalogContext, dir: string, firstFile: string, fileTarget: boolean): string {
  if (dir !== "") return baseOf(dir);
  const targetDir = (p: string): string => (fileTarget ? p.replace(/[^/\\]*$/, "") : p);
  const base =
    displayBase(targetDir(ctx.display)) ??
    (ctx.absolutePath ? displayBase(targetDir(ctx.absolutePath)) : undefined);
  return base ?? baseOf(firstFile);
}

async function catalogFile(
  ctx: CatalogContext,
  opts: ReadOptions,
  unknowns: Unknown[],
): Promise<ProjectInput[]> {
  const file = ctx.path;
  const format = classifyFile(file);
  const dir = dirOf(file);
  const main = await readFile(ctx.resolver, file, format, { ...opts, projectDir: dir });
  const files: ParsedFile[] = [main];
  const context = new Set<string>();
  // Beside a lockfile, pyproject.toml (and Pipfile beside Pipfile.lock) name the project and its groups.
  const siblings = main.format === "pipfile-lock" ? ["pyproject.toml", "Pipfile"] : ["pyproject.toml"];
  if (main.format !== "pyproject" && main.format !== "pipfile")
    for (const name of siblings) {
      const sibling = dir === "" ? name : `${dir}/${name}`;
      if (sibling === file || (await ctx.resolver.stat(sibling))?.kind !== "file") continue;
      const parsed = await readTolerantly(ctx, sibling, { ...opts, projectDir: dir }, unknowns);
      if (parsed) {
        files.push(parsed);
        context.add(sibling);
      }
    }
  return [{ dir, fallbackName: fallbackName(ctx, dir, file, true), files, contextOnly: context }];
}

async function catalogTree(
  ctx: CatalogContext,
  opts: ReadOptions,
  unknowns: Unknown[],
): Promise<{ projects: ProjectInput[]; members: MemberInfo[] }> {
  const found = await findLockfiles(ctx.resolver, ctx.path, {
    progress: (done) => ctx.progress({ phase: "lockfiles: searching", done }),
  });
  if (found.length === 0)
    throw new PysbomError(
      "UNSUPPORTED_FORMAT",
      `${ctx.display}: no lockfiles or manifests found (requirements*.txt, pyproject.toml, poetry.lock, uv.lock, Pipfile.lock, pdm.lock, pylock.toml)`,
      { location: { file: ctx.display } },
    );
  // A directory with a lockfile or manifest is a project; requirements files belong to the nearest
  // such directory above them (or to the scanned directory).
  const anchors = new Set(found.filter((f) => classifyFile(f) !== "requirements").map(dirOf));
  const projectOf = (file: string): string => {
    let d = dirOf(file);
    if (classifyFile(file) !== "requirements") return d;
    for (;;) {
      if (anchors.has(d)) return d;
      if (d === ctx.path || d === "") return ctx.path;
      d = dirOf(d);
    }
  };
  const groups = new Map<string, string[]>();
  for (const f of found) {
    const p = projectOf(f);
    groups.set(p, [...(groups.get(p) ?? []), f]);
  }
  const parsed = new Map<string, ParsedFile[]>();
  let done = 0;
  for (const [dir, files] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const list: ParsedFile[] = [];
    for (const f of files) {
      const p = await readTolerantly(ctx, f, { ...opts, projectDir: dir }, unknowns);
      if (p) list.push(p);
      ctx.progress({ phase: "lockfiles: reading", done: ++done, total: found.length });
    }
    parsed.set(dir, list);
  }
  // A directory with only a pyproject.toml that a lock elsewhere lists as a local project (a uv
  // workspace member, a path dependency) describes that package, not a project of its own.
  const members: MemberInfo[] = [];
  const locals = new Map<string, { lockFile: string; index: number }>();
  for (const list of parsed.values())
    for (const f of list)
      for (const [d, index] of f.localProjects ?? [])
        if (!locals.has(d)) locals.set(d, { lockFile: f.file, index });
  const projects: ProjectInput[] = [];
  for (const [dir, list] of parsed) {
    const only = list.length === 1 && list[0]!.format === "pyproject" ? list[0]! : undefined;
    const lock = only ? locals.get(dir) : undefined;
    if (only && lock && lock.lockFile !== only.file && dirOf(lock.lockFile) !== dir) {
      if (only.project) members.push({ ...lock, info: only.project, file: only.file });
      unknowns.push(...only.unknowns);
      continue;
    }
    if (list.length === 0) continue;
    projects.push({ dir, fallbackName: fallbackName(ctx, dir, list[0]!.file, false), files: list });
  }
  return { projects, members };
}

/** The `lock` cataloger: lockfiles and manifests (requirements, pyproject, poetry, uv, Pipfile, pdm, pylock). */
export const lockfileCataloger: Cataloger = {
  type: "lock",
  description: "lockfiles and manifests (requirements, pyproject, poetry, uv, Pipfile, pdm, pylock)",
  options: [
    // Lockfiles: packages whose markers cannot apply to the target are left out.
    TARGET_OPTION,
    {
      flags: "--allow-outside",
      description: "follow requirements-file includes (-r/-c) that lead outside the project directory",
    },
  ],
  detect: async (resolver, path) => {
    const st = await resolver.stat(path);
    if (!st) return false;
    if (st.kind === "file") return classifyFile(path) !== undefined;
    if (st.kind !== "directory") return false;
    const entries = await resolver.list(path);
    if (entries.some((e) => e.kind === "file" && classifyFile(e.path) !== undefined)) return true;
    // One level down (e.g. requirements/, a monorepo of services), bounded.
    const dirs = entries.filter(
      (e) => e.kind === "directory" && !e.link && !SKIPPED_DIRS.has(baseOf(e.path)),
    );
    for (const d of dirs.slice(0, 200)) {
      const inner = await resolver.list(d.path);
      if (inner.some((e) => e.kind === "file" && baseOf(e.path) === "pyvenv.cfg")) continue;
      if (inner.some((e) => e.kind === "file" && classifyFile(e.path) !== undefined)) return true;
    }
    return false;
  },
  catalog: async (ctx): Promise<CatalogResult> => {
    const targetOption = ctx.options.target;
    const target = typeof targetOption === "string" ? parseTarget(targetOption) : undefined;
    const opts: ReadOptions = { projectDir: "", allowOutside: ctx.options.allowOutside === true };
    const unknowns: Unknown[] = [];
    const st = await ctx.resolver.stat(ctx.path);
    let projects: ProjectInput[];
    let members: MemberInfo[] = [];
    if (st?.kind === "file") projects = await catalogFile(ctx, opts, unknowns);
    else ({ projects, members } = await catalogTree(ctx, opts, unknowns));
    const result = assemble(projects, { target, members, warn: ctx.warn, idScope: ctx.display });
    const all = [...unknowns, ...result.unknowns];
    return {
      name: result.names.join(", ") || ctx.display,
      packages: result.packages,
      files: [],
      relationships: result.relationships,
      unknowns: all,
      extractedLicenses: result.extractedLicenses,
      findings: [],
    };
  },
};
