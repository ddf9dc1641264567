// Which files the lock cataloger reads, and finding them under a directory: a recursive search that
// skips VCS metadata, node_modules, caches, site-packages and virtual environments (a pyvenv.cfg).
import { PysbomError } from "../../errors.js";
import type { Resolver } from "../../sources/resolver.js";
import { baseOf, dirOf } from "./common.js";
import type { LockFormat } from "./types.js";

const NAMED: Readonly<Record<string, LockFormat>> = {
  "pyproject.toml": "pyproject",
  "poetry.lock": "poetry-lock",
  "uv.lock": "uv-lock",
  Pipfile: "pipfile",
  "Pipfile.lock": "pipfile-lock",
  "pdm.lock": "pdm-lock",
};
// PEP 751: `pylock.toml` or `pylock.<name>.toml` (the name has no dots).
const PYLOCK = /^pylock\.(?:[^.]+\.)?toml$/;
// requirements.txt, requirements-dev.txt, dev-requirements.in, requirements/test.txt …
const REQUIREMENTS = /(?:^|[._-])requirements?(?:[._-]|$)/i;
const REQUIREMENTS_DIR = /^requirements?$/i;
const NOT_REQUIREMENTS = /^(?:readme|license|licence|copying|changelog|changes|notes?|authors)\b/i;

/**
 * The format of a file, judged by its name (and, for requirements files, its directory).
 * @example classifyFile("requirements/dev.txt") // "requirements"
 */
export function classifyFile(path: string): LockFormat | undefined {
  const base = baseOf(path);
  const named = NAMED[base];
  if (named) return named;
  if (PYLOCK.test(base)) return "pylock";
  if (!/\.(?:txt|in)$/i.test(base) || NOT_REQUIREMENTS.test(base)) return undefined;
  if (REQUIREMENTS.test(base.replace(/\.(?:txt|in)$/i, ""))) return "requirements";
  if (REQUIREMENTS_DIR.test(baseOf(dirOf(path)))) return "requirements";
  return undefined;
}

/** Directory names never searched. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([
  ".git",
  ".hg",
  ".svn",
  ".bzr",
  "node_modules",
  "__pycache__",
  "site-packages",
  "dist-packages",
  ".tox",
  ".nox",
  ".mypy_cache",
  ".pytest_cache",
  ".ruff_cache",
]);

/** Options of {@link findLockfiles}. */
export interface FindOptions {
  /** Stop with LIMIT_EXCEEDED after listing this many entries. */
  readonly maxEntries?: number;
  readonly maxDepth?: number;
  readonly progress?: (done: number) => void;
}

/**
 * Every supported file below `start`, sorted by path. Directories holding a `pyvenv.cfg` (virtual
 * environments) are skipped with all they contain; symbolic links to directories are not followed.
 */
export async function findLockfiles(
  resolver: Resolver,
  start: string,
  options: FindOptions = {},
): Promise<string[]> {
  const maxEntries = options.maxEntries ?? 2_000_000;
  const maxDepth = options.maxDepth ?? 64;
  const found: string[] = [];
  const stack: [string, number][] = [[start, 0]];
  let seen = 0;
  while (stack.length > 0) {
    const [dir, depth] = stack.pop()!;
    const entries = await resolver.list(dir);
    seen += entries.length;
    if (seen > maxEntries)
      throw new PysbomError(
        "LIMIT_EXCEEDED",
        `${resolver.root}: more than ${maxEntries} entries; giving up`,
        {
          location: { file: resolver.root },
        },
      );
    options.progress?.(seen);
    if (dir !== start && entries.some((e) => e.kind === "file" && baseOf(e.path) === "pyvenv.cfg")) continue;
    const subdirs: string[] = [];
    for (const e of entries) {
      if (e.kind === "file") {
        if (classifyFile(e.path) !== undefined) found.push(e.path);
      } else if (
        e.kind === "directory" &&
        !e.link &&
        !SKIPPED_DIRS.has(baseOf(e.path)) &&
        depth + 1 < maxDepth
      )
        subdirs.push(e.path);
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push([subdirs[i]!, depth + 1]);
  }
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
