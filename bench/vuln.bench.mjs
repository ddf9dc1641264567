// The offline vulnerability database: importing the whole PyPA fixture (2,661 OSV records: read, schema
// check, index, write), opening the database, and scanning 1,000 (name, version) pairs once it is loaded
// (cold: each package's entries compiled on first use; warm: everything compiled).
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importOsv } from "../dist/vuln/db/import.js";
import { VulnDb } from "../dist/vuln/db/store.js";

const osv = join(import.meta.dirname, "../../shared/fixtures/osv");
const pypa = join(osv, "pypa");
const NOW = "2025-01-01T00:00:00Z";
const RUNS = 5;

/** 1,000 pairs: the 321 eval pairs, then one listed version of each package in turn (deterministic). */
function pairs(db) {
  const out = readFileSync(join(osv, "eval", "eval-pairs.txt"), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l.split("\t"));
  const names = Object.keys(db.index.pypi).sort();
  for (let i = 0; out.length < 1000; i++) {
    const name = names[i % names.length];
    const listed = db.index.pypi[name].v.map((x) => x[1]);
    out.push([name, listed.length > 0 ? listed[(i * 7) % listed.length] : "1.0"]);
  }
  return out;
}

// Temporary directories of this process, removed when it exits (each workload runs in its own process).
const temps = [];
process.on("exit", () => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});
function temp(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

async function loadedDb() {
  const dir = temp("pysbom-bench-vuln-");
  await importOsv(dir, [{ path: pypa }], { now: NOW });
  return dir;
}

function scanAll(db, list) {
  let findings = 0;
  for (const [name, version] of list) findings += db.queryPypi(name, version).matches.length;
  return findings;
}

export const workloads = [
  {
    name: "vuln: import the PyPA fixture database (2,661 OSV records)",
    runs: RUNS,
    available: async () => existsSync(pypa),
    setup: async () => ({
      base: temp("pysbom-bench-import-"),
      n: 0,
      first: undefined,
    }),
    run: async (ctx) => {
      const dir = join(ctx.base, String(ctx.n++));
      const t0 = performance.now();
      const s = await importOsv(dir, [{ path: pypa }], { now: NOW });
      ctx.first ??= performance.now() - t0;
      rmSync(dir, { recursive: true, force: true });
      return `${s.read} records; first run ${ctx.first.toFixed(0)} ms (includes compiling the OSV schema)`;
    },
  },
  {
    name: "vuln: open the database (index of 2,661 records)",
    runs: RUNS,
    available: async () => existsSync(pypa),
    setup: loadedDb,
    run: async (dir) => {
      (await VulnDb.open(dir)).close();
    },
  },
  {
    name: "vuln: scan 1,000 (name, version) pairs, database loaded, cold",
    runs: RUNS,
    available: async () => existsSync(pypa),
    setup: async () => {
      const dir = await loadedDb();
      const dbs = [];
      for (let i = 0; i < RUNS; i++) dbs.push(await VulnDb.open(dir));
      return { dbs, list: pairs(dbs[0]), i: 0 };
    },
    run: async (ctx) => {
      const db = ctx.dbs[ctx.i++];
      const n = scanAll(db, ctx.list);
      return `${ctx.list.length} pairs over ${new Set(ctx.list.map((p) => p[0])).size} packages, ${n} matches`;
    },
  },
  {
    name: "vuln: scan 1,000 (name, version) pairs, database loaded, warm",
    runs: RUNS,
    available: async () => existsSync(pypa),
    setup: async () => {
      const db = await VulnDb.open(await loadedDb());
      const list = pairs(db);
      scanAll(db, list);
      return { db, list };
    },
    run: async ({ db, list }) => {
      scanAll(db, list);
    },
  },
];
