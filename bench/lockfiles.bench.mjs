// The lock cataloger on every real lockfile in ../shared/fixtures/lockfiles: SBOM generation in-process
// (detect + read + assemble + SPDX JSON) and through the CLI (a fresh `node bin/pysbom.js` per run,
// reported with the time beyond a bare process start), plus a 100,000-line requirements file.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const fixtures = join(root, "../shared/fixtures/lockfiles");
const cli = join(root, "bin/pysbom.js");
const load = async (path) => import(pathToFileURL(join(root, "dist", path)).href);
const ids = existsSync(fixtures)
  ? readdirSync(fixtures)
      .filter((d) => existsSync(join(fixtures, d, "ORIGIN.txt")))
      .sort()
  : [];

async function inProcess() {
  const { generateSbom } = await load("catalogers/generate.js");
  const { encodeSbom } = await load("formats/index.js");
  return { generateSbom, encodeSbom };
}

function generate(ctx, target, cwd) {
  return ctx
    .generateSbom([target], {
      cwd,
      created: "2025-01-01T00:00:00Z",
      creators: [{ kind: "Tool", name: "pysbom-bench" }],
    })
    .then((r) => {
      ctx.encodeSbom(r.document, "spdx-json");
      return r.document;
    });
}

function runCli(args, cwd) {
  execFileSync(process.execPath, [cli, ...args], {
    cwd,
    env: { ...process.env, SOURCE_DATE_EPOCH: "1735689600" },
    stdio: ["ignore", "ignore", "pipe"],
  });
}

// A bare process start of the CLI, measured once per workload process and subtracted in the note.
function processStart() {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    runCli(["--version"], root);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[2];
}

const lines = [];
for (let i = 0; i < 100_000; i++)
  lines.push(`p${i}==1.${i} --hash=sha256:${i.toString(16).padStart(64, "0")}`);

export const workloads = [
  {
    name: "lockfiles: CLI process start (pysbom --version)",
    runs: 7,
    available: async () => existsSync(cli),
    run: () => {
      runCli(["--version"], root);
    },
  },
  ...ids.map((id) => ({
    name: `lockfiles: ${id} in-process (generate + SPDX JSON)`,
    runs: 10,
    available: async () => ids.length > 0,
    setup: inProcess,
    run: async (ctx) => {
      const doc = await generate(ctx, id, fixtures);
      return `${doc.packages.length} packages, ${doc.relationships.length} relationships`;
    },
  })),
  ...ids.map((id) => ({
    name: `lockfiles: ${id} via CLI (generate -o spdx-json)`,
    runs: 5,
    available: async () => ids.length > 0 && existsSync(cli),
    setup: () => ({ start: processStart(), times: [] }),
    run: ({ start, times }) => {
      const t0 = performance.now();
      runCli(["generate", id, "-o", "spdx-json"], fixtures);
      times.push(performance.now() - t0);
      const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
      return `median ${(median - start).toFixed(0)} ms beyond a ${start.toFixed(0)} ms process start`;
    },
  })),
  {
    name: "lockfiles: 100,000-line hashed requirements.txt in-process",
    runs: 3,
    setup: async () => {
      const dir = mkdtempSync(join(tmpdir(), "pysbom-bench-"));
      writeFileSync(join(dir, "requirements.txt"), `${lines.join("\n")}\n`);
      return { ...(await inProcess()), dir };
    },
    run: async (ctx) => {
      const t0 = performance.now();
      const doc = await generate(ctx, "requirements.txt", ctx.dir);
      return `${doc.packages.length} packages, ${Math.round(100_000 / ((performance.now() - t0) / 1000))} lines/s`;
    },
  },
];
