// Identifiers: purl parse/format, CPE parse/bind and wheel filename parsing over 100k synthetic inputs.
import { formatCpe, parseCpe } from "../dist/core/cpe.js";
import { parseWheelFilename } from "../dist/core/filenames.js";
import { canonicalizePurl, formatPurl, parsePurl, pypiPurl } from "../dist/core/purl.js";

const N = 100_000;
const rate = (ms) => `${Math.round(N / (ms / 1000)).toLocaleString("en")} /s`;

function purls() {
  const out = [];
  for (let i = 0; i < N; i++) {
    if (i % 3 === 0)
      out.push(`pkg:pypi/Some_Package.${i}@${i % 50}.0.${i % 7}?file_name=Some_Package-${i}.whl`);
    else if (i % 3 === 1) out.push(`pkg:github/Owner${i}/Repo-${i}@${i.toString(16)}#src/a%20b/${i}`);
    else
      out.push(
        `pkg:generic/ns/name${i}@1.0?download_url=https:%2F%2Fexample.org%2F${i}.tar.gz&checksum=sha256:${i}`,
      );
  }
  return out;
}

export const workloads = [
  {
    name: "purl: parse + format 100k",
    setup: async () => purls(),
    run: async (inputs) => {
      const t0 = performance.now();
      for (const s of inputs) formatPurl(parsePurl(s));
      return rate(performance.now() - t0);
    },
  },
  {
    name: "purl: canonicalize 100k",
    setup: async () => purls(),
    run: async (inputs) => {
      const t0 = performance.now();
      for (const s of inputs) canonicalizePurl(s);
      return rate(performance.now() - t0);
    },
  },
  {
    name: "purl: pypiPurl 100k (PEP 440 normalisation)",
    run: async () => {
      const t0 = performance.now();
      for (let i = 0; i < N; i++) pypiPurl({ name: `Pkg_${i}`, version: `${i % 9}.${i % 13}.0-RC${i % 3}` });
      return rate(performance.now() - t0);
    },
  },
  {
    name: "cpe: parse + bind 100k",
    setup: async () =>
      Array.from(
        { length: N },
        (_, i) => `cpe:2.3:a:vendor_${i}:prod\\/uct${i}:${i % 10}.${i % 7}.${i}:*:*:*:*:*:*:*`,
      ),
    run: async (inputs) => {
      const t0 = performance.now();
      for (const s of inputs) formatCpe(parseCpe(s));
      return rate(performance.now() - t0);
    },
  },
  {
    name: "filenames: parse 100k wheels",
    setup: async () =>
      Array.from(
        { length: N },
        (_, i) =>
          `pkg_${i}-${i % 20}.${i % 9}.0-cp311.cp312-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl`,
      ),
    run: async (inputs) => {
      const t0 = performance.now();
      for (const s of inputs) parseWheelFilename(s);
      return rate(performance.now() - t0);
    },
  },
];
