// Test-only helpers for the vulnerability code: fixture paths, temporary databases, a small zip writer and a
// git repository builder (git run directly; callers skip visibly when git is absent).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32, deflateRawSync } from "node:zlib";
import { sharedDir } from "../../core/test-helpers/vectors.js";
import { importOsv } from "../db/import.js";

/** ../shared/fixtures/osv */
export const osvFixtures = join(sharedDir, "fixtures", "osv");
export const pypaDir = join(osvFixtures, "pypa");
export const psfDir = join(osvFixtures, "psf");
export const evalDir = join(osvFixtures, "eval");
/** The real CPython 3.13.0a5 release SBOM (release-tools output). */
export const cpythonReleaseSbom = join(
  sharedDir,
  "fixtures",
  "cpython",
  "real-2024-04-02",
  "release-Python-3.13.0a5.tgz.spdx.json",
);
/** This package's test data. */
export const testdata = join(import.meta.dirname, "..", "testdata");

/** A fresh temporary directory (removed by the returned cleanup). */
export function tempDir(prefix = "pysbom-vuln-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Imports the given paths into a new database in a temporary directory. */
export async function makeDb(
  paths: readonly string[],
  now = "2025-01-01T00:00:00Z",
): Promise<{ dir: string; cleanup: () => void }> {
  const t = tempDir("pysbom-db-");
  await importOsv(
    t.dir,
    paths.map((path) => ({ path })),
    { now },
  );
  return t;
}

/** A zip archive (deflate or stored entries) built in memory, for tests of the zip importer. */
export function zipArchive(
  entries: readonly { name: string; data: string | Uint8Array; store?: boolean }[],
): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const raw = typeof e.data === "string" ? Buffer.from(e.data, "utf8") : Buffer.from(e.data);
    const body = e.store ? raw : deflateRawSync(raw);
    const method = e.store ? 0 : 8;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** True when a `git` program runs. */
export function gitAvailable(): boolean {
  return spawnSync("git", ["--version"], { stdio: "ignore" }).status === 0;
}

/** Runs git in `dir` with a fixed identity and dates, returns stdout trimmed. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-C", dir, ...args], {
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "Test",
      GIT_AUTHOR_EMAIL: "test@example.org",
      GIT_COMMITTER_NAME: "Test",
      GIT_COMMITTER_EMAIL: "test@example.org",
      GIT_AUTHOR_DATE: "2024-01-01T00:00:00Z",
      GIT_COMMITTER_DATE: "2024-01-01T00:00:00Z",
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_CONFIG_NOSYSTEM: "1",
    },
  }).trim();
}

/** Makes an empty commit with `message` and returns its hash. */
export function commit(dir: string, message: string): string {
  git(dir, "commit", "--allow-empty", "-q", "-m", message);
  return git(dir, "rev-parse", "HEAD");
}
