// Whatever a document contains, validate answers with findings (or a PysbomError for input it cannot
// read), never an exception: fast-check replaces random members of clean documents with random JSON.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPysbomError } from "../errors.js";
import { validateSbom } from "./index.js";

const bases = ["base.spdx.json", "base-2.2.spdx.json", "base.cdx.json", "base-1.4.cdx.json"].map((f) => [
  f,
  JSON.parse(readFileSync(join(import.meta.dirname, "testdata/corpus/bases", f), "utf8")) as unknown,
]);

type Json = unknown;

function paths(
  v: Json,
  at: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => void paths(x, [...at, i], out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

function replaced(doc: Json, path: (string | number)[], value: Json): Json {
  if (path.length === 0) return value;
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

describe.each(bases)("random damage to %s", (_name, base) => {
  const all = paths(base).filter((p) => p.length > 0);
  it("gives findings, never an exception", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(all.length - 1), fc.jsonValue({ maxDepth: 3 })), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.constantFrom<("ntia" | "cisa-2025" | "bsi-tr-03183-2")[]>(
          [],
          ["ntia"],
          ["ntia", "cisa-2025", "bsi-tr-03183-2"],
        ),
        (edits, profiles) => {
          let doc = base;
          for (const [i, value] of edits) {
            try {
              doc = replaced(doc, all[i]!, value);
            } catch {
              // the path no longer exists after an earlier edit
            }
          }
          try {
            const r = validateSbom(JSON.stringify(doc), { profiles });
            for (const f of r.findings) {
              expect(typeof f.code).toBe("string");
              expect(f.path === "" || f.path.startsWith("/")).toBe(true);
            }
          } catch (e) {
            expect(isPysbomError(e), String(e)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("random damage to base.spdx (tag-value)", () => {
  const lines = readFileSync(join(import.meta.dirname, "testdata/corpus/bases/base.spdx"), "utf8").split(
    "\n",
  );
  it("gives findings or a PysbomError, never an exception", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom("drop", "copy", "value", "tag"),
            fc.nat(lines.length - 1),
            fc.string({ maxLength: 20 }),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        (edits) => {
          const doc = [...lines];
          for (const [op, i, s] of edits) {
            if (i >= doc.length) continue;
            const line = doc[i]!;
            const colon = line.indexOf(":");
            if (op === "drop") doc.splice(i, 1);
            else if (op === "copy") doc.splice(i, 0, line);
            else if (op === "value" && colon > 0) doc[i] = `${line.slice(0, colon)}: ${s}`;
            else if (op === "tag" && colon > 0) doc[i] = `${s}${line.slice(colon)}`;
          }
          try {
            validateSbom(doc.join("\n"), { profiles: ["ntia"] });
          } catch (e) {
            expect(isPysbomError(e), String(e)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
