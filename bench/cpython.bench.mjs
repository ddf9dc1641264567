// CPython SBOM workloads on generated, realistically sized inputs (cached under the OS temp directory):
// `cpython update` on a CPython-shaped tree with thousands of vendored files (CPython's
// Tools/build/generate_sbom.py is the reference), and `generate` on a ~25 MB release tarball with a pip
// wheel (release-tools' sbom.py takes about 5 s on a real 3.15 tarball).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { crc32, gzipSync } from "node:zlib";
import { regenerateSourceSboms } from "../dist/catalogers/cpython/source-sbom.js";
import { generateSbom } from "../dist/catalogers/generate.js";
import { encodeSbom } from "../dist/formats/index.js";
import { ignoreFilterFor } from "../dist/sources/git-check-ignore.js";
import { DirectoryResolver } from "../dist/sources/resolver.js";

const cache = join(tmpdir(), "pysbom-bench-cpython-v1");

// --- deterministic content ---
function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const WORDS =
  "static int void const char return if else for while struct size_t uint8_t uint32_t PyObject self args kwargs NULL Py_DECREF Py_INCREF goto error len buf state hash block digest update init free malloc memcpy".split(
    " ",
  );
/** C-like source text that compresses about 4:1, like real CPython sources. */
function sourceText(rand, bytes) {
  const lines = [];
  let n = 0;
  while (n < bytes) {
    const words = [];
    const count = 3 + Math.floor(rand() * 9);
    for (let i = 0; i < count; i++) {
      const w = WORDS[Math.floor(rand() * WORDS.length)];
      words.push(rand() < 0.3 ? `${w}_${Math.floor(rand() * 4096).toString(36)}` : w);
    }
    const line = `${"    ".repeat(Math.floor(rand() * 3))}${words.join(" ")};`;
    lines.push(line);
    n += line.length + 1;
  }
  return `${lines.join("\n")}\n`;
}

const sha = (alg, data) => createHash(alg).update(data).digest("hex");

// --- a CPython-shaped tree ---
/** Vendored files per package: CPython 3.14's counts (123 files), or a stress tree with 3,612. */
const LAYOUTS = {
  real: {
    mpdecimal: ["Modules/_decimal/libmpdec", 52],
    expat: ["Modules/expat", 20],
    macholib: ["Lib/ctypes/macholib", 4],
    "hacl-star": ["Modules/_hacl", 47],
  },
  stress: {
    mpdecimal: ["Modules/_decimal/libmpdec", 1200],
    expat: ["Modules/expat", 600],
    macholib: ["Lib/ctypes/macholib", 12],
    "hacl-star": ["Modules/_hacl", 1800],
  },
};

function makeTree(root, VENDORED) {
  const rand = prng(1);
  const write = (rel, text) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  const packages = [];
  for (const [name, [dir, count]] of Object.entries(VENDORED)) {
    for (let i = 0; i < count; i++)
      write(
        `${dir}/${i % 7 === 0 ? `sub${i % 5}/` : ""}f${i}.c`,
        sourceText(rand, 2000 + Math.floor(rand() * 30000)),
      );
    const version = name === "hacl-star" ? "4ef25b547b377dcef855db4289c6a00580e7221c" : "2.7.1";
    packages.push({
      SPDXID: `SPDXRef-PACKAGE-${name}`,
      name,
      versionInfo: version,
      downloadLocation: `https://example.org/${name}-${version}.tar.gz`,
      checksums: [{ algorithm: "SHA256", checksumValue: "0".repeat(64) }],
      licenseConcluded: "NOASSERTION",
      externalRefs: [
        {
          referenceCategory: "SECURITY",
          referenceLocator: `cpe:2.3:a:x:${name}:${version}:*:*:*:*:*:*:*`,
          referenceType: "cpe23Type",
        },
      ],
      primaryPackagePurpose: "SOURCE",
    });
  }
  write("Modules/_hacl/refresh.sh", "expected_hacl_star_rev=4ef25b547b377dcef855db4289c6a00580e7221c\n");
  write("Modules/expat/refresh.sh", 'expected_libexpat_version="2.7.1"\n');
  // The rest of a CPython checkout, which `update` never reads.
  for (let i = 0; i < 4000; i++)
    write(`Lib/pkg${i % 40}/mod${i}.py`, sourceText(rand, 500 + Math.floor(rand() * 20000)));
  write(".gitignore", "*.o\n__pycache__/\n");
  write(
    "Misc/sbom.spdx.json",
    JSON.stringify(
      { SPDXID: "SPDXRef-DOCUMENT", files: [], packages, relationships: [], spdxVersion: "SPDX-2.3" },
      null,
      2,
    ),
  );
  write("PCbuild/get_externals.bat", "set libraries=%libraries% bzip2-1.0.8\n");
  write(
    "Misc/externals.spdx.json",
    JSON.stringify({
      SPDXID: "SPDXRef-DOCUMENT",
      spdxVersion: "SPDX-2.3",
      packages: [
        {
          SPDXID: "SPDXRef-PACKAGE-bzip2",
          name: "bzip2",
          versionInfo: "1.0.8",
          downloadLocation:
            "https://github.com/python/cpython-source-deps/archive/refs/tags/bzip2-1.0.8.tar.gz",
          checksums: [{ algorithm: "SHA256", checksumValue: "1".repeat(64) }],
          licenseConcluded: "NOASSERTION",
          externalRefs: [
            {
              referenceCategory: "SECURITY",
              referenceLocator: "cpe:2.3:a:bzip:bzip2:1.0.8:*:*:*:*:*:*:*",
              referenceType: "cpe23Type",
            },
          ],
          primaryPackagePurpose: "SOURCE",
        },
      ],
    }),
  );
}

