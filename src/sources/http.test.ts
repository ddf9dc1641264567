import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { download, fetchJson } from "./http.js";

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/json") {
      res.setHeader("content-type", "application/json");
      res.end('{"info": {"name": "pip"}}');
    } else if (req.url === "/notjson") res.end("<html>");
    else if (req.url === "/file") {
      if (req.headers["if-none-match"] === '"v1"') {
        res.statusCode = 304;
        res.end();
        return;
      }
      res.setHeader("etag", '"v1"');
      res.setHeader("content-length", "11");
      res.end("hello world");
    } else if (req.url === "/slow") {
      // never answers
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

describe("http (against a local server on 127.0.0.1)", () => {
  it("fetches JSON", async () => {
    expect(await fetchJson(`${base}/json`)).toEqual({ info: { name: "pip" } });
  });

  it.each([
    ["/missing", /HTTP 404/],
    ["/notjson", /not JSON/],
  ])("%s fails with a NETWORK error naming the URL", async (path, message) => {
    await expect(fetchJson(`${base}${path}`)).rejects.toMatchObject({
      code: "NETWORK",
      message: expect.stringMatching(message),
    });
  });

  it("times out", async () => {
    await expect(fetchJson(`${base}/slow`, { timeoutMs: 200 })).rejects.toMatchObject({
      code: "NETWORK",
      message: expect.stringMatching(/timed out/),
    });
  });

  it("bounds the body", async () => {
    await expect(fetchJson(`${base}/json`, { maxBytes: 5 })).rejects.toMatchObject({
      code: "LIMIT_EXCEEDED",
    });
  });

  it("downloads with progress, then gets 304 with the validators", async () => {
    const dest = join(mkdtempSync(join(tmpdir(), "pysbom-http-")), "f");
    const seen: number[] = [];
    const first = await download(`${base}/file`, dest, { onProgress: (n) => seen.push(n) });
    expect(first).toMatchObject({ changed: true, bytes: 11, validators: { etag: '"v1"' } });
    expect(readFileSync(dest, "utf8")).toBe("hello world");
    expect(seen.at(-1)).toBe(11);
    const second = await download(`${base}/file`, dest, { validators: first.validators });
    expect(second.changed).toBe(false);
    expect(readFileSync(dest, "utf8")).toBe("hello world");
  });

  it("refuses to connect where nothing listens", async () => {
    await expect(fetchJson("http://127.0.0.1:9/x", { timeoutMs: 2000 })).rejects.toMatchObject({
      code: "NETWORK",
    });
  });
});
