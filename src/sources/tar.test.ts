import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sharedDir } from "../core/test-helpers/vectors.js";
import { decompressedChunks, readTar, sniffCompression, type TarEntry, type TarLimits } from "./tar.js";

const release = join(sharedDir, "fixtures/cpython/release");

// --- a tiny tar writer for hand-made archives (ustar headers, pax and GNU records) ---
function header(
  name: string,
  type: string,
  size: number,
  opts: { linkname?: string; prefix?: string; base256?: boolean } = {},
): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, "utf8");
  h.write("0000644\0", 100, "ascii");
  h.write("0000000\0", 108, "ascii");
  h.write("0000000\0", 116, "ascii");
  if (opts.base256) {
    h[124] = 0x80;
    let v = size;
    for (let i = 135; i > 124; i--) {
      h[i] = v % 256;
      v = Math.floor(v / 256);
    }
  } else h.write(`${size.toString(8).padStart(11, "0")}\0`, 124, "ascii");
  h.write("00000000000\0", 136, "ascii");
  h.write(type, 156, "ascii");
  if (opts.linkname) h.write(opts.linkname, 157, 100, "utf8");
  h.write("ustar\0", 257, "ascii");
  h.write("00", 263, "ascii");
  if (opts.prefix) h.write(opts.prefix, 345, 155, "utf8");
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return h;
}

function body(data: Buffer): Buffer {
  const pad = (512 - (data.length % 512)) % 512;
  return Buffer.concat([data, Buffer.alloc(pad)]);
}

function paxRecord(key: string, value: string): string {
  const rest = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(rest) + 1;
  while (`${len}${rest}`.length !== len) len = Buffer.byteLength(`${len}${rest}`);
  return `${len}${rest}`;
}

function member(name: string, data: Buffer, type = "0", opts: Parameters<typeof header>[3] = {}): Buffer {
  return Buffer.concat([header(name, type, data.length, opts), body(data)]);
}

const END = Buffer.alloc(1024);

async function* once(b: Buffer): AsyncIterable<Uint8Array> {
  yield b;
}

async function* pieces(b: Buffer, sizes: number[]): AsyncIterable<Uint8Array> {
  let off = 0;
  let i = 0;
  while (off < b.length) {
    const n = Math.max(1, sizes[i++ % sizes.length]!);
    yield b.subarray(off, off + n);
    off += n;
  }
}

async function list(
  chunks: AsyncIterable<Uint8Array>,
  limits?: TarLimits,
): Promise<(TarEntry & { sha256?: string })[]> {
  const out: (TarEntry & { sha256?: string })[] = [];
  await readTar(
    chunks,
    (e) => {
      const item: TarEntry & { sha256?: string } = { ...e };
      out.push(item);
      if (e.type !== "file") return undefined;
      const h = createHash("sha256");
      return {
        data: (c) => {
          h.update(c);
        },
        end: () => {
          item.sha256 = h.digest("hex");
        },
      };
    },
    limits,
  );
  return out;
}

const sha = (s: string | Buffer): string => createHash("sha256").update(s).digest("hex");

describe("readTar on the release fixtures", () => {
  const expected = [
    ["Python-3.99.1rc2", "directory"],
    ["Python-3.99.1rc2/Lib", "directory"],
    ["Python-3.99.1rc2/Lib/_foo.py", "file"],
    ["Python-3.99.1rc2/Lib/ensurepip", "directory"],
    ["Python-3.99.1rc2/Lib/ensurepip/_bundled", "directory"],
    ["Python-3.99.1rc2/Lib/ensurepip/_bundled/pip-99.0-py3-none-any.whl", "file"],
    ["Python-3.99.1rc2/Lib/foo.py", "file"],
    ["Python-3.99.1rc2/Lib/link.py", "symlink"],
    ["Python-3.99.1rc2/Lib/test", "directory"],
    ["Python-3.99.1rc2/Lib/test/test__x.py", "file"],
    ["Python-3.99.1rc2/Lib/test/test_x.py", "file"],
    ["Python-3.99.1rc2/Misc", "directory"],
    ["Python-3.99.1rc2/Misc/sbom.spdx.json", "file"],
    ["Python-3.99.1rc2/Modules", "directory"],
    ["Python-3.99.1rc2/Modules/expat", "directory"],
    ["Python-3.99.1rc2/Modules/expat/COPYING", "file"],
    ["Python-3.99.1rc2/Modules/expat/ascii.h", "file"],
    ["Python-3.99.1rc2/README.rst", "file"],
    ["Python-3.99.1rc2/Tools", "directory"],
    ["Python-3.99.1rc2/Tools/empty", "directory"],
    ["Python-3.99.1rc2/Tools/empty/.keep", "file"],
  ];

  it.each([
    ["ok/Python-3.99.1rc2.tgz", "gzip"],
    ["xz/Python-3.99.1rc2.tar.xz", "xz"],
  ] as const)("%s (%s)", async (file, compression) => {
    const bytes = readFileSync(join(release, file));
    expect(sniffCompression(bytes)).toBe(compression);
    const entries = await list(decompressedChunks(once(bytes), compression));
    expect(entries.map((e) => [e.name, e.type])).toEqual(expected);
    expect(entries.find((e) => e.type === "symlink")!.linkname).toBe("foo.py");
    const empty = entries.find((e) => e.name.endsWith(".keep"))!;
    expect(empty.sha256).toBe(sha(""));
    expect(entries.find((e) => e.name.endsWith("README.rst"))!.size).toBe(33);
  });
});

