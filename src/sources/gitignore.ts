// .gitignore matching without git (gitignore(5), git's dir.c and wildmatch.c): per-directory pattern files,
// deeper files first and the last matching line of a file wins, `!` re-includes, a trailing `/` matches
// directories only, patterns without an inner `/` match the base name at any depth, `**` spans directories,
// and nothing below an ignored directory can be re-included. Reads the files through a Resolver.
import type { Resolver } from "./resolver.js";

/** One pattern line of an ignore file. */
export interface IgnoreRule {
  /** Where it came from, `file:line` (git check-ignore --verbose style). */
  readonly source: string;
  /** The pattern as written (after trimming). */
  readonly pattern: string;
  readonly negated: boolean;
  readonly dirOnly: boolean;
  /** Directory of the ignore file, root-relative ("" for the root). */
  readonly base: string;
  /** Match the base name only (the pattern had no `/` except a trailing one). */
  readonly basenameOnly: boolean;
  readonly regex: RegExp;
}

const POSIX_CLASSES: Record<string, string> = {
  alnum: "a-zA-Z0-9",
  alpha: "a-zA-Z",
  blank: " \\t",
  cntrl: "\\x00-\\x1f\\x7f",
  digit: "0-9",
  graph: "\\x21-\\x7e",
  lower: "a-z",
  print: "\\x20-\\x7e",
  punct: "!-\\/:-@\\[-`{-~",
  space: " \\t\\n\\r\\f\\v",
  upper: "A-Z",
  xdigit: "0-9a-fA-F",
};

const reEscape = (c: string): string => c.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");

/**
 * Translates a wildmatch pattern (with WM_PATHNAME: `*`, `?` and brackets never match `/`) into a regex
 * source that must match the whole path. Returns undefined for a malformed bracket expression, which
 * git treats as never matching.
 */
export function wildmatchToRegex(pattern: string): string | undefined {
  let out = "";
  let i = 0;
  const n = pattern.length;
  while (i < n) {
    const c = pattern[i]!;
    if (c === "*") {
      let j = i;
      while (pattern[j] === "*") j++;
      const stars = j - i;
      const atStart = i === 0 || pattern[i - 1] === "/";
      const atEnd = j === n || pattern[j] === "/";
      if (stars >= 2 && atStart && atEnd) {
        if (j === n) {
          // "**" alone or a trailing "/**": everything (below).
          out += i === 0 ? ".*" : ".*";
          i = j;
          continue;
        }
        // "**/" (leading or after "/"): zero or more whole directories.
        out += "(?:[^/]*/)*";
        i = j + 1;
        continue;
      }
      out += "[^/]*";
      i = j;
      continue;
    }
    if (c === "?") {
      out += "[^/]";
      i++;
      continue;
    }
    if (c === "\\") {
      if (i + 1 < n) {
        out += reEscape(pattern[i + 1]!);
        i += 2;
      } else {
        // A trailing backslash matches nothing (wildmatch returns an error).
        return undefined;
      }
      continue;
    }
    if (c === "[") {
      const r = bracket(pattern, i);
      if (r === undefined) return undefined;
      out += r.regex;
      i = r.end;
      continue;
    }
    out += reEscape(c);
    i++;
  }
  return out;
}

function bracket(p: string, start: number): { regex: string; end: number } | undefined {
  let i = start + 1;
  let negate = false;
  if (p[i] === "!" || p[i] === "^") {
    negate = true;
    i++;
  }
  let body = "";
  let first = true;
  while (i < p.length) {
    const c = p[i]!;
    if (c === "]" && !first) {
      const cls = body === "" ? (negate ? "[^/]" : "(?!)") : negate ? `[^/${body}]` : `(?:(?!/)[${body}])`;
      return { regex: cls, end: i + 1 };
    }
    first = false;
    if (c === "[" && p[i + 1] === ":") {
      const close = p.indexOf(":]", i + 2);
      if (close < 0) return undefined;
      const name = p.slice(i + 2, close);
      const cls = POSIX_CLASSES[name];
      if (cls === undefined) return undefined;
      body += cls;
      i = close + 2;
      continue;
    }
    let lo = c;
    if (c === "\\") {
      if (i + 1 >= p.length) return undefined;
      lo = p[i + 1]!;
      i++;
    }
    i++;
    if (p[i] === "-" && p[i + 1] !== undefined && p[i + 1] !== "]") {
      let hi = p[i + 1]!;
      i += 2;
      if (hi === "\\") {
        if (i >= p.length) return undefined;
        hi = p[i]!;
        i++;
      }
      if (hi < lo) continue; // an empty range matches nothing
      body += `${reEscapeClass(lo)}-${reEscapeClass(hi)}`;
    } else body += reEscapeClass(lo);
  }
  return undefined;
}

const reEscapeClass = (c: string): string => c.replace(/[\\\]^-]/g, "\\$&");

/**
 * Parses the text of one ignore file (`.gitignore`, `.git/info/exclude`) whose directory is `base`.
 * @example parseIgnoreFile("*.o\n!keep.o\n", "", ".gitignore").length // 2
 */
