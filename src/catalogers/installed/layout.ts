// Where an installed environment keeps its distributions: a virtualenv root (`pyvenv.cfg`), an
// interpreter prefix (`lib/pythonX.Y/site-packages`, `lib64/…`, Debian's `dist-packages`, Windows'
// `Lib/site-packages`), or a site-packages directory itself (sysconfig's install schemes). Detection is
// cheap (a few directory listings) and refuses project directories and CPython source trees.
import type { Entry, Resolver } from "../../sources/resolver.js";

/** What kind of directory the target is. */
export type EnvKind = "venv" | "prefix" | "site-packages";

/** One directory of installed distributions. */
export interface SiteDir {
  /** Root-relative path ("" when the target is the site-packages directory). */
  readonly path: string;
  /** The `lib/<name>` directory it lives in (`python3.12`, `pypy3.10`, `python3`), when there is one. */
  readonly pythonDir?: string | undefined;
  /** Root-relative path of that `lib/<name>` directory. */
  readonly libPath?: string | undefined;
}

/** The layout of an environment. */
export interface EnvLayout {
  readonly kind: EnvKind;
  /** Root-relative path of the environment (the target). */
  readonly base: string;
  /** Site directories, in the order the interpreter puts them on sys.path. */
  readonly siteDirs: readonly SiteDir[];
  /** `pyvenv.cfg`, when the target is a virtualenv. */
  readonly pyvenvCfg?: string | undefined;
  /** True for a Windows layout (`Lib/site-packages`, `Scripts/`). */
  readonly windows: boolean;
}

const PYTHON_DIR = /^(?:python\d+\.\d+t?|pypy\d+\.\d+|python3)$/;
const SITE_NAMES = ["site-packages", "dist-packages"];
// Files that make a directory a project (a lockfile or build target), not an environment.
const PROJECT_FILES = new Set([
  "pyproject.toml",
  "setup.py",
  "setup.cfg",
  "uv.lock",
  "poetry.lock",
  "pdm.lock",
  "Pipfile",
  "Pipfile.lock",
  "pylock.toml",
  "requirements.txt",
]);
// Directories only a CPython source tree has side by side.
const CPYTHON_TREE_DIRS = ["Objects", "Modules", "Python", "Include"];

const baseName = (p: string): string => p.slice(p.lastIndexOf("/") + 1);
const join = (a: string, b: string): string => (a === "" ? b : `${a}/${b}`);

/** True for a directory entry that records an installed distribution. */
export function isDistEntry(name: string): boolean {
  return (
    name.endsWith(".dist-info") ||
    name.endsWith(".egg-info") ||
    name.endsWith(".egg-link") ||
    (name.endsWith(".egg") && name !== ".egg")
  );
}

function looksLikeProject(entries: readonly Entry[]): boolean {
  const names = new Set(entries.map((e) => baseName(e.path)));
  if ([...names].some((n) => PROJECT_FILES.has(n) || /^pylock\.[^.]+\.toml$/.test(n))) return true;
  return CPYTHON_TREE_DIRS.every((d) => names.has(d)) || (names.has("configure") && names.has("Modules"));
}

async function listDirs(resolver: Resolver, path: string): Promise<Entry[]> {
  return (await resolver.list(path)).filter((e) => e.kind === "directory");
}

function sameNames(a: readonly Entry[], b: readonly Entry[]): boolean {
  return a.length === b.length && a.every((e, i) => baseName(e.path) === baseName(b[i]!.path));
}

/** Site directories of a prefix-like directory (a venv root or an interpreter prefix). */
async function prefixSiteDirs(resolver: Resolver, base: string, top: readonly Entry[]): Promise<SiteDir[]> {
  const out: SiteDir[] = [];
  const listings: { dir: SiteDir; names: Entry[]; viaLink: boolean }[] = [];
  const topByName = new Map(top.map((e) => [baseName(e.path), e]));
  for (const lib of ["lib", "lib64", "Lib"]) {
    const libEntry = topByName.get(lib);
    if (libEntry?.kind !== "directory") continue;
    const libPath = join(base, lib);
    if (lib === "Lib") {
      // Windows: Lib/site-packages directly.
      const sp = await resolver.stat(join(libPath, "site-packages"));
      if (sp?.kind === "directory") {
        const dir = { path: sp.path, libPath };
        listings.push({ dir, names: await resolver.list(sp.path), viaLink: false });
      }
      continue;
    }
    for (const py of await listDirs(resolver, libPath)) {
      const pythonDir = baseName(py.path);
      if (!PYTHON_DIR.test(pythonDir)) continue;
      for (const siteName of SITE_NAMES) {
        const sp = await resolver.stat(join(py.path, siteName));
        if (sp?.kind !== "directory") continue;
        const dir = { path: sp.path, pythonDir, libPath: py.path };
        listings.push({ dir, names: await resolver.list(sp.path), viaLink: libEntry.link });
      }
    }
  }
  // `lib64 -> lib` (Fedora, openSUSE venvs) shows the same directory twice: keep the first, unless
  // the contents differ (a real platlib such as /usr/lib64/python3.12/site-packages).
  for (const l of listings) {
    const twin = listings.find(
      (o) =>
        o !== l &&
        out.includes(o.dir) &&
        o.dir.pythonDir === l.dir.pythonDir &&
        baseName(o.dir.path) === baseName(l.dir.path) &&
        sameNames(o.names, l.names),
    );
    if (twin && (l.viaLink || twin.viaLink)) continue;
    out.push(l.dir);
  }
  return out;
}

/**
 * Works out the layout of the target directory `base`, or undefined when it is not an environment
 * (no pyvenv.cfg, no site-packages with distributions, a project or a CPython source tree).
 * @example await findLayout(resolver, "") // { kind: "venv", siteDirs: [{ path: "lib/python3.12/site-packages", … }], … }
 */
export async function findLayout(resolver: Resolver, base: string): Promise<EnvLayout | undefined> {
  const root = await resolver.stat(base);
  if (root?.kind !== "directory") return undefined;
  const top = await resolver.list(base);
  const names = new Set(top.map((e) => baseName(e.path)));
  const windows = names.has("Lib") && !names.has("lib");
  if (names.has("pyvenv.cfg") && top.find((e) => baseName(e.path) === "pyvenv.cfg")?.kind === "file") {
    return {
      kind: "venv",
      base,
      siteDirs: await prefixSiteDirs(resolver, base, top),
      pyvenvCfg: join(base, "pyvenv.cfg"),
      windows: windows || names.has("Scripts"),
    };
  }
  if (looksLikeProject(top)) return undefined;
  if (top.some((e) => isDistEntry(baseName(e.path)))) {
    return { kind: "site-packages", base, siteDirs: [{ path: base }], windows: false };
  }
  if (!names.has("lib") && !names.has("lib64") && !names.has("Lib")) return undefined;
  const siteDirs = await prefixSiteDirs(resolver, base, top);
  // A prefix counts only if one of its site directories holds a distribution (a bare `Lib/site-packages`
  // with a README is what a CPython checkout has).
  for (const d of siteDirs) {
    const entries = await resolver.list(d.path);
    if (entries.some((e) => isDistEntry(baseName(e.path))))
      return { kind: "prefix", base, siteDirs, windows };
  }
  return undefined;
}
