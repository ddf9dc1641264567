// The git edge: "is this a repository?" and `git check-ignore`, run as child processes. CPython's
// generate_sbom.py filters its globbed paths through `git check-ignore --verbose --non-matching`; pysbom
// asks the same question with `-z --stdin`, so names with spaces or non-ASCII characters come back
// unquoted (CPython's parser keeps git's C-quoted form and then silently drops those files).
import { spawn } from "node:child_process";
import { PysbomError } from "../errors.js";
import { GitignoreMatcher } from "./gitignore.js";
import type { Resolver } from "./resolver.js";

/** Options for running git. */
export interface GitOptions {
  /** Environment for git (default: this process's); PATH must find `git`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The git executable (default `git`). */
  readonly git?: string;
  /** Give up after this many milliseconds (default 120 s). */
  readonly timeoutMs?: number;
}

interface RunResult {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

function runGit(args: readonly string[], cwd: string, input: Buffer | undefined, options: GitOptions) {
  return new Promise<RunResult | "missing">((resolve, reject) => {
    const child = spawn(options.git ?? "git", [...args], {
      cwd,
      env: { ...(options.env ?? process.env) } as NodeJS.ProcessEnv,
      stdio: ["pipe", "pipe", "pipe"],
      timeout: options.timeoutMs ?? 120_000,
    });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => {
      if (err.length < 64 * 1024) err += c.toString("utf8");
    });
    child.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") resolve("missing");
      else reject(new PysbomError("INPUT_UNREADABLE", `cannot run git: ${e.message}`, { cause: e }));
    });
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(out), stderr: err }));
    child.stdin.on("error", () => {
      // git exited before reading all input; its exit status tells what happened.
    });
    child.stdin.end(input ?? Buffer.alloc(0));
  });
}

/**
 * True when `dir` is inside a git work tree (or a git directory) and git is installed: the check
 * CPython's generate_sbom.py makes with `git -C <dir> rev-parse` before regenerating.
 * @example await isGitRepository("/src/cpython") // true
 */
export async function isGitRepository(dir: string, options: GitOptions = {}): Promise<boolean> {
  const r = await runGit(["-C", dir, "rev-parse"], dir, undefined, options).catch(() => "missing" as const);
  return r !== "missing" && r.code === 0;
}

/** A path git ignores, and the pattern that ignores it (`source:line:pattern`). */
export interface GitIgnored {
  readonly path: string;
  readonly source: string;
  readonly pattern: string;
}

/**
 * Runs `git check-ignore -z --verbose --non-matching --stdin` in `dir` for root-relative `paths` and
 * returns the ignored ones (with the deciding pattern). Exit status 0 or 1 is success, as for CPython.
 * @example (await gitCheckIgnore("/src/cpython", ["Modules/expat/build.o"])).map((x) => x.path)
 */
export async function gitCheckIgnore(
  dir: string,
  paths: readonly string[],
  options: GitOptions = {},
): Promise<GitIgnored[]> {
  if (paths.length === 0) return [];
  for (const p of paths)
    if (p.includes("\0")) throw new PysbomError("INTERNAL", `path with a NUL byte: ${JSON.stringify(p)}`);
  const input = Buffer.from(`${paths.join("\0")}\0`, "utf8");
  const r = await runGit(
    ["check-ignore", "-z", "--verbose", "--non-matching", "--stdin"],
    dir,
    input,
    options,
  );
  if (r === "missing") throw new PysbomError("INPUT_UNREADABLE", "git is not installed (not found on PATH)");
  if (r.code !== 0 && r.code !== 1)
    throw new PysbomError(
      "INPUT_UNREADABLE",
      `git check-ignore failed in ${dir} (exit status ${r.code ?? "signal"}): ${r.stderr.trim() || "no message"}`,
    );
  // -z --verbose: "<source> NUL <linenum> NUL <pattern> NUL <pathname> NUL"; empty source = not ignored.
  const fields = r.stdout.toString("utf8").split("\0");
  const ignored: GitIgnored[] = [];
  for (let i = 0; i + 3 < fields.length; i += 4) {
    const source = fields[i]!;
    const pattern = fields[i + 2]!;
    const path = fields[i + 3]!;
    // A negated pattern ("!x") that matched means "not ignored".
    if (source !== "" && !pattern.startsWith("!"))
      ignored.push({ path, source: `${source}:${fields[i + 1]}`, pattern });
  }
  return ignored;
}

/** Which of some root-relative entries are ignored (directories may end with `/`). */
export type IgnoreFilter = (
  entries: readonly { path: string; isDir: boolean }[],
) => Promise<ReadonlySet<string>>;

/**
 * The ignore filter for a tree: `git check-ignore` when git is installed and the tree is in a repository
 * (what CPython's generate_sbom.py asks), otherwise the tree's own .gitignore files read by
 * {@link GitignoreMatcher} (CPython skips generation there). `kind` says which one was chosen.
 * @example const { filter, kind } = await ignoreFilterFor("/src/cpython", new DirectoryResolver("/src/cpython"))
 */
export async function ignoreFilterFor(
  absRoot: string,
  resolver: Resolver,
  options: GitOptions & { readonly useGit?: boolean } = {},
): Promise<{ filter: IgnoreFilter; kind: "git" | "gitignore-files" }> {
  if (options.useGit !== false && (await isGitRepository(absRoot, options))) {
    return {
      kind: "git",
      filter: async (entries) =>
        new Set(
          (
            await gitCheckIgnore(
              absRoot,
              entries.map((e) => e.path),
              options,
            )
          ).map((x) => x.path),
        ),
    };
  }
  const matcher = new GitignoreMatcher(resolver);
  return {
    kind: "gitignore-files",
    filter: async (entries) => {
      const out = new Set<string>();
      for (const e of entries) if (await matcher.isIgnored(e.path, e.isDir)) out.add(e.path);
      return out;
    },
  };
}