function cachedTree(layout, git) {
  const root = join(cache, `tree-${layout}${git ? "-git" : ""}`);
  if (!existsSync(join(root, ".done"))) {
    rmSync(root, { recursive: true, force: true });
    makeTree(root, LAYOUTS[layout]);
    if (git) spawnSync("git", ["init", "-q", "."], { cwd: root });
    writeFileSync(join(root, ".done"), "");
  }
  return root;
}

// --- a release tarball with a pip wheel ---
function zipStored(files) {
  const locals = [];
  const central = [];
  let offset = 0;
  for (const [name, data] of files) {
    const n = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    locals.push(local, n, data);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(data.length, 24);
    c.writeUInt16LE(n.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function tarHeader(name, size, type = "0") {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100);
  h.write("0000644\0", 100);
  h.write("0000000\0", 108);
  h.write("0000000\0", 116);
  h.write(`${size.toString(8).padStart(11, "0")}\0`, 124);
  h.write("14712345600\0", 136);
  h.write(type, 156);
  h.write("ustar\0", 257);
  h.write("00", 263);
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return h;
}

function makeRelease(dir) {
  const version = "3.99.0";
  const top = `Python-${version}`;
  const rand = prng(2);
  const members = new Map();
  const vendoredFiles = [];
  const relationships = [];
  for (let i = 0; i < 5000; i++) {
    const vendored = i < 150;
    const path = vendored
      ? `Modules/expat/x${i}.c`
      : `${["Lib", "Modules", "Objects", "Doc", "Tools"][i % 5]}/d${i % 97}/f${i}.${i % 3 ? "c" : "py"}`;
    const text = Buffer.from(sourceText(rand, 1000 + Math.floor(rand() * 38000)));
    members.set(path, text);
    if (vendored) {
      const id = `SPDXRef-FILE-${path.replace(/[^a-zA-Z0-9.-]+/g, "-")}`;
      vendoredFiles.push({
        SPDXID: id,
        checksums: [
          { algorithm: "SHA1", checksumValue: sha("sha1", text) },
          { algorithm: "SHA256", checksumValue: sha("sha256", text) },
        ],
        fileName: path,
      });
      relationships.push({
        relatedSpdxElement: id,
        relationshipType: "CONTAINS",
        spdxElementId: "SPDXRef-PACKAGE-expat",
      });
    }
  }
  const pins = [
    "CacheControl==0.14.2",
    "certifi==2025.1.31",
    "idna==3.10",
    "requests==2.32.3",
    "typing_extensions==4.13.2",
  ];
  const wheel = zipStored([
    ["pip/__init__.py", Buffer.from("__version__ = '99.0'\n")],
    ["pip/_vendor/vendor.txt", Buffer.from(`${pins.join("\n")}\n`)],
  ]);
  members.set("Lib/ensurepip/_bundled/pip-99.0-py3-none-any.whl", wheel);
  members.set(
    "Misc/sbom.spdx.json",
    Buffer.from(
      JSON.stringify({
        SPDXID: "SPDXRef-DOCUMENT",
        files: vendoredFiles,
        packages: [
          {
            SPDXID: "SPDXRef-PACKAGE-expat",
            checksums: [{ algorithm: "SHA256", checksumValue: "0".repeat(64) }],
            downloadLocation:
              "https://github.com/libexpat/libexpat/releases/download/R_2_7_1/expat-2.7.1.tar.gz",
            externalRefs: [
              {
                referenceCategory: "SECURITY",
                referenceLocator: "cpe:2.3:a:libexpat_project:libexpat:2.7.1:*:*:*:*:*:*:*",
                referenceType: "cpe23Type",
              },
            ],
            licenseConcluded: "NOASSERTION",
            name: "expat",
            primaryPackagePurpose: "SOURCE",
            versionInfo: "2.7.1",
          },
        ],
        relationships,
        spdxVersion: "SPDX-2.3",
      }),
    ),
  );
  const parts = [];
  for (const path of [...members.keys()].sort()) {
    const data = members.get(path);
    parts.push(
      tarHeader(`${top}/${path}`, data.length),
      data,
      Buffer.alloc((512 - (data.length % 512)) % 512),
    );
  }
  parts.push(Buffer.alloc(1024));
  const tar = Buffer.concat(parts);
  writeFileSync(join(dir, `${top}.tgz.part`), gzipSync(tar, { level: 9 }));
  renameSync(join(dir, `${top}.tgz.part`), join(dir, `${top}.tgz`));
  const pypi = {};
  const urls = (file, hash) => ({
    urls: [
      {
        filename: file,
        packagetype: "bdist_wheel",
        url: `https://files.example/${file}`,
        digests: { sha256: hash },
      },
    ],
  });
  pypi["pip/99.0"] = urls("pip-99.0-py3-none-any.whl", sha("sha256", wheel));
  for (const pin of pins) {
    const [name, v] = pin.split("==");
    pypi[`${name.toLowerCase()}/${v}`] = urls(`${name}-${v}-py3-none-any.whl`, sha("sha256", name));
  }
  writeFileSync(join(dir, "pypi.json"), JSON.stringify(pypi));
  return { uncompressed: tar.length };
}

function cachedRelease() {
  const dir = join(cache, "release");
  if (!existsSync(join(dir, "Python-3.99.0.tgz"))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    makeRelease(dir);
  }
  return dir;
}

async function update(root, useGit) {
  const resolver = new DirectoryResolver(root);
  const { filter } = await ignoreFilterFor(root, resolver, { useGit });
  const r = await regenerateSourceSboms({ resolver, ignored: filter });
  let files = 0;
  for (const list of r.files.values()) files += list.length;
  return files;
}

const hasGit = spawnSync("git", ["--version"]).status === 0;

export const workloads = [
  {
    name: "cpython: update, CPython-sized tree (123 vendored of 4,131 files), git repository",
    runs: 7,
    available: async () => hasGit,
    setup: () => cachedTree("real", true),
    run: async (root) => `${await update(root, true)} vendored files hashed`,
  },
  {
    name: "cpython: update, CPython-sized tree, no git (.gitignore files)",
    runs: 7,
    setup: () => cachedTree("real", false),
    run: async (root) => `${await update(root, false)} vendored files hashed`,
  },
  {
    name: "cpython: update, stress tree (3,612 vendored of 7,620 files, 60 MB), git repository",
    runs: 5,
    available: async () => hasGit,
    setup: () => cachedTree("stress", true),
    run: async (root) => `${await update(root, true)} vendored files hashed`,
  },
  {
    name: "cpython: generate on a generated 25 MB release tarball (.tgz, 5,002 files, pip wheel)",
    runs: 5,
    setup: () => {
      const dir = cachedRelease();
      const text = readFileSync(join(dir, "pypi.json"), "utf8");
      const table = JSON.parse(text);
      return {
        dir,
        fetchJson: async (url) =>
          table[url.replace(/^https:\/\/pypi\.org\/pypi\/([^/]+)\/([^/]+)\/json$/, "$1/$2")],
      };
    },
    run: async ({ dir, fetchJson }) => {
      const { document } = await generateSbom(["Python-3.99.0.tgz"], {
        cwd: dir,
        created: "2025-01-01T00:00:00Z",
        creators: [{ kind: "Tool", name: "bench" }],
        services: { fetchJson },
      });
      encodeSbom(document, "spdx-json");
      const mb = readFileSync(join(dir, "Python-3.99.0.tgz")).length / 1024 / 1024;
      return `${document.files.length} files, ${mb.toFixed(1)} MB tarball, SPDX JSON written`;
    },
  },
];
