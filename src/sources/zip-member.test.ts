import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedDir } from "../core/test-helpers/vectors.js";
import { decompressedChunks, readTar } from "./tar.js";
import { readZipMember } from "./zip-member.js";

/** The pip wheel bundled in a release fixture, read with the tar reader. */
async function wheelOf(fixture: string): Promise<Buffer> {
  async function* chunks(): AsyncIterable<Uint8Array> {
    yield readFileSync(join(sharedDir, "fixtures/cpython/release", fixture, "Python-3.99.1rc2.tgz"));
  }
  let wheel = Buffer.alloc(0);
  await readTar(decompressedChunks(chunks(), "gzip"), (e) => {
    if (!e.name.endsWith(".whl")) return undefined;
    const parts: Buffer[] = [];
    return {
      data: (c) => parts.push(Buffer.from(c)),
      end: () => {
        wheel = Buffer.concat(parts);
      },
    };
  });
  return wheel;
}

describe("readZipMember", () => {
  it("reads pip/_vendor/vendor.txt out of the bundled wheel", async () => {
    const text = Buffer.from(
      (await readZipMember(await wheelOf("ok"), "pip/_vendor/vendor.txt"))!,
    ).toString();
    expect(text).toMatch(/CacheControl==0\.14\.2/);
  });

  it("undefined for a missing member", async () => {
    expect(await readZipMember(await wheelOf("ok"), "nope.txt")).toBeUndefined();
  });

  it("bounded", async () => {
    await expect(
      readZipMember(await wheelOf("ok"), "pip/_vendor/vendor.txt", { maxBytes: 3 }),
    ).rejects.toMatchObject({
      code: "LIMIT_EXCEEDED",
    });
  });

  it("a damaged archive is unreadable input", async () => {
    await expect(
      readZipMember(Buffer.from("PK\x03\x04 definitely not a zip"), "x", { display: "w.whl" }),
    ).rejects.toMatchObject({
      code: "INPUT_UNREADABLE",
      message: /^w\.whl: not a readable zip archive/,
    });
  });
});
