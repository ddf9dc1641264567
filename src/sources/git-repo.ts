// A local git clone, read through the `git` program (never a shell): tags, commit existence and ancestry.
// Used by `pysbom db cpython-tags` to decide which CPython release tags contain which commits.
import { spawn } from "node:child_process";
import { PysbomError } from "../errors.js";

/** Options of {@link GitRepo.open}. */
export interface GitRepoOptions {
  /** The git executable (default `git` on the PATH). */
  readonly git?: string;
  /** Environment for git (default: the process environment). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const MAX_OUTPUT = 256 * 1024 * 1024;

/** A git repository on the local filesystem. */
export class GitRepo {
  readonly dir: string;
  readonly #git: string;
  readonly #env: Record<string, string | undefined>;

  private constructor(dir: string, options: GitRepoOptions) {
    this.dir = dir;
    this.#git = options.git ?? "git";
    // No prompts, no pager, messages in English.
    this.#env = { ...(options.env ?? process.env), GIT_TERMINAL_PROMPT: "0", GIT_PAGER: "cat", LC_ALL: "C" };
  }

  /**
   * Opens a repository (a work tree or a bare clone). Throws `INPUT_NOT_FOUND` when git is not installed
   * and `INPUT_UNREADABLE` when `dir` is not a git repository.
   * @example const repo = await GitRepo.open("/src/cpython")
   */
  static async open(dir: string, options: GitRepoOptions = {}): Promise<GitRepo> {
    const repo = new GitRepo(dir, options);
    try {
      await repo.run(["rev-parse", "--git-dir"]);
    } catch (e) {
      if (e instanceof PysbomError && e.code === "INPUT_NOT_FOUND") throw e;
      throw new PysbomError("INPUT_UNREADABLE", `${dir}: not a git repository (${(e as Error).message})`, {
        cause: e,
        location: { file: dir },
      });
    }
    return repo;
  }

  /** Runs `git -C dir ARGS…` and returns stdout; a non-zero exit is an `INPUT_UNREADABLE` error. */
  run(args: readonly string[], input?: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.#git, ["-C", this.dir, ...args], {
        env: this.#env as NodeJS.ProcessEnv,
        stdio: ["pipe", "pipe", "pipe"],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let size = 0;
      child.stdout.on("data", (c: Buffer) => {
        size += c.length;
        if (size > MAX_OUTPUT) child.kill();
        else out.push(c);
      });
      child.stderr.on("data", (c: Buffer) => err.push(c));
      child.on("error", (e: NodeJS.ErrnoException) =>
        reject(
          e.code === "ENOENT"
            ? new PysbomError(
                "INPUT_NOT_FOUND",
                `git is not installed (${this.#git} not found on the PATH)`,
                {
                  cause: e,
                },
              )
            : new PysbomError("INPUT_UNREADABLE", `git ${args[0]}: ${e.message}`, { cause: e }),
        ),
      );
      child.on("close", (code) => {
        if (code === 0 && size <= MAX_OUTPUT) resolve(Buffer.concat(out).toString("utf8"));
        else {
          const msg = Buffer.concat(err).toString("utf8").trim().split("\n").pop() ?? "";
          reject(new PysbomError("INPUT_UNREADABLE", `git ${args[0]} failed (exit ${code}): ${msg}`));
        }
      });
      child.stdin.on("error", () => {});
      child.stdin.end(input ?? "");
    });
  }

  /**
   * Every tag with the commit it points at (annotated tags peeled).
   * @example (await repo.tags()).get("v3.12.0")
   */
  async tags(): Promise<Map<string, string>> {
    const text = await this.run([
      "for-each-ref",
      "--format=%(refname:strip=2) %(objectname) %(*objectname)",
      "refs/tags",
    ]);
    const tags = new Map<string, string>();
    for (const line of text.split("\n")) {
      const [name, object, peeled] = line.split(" ");
      if (name && object) tags.set(name, peeled || object);
    }
    return tags;
  }

  /**
   * The subset of `commits` (full hex ids) that exist in the repository as commits.
   * @example await repo.existingCommits(["0fb18b…"]) // Set { "0fb18b…" }
   */
  async existingCommits(commits: readonly string[]): Promise<Set<string>> {
    if (commits.length === 0) return new Set();
    const text = await this.run(
      ["cat-file", "--batch-check=%(objectname) %(objecttype)"],
      `${commits.map((c) => `${c}^{commit}`).join("\n")}\n`,
    );
    const found = new Set<string>();
    const wanted = new Set(commits);
    for (const line of text.split("\n")) {
      const [name, type] = line.split(" ");
      if (type === "commit" && name && wanted.has(name)) found.add(name);
    }
    return found;
  }

  /**
   * The tags whose commit has `commit` as an ancestor (or is it): `git for-each-ref --contains`.
   * @example await repo.tagsContaining(fix) // ["v3.12.1", "v3.13.0a1", …]
   */
  async tagsContaining(commit: string): Promise<string[]> {
    return lines(
      await this.run(["for-each-ref", `--contains=${commit}`, "--format=%(refname:strip=2)", "refs/tags"]),
    );
  }

  /**
   * The tags whose commit is an ancestor of `commit` (or is it): `git for-each-ref --merged`.
   * @example await repo.tagsMergedInto(limit)
   */
  async tagsMergedInto(commit: string): Promise<string[]> {
    return lines(
      await this.run(["for-each-ref", `--merged=${commit}`, "--format=%(refname:strip=2)", "refs/tags"]),
    );
  }

  /** The commit HEAD points at, or undefined in an empty repository. */
  async head(): Promise<string | undefined> {
    try {
      return (await this.run(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])).trim() || undefined;
    } catch {
      return undefined;
    }
  }
}

function lines(text: string): string[] {
  return text.split("\n").filter((l) => l !== "");
}
