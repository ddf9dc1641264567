// The real lockfiles in ../shared/fixtures/lockfiles: each SBOM lists exactly the locked (name, version)
// pairs, with every artifact hash and the dependency graph. The expected sets are computed here by a
// small, independent reading of each file (smol-toml / JSON.parse / a regular expression), checked
// against the counts in each ORIGIN.txt.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { canonicalizeName } from "../../core/names.js";
import { sharedDir } from "../../core/test-helpers/vectors.js";
import type { Document } from "../../model/index.js";
import { edgeComments, lockSbom, pairOf, pkg, rootOf } from "./test-helpers.js";

const FIXTURES = join(sharedDir, "fixtures/lockfiles");

type Locked = Map<string, Set<string>>; // pair -> distinct hashes

function add(m: Locked, name: string, version: string | undefined, hashes: string[]): void {
  const key = pairOf({ name, version });
  const set = m.get(key) ?? new Set<string>();
  for (const h of hashes) set.add(h.toLowerCase());
  m.set(key, set);
}

type T = Record<string, unknown>;
const hashOf = (x: unknown): string[] => {
  const h = (x as T | undefined)?.hash;
  return typeof h === "string" ? [h.slice(h.indexOf(":") + 1)] : [];
};

// Independent readings of each lock format: (name, version) pairs and the hashes recorded for each.
const READERS: Record<string, (dir: string) => Locked> = {
  "uv.lock": (dir) => {
    const m: Locked = new Map();
    for (const p of (parseToml(readFileSync(join(dir, "uv.lock"), "utf8")) as T).package as T[])
      add(m, p.name as string, p.version as string | undefined, [
        ...hashOf(p.sdist),
        ...((p.wheels as T[] | undefined) ?? []).flatMap(hashOf),
      ]);
    return m;
  },
  "poetry.lock": (dir) => {
    const m: Locked = new Map();
    for (const p of (parseToml(readFileSync(join(dir, "poetry.lock"), "utf8")) as T).package as T[])
      add(m, p.name as string, p.version as string, ((p.files as T[] | undefined) ?? []).flatMap(hashOf));
    return m;
  },
  "pdm.lock": (dir) => {
    const m: Locked = new Map();
    for (const p of (parseToml(readFileSync(join(dir, "pdm.lock"), "utf8")) as T).package as T[])
      add(m, p.name as string, p.version as string, ((p.files as T[] | undefined) ?? []).flatMap(hashOf));
    return m;
  },
  "Pipfile.lock": (dir) => {
    const m: Locked = new Map();
    const doc = JSON.parse(readFileSync(join(dir, "Pipfile.lock"), "utf8")) as Record<
      string,
      Record<string, T>
    >;
    for (const [section, entries] of Object.entries(doc)) {
      if (section === "_meta") continue;
      for (const [name, e] of Object.entries(entries))
        add(
          m,
          name,
          (e.version as string).replace(/^==/, ""),
          ((e.hashes as string[]) ?? []).map((h) => h.slice(h.indexOf(":") + 1)),
        );
    }
    return m;
  },
  "pylock.toml": (dir) => {
    const m: Locked = new Map();
    const values = (x: unknown): string[] =>
      Object.values(((x as T | undefined)?.hashes as T | undefined) ?? {}) as string[];
    for (const p of (parseToml(readFileSync(join(dir, "pylock.toml"), "utf8")) as T).packages as T[])
      add(m, p.name as string, p.version as string, [
        ...values(p.sdist),
        ...((p.wheels as T[] | undefined) ?? []).flatMap(values),
      ]);
    return m;
  },
  "requirements.txt": (dir) => {
    const m: Locked = new Map();
    const text = readFileSync(join(dir, "requirements.txt"), "utf8");
    // pip-compile output: `name==version \` followed by `--hash=sha256:…` lines.
    for (const block of text.split(/\n(?=[A-Za-z0-9])/)) {
      const head = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)/.exec(block);
      if (head)
        add(
          m,
          head[1]!,
          head[2]!,
          [...block.matchAll(/--hash=sha256:([0-9a-f]{64})/g)].map((x) => x[1]!),
        );
    }
    return m;
  },
};

