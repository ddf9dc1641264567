// The env cataloger on the machine's own site-packages (python3 only tells where it is): the SBOM alone,
// with --files, with --verify, and sha256sum over the same recorded files as the yardstick for --verify.
// Also a small Django virtualenv when /tmp/demo-env exists (python3 -m venv /tmp/demo-env &&
// /tmp/demo-env/bin/pip install django).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const load = async (path) => import(pathToFileURL(join(root, "dist", path)).href);

function sitePackages() {
  try {
    const out = execFileSync("python3", ["-c", "import site; print(site.getsitepackages()[0])"], {
      encoding: "utf8",
    }).trim();
    return existsSync(out) ? out : undefined;
  } catch {
    return undefined;
  }
}
const SITE = sitePackages();
const DEMO = "/tmp/demo-env";

/**
 * The files the RECORDs of `site` list inside it, with their total size; `withDigest`: only those with a
 * digest (what --verify hashes; it skips digest-less byte code).
 */
function recordedFiles(site, withDigest = false) {
  const files = new Set();
  for (const d of readdirSync(site)) {
    if (!d.endsWith(".dist-info") || !existsSync(join(site, d, "RECORD"))) continue;
    for (const line of readFileSync(join(site, d, "RECORD"), "utf8").split("\n")) {
      const path = line.startsWith('"') ? line.slice(1, line.indexOf('"', 1)) : line.split(",")[0];
      if (!path || path.startsWith("/") || path.startsWith("..")) continue;
      if (withDigest && !/,[a-z0-9_]+=[^,]+,/.test(line.slice(path.length))) continue;
      try {
        if (statSync(join(site, path)).isFile()) files.add(path);
      } catch {}
    }
  }
  let bytes = 0;
  for (const f of files) bytes += statSync(join(site, f)).size;
  return { files: [...files], bytes };
}

async function generate(target, options = {}) {
  const { generateSbom } = await load("catalogers/generate.js");
  return generateSbom([target], {
    type: "env",
    cwd: "/",
    created: "2025-01-01T00:00:00Z",
    creators: [{ kind: "Tool", name: "pysbom", version: "bench" }],
    options,
  });
}

const mbps = (bytes, ms) => `${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;

export const workloads = [
  {
    name: "env: SBOM of the machine's site-packages -> SPDX JSON",
    runs: 5,
    available: async () => SITE !== undefined,
    unavailableNote: "no python3 site-packages on this machine",
    setup: async () => ({ formats: await load("formats/index.js") }),
    run: async ({ formats }) => {
      const { document } = await generate(SITE);
      formats.encodeSbom(document, "spdx-json");
      const dists = document.packages.filter((p) =>
        p.properties.some((x) => x.name === "pysbom:install-format"),
      );
      return `${dists.length} distributions, ${document.packages.length} packages, ${document.relationships.length} relationships`;
    },
  },
  {
    name: "env: SBOM of a Django virtualenv (/tmp/demo-env) -> SPDX JSON",
    runs: 5,
    available: async () => existsSync(join(DEMO, "pyvenv.cfg")),
    unavailableNote:
      "no /tmp/demo-env (python3 -m venv /tmp/demo-env && /tmp/demo-env/bin/pip install django)",
    setup: async () => ({ formats: await load("formats/index.js") }),
    run: async ({ formats }) => {
      const { document } = await generate(DEMO);
      formats.encodeSbom(document, "spdx-json");
      return `${document.packages.length} packages`;
    },
  },
  {
    name: "env: sha256sum over the same files as --verify (yardstick)",
    runs: 3,
    available: async () => SITE !== undefined && existsSync("/usr/bin/sha256sum"),
    setup: async () => {
      const { files, bytes } = recordedFiles(SITE, true);
      const list = join(tmpdir(), "pysbom-bench-files.txt");
      writeFileSync(list, `${files.join("\0")}\0`);
      return { list, bytes, count: files.length };
    },
    run: async ({ list, bytes, count }) => {
      const t0 = performance.now();
      execFileSync("sh", ["-c", `xargs -0 sha256sum < "${list}" > /dev/null`], { cwd: SITE });
      return `${count} files, ${(bytes / 1e6).toFixed(0)} MB: ${mbps(bytes, performance.now() - t0)}`;
    },
  },
  {
    name: "env: --verify of the machine's site-packages",
    runs: 3,
    available: async () => SITE !== undefined,
    setup: async () => recordedFiles(SITE, true),
    run: async ({ bytes, files }) => {
      const t0 = performance.now();
      const { findings } = await generate(SITE, { verify: true });
      return `${files.length} files, ${mbps(bytes, performance.now() - t0)}, ${findings.length} finding(s)`;
    },
  },
  {
    name: "env: --files of the machine's site-packages -> SPDX JSON",
    runs: 3,
    available: async () => SITE !== undefined,
    setup: async () => ({ formats: await load("formats/index.js"), ...recordedFiles(SITE) }),
    run: async ({ formats, bytes }) => {
      const t0 = performance.now();
      const { document } = await generate(SITE, { files: true });
      const ms = performance.now() - t0;
      const { text } = formats.encodeSbom(document, "spdx-json");
      return `${document.files.length} files, ${mbps(bytes, ms)} hashed (SHA-1+SHA-256), ${(text.length / 1e6).toFixed(0)} MB SPDX`;
    },
  },
];
