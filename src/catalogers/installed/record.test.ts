import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseEggLink, requiresTxtToRequiresDist } from "./egg-info.js";
import { parseCsv, parseInstalledFiles, parseRecord, recordDigestToHex, resolveUnder } from "./record.js";

// sha256 of the empty string, as RECORD writes it and as hex.
const EMPTY_B64 = "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU";
const EMPTY_HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

const RESOLVE: [base: string, written: string, want: string | undefined][] = [
  ["lib/python3.12/site-packages", "six.py", "lib/python3.12/site-packages/six.py"],
  ["lib/python3.12/site-packages", "../../../bin/pip", "bin/pip"],
  ["lib/python3.12/site-packages", "../../../../outside", undefined],
  ["", "../bin/pip", undefined],
  ["", "/usr/bin/pip", undefined],
  ["", "C:/Python/x.py", undefined],
  ["Lib/site-packages", "..\\..\\Scripts\\pip.exe", "Scripts/pip.exe"],
  ["", "a/./b//c.py", "a/b/c.py"],
  ["sp", "pkg/", "sp/pkg"],
];

describe("RECORD", () => {
  it("parses rows, digests (as hex on demand) and sizes", () => {
    const { entries, problems } = parseRecord(
      `six.py,sha256=${EMPTY_B64},0\nsix-1.17.0.dist-info/RECORD,,\n__pycache__/six.cpython-312.pyc,,\n`,
    );
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.path, e.hash, e.size, e.line])).toEqual([
      ["six.py", { algorithm: "SHA256", hex: EMPTY_HEX }, 0, 1],
      ["six-1.17.0.dist-info/RECORD", undefined, undefined, 2],
      ["__pycache__/six.cpython-312.pyc", undefined, undefined, 3],
    ]);
  });

  it("reads quoted paths (commas, quotes, CRLF) as Python's csv module writes them", () => {
    const text = `"a,b.py",sha256=${EMPTY_B64},0\r\n"say ""hi"".txt",,\r\nplain.py,,\r\n`;
    const { entries, problems } = parseRecord(text);
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.path, e.line])).toEqual([
      ["a,b.py", 1],
      ['say "hi".txt', 2],
      ["plain.py", 3],
    ]);
    expect(parseCsv('"multi\nline",x\n')).toEqual([{ fields: ["multi\nline", "x"], line: 1 }]);
  });

  it("reports what it cannot understand and keeps the path", () => {
    const { entries, problems } = parseRecord(
      "a.py,md4=abc,1\nb.py,sha256=tooshort,2\nc.py,,-5\n,,\nd.py,sha256=x,1,extra\n",
    );
    expect(entries.map((e) => [e.path, e.hash, e.badHash, e.size])).toEqual([
      ["a.py", undefined, "md4=abc", 1],
      ["b.py", undefined, "sha256=tooshort", 2],
      ["c.py", undefined, undefined, undefined],
      ["d.py", undefined, "sha256=x", 1],
    ]);
    expect(problems.map((p) => p.line)).toEqual([1, 2, 3, 4, 5, 5]);
  });

  it("knows every hashlib.algorithms_guaranteed digest RECORD may use", () => {
    const sha512 = Buffer.alloc(64, 1).toString("base64url");
    const { entries } = parseRecord(
      `x,sha512=${sha512},1\ny,SHA1=${Buffer.alloc(20).toString("base64url")},1\n`,
    );
    expect(entries[0]!.hash).toEqual({ algorithm: "SHA512", hex: "01".repeat(64) });
    expect(entries[1]!.hash).toEqual({ algorithm: "SHA1", hex: "00".repeat(20) });
  });

  it("accepts the hex digests Debian's dh-python writes", () => {
    const { entries, problems } = parseRecord(`blinker/__init__.py,sha256=${EMPTY_HEX.toUpperCase()},0\n`);
    expect(problems).toEqual([]);
    expect(entries[0]!.hash).toEqual({ algorithm: "SHA256", hex: EMPTY_HEX });
  });

  it("treats a claimed size as a number only (a 2 GB claim allocates nothing)", () => {
    const { entries } = parseRecord("big.bin,,2147483648\nhuge.bin,,99999999999999999999\n");
    expect(entries[0]!.size).toBe(2147483648);
    expect(entries[1]!.size).toBeUndefined();
  });

  it("resolves the path written against the site directory and refuses escapes", () => {
    const { entries } = parseRecord("../../../bin/pip,,\nok.py,,\n", (p) =>
      resolveUnder("lib/python3.12/site-packages", p),
    );
    expect(entries.map((e) => e.resolved)).toEqual(["bin/pip", "lib/python3.12/site-packages/ok.py"]);
  });

  it.each(RESOLVE)("resolveUnder(%j, %j) = %j", (base, written, want) => {
    expect(resolveUnder(base, written)).toBe(want);
  });

  it("reads back any rows written the way Python's csv module writes RECORD (property)", () => {
    // csv.writer quotes a field holding a comma, a quote or a line break, doubling quotes.
    const quote = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
    const path = fc
      .string({ minLength: 1, maxLength: 20 })
      .filter((p) => p.trim() !== "" && !/[\r\n]/.test(p));
    fc.assert(
      fc.property(fc.array(fc.tuple(path, fc.nat({ max: 1e9 })), { maxLength: 20 }), (rows) => {
        const text = rows.map(([p, n]) => `${quote(p)},sha256=${EMPTY_B64},${n}\r\n`).join("");
        const { entries, problems } = parseRecord(text);
        expect(problems).toEqual([]);
        expect(entries.map((e) => [e.path, e.size])).toEqual(rows);
      }),
    );
  });

  it("decodes URL-safe unpadded base64 digests", () => {
    expect(recordDigestToHex(EMPTY_B64)).toBe(EMPTY_HEX);
    expect(recordDigestToHex("not base64!")).toBeUndefined();
  });

  it("reads installed-files.txt", () => {
    expect(parseInstalledFiles("../six.py\r\nPKG-INFO\n\n  top_level.txt  \n")).toEqual([
      "../six.py",
      "PKG-INFO",
      "top_level.txt",
    ]);
  });
});