export function parseIgnoreFile(text: string, base: string, sourceName: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split("\n");
  lines.forEach((raw, index) => {
    let line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line === "" || line.startsWith("#")) return;
    line = trimTrailingSpaces(line);
    if (line === "") return;
    let negated = false;
    if (line.startsWith("!")) {
      negated = true;
      line = line.slice(1);
    }
    let dirOnly = false;
    if (line.endsWith("/") && line.length > 1) {
      dirOnly = true;
      line = line.slice(0, -1);
    }
    if (line === "" || line === "/") return;
    const basenameOnly = !line.includes("/");
    const anchoredPattern = line.startsWith("/") ? line.slice(1) : line;
    const src = wildmatchToRegex(anchoredPattern);
    if (src === undefined) return;
    rules.push({
      source: `${sourceName}:${index + 1}`,
      pattern: raw.endsWith("\r") ? raw.slice(0, -1) : raw,
      negated,
      dirOnly,
      base,
      basenameOnly,
      regex: new RegExp(`^${src}$`, "s"),
    });
  });
  return rules;
}

function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === " ") {
    // A space preceded by an odd number of backslashes is escaped and stays.
    let k = end - 2;
    let backslashes = 0;
    while (k >= 0 && line[k] === "\\") {
      backslashes++;
      k--;
    }
    if (backslashes % 2 === 1) break;
    end--;
  }
  return line.slice(0, end);
}

/** The rule of `rules` (searched last to first) that decides `path`, if any. */
export function lastMatchingRule(
  rules: readonly IgnoreRule[],
  path: string,
  isDir: boolean,
): IgnoreRule | undefined {
  const slash = path.lastIndexOf("/");
  const name = slash < 0 ? path : path.slice(slash + 1);
  for (let i = rules.length - 1; i >= 0; i--) {
    const r = rules[i]!;
    if (r.dirOnly && !isDir) continue;
    if (r.basenameOnly) {
      if (r.regex.test(name)) return r;
      continue;
    }
    let rel = path;
    if (r.base !== "") {
      if (!path.startsWith(`${r.base}/`)) continue;
      rel = path.slice(r.base.length + 1);
    }
    if (r.regex.test(rel)) return r;
  }
  return undefined;
}

/**
 * Decides whether paths are ignored by a tree's `.gitignore` files (and `.git/info/exclude` when present),
 * as `git check-ignore` would for untracked files, without running git.
 * @example
 * const m = new GitignoreMatcher(resolver);
 * await m.isIgnored("Modules/expat/build.o", false) // true with "*.o" in .gitignore
 */
export class GitignoreMatcher {
  readonly #resolver: Resolver;
  readonly #dirRules = new Map<string, Promise<IgnoreRule[]>>();
  readonly #dirIgnored = new Map<string, Promise<IgnoreRule | undefined>>();
  #excludeRules: Promise<IgnoreRule[]> | undefined;

  constructor(resolver: Resolver) {
    this.#resolver = resolver;
  }

  #rulesOf(dir: string): Promise<IgnoreRule[]> {
    let p = this.#dirRules.get(dir);
    if (!p) {
      const file = dir === "" ? ".gitignore" : `${dir}/.gitignore`;
      p = this.#readRules(file, dir);
      this.#dirRules.set(dir, p);
    }
    return p;
  }

  async #readRules(file: string, base: string): Promise<IgnoreRule[]> {
    const e = await this.#resolver.stat(file);
    if (e?.kind !== "file") return [];
    const text = await this.#resolver.readText(file, { maxBytes: 16 * 1024 * 1024 });
    return parseIgnoreFile(text, base, file);
  }

  #exclude(): Promise<IgnoreRule[]> {
    this.#excludeRules ??= this.#readRules(".git/info/exclude", "");
    return this.#excludeRules;
  }

  /** The rule that ignores a directory, following git: an ignored parent ignores everything below it. */
  #ignoringRuleOfDir(dir: string): Promise<IgnoreRule | undefined> {
    let p = this.#dirIgnored.get(dir);
    if (!p) {
      p = this.#decide(dir, true);
      this.#dirIgnored.set(dir, p);
    }
    return p;
  }

  async #decide(path: string, isDir: boolean): Promise<IgnoreRule | undefined> {
    const parts = path.split("/");
    // Leading directories first: an excluded directory excludes everything inside it.
    let parent = "";
    for (let i = 0; i < parts.length - 1; i++) {
      parent = parent === "" ? parts[i]! : `${parent}/${parts[i]}`;
      const r = await this.#ignoringRuleOfDir(parent);
      if (r) return r;
    }
    // Then the pattern files from the deepest directory up to the root, then .git/info/exclude.
    const dirs: string[] = [""];
    let d = "";
    for (let i = 0; i < parts.length - 1; i++) {
      d = d === "" ? parts[i]! : `${d}/${parts[i]}`;
      dirs.push(d);
    }
    for (let i = dirs.length - 1; i >= 0; i--) {
      const rule = lastMatchingRule(await this.#rulesOf(dirs[i]!), path, isDir);
      if (rule) return rule.negated ? undefined : rule;
    }
    const rule = lastMatchingRule(await this.#exclude(), path, isDir);
    return rule && !rule.negated ? rule : undefined;
  }

  /** The rule that ignores `path` (root-relative, no trailing slash), or undefined when it is not ignored. */
  async matchingRule(path: string, isDir: boolean): Promise<IgnoreRule | undefined> {
    const p = path.replace(/\/+$/, "");
    if (p === "") return undefined;
    return isDir ? this.#ignoringRuleOfDir(p) : this.#decide(p, false);
  }

  /** True when `path` is ignored. */
  async isIgnored(path: string, isDir: boolean): Promise<boolean> {
    return (await this.matchingRule(path, isDir)) !== undefined;
  }
}