describe("readTar record kinds", () => {
  it("ustar prefix, pax path/linkpath/size, GNU long names and base-256 sizes", async () => {
    const longName = `${"d".repeat(120)}/${"f".repeat(150)}.txt`;
    const pax = Buffer.from(paxRecord("path", longName) + paxRecord("linkpath", "t".repeat(130)));
    const gnu = Buffer.from(`${"g".repeat(300)}\0`);
    const archive = Buffer.concat([
      member("name.c", Buffer.from("abc"), "0", { prefix: "some/prefix" }),
      member("PaxHeader", pax, "x"),
      member("placeholder", Buffer.alloc(0), "2"),
      member("././@LongLink", gnu, "L"),
      member("short", Buffer.from("gnu"), "0"),
      member("big", Buffer.from("x".repeat(700)), "0", { base256: true }),
      member("dir/", Buffer.alloc(0), "\0"),
      member("café ünï.h", Buffer.from("é"), "0"),
      member("hard", Buffer.alloc(0), "1", { linkname: "name.c" }),
      END,
    ]);
    const entries = await list(once(archive));
    expect(entries.map((e) => [e.name, e.type, e.size])).toEqual([
      ["some/prefix/name.c", "file", 3],
      [longName, "symlink", 0],
      ["g".repeat(300), "file", 3],
      ["big", "file", 700],
      ["dir", "directory", 0],
      ["café ünï.h", "file", 2],
      ["hard", "hardlink", 0],
    ]);
    expect(entries[1]!.linkname).toBe("t".repeat(130));
    expect(entries[3]!.sha256).toBe(sha("x".repeat(700)));
  });

  it("pax global records apply to every later member; local ones to the next only", async () => {
    const archive = Buffer.concat([
      member("g", Buffer.from(paxRecord("comment", "hi")), "g"),
      member("x", Buffer.from(paxRecord("size", "5")), "x"),
      header("a", "0", 0),
      body(Buffer.from("hello")),
      member("b", Buffer.from("!"), "0"),
      END,
    ]);
    const entries = await list(once(archive));
    expect(entries.map((e) => [e.name, e.size, e.sha256])).toEqual([
      ["a", 5, sha("hello")],
      ["b", 1, sha("!")],
    ]);
  });

  it("any split of the input gives the same members and digests", async () => {
    const archive = Buffer.concat([
      member("a", Buffer.from("1".repeat(1000))),
      member("x", Buffer.from(paxRecord("path", "p".repeat(200))), "x"),
      member("b", Buffer.from("2".repeat(513))),
      member("c", Buffer.alloc(0)),
      END,
    ]);
    const whole = await list(once(archive));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 1100 }), { minLength: 1, maxLength: 8 }),
        async (sizes) => {
          expect(await list(pieces(archive, sizes))).toEqual(whole);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("stops at the end-of-archive blocks and ignores what follows", async () => {
    const archive = Buffer.concat([member("a", Buffer.from("x")), END, Buffer.from("trailing garbage")]);
    expect((await list(once(archive))).map((e) => e.name)).toEqual(["a"]);
  });
});

describe("readTar refuses bad and oversized input", () => {
  it.each([
    [
      "not a tar archive",
      Buffer.concat([Buffer.from("hello world".padEnd(512, "x")), END]),
      /not a tar archive/,
    ],
    [
      "corrupt header",
      Buffer.concat([member("a", Buffer.from("x")), Buffer.from("y".repeat(512)), END]),
      /corrupt tar header/,
    ],
    ["truncated", member("a", Buffer.from("x".repeat(600))).subarray(0, 700), /truncated tar archive/],
    ["empty", Buffer.alloc(0), /empty or not a tar archive/],
  ])("%s", async (_name, archive, message) => {
    await expect(list(once(archive))).rejects.toMatchObject({ code: "INPUT_UNREADABLE", message });
  });

  it.each([
    [{ maxEntries: 1 }, /more than 1 members/],
    [{ maxTotalBytes: 10 }, /more than 10 bytes/],
    [{ maxMetaBytes: 10 }, /metadata record larger than 10 bytes/],
  ])("limits %j", async (limits, message) => {
    const archive = Buffer.concat([
      member("x", Buffer.from(paxRecord("path", "long-enough-path")), "x"),
      member("a", Buffer.from("0123456789")),
      member("b", Buffer.from("0123456789")),
      END,
    ]);
    await expect(list(once(archive), limits)).rejects.toMatchObject({ code: "LIMIT_EXCEEDED", message });
  });

  it("corrupt gzip data is unreadable input", async () => {
    const gz = gzipSync(Buffer.concat([member("a", Buffer.from("x")), END]));
    gz[gz.length - 5]! ^= 0xff;
    await expect(list(decompressedChunks(once(gz), "gzip", "bad.tgz"))).rejects.toMatchObject({
      code: "INPUT_UNREADABLE",
      message: /bad\.tgz: cannot decompress \(gzip\)/,
    });
  });

  it("corrupt xz data is unreadable input", async () => {
    const xz = Buffer.from(readFileSync(join(release, "xz/Python-3.99.1rc2.tar.xz")));
    xz.fill(0x41, 40, 400);
    await expect(list(decompressedChunks(once(xz), "xz", "bad.tar.xz"))).rejects.toMatchObject({
      code: "INPUT_UNREADABLE",
    });
  });

  it("sniffCompression knows gzip and xz only", () => {
    expect(sniffCompression(Buffer.from([0x1f, 0x8b, 8]))).toBe("gzip");
    expect(sniffCompression(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0]))).toBe("xz");
    expect(sniffCompression(Buffer.from("BZh91AY"))).toBeUndefined();
  });
});
