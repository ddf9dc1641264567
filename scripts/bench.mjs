#!/usr/bin/env node
// `npm run bench`: runs every workload exported by bench/*.bench.mjs, each in its own process so
// peak RSS is the workload's own, and prints a table: workload, wall ms (median of N runs), peak RSS MB,
// and a throughput note when the workload reports one. No assertions: numbers are for people.
//
// A bench module exports `workloads`: [{ name, runs?, setup?(): Promise<ctx>, run(ctx): Promise<note?> }].
// Usage: npm run bench [-- FILTER]   (FILTER: substring of the workload name)
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const benchDir = join(root, "bench");
const filter = process.argv[2] ?? "";

if (process.argv[2] === "--child") {
  const [, , , file, name] = process.argv;
  const mod = await import(pathToFileURL(file).href);
  const w = mod.workloads.find((x) => x.name === name);
  const ctx = w.setup ? await w.setup() : undefined;
  const runs = w.runs ?? 5;
  const times = [];
  let note = "";
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = await w.run(ctx);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (typeof r === "string") note = r;
    else if (r && typeof r === "object" && typeof r.note === "function")
      note = r.note(times[times.length - 1]);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const rssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ median, runs, rssMb, note }));
  process.exit(0);
}

const rows = [];
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith(".bench.mjs"))
  .sort();
for (const f of files) {
  const file = join(benchDir, f);
  const mod = await import(pathToFileURL(file).href);
  for (const w of mod.workloads) {
    if (filter && !w.name.includes(filter)) continue;
    if (w.available && !(await w.available())) {
      rows.push([w.name, "skipped", "", "", w.unavailableNote ?? "input not available on this machine"]);
      continue;
    }
    try {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--child", file, w.name], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
        maxBuffer: 1 << 20,
      });
      const r = JSON.parse(out);
      rows.push([w.name, r.median.toFixed(1), String(r.runs), r.rssMb.toFixed(0), r.note ?? ""]);
    } catch (e) {
      rows.push([w.name, "error", "", "", String(e.message ?? e).split("\n")[0]]);
    }
    process.stderr.write(`.`);
  }
}
process.stderr.write("\n");
const header = ["workload", "wall ms (median)", "runs", "peak RSS MB", "note"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
console.log(line(header));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const r of rows) console.log(line(r));