interface Case {
  readonly id: string;
  readonly lock: keyof typeof READERS;
  /** The described root: name@version; `inLock` when the lock itself lists it. */
  readonly root: string;
  readonly inLock: boolean;
  /** Hand-checked edges: [from, type, to, comment]. */
  readonly edges: readonly [
    string,
    "DEPENDS_ON" | "DEV_DEPENDENCY_OF" | "OPTIONAL_DEPENDENCY_OF",
    string,
    string | undefined,
  ][];
  /** Packages and purls checked by hand. */
  readonly purls?: readonly [string, string][];
}

const CASES: readonly Case[] = [
  {
    id: "uv-flask",
    lock: "uv.lock",
    root: "flask@3.2.0.dev0",
    inLock: true,
    edges: [
      ["flask", "DEPENDS_ON", "werkzeug", undefined],
      ["click", "DEPENDS_ON", "colorama", 'marker: sys_platform == "win32"'],
      ["asgiref", "OPTIONAL_DEPENDENCY_OF", "flask", "group: async"],
      ["pytest", "DEV_DEPENDENCY_OF", "flask", "group: tests"],
      ["sphinx@8.1.3", "DEV_DEPENDENCY_OF", "flask", 'group: docs; marker: python_full_version < "3.11"'],
      ["sphinx@8.2.3", "DEV_DEPENDENCY_OF", "flask", 'group: docs; marker: python_full_version >= "3.11"'],
    ],
  },
  {
    id: "uv-pydantic",
    lock: "uv.lock",
    root: "pydantic@",
    inLock: true,
    edges: [
      ["pydantic", "DEPENDS_ON", "pydantic-core", undefined],
      ["pydantic", "DEPENDS_ON", "annotated-types", undefined],
      ["email-validator", "OPTIONAL_DEPENDENCY_OF", "pydantic", "group: email"],
      ["pydantic-docs", "DEV_DEPENDENCY_OF", "pydantic", "group: docs"],
    ],
    purls: [
      [
        "pydantic-docs",
        "pkg:pypi/pydantic-docs@0.0.1?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fpydantic%2Fpydantic-docs%406f657b30593b00cf5f7c0b7eca74e83b3b6b7819",
      ],
      ["pydantic-core", "pkg:pypi/pydantic-core"],
    ],
  },
  {
    id: "uv-saleor",
    lock: "uv.lock",
    root: "saleor@3.24.0a0",
    inLock: true,
    edges: [
      ["saleor", "DEPENDS_ON", "celery", undefined],
      ["saleor", "DEPENDS_ON", "asgiref", undefined],
    ],
  },
  {
    id: "poetry-poetry",
    lock: "poetry.lock",
    root: "poetry@2.5.0.dev0",
    inLock: false,
    edges: [
      ["poetry", "DEPENDS_ON", "poetry-core", undefined],
      ["poetry", "DEPENDS_ON", "build", undefined],
      ["cachecontrol", "DEPENDS_ON", "filelock", 'marker: extra == "filecache"'],
      ["anyio", "DEPENDS_ON", "exceptiongroup", 'marker: python_version < "3.11"'],
      ["pytest", "DEV_DEPENDENCY_OF", "poetry", "group: test"],
      ["mypy", "DEV_DEPENDENCY_OF", "poetry", "group: typing"],
    ],
    purls: [
      [
        "poetry-core",
        "pkg:pypi/poetry-core@2.4.1?vcs_url=git%2Bhttps:%2F%2Fgithub.com%2Fpython-poetry%2Fpoetry-core.git%40e3998b0e111dc03e4aa721fd054c48e5c7de6fc5",
      ],
    ],
  },
  {
    id: "poetry-textual",
    lock: "poetry.lock",
    root: "textual@8.2.8",
    inLock: false,
    edges: [
      ["textual", "DEPENDS_ON", "rich", undefined],
      ["tree-sitter", "OPTIONAL_DEPENDENCY_OF", "textual", 'group: syntax; marker: python_version >= "3.10"'],
      ["pytest", "DEV_DEPENDENCY_OF", "textual", "group: dev"],
    ],
  },
  {
    id: "pdm-pdm",
    lock: "pdm.lock",
    root: "pdm@",
    inLock: false,
    edges: [
      ["pdm", "DEPENDS_ON", "hishel", undefined],
      ["hishel", "DEPENDS_ON", "httpx", 'marker: extra == "httpx"'],
      ["hishel", "DEPENDS_ON", "msgpack", undefined],
      ["pytest", "OPTIONAL_DEPENDENCY_OF", "pdm", "group: pytest"],
      ["pytest-cov", "DEV_DEPENDENCY_OF", "pdm", "group: test"],
    ],
  },
  {
    id: "pipfile-pipenv",
    lock: "Pipfile.lock",
    root: "pipenv@",
    inLock: false,
    edges: [
      ["pipenv", "DEPENDS_ON", "pytest", 'group: default; marker: python_version >= "3.10"'],
      [
        "exceptiongroup@1.1.0",
        "DEV_DEPENDENCY_OF",
        "pipenv",
        'group: develop; marker: "dev" in dependency_groups and python_version >= "3.7"',
      ],
      [
        "pytest",
        "DEV_DEPENDENCY_OF",
        "pipenv",
        'group: develop; marker: "dev" in dependency_groups and python_version >= "3.10"',
      ],
    ],
  },
  {
    id: "pylock-pipenv",
    lock: "pylock.toml",
    root: "pipenv@",
    inLock: false,
    edges: [
      ["pipenv", "DEPENDS_ON", "pytz", undefined],
      ["arpeggio", "DEV_DEPENDENCY_OF", "pipenv", 'group: dev; marker: "dev" in dependency_groups'],
    ],
  },
  {
    id: "pylock-pydantic-people",
    lock: "pylock.toml",
    root: "pylock-pydantic-people@",
    inLock: false,
    edges: [
      ["pylock-pydantic-people", "DEPENDS_ON", "pydantic", undefined],
      [
        "pylock-pydantic-people",
        "DEPENDS_ON",
        "cffi",
        'marker: python_full_version >= "3.9" and platform_python_implementation != "PyPy"',
      ],
    ],
  },
  {
    id: "reqhash-sigstore",
    lock: "requirements.txt",
    root: "sigstore@4.5.0",
    inLock: true,
    edges: [
      ["sigstore", "DEPENDS_ON", "pydantic", undefined],
      ["pydantic", "DEPENDS_ON", "annotated-types", undefined],
      ["sigstore-models", "DEPENDS_ON", "pydantic", undefined],
    ],
  },
  {
    id: "reqhash-warehouse-main",
    lock: "requirements.txt",
    root: "reqhash-warehouse-main@",
    inLock: false,
    edges: [
      ["reqhash-warehouse-main", "DEPENDS_ON", "alembic", undefined],
      ["alembic-postgresql-enum", "DEPENDS_ON", "alembic", undefined],
      ["pyramid", "DEPENDS_ON", "setuptools", undefined],
      ["b2sdk", "DEPENDS_ON", "annotated-types", undefined],
    ],
  },
];

