// The network edge: bounded JSON GETs and streaming downloads with conditional requests (ETag /
// Last-Modified), on Node's fetch. Used by `generate` (PyPI metadata) and `db update`; tested against a
// local server on 127.0.0.1.
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { PysbomError } from "../errors.js";

/** Options shared by the HTTP helpers. */
export interface HttpOptions {
  /** Abort after this many milliseconds (default 60 s). */
  readonly timeoutMs?: number;
  /** Refuse bodies larger than this (default 64 MiB for JSON, 2 GiB for downloads). */
  readonly maxBytes?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** The fetch implementation (tests may inject one); default: global fetch. */
  readonly fetch?: typeof fetch;
}

const USER_AGENT = "pysbom (+https://github.com/pysbom/pysbom)";

async function request(url: string, options: HttpOptions): Promise<Response> {
  const f = options.fetch ?? fetch;
  try {
    return await f(url, {
      headers: { "user-agent": USER_AGENT, ...options.headers },
      redirect: "follow",
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
  } catch (cause) {
    const reason =
      (cause as Error).name === "TimeoutError"
        ? "timed out"
        : (((cause as Error).cause as Error | undefined)?.message ?? (cause as Error).message);
    throw new PysbomError("NETWORK", `GET ${url} failed: ${reason}`, { cause });
  }
}

async function* bodyChunks(res: Response, url: string, maxBytes: number): AsyncIterable<Uint8Array> {
  if (!res.body) return;
  let total = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes)
      throw new PysbomError("LIMIT_EXCEEDED", `GET ${url}: response larger than ${maxBytes} bytes`);
    yield chunk;
  }
}

/**
 * GETs a URL and parses the JSON body. HTTP errors and bad JSON are `NETWORK` errors naming the URL.
 * @example await fetchJson("https://pypi.org/pypi/pip/24.0/json")
 */
export async function fetchJson(url: string, options: HttpOptions = {}): Promise<unknown> {
  const res = await request(url, { ...options, headers: { accept: "application/json", ...options.headers } });
  if (res.status !== 200) {
    await res.body?.cancel();
    throw new PysbomError("NETWORK", `GET ${url}: HTTP ${res.status}`);
  }
  const chunks: Uint8Array[] = [];
  for await (const c of bodyChunks(res, url, options.maxBytes ?? 64 * 1024 * 1024)) chunks.push(c);
  const text = new TextDecoder().decode(Buffer.concat(chunks));
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new PysbomError("NETWORK", `GET ${url}: response is not JSON`, { cause });
  }
}

/** Validators from a previous download, for a conditional request. */
export interface CacheValidators {
  readonly etag?: string | undefined;
  readonly lastModified?: string | undefined;
}

/** What {@link download} did. */
export interface DownloadResult {
  /** False when the server said 304 Not Modified (the destination was left alone). */
  readonly changed: boolean;
  readonly bytes: number;
  readonly validators: CacheValidators;
}

/**
 * Streams a URL to `dest` (via a temporary file renamed into place), sending `If-None-Match` /
 * `If-Modified-Since` when validators are given. Reports progress as bytes arrive.
 * @example await download(url, "/cache/all.zip", { validators: { etag } })
 */
export async function download(
  url: string,
  dest: string,
  options: HttpOptions & {
    readonly validators?: CacheValidators;
    readonly onProgress?: (received: number, total: number | undefined) => void;
  } = {},
): Promise<DownloadResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.validators?.etag) headers["if-none-match"] = options.validators.etag;
  if (options.validators?.lastModified) headers["if-modified-since"] = options.validators.lastModified;
  const res = await request(url, { ...options, headers, timeoutMs: options.timeoutMs ?? 30 * 60_000 });
  const validators = {
    etag: res.headers.get("etag") ?? options.validators?.etag,
    lastModified: res.headers.get("last-modified") ?? options.validators?.lastModified,
  };
  if (res.status === 304) {
    await res.body?.cancel();
    return { changed: false, bytes: 0, validators };
  }
  if (res.status !== 200) {
    await res.body?.cancel();
    throw new PysbomError("NETWORK", `GET ${url}: HTTP ${res.status}`);
  }
  const lengthHeader = res.headers.get("content-length");
  const total = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
  const tmp = `${dest}.pysbom-${process.pid}.part`;
  const out = createWriteStream(tmp, { flags: "wx" });
  let received = 0;
  try {
    for await (const c of bodyChunks(res, url, options.maxBytes ?? 2 * 1024 * 1024 * 1024)) {
      received += c.length;
      if (!out.write(c)) await new Promise<void>((r) => out.once("drain", () => r()));
      options.onProgress?.(received, total);
    }
    await new Promise<void>((resolve, reject) =>
      out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
    await rename(tmp, dest);
  } catch (e) {
    out.destroy();
    await rm(tmp, { force: true });
    if (e instanceof PysbomError) throw e;
    throw new PysbomError("NETWORK", `GET ${url}: ${(e as Error).message}`, { cause: e });
  }
  return { changed: true, bytes: received, validators };
}