// Expected values are what importlib.metadata (Python 3.11) returns for the same requires.txt, except that
// comment lines are skipped (importlib passes them on as requirements, which then fail to parse).
const REQUIRES_TXT: [text: string, want: string[]][] = [
  ["idna>=2\n", ["idna>=2"]],
  ["a\n[socks]\nPySocks>=1.5.6,!=1.5.7\n", ["a", 'PySocks>=1.5.6,!=1.5.7; extra == "socks"']],
  ['[:python_version < "3.8"]\nimportlib-metadata\n', ['importlib-metadata; python_version < "3.8"']],
  [
    '[socks:sys_platform == "win32"]\nwin-inet-pton\n',
    ['win-inet-pton; (sys_platform == "win32") and extra == "socks"'],
  ],
  ["[url]\nfoo @ https://example.org/foo.whl\n", ['foo @ https://example.org/foo.whl ; extra == "url"']],
  ["# a comment\n\n  spaced  \n[[odd]]\nx\n", ["spaced", 'x; extra == "odd"']],
];

describe("egg-info", () => {
  it.each(REQUIRES_TXT)("requires.txt %j", (text, want) => {
    expect(requiresTxtToRequiresDist(text)).toEqual(want);
  });

  it("reads egg-link files", () => {
    expect(parseEggLink("/home/me/proj\n.\n")).toEqual({ target: "/home/me/proj", base: "." });
    expect(parseEggLink("/home/me/proj")).toEqual({ target: "/home/me/proj", base: "." });
    expect(parseEggLink("\n")).toBeUndefined();
  });
});
