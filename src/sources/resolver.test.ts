import { appendFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { hashStream, mapLimit } from "./hash.js";
import { DirectoryResolver, type Entry } from "./resolver.js";

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), "pysbom-resolver-"));
  root = join(base, "root");
  mkdirSync(join(root, "a/b"), { recursive: true });
  writeFileSync(join(root, "a/b/file.txt"), "hello\n");
  writeFileSync(join(root, "top.txt"), "x".repeat(100));
  writeFileSync(join(base, "secret.txt"), "outside");
  symlinkSync(join(base, "secret.txt"), join(root, "out-link"));
  symlinkSync(base, join(root, "out-dir"));
  symlinkSync("a/b/file.txt", join(root, "in-link"));
  symlinkSync("..", join(root, "a/b/up")); // a loop back to a/
  symlinkSync("nowhere", join(root, "dangling"));
});

async function all(r: DirectoryResolver): Promise<Entry[]> {
  const out: Entry[] = [];
  for await (const e of r.walk()) out.push(e);
  return out;
}

describe("DirectoryResolver", () => {
  it("walks every entry once, follows links inside the root and never outside", async () => {
    const entries = await all(new DirectoryResolver(root));
    const byPath = Object.fromEntries(entries.map((e) => [e.path, e]));
    expect(byPath["a/b/file.txt"]).toMatchObject({ kind: "file", size: 6 });
    expect(byPath["in-link"]).toMatchObject({ kind: "file", link: true });
    expect(byPath["out-link"]).toMatchObject({ kind: "symlink", unfollowed: "outside-root" });
    expect(byPath["out-dir"]).toMatchObject({ kind: "symlink", unfollowed: "outside-root" });
    expect(byPath.dangling).toMatchObject({ kind: "symlink", unfollowed: "dangling" });
    expect(byPath["a/b/up"]).toMatchObject({ kind: "symlink", unfollowed: "loop" });
    expect(entries.some((e) => e.path.includes("secret"))).toBe(false);
    expect(new Set(entries.map((e) => e.path)).size).toBe(entries.length);
  });

  it("refuses to read through links out of the root or paths that escape it", async () => {
    const r = new DirectoryResolver(root);
    await expect(r.readText("out-link")).rejects.toMatchObject({ code: "INPUT_UNREADABLE" });
    await expect(r.readText("../secret.txt")).rejects.toMatchObject({ code: "INPUT_UNREADABLE" });
    await expect(r.readText("out-dir/secret.txt")).rejects.toMatchObject({ code: "INPUT_UNREADABLE" });
    expect(await r.stat("out-link")).toBeUndefined();
    expect(await r.readText("in-link")).toBe("hello\n");
  });

  it("bounds reads", async () => {
    const r = new DirectoryResolver(root);
    await expect(r.readBytes("top.txt", { maxBytes: 10 })).rejects.toMatchObject({ code: "LIMIT_EXCEEDED" });
    await expect(r.readBytes("missing")).rejects.toMatchObject({ code: "INPUT_NOT_FOUND" });
    await expect(r.readBytes("a")).rejects.toMatchObject({ code: "INPUT_UNREADABLE" });
  });

  it("stops a walk past the entry limit", async () => {
    const r = new DirectoryResolver(root);
    await expect(
      (async () => {
        for await (const _ of r.walk({ maxEntries: 2 })) {
          // consume
        }
      })(),
    ).rejects.toMatchObject({ code: "LIMIT_EXCEEDED" });
  });

  it("reads empty files, streams, link targets; refuses a file that grows past the bound while read", async () => {
    const r = new DirectoryResolver(root);
    writeFileSync(join(root, "empty"), "");
    expect(Buffer.from(await r.readBytes("empty"))).toEqual(Buffer.alloc(0));
    const chunks: Uint8Array[] = [];
    for await (const c of r.stream("top.txt")) chunks.push(c);
    expect(Buffer.concat(chunks).toString()).toBe("x".repeat(100));
    expect(await r.linkTarget("in-link")).toBe("a/b/file.txt");
    const dir = mkdtempSync(join(tmpdir(), "pysbom-resolver-"));
    writeFileSync(join(dir, "f"), "abc");
    const g = new DirectoryResolver(dir);
    expect(await g.stat("f")).toMatchObject({ size: 3 });
    appendFileSync(join(dir, "f"), "defgh");
    await expect(g.readBytes("f", { maxBytes: 5 })).rejects.toMatchObject({ code: "LIMIT_EXCEEDED" });
    expect(Buffer.from(await g.readBytes("f")).toString()).toBe("abcdefgh");
    await expect(new DirectoryResolver(join(base, "nope")).list("")).rejects.toMatchObject({
      code: "INPUT_NOT_FOUND",
    });
  });

  it("digests small and large files the same way as a stream", async () => {
    const r = new DirectoryResolver(root);
    writeFileSync(join(root, "big.bin"), Buffer.alloc(600 * 1024, 7));
    for (const p of ["a/b/file.txt", "big.bin", "empty"]) {
      const viaStream = await hashStream(r.stream(p), ["SHA256"]);
      expect(await r.digest(p, ["SHA256"]), p).toEqual(viaStream);
    }
  });

  it("hashes streams", async () => {
    const r = new DirectoryResolver(root);
    const { checksums, size } = await hashStream(r.stream("a/b/file.txt"), ["SHA1", "SHA256"]);
    expect(size).toBe(6);
    expect(checksums).toEqual([
      { algorithm: "SHA1", value: "f572d396fae9206628714fb2ce00f72e94f2258f" },
      { algorithm: "SHA256", value: "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03" },
    ]);
    expect(await mapLimit([3, 1, 2], 2, async (x) => x * 2)).toEqual([6, 2, 4]);
  });
});
