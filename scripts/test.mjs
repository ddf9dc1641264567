#!/usr/bin/env node
// Runs vitest, then prints one final summary line `N passed, M failed` read from vitest's JSON result
// (CI recognises that line). Skipped and todo tests are counted separately on the line before it, so a
// skipped case is never presented as passing. Extra arguments are passed to vitest.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const vitest = join(require.resolve("vitest/package.json"), "..", "vitest.mjs");
const resultFile = join(process.cwd(), ".vitest-result.json");
rmSync(resultFile, { force: true });

const reporter = process.env.CI ? "dot" : "default";
const child = spawnSync(
  process.execPath,
  [
    vitest,
    "run",
    `--reporter=${reporter}`,
    "--reporter=json",
    `--outputFile.json=${resultFile}`,
    ...process.argv.slice(2),
  ],
  { stdio: "inherit" },
);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(resultFile)) {
  const result = JSON.parse(readFileSync(resultFile, "utf8"));
  passed = result.numPassedTests ?? 0;
  failed = result.numFailedTests ?? 0;
  skipped = (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
  // A test file that fails to load has no test results but must count as a failure.
  for (const file of result.testResults ?? []) {
    if (file.status === "failed" && (file.assertionResults ?? []).length === 0) failed += 1;
  }
} else {
  failed += 1;
}
if (skipped > 0) console.log(`${skipped} skipped (not counted as passed)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(child.status === 0 && failed === 0 ? 0 : 1);
