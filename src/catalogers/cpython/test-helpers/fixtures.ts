// Test-only: CPython fixture trees (../shared/fixtures/cpython) extracted into temporary directories with
// pysbom's own tar reader, optionally made into git repositories.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { sharedDir } from "../../../core/test-helpers/vectors.js";
import { readTar } from "../../../sources/tar.js";

/** ../shared/fixtures/cpython */
export const cpythonFixtures: string = join(sharedDir, "fixtures/cpython");

/** Extracts a plain tar file into `dest` (files, directories and symbolic links). */
export async function extractTar(tarPath: string, dest: string): Promise<void> {
  async function* chunks(): AsyncIterable<Uint8Array> {
    yield readFileSync(tarPath);
  }
  const pending: { path: string; parts: Buffer[] }[] = [];
  await readTar(chunks(), (e) => {
    const name = e.name.replace(/^\.\//, "");
    if (name === "" || name === ".") return undefined;
    const target = join(dest, name);
    if (e.type === "directory") mkdirSync(target, { recursive: true });
    else if (e.type === "symlink") {
      mkdirSync(dirname(target), { recursive: true });
      symlinkSync(e.linkname!, target);
    } else if (e.type === "file") {
      const item = { path: target, parts: [] as Buffer[] };
      pending.push(item);
      return {
        data: (c) => item.parts.push(Buffer.from(c)),
        end: () => {
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, Buffer.concat(item.parts));
        },
      };
    }
    return undefined;
  });
}

/** Environment for running git in tests without the user's or system configuration. */
export function gitTestEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    LC_ALL: "C",
  };
}

/** True when a `git` executable runs. */
export function gitAvailable(): boolean {
  return spawnSync("git", ["--version"], { encoding: "utf8" }).status === 0;
}

/** A fresh temporary directory. */
export function tempDir(prefix = "pysbom-cpython-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Extracts generate/<name>/tree.tar into a new temporary directory; with `git: true` runs `git init` there
 * (as the tree CPython's tool was run in). Returns the tree root.
 */
export async function fixtureTree(name: string, options: { git?: boolean } = {}): Promise<string> {
  const root = tempDir();
  await extractTar(join(cpythonFixtures, "generate", name, "tree.tar"), root);
  if (options.git) {
    const r = spawnSync("git", ["init", "-q", "."], { cwd: root, env: gitTestEnv(root), encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git init failed: ${r.stderr}`);
  }
  return root;
}