function originCount(id: string, key: string): number | undefined {
  const origin = readFileSync(join(FIXTURES, id, "ORIGIN.txt"), "utf8");
  const m = new RegExp(`\\b${key.replace(/[+]/g, "\\+")}=(\\d+)`).exec(origin);
  return m ? Number(m[1]) : undefined;
}

function checksumsByPair(doc: Document): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  for (const p of doc.packages) m.set(pairOf(p), new Set(p.checksums.map((c) => c.value)));
  return m;
}

describe("shared lockfile fixtures", () => {
  it("covers every fixture directory", () => {
    const ids = readFileSync(join(FIXTURES, "..", "..", "README.md"), "utf8");
    expect(ids).toContain("fixtures/lockfiles");
    expect(CASES.map((c) => c.id).sort()).toEqual([
      "pdm-pdm",
      "pipfile-pipenv",
      "poetry-poetry",
      "poetry-textual",
      "pylock-pipenv",
      "pylock-pydantic-people",
      "reqhash-sigstore",
      "reqhash-warehouse-main",
      "uv-flask",
      "uv-pydantic",
      "uv-saleor",
    ]);
  });

  describe.each(CASES)("$id", (c) => {
    const dir = join(FIXTURES, c.id);
    let doc: Document;
    let locked: Locked;

    it("the independent reading matches ORIGIN.txt", async () => {
      locked = READERS[c.lock]!(dir);
      expect(locked.size).toBe(originCount(c.id, "name+version"));
      const hashes = originCount(c.id, "hashes");
      if (hashes !== undefined) expect([...locked.values()].reduce((n, s) => n + s.size, 0)).toBe(hashes);
      doc = (await lockSbom(c.id, FIXTURES)).document;
    });

    it("lists exactly the locked (name, version) pairs, each once, plus the described root", () => {
      const expected = new Set(locked.keys());
      expected.add(c.root);
      const got = doc.packages.map(pairOf);
      expect(new Set(got).size).toBe(got.length);
      expect(new Set(got)).toEqual(expected);
      expect(doc.packages.length).toBe(locked.size + (c.inLock ? 0 : 1));
      const root = rootOf(doc);
      expect(pairOf(root)).toBe(c.root);
      expect(root.purpose).toBe("APPLICATION");
      expect(doc.packages.filter((p) => p.purpose === "LIBRARY")).toHaveLength(doc.packages.length - 1);
    });

    it("keeps every artifact hash of every locked package", () => {
      const got = checksumsByPair(doc);
      for (const [pair, hashes] of locked) expect(got.get(pair), pair).toEqual(hashes);
    });

    it("records the dependency graph (hand-checked edges) and reaches every package from the root", () => {
      for (const [from, type, to, comment] of c.edges)
        expect(edgeComments(doc, from, type, to), `${from} ${type} ${to}`).toContain(comment);
      const adj = new Map<string, string[]>();
      for (const r of doc.relationships) {
        if (r.type === "DESCRIBES") continue;
        const [a, b] = r.type === "DEPENDS_ON" ? [r.from, r.to] : [r.to, r.from];
        adj.set(a, [...(adj.get(a) ?? []), b]);
      }
      const seen = new Set([rootOf(doc).id]);
      const queue = [...seen];
      for (let i = 0; i < queue.length; i++)
        for (const n of adj.get(queue[i]!) ?? []) if (!seen.has(n) && seen.add(n)) queue.push(n);
      expect(seen.size).toBe(doc.packages.length);
    });

    it("gives every package a PyPI purl, its location and source; checks sample purls", () => {
      for (const p of doc.packages) {
        if (!p.properties.some((x) => x.name === "pysbom:lock:stand-in-root"))
          expect(p.purl, p.name).toMatch(/^pkg:pypi\//);
        if (p.purl) expect(p.purl).toContain(`pkg:pypi/${canonicalizeName(p.name)}`);
        expect(p.sourceInfo, p.name).toMatch(/^acquired from /);
        const locs = p.properties.filter((x) => x.name === "pysbom:location").map((x) => x.value);
        if (p.purpose === "LIBRARY")
          expect(locs, p.name).toContain(c.lock === "requirements.txt" ? "requirements.txt" : c.lock);
      }
      for (const [name, purl] of c.purls ?? []) expect(pkg(doc, name).purl).toBe(purl);
    });
  });
});
