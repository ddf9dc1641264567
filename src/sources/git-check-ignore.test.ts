import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitCheckIgnore, ignoreFilterFor, isGitRepository } from "./git-check-ignore.js";
import { DirectoryResolver } from "./resolver.js";

const hasGit = spawnSync("git", ["--version"]).status === 0;
const env = (home: string) => ({
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: home,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
});

function tree(git: boolean): string {
  const root = mkdtempSync(join(tmpdir(), "pysbom-git-"));
  writeFileSync(join(root, ".gitignore"), "*.o\nbuild/\n");
  mkdirSync(join(root, "sub dir"));
  writeFileSync(join(root, "sub dir/café.o"), "");
  writeFileSync(join(root, "sub dir/naïve file.c"), "");
  mkdirSync(join(root, "build"));
  writeFileSync(join(root, "build/x.c"), "");
  if (git) spawnSync("git", ["init", "-q", "."], { cwd: root, env: env(root) });
  return root;
}

const PATHS = ["sub dir/café.o", "sub dir/naïve file.c", "build/", "build/x.c", "nothing-here.o"];

describe.skipIf(!hasGit)("git check-ignore", () => {
  it("knows a repository from a plain directory", async () => {
    expect(await isGitRepository(tree(true), { env: env(tmpdir()) })).toBe(true);
    expect(await isGitRepository(tree(false), { env: env(tmpdir()) })).toBe(false);
  });

  it("reports ignored paths unquoted, spaces and non-ASCII names included (CPython's parser drops those)", async () => {
    const root = tree(true);
    const ignored = await gitCheckIgnore(root, PATHS, { env: env(root) });
    expect(ignored.map((x) => x.path).sort()).toEqual([
      "build/",
      "build/x.c",
      "nothing-here.o",
      "sub dir/café.o",
    ]);
    expect(ignored.find((x) => x.path === "sub dir/café.o")).toEqual({
      path: "sub dir/café.o",
      source: ".gitignore:1",
      pattern: "*.o",
    });
  });

  it("a failing git is an error with its message", async () => {
    const root = tree(false);
    await expect(gitCheckIgnore(root, ["a"], { env: env(root) })).rejects.toMatchObject({
      code: "INPUT_UNREADABLE",
      message: /git check-ignore failed .*exit status 128/,
    });
  });

  it("ignoreFilterFor uses git in a repository and the .gitignore files elsewhere, with the same answers", async () => {
    const entries = PATHS.map((p) => ({ path: p, isDir: p.endsWith("/") }));
    const inRepo = tree(true);
    const git = await ignoreFilterFor(inRepo, new DirectoryResolver(inRepo), { env: env(inRepo) });
    const plainRoot = tree(false);
    const files = await ignoreFilterFor(plainRoot, new DirectoryResolver(plainRoot), { env: env(plainRoot) });
    expect(git.kind).toBe("git");
    expect(files.kind).toBe("gitignore-files");
    expect([...(await files.filter(entries))].sort()).toEqual([...(await git.filter(entries))].sort());
    const forced = await ignoreFilterFor(inRepo, new DirectoryResolver(inRepo), {
      env: env(inRepo),
      useGit: false,
    });
    expect(forced.kind).toBe("gitignore-files");
  });
});

describe("without git", () => {
  it("a missing git executable means 'not a repository'", async () => {
    expect(await isGitRepository(tmpdir(), { git: "/nonexistent/git-binary" })).toBe(false);
    await expect(gitCheckIgnore(tmpdir(), ["a"], { git: "/nonexistent/git-binary" })).rejects.toMatchObject({
      message: /git is not installed/,
    });
  });
});
