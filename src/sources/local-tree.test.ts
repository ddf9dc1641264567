import { appendFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { LocalTreeResolver } from "./local-tree.js";
import { DirectoryResolver, type Entry, type Resolver } from "./resolver.js";

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), "pysbom-local-tree-"));
  root = join(base, "root");
  mkdirSync(join(root, "a/b"), { recursive: true });
  writeFileSync(join(root, "a/b/file.txt"), "hello\n");
  writeFileSync(join(root, "top.txt"), "x".repeat(100));
  writeFileSync(join(root, "empty"), "");
  writeFileSync(join(base, "secret.txt"), "outside");
  symlinkSync(join(base, "secret.txt"), join(root, "out-link"));
  symlinkSync(base, join(root, "out-dir"));
  symlinkSync("a/b/file.txt", join(root, "in-link"));
  symlinkSync("..", join(root, "a/b/up"));
  symlinkSync("nowhere", join(root, "dangling"));
});

async function all(r: Resolver, from?: string): Promise<Entry[]> {
  const out: Entry[] = [];
  for await (const e of r.walk({ from })) out.push(e);
  return out;
}

describe("LocalTreeResolver behaves as DirectoryResolver", () => {
  it("walks, lists and stats the same entries (links inside followed, never outside)", async () => {
    const fast = new LocalTreeResolver(root, "root");
    const slow = new DirectoryResolver(root, "root");
    expect(await all(fast)).toEqual(await all(slow));
    expect(await all(fast, "a")).toEqual(await all(slow, "a"));
    expect(await fast.list("")).toEqual(await slow.list(""));
    for (const p of ["in-link", "out-link", "dangling", "a", "a/b/file.txt", "missing"])
      expect(await fast.stat(p), p).toEqual(await slow.stat(p));
  });

  it("reads the same bytes and refuses the same paths with the same errors", async () => {
    const fast = new LocalTreeResolver(root, "root");
    const slow = new DirectoryResolver(root, "root");
    expect(await fast.readText("in-link")).toBe("hello\n");
    expect(Buffer.from(await fast.readBytes("empty"))).toEqual(Buffer.alloc(0));
    const chunks: Uint8Array[] = [];
    for await (const c of fast.stream("top.txt")) chunks.push(c);
    expect(Buffer.concat(chunks).toString()).toBe("x".repeat(100));
    for (const [p, max] of [
      ["out-link", undefined],
      ["../secret.txt", undefined],
      ["out-dir/secret.txt", undefined],
      ["missing", undefined],
      ["a", undefined],
      ["top.txt", 10],
    ] as const) {
      const a = await fast.readBytes(p, { maxBytes: max }).catch((e) => e);
      const b = await slow.readBytes(p, { maxBytes: max }).catch((e) => e);
      expect([a.code, a.message], p).toEqual([b.code, b.message]);
    }
    expect(await fast.linkTarget("in-link")).toBe("a/b/file.txt");
  });

  it("a file that grows past the bound while read is refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pysbom-local-tree-"));
    writeFileSync(join(dir, "f"), "abc");
    const r = new LocalTreeResolver(dir);
    appendFileSync(join(dir, "f"), "defgh");
    await expect(r.readBytes("f", { maxBytes: 5 })).rejects.toMatchObject({ code: "LIMIT_EXCEEDED" });
    expect(Buffer.from(await r.readBytes("f")).toString()).toBe("abcdefgh");
  });

  it("bounds walks", async () => {
    const r = new LocalTreeResolver(root);
    const exhaust = async (): Promise<void> => {
      for await (const _ of r.walk({ maxEntries: 2 })) {
        // keep going until the bound trips
      }
    };
    await expect(exhaust()).rejects.toMatchObject({ code: "LIMIT_EXCEEDED" });
    await expect(new LocalTreeResolver(join(base, "nope")).list("")).rejects.toMatchObject({
      code: "INPUT_NOT_FOUND",
    });
  });
});
