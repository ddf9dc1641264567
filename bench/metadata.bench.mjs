// Core metadata and license expressions: read + validate every METADATA in the repository's fixtures
// (many times over), a 10 MB header, and canonicalise a batch of license expressions.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const testdata = join(root, "src/core/metadata/testdata");
const load = async (path) => import(pathToFileURL(join(root, "dist", path)).href);

export const workloads = [
  {
    name: "metadata: parse+validate fixture files x1000",
    runs: 5,
    setup: async () => ({
      mod: await load("core/metadata/index.js"),
      files: readdirSync(testdata)
        .filter((f) => !f.startsWith("."))
        .map((f) => new Uint8Array(readFileSync(join(testdata, f)))),
    }),
    run: async ({ mod, files }) => {
      const t0 = performance.now();
      let n = 0;
      for (let i = 0; i < 1000; i++)
        for (const f of files) n += mod.parseMetadata(f).problems.length >= 0 ? 1 : 0;
      return `${Math.round(n / ((performance.now() - t0) / 1000))} files/s`;
    },
  },
  {
    name: "metadata: parse a 10 MB Summary header",
    runs: 5,
    setup: async () => ({
      mod: await load("core/metadata/index.js"),
      data: new TextEncoder().encode(
        `Metadata-Version: 2.1\nName: big\nVersion: 1\nSummary: ${"x".repeat(10 << 20)}\n`,
      ),
    }),
    run: async ({ mod, data }) => {
      mod.parseRawMetadata(data);
    },
  },
  {
    name: "license: canonicalize 100k expressions",
    runs: 5,
    setup: async () => ({ mod: await load("core/license/index.js") }),
    run: async ({ mod }) => {
      const inputs = [
        "mit",
        "MIT OR Apache-2.0",
        "(mit or apache-2.0) and bsd-3-clause",
        "GPL-2.0-only WITH Classpath-exception-2.0",
        "LicenseRef-Foo",
      ];
      const t0 = performance.now();
      for (let i = 0; i < 100_000; i++) mod.canonicalizeLicenseExpression(inputs[i % inputs.length]);
      return `${Math.round(100_000 / ((performance.now() - t0) / 1000))} expr/s`;
    },
  },
];
