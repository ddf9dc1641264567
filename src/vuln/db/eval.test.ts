// The exactness test of issue 8: every (name, version) pair of ../shared/fixtures/osv/eval/ must give exactly
// the advisory ids an independent implementation of the OSV algorithm computed over the PyPA database
// (including the invalid-version errors), and the ambiguous pairs must follow osv-matching.md's decisions.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evalDir, makeDb, pypaDir } from "../test-helpers/index.js";
import { VulnDb } from "./store.js";

interface Expected {
  readonly line: number;
  readonly package: string;
  readonly version: string;
  readonly ids?: string[];
  readonly error?: string;
}
interface Ambiguous {
  readonly line: number;
  readonly package: string;
  readonly version: string;
  readonly default: { readonly ids: string[] };
  readonly alternatives: Record<string, { readonly ids: string[] }>;
}
interface Annotated extends Expected {
  readonly category: string;
}

const expected = JSON.parse(readFileSync(join(evalDir, "eval-expected.json"), "utf8")) as Expected[];
const ambiguous = JSON.parse(readFileSync(join(evalDir, "eval-ambiguous.json"), "utf8")) as Ambiguous[];
const annotated = JSON.parse(readFileSync(join(evalDir, "eval-annotated.json"), "utf8")) as Annotated[];
const pairs = readFileSync(join(evalDir, "eval-pairs.txt"), "utf8")
  .split("\n")
  .filter((l) => l !== "")
  .map((l) => l.split("\t") as [string, string]);

let db: VulnDb;
let cleanup: () => void;

beforeAll(async () => {
  const t = await makeDb([pypaDir]);
  cleanup = t.cleanup;
  db = await VulnDb.open(t.dir);
});
afterAll(() => {
  db?.close();
  cleanup?.();
});

function idsOf(name: string, version: string): { ids: string[]; error?: string | undefined } {
  const r = db.queryPypi(name, version);
  return { ids: r.matches.map((m) => m.record.id).sort(), error: r.error };
}

describe("eval set (../shared/fixtures/osv/eval)", () => {
  it("pairs and expectations line up", () => {
    expect(expected).toHaveLength(pairs.length);
    expect(pairs).toHaveLength(321);
    expect(expected.map((e) => [e.package, e.version])).toEqual(pairs);
    expect(expected.filter((e) => e.error !== undefined)).toHaveLength(8);
  });

  it.each(expected.map((e) => [e.line, e.package, e.version, e] as const))(
    "line %i: %s %s",
    (_line, name, version, e) => {
      const got = idsOf(name, version);
      if (e.error !== undefined) {
        // Decision 5: an invalid query version is an error for that package, never "not affected".
        expect(got.error).toBe(e.error);
        expect(got.ids).toEqual([]);
      } else {
        expect(got.error).toBeUndefined();
        expect(got.ids).toEqual([...(e.ids ?? [])].sort());
      }
    },
  );

  it.each(ambiguous.map((a) => [a.line, a.package, a.version, a] as const))(
    "ambiguous line %i (%s %s) follows the decisions (default column)",
    (_line, name, version, a) => {
      expect(idsOf(name, version).ids).toEqual([...a.default.ids].sort());
    },
  );

  it("covers every category of the annotated set", () => {
    const categories = new Set(annotated.map((a) => a.category));
    for (const c of [
      "exact-introduced",
      "exact-fixed",
      "last-affected",
      "local-of-fixed",
      "epoch-1",
      "invalid-version",
    ])
      expect(categories).toContain(c);
    for (const a of annotated) {
      const e = expected.find((x) => x.line === a.line)!;
      expect(a.ids ?? null).toEqual(e.ids ?? null);
    }
  });
});
