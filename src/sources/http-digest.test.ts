import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchSha256 } from "./http-digest.js";

let server: Server;
let base: string;
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? "";
    hits.set(url, (hits.get(url) ?? 0) + 1);
    if (url === "/archive.tar.gz") res.end(Buffer.alloc(3 * 1024 * 1024, 7));
    else if (url === "/flaky" && hits.get(url)! < 3) {
      res.statusCode = 503;
      res.end("busy");
    } else if (url === "/flaky") res.end("finally");
    else if (url === "/redirect") {
      res.statusCode = 302;
      res.setHeader("location", "/archive.tar.gz");
      res.end();
    } else {
      res.statusCode = 404;
      res.end("no");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

describe("fetchSha256 (against a local server on 127.0.0.1)", () => {
  it("hashes a streamed body, following redirects", async () => {
    const want = sha(Buffer.alloc(3 * 1024 * 1024, 7));
    expect(await fetchSha256(`${base}/archive.tar.gz`)).toBe(want);
    expect(await fetchSha256(`${base}/redirect`)).toBe(want);
  });

  it("retries 5xx answers with backoff", async () => {
    expect(await fetchSha256(`${base}/flaky`, { backoffMs: 1 })).toBe(sha("finally"));
    expect(hits.get("/flaky")).toBe(3);
  });

  it("a 404 fails at once with CPython's wording", async () => {
    await expect(fetchSha256(`${base}/missing`, { backoffMs: 1 })).rejects.toMatchObject({
      code: "NETWORK",
      message: `Couldn't access URL: ${base}/missing (HTTP 404)`,
    });
    expect(hits.get("/missing")).toBe(1);
  });

  it("refuses bodies over the limit", async () => {
    await expect(fetchSha256(`${base}/archive.tar.gz`, { maxBytes: 1000 })).rejects.toMatchObject({
      code: "LIMIT_EXCEEDED",
    });
  });

  it("a closed port is a NETWORK error after the attempts", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(
      fetchSha256(`http://127.0.0.1:${port}/x`, { attempts: 2, backoffMs: 1 }),
    ).rejects.toMatchObject({
      code: "NETWORK",
      message: /^Couldn't access URL: http:\/\/127\.0\.0\.1:\d+\/x \(/,
    });
  });
});
