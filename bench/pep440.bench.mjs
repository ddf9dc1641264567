// PEP 440: parse + normalise, sort and specifier matching over 100k synthetic versions in the spellings
// seen in real metadata (date versions, pre/post/dev releases, epochs, local labels, odd separators).
import {
  compareVersions,
  formatVersion,
  parseSpecifierSet,
  parseVersion,
  specifierSetContains,
} from "../dist/core/pep440/index.js";

const N = 100_000;
const rate = (ms) => `${Math.round(N / (ms / 1000)).toLocaleString("en")} /s`;

// Deterministic pseudo-random numbers (no clock, same inputs every run).
function rng(seed) {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

function versions() {
  const r = rng(440);
  const suffixes = [
    "",
    "",
    "",
    "a1",
    "b2",
    "rc1",
    ".post1",
    ".dev3",
    "-1",
    "a1.dev2",
    ".post2.dev1",
    "-beta.3",
    ".RC2",
  ];
  const out = [];
  for (let i = 0; i < N; i++) {
    let v;
    switch (r(6)) {
      case 0:
        v = `${2000 + r(30)}.${1 + r(12)}.${1 + r(28)}`;
        break;
      case 1:
        v = `${r(4)}.${r(30)}`;
        break;
      case 2:
        v = `${r(3)}!${r(10)}.${r(10)}.${r(10)}`;
        break;
      case 3:
        v = `v${r(10)}.${r(100)}.${r(1000)}.${r(10)}`;
        break;
      case 4:
        v = `${r(10)}.${r(20)}.${r(20)}+cu${r(130)}.ubuntu_${r(24)}`;
        break;
      default:
        v = `${r(10)}.${r(20)}.${r(20)}`;
    }
    out.push(v + suffixes[r(suffixes.length)]);
  }
  return out;
}

const SETS = [
  ">=1.0,<2.0",
  "~=3.8",
  "==1.2.*",
  "!=1.5.0,>=1.0",
  ">1.0.post1",
  "<2.0rc1",
  "===1.0",
  "~=2024.1.0",
  "",
];

export const workloads = [
  {
    name: "pep440: parse+normalise 100k versions",
    setup: async () => versions(),
    run: async (inputs) => {
      const t0 = performance.now();
      for (const s of inputs) formatVersion(parseVersion(s));
      return rate(performance.now() - t0);
    },
  },
  {
    name: "pep440: sort 100k versions",
    setup: async () => versions().map(parseVersion),
    run: async (parsed) => {
      const t0 = performance.now();
      [...parsed].sort(compareVersions);
      return rate(performance.now() - t0);
    },
  },
  {
    name: "pep440: 100k specifier contains",
    setup: async () => ({ sets: SETS.map(parseSpecifierSet), inputs: versions() }),
    run: async ({ sets, inputs }) => {
      const t0 = performance.now();
      let hits = 0;
      for (let i = 0; i < inputs.length; i++)
        if (specifierSetContains(sets[i % sets.length], inputs[i])) hits++;
      const ms = performance.now() - t0;
      return `${rate(ms)} (string versions, parsed per call; ${hits} matched)`;
    },
  },
];
