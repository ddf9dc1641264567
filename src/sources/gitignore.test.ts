import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitCheckIgnore } from "./git-check-ignore.js";
import { GitignoreMatcher, lastMatchingRule, parseIgnoreFile, wildmatchToRegex } from "./gitignore.js";
import { DirectoryResolver } from "./resolver.js";

// Ignore files of the test tree, then [path, isDir, ignored?] (what git check-ignore says).
const IGNORE_FILES: Record<string, string> = {
  ".gitignore": [
    "# comment",
    "*.o",
    "!keep.o",
    "__pycache__/",
    "/build",
    "doc/*.txt",
    "**/logs",
    "cache/**",
    "a/**/b",
    "out/",
    "!out/keep",
    "\\#hash",
    "\\!bang",
    "spaced\\ ",
    "trimmed   ",
    "[abc].txt",
    "[!a].md",
    "x[0-9]",
    "?.cfg",
    "*.py[cod]",
    "Lib/ctypes/macholib/",
    "*.log",
    "",
  ].join("\r\n"),
  "sub/.gitignore": "!important.log\nlocal-only\n",
};

const PATHS: [string, boolean, boolean][] = [
  ["a.o", false, true],
  ["dir/b.o", false, true],
  ["a.c", false, false],
  ["keep.o", false, false],
  ["x/__pycache__", true, true],
  ["x/__pycache__/y.pyc", false, true],
  ["x/__pycache__file", false, false],
  ["build", true, true],
  ["build", false, true],
  ["sub/build", false, false],
  ["doc/a.txt", false, true],
  ["doc/sub/z.txt", false, false],
  ["logs", false, true],
  ["deep/er/logs", true, true],
  ["cache", true, false],
  ["cache/a", false, true],
  ["cache/c/d", false, true],
  ["a/b", false, true],
  ["a/x/b", false, true],
  ["a/x/y/b", false, true],
  ["a/xb", false, false],
  ["out", true, true],
  ["out/keep", false, true],
  ["#hash", false, true],
  ["!bang", false, true],
  ["spaced ", false, true],
  ["spaced", false, false],
  ["trimmed", false, true],
  ["b.txt", false, true],
  ["d.txt", false, false],
  ["a.md", false, false],
  ["b.md", false, true],
  ["x5", false, true],
  ["xa", false, false],
  ["q.cfg", false, true],
  ["qq.cfg", false, false],
  ["m.pyc", false, true],
  ["m.pyx", false, false],
  ["Lib/ctypes/macholib", true, true],
  ["Lib/ctypes/macholib/dyld.py", false, true],
  ["Lib/ctypes/other.py", false, false],
  ["server.log", false, true],
  ["sub/server.log", false, true],
  ["sub/important.log", false, false],
  ["sub/local-only", false, true],
  ["local-only", false, false],
  ["Modules/expat/café.h", false, false],
  ["Modules/expat/sub dir/deep file.c", false, false],
];

function makeTree(): string {
  const root = mkdtempSync(join(tmpdir(), "pysbom-gitignore-"));
  for (const [file, text] of Object.entries(IGNORE_FILES)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  for (const [path, isDir] of PATHS) {
    if (isDir) mkdirSync(join(root, path), { recursive: true });
    else {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      try {
        writeFileSync(join(root, path), "x");
      } catch {
        // "build" is listed both as a directory and as a file; the directory wins on disk.
      }
    }
  }
  return root;
}

const gitEnv = (home: string) => ({
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: home,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
});
const hasGit = spawnSync("git", ["--version"]).status === 0;

describe("GitignoreMatcher", () => {
  it.each(PATHS)("%s (dir: %s) ignored: %s", async (path, isDir, ignored) => {
    const m = new GitignoreMatcher(new DirectoryResolver(makeTree()));
    expect(await m.isIgnored(path, isDir)).toBe(ignored);
  });

  it.skipIf(!hasGit)("agrees with git check-ignore on every path of the table", async () => {
    const root = makeTree();
    expect(spawnSync("git", ["init", "-q", "."], { cwd: root, env: gitEnv(root) }).status).toBe(0);
    const onDisk = PATHS.filter(([p, isDir]) => !(p === "build" && !isDir));
    const ignoredByGit = new Set(
      (
        await gitCheckIgnore(
          root,
          onDisk.map(([p]) => p),
          { env: gitEnv(root) },
        )
      ).map((x) => x.path),
    );
    const m = new GitignoreMatcher(new DirectoryResolver(root));
    for (const [path, isDir] of onDisk)
      expect(await m.isIgnored(path, isDir), path).toBe(ignoredByGit.has(path));
  });

  it("reads .git/info/exclude too, with the lowest precedence", async () => {
    const root = mkdtempSync(join(tmpdir(), "pysbom-gitignore-"));
    mkdirSync(join(root, ".git/info"), { recursive: true });
    writeFileSync(join(root, ".git/info/exclude"), "*.tmp\nkept.bak\n");
    writeFileSync(join(root, ".gitignore"), "*.bak\n!kept.bak\n");
    const m = new GitignoreMatcher(new DirectoryResolver(root));
    expect(await m.isIgnored("a.tmp", false)).toBe(true);
    expect(await m.isIgnored("kept.bak", false)).toBe(false);
    expect(await m.isIgnored("x.bak", false)).toBe(true);
  });

  it("names the deciding rule", async () => {
    const m = new GitignoreMatcher(new DirectoryResolver(makeTree()));
    expect((await m.matchingRule("a.o", false))?.source).toBe(".gitignore:2");
    expect(await m.matchingRule("", true)).toBeUndefined();
  });
});

describe("wildmatch", () => {
  it.each([
    ["*.c", "a.c", true],
    ["*.c", "d/a.c", false],
    ["**/a", "x/y/a", true],
    ["**/a", "a", true],
    ["a/**", "a/b/c", true],
    ["a/**/b", "a/b", true],
    ["a**b", "a/b", false],
    ["a**b", "axxb", true],
    ["[a-c]", "b", true],
    ["[!a-c]", "d", true],
    ["[!a-c]", "/", false],
    ["[[:digit:]]x", "7x", true],
    ["[]]", "]", true],
    ["\\*", "*", true],
    ["\\*", "a", false],
  ])("%s matches %s: %s", (pattern, path, want) => {
    const src = wildmatchToRegex(pattern)!;
    expect(new RegExp(`^${src}$`, "s").test(path)).toBe(want);
  });

  it("malformed patterns match nothing", () => {
    expect(wildmatchToRegex("[abc")).toBeUndefined();
    expect(wildmatchToRegex("abc\\")).toBeUndefined();
    expect(parseIgnoreFile("[abc\n", "", "x")).toEqual([]);
  });

  it("parseIgnoreFile strips a BOM and CR, keeps negation and directory flags", () => {
    const rules = parseIgnoreFile("\ufeff!foo/\r\n# c\r\n\r\n/bar\n", "", ".gitignore");
    expect(rules.map((r) => [r.pattern, r.negated, r.dirOnly, r.basenameOnly])).toEqual([
      ["\ufeff!foo/".slice(1), true, true, true],
      ["/bar", false, false, false],
    ]);
    expect(lastMatchingRule(rules, "foo", true)?.negated).toBe(true);
    expect(lastMatchingRule(rules, "foo", false)).toBeUndefined();
  });
});
