import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  escapeToken,
  findDuplicateKeys,
  LineIndex,
  locatePointers,
  pointerTokens,
} from "./json-positions.js";

const TEXT = `{
  "a": 1,
  "b": [10, {"c~/d": "x\\"y", "e": null}],
  "a": 2,
  "s": "with \\\\ and \\" quotes",
  "n": {"k": true, "k": false, "x\\u0041": []}
}`;

describe("findDuplicateKeys", () => {
  it.each([
    ['{"a":1,"a":2}', [["/a", 7, 1]]],
    [
      '{"a":{"b":1,"b":2},"c":[{"d":0,"d":1}]}',
      [
        ["/a/b", 12, 6],
        ["/c/0/d", 31, 25],
      ],
    ],
    ['{"a":1,"b":2}', []],
    ["[]", []],
    ['"just a string"', []],
    ['{"x\\u0041":1,"xA":2}', [["/xA", 13, 1]]],
    ['{"a/b":1,"a/b":2}', [["/a~1b", 9, 1]]],
  ] as const)("%s", (text, want) => {
    expect(findDuplicateKeys(text).map((d) => [d.pointer, d.offset, d.firstOffset])).toEqual(want);
  });

  it("finds the repeated members in a realistic document", () => {
    expect(findDuplicateKeys(TEXT).map((d) => d.pointer)).toEqual(["/a", "/n/k"]);
  });

  it("finds duplicates in objects with many members", () => {
    const members = Array.from({ length: 100 }, (_, i) => `"m${i}": ${i}`);
    const text = `{${[...members, '"m5": 0', '"m99": 1'].join(",")}}`;
    expect(findDuplicateKeys(text).map((d) => [d.pointer, d.firstOffset])).toEqual([
      ["/m5", text.indexOf('"m5"')],
      ["/m99", text.indexOf('"m99"')],
    ]);
  });

  it("stops at the limit", () => {
    const text = `{${Array.from({ length: 50 }, () => '"k":1').join(",")}}`;
    expect(findDuplicateKeys(text, 10)).toHaveLength(10);
  });

  it("does not recurse: 100,000 levels of nesting", () => {
    const deep = `${"[".repeat(100_000)}{"a":1,"a":2}${"]".repeat(100_000)}`;
    expect(findDuplicateKeys(deep)[0]!.pointer).toBe(`${"/0".repeat(100_000)}/a`);
  });
});

describe("locatePointers", () => {
  // Where each pointer starts: a member's name, an element's value.
  it.each([
    ["", "{"],
    ["/a", '"a": 1'],
    ["/b", '"b"'],
    ["/b/0", "10,"],
    ["/b/1", '{"c~'],
    ["/b/1/c~0~1d", '"c~/d"'],
    ["/b/1/e", '"e"'],
    ["/s", '"s"'],
    ["/n/k", '"k": true'],
    ["/n/xA", '"x\\u0041"'],
  ] as const)("%s", (pointer, text) => {
    expect(locatePointers(TEXT, [pointer]).get(pointer)).toBe(TEXT.indexOf(text));
  });

  it("leaves out pointers that do not exist", () => {
    expect([...locatePointers(TEXT, ["/zz", "/b/7", "/a/0"]).keys()]).toEqual([]);
  });

  it("finds many pointers in one pass, the first of duplicate members", () => {
    const got = locatePointers(TEXT, ["/a", "/b/1/e", "/n"]);
    expect(Object.fromEntries(got)).toEqual({
      "/a": TEXT.indexOf('"a": 1'),
      "/b/1/e": TEXT.indexOf('"e"'),
      "/n": TEXT.indexOf('"n"'),
    });
  });

  it("agrees with JSON.parse on generated documents", () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), (text) => {
        const value = JSON.parse(text) as unknown;
        // Every path to a value: its located offset starts the value (or its member name).
        const paths: string[] = [];
        const walk = (v: unknown, p: string) => {
          paths.push(p);
          if (Array.isArray(v)) {
            for (let i = 0; i < v.length; i++) walk(v[i], `${p}/${i}`);
          } else if (v && typeof v === "object")
            for (const [k, x] of Object.entries(v)) walk(x, `${p}/${escapeToken(k)}`);
        };
        walk(value, "");
        const found = locatePointers(text, paths);
        for (const p of paths) {
          const at = found.get(p);
          expect(at).toBeDefined();
          const ch = text[at!] ?? "";
          expect(ch === '"' || /[-\d[{tfn]/.test(ch)).toBe(true);
        }
      }),
    );
  });
});

describe("LineIndex", () => {
  it("maps offsets to 1-based lines and columns", () => {
    const idx = new LineIndex("ab\ncd\r\n\nxyz");
    expect(idx.position(0)).toEqual({ offset: 0, line: 1, column: 1 });
    expect(idx.position(3)).toEqual({ offset: 3, line: 2, column: 1 });
    expect(idx.position(7)).toEqual({ offset: 7, line: 3, column: 1 });
    expect(idx.position(10)).toEqual({ offset: 10, line: 4, column: 3 });
    expect(idx.lineStart(4)).toBe(8);
  });
});

describe("pointer tokens", () => {
  it("round-trips escaping (RFC 6901)", () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 5 }), (tokens) => {
        const p = tokens.map((t) => `/${escapeToken(t)}`).join("");
        expect(pointerTokens(p)).toEqual(tokens);
      }),
    );
  });
});
