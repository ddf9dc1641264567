// Digest of a download without keeping it: what generate_sbom.py does when a vendored package's
// `checksums` are missing (or always under CI): GET `downloadLocation`, retry transient failures with
// backoff, hash the body as it streams. Bounded in size and time.
import { createHash } from "node:crypto";
import { PysbomError } from "../errors.js";

/** Options of {@link fetchSha256}. */
export interface DigestOptions {
  /** Attempts for network errors and 5xx/429 answers (default 4; CPython tries 8). */
  readonly attempts?: number;
  /** First backoff delay in milliseconds, doubled each retry (default 1000). */
  readonly backoffMs?: number;
  /** Per-attempt timeout (default 10 minutes). */
  readonly timeoutMs?: number;
  /** Refuse bodies larger than this (default 2 GiB). */
  readonly maxBytes?: number;
  /** The fetch implementation (default: global fetch). */
  readonly fetch?: typeof fetch;
}

const USER_AGENT = "pysbom (+https://github.com/pysbom/pysbom)";

/**
 * SHA-256 (lowercase hex) of the body at `url`. A non-200 answer is a `NETWORK` error naming the URL
 * (CPython: "Couldn't access URL: …").
 * @example await fetchSha256("https://github.com/libexpat/libexpat/releases/download/R_2_7_1/expat-2.7.1.tar.gz")
 */
export async function fetchSha256(url: string, options: DigestOptions = {}): Promise<string> {
  const attempts = Math.max(1, options.attempts ?? 4);
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024 * 1024;
  const f = options.fetch ?? fetch;
  let lastError: PysbomError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1)
      await new Promise((r) => setTimeout(r, (options.backoffMs ?? 1000) * 2 ** (attempt - 2)));
    let res: Response;
    try {
      res = await f(url, {
        headers: { "user-agent": USER_AGENT },
        redirect: "follow",
        signal: AbortSignal.timeout(options.timeoutMs ?? 10 * 60_000),
      });
    } catch (cause) {
      const reason = ((cause as Error).cause as Error | undefined)?.message ?? (cause as Error).message;
      lastError = new PysbomError("NETWORK", `Couldn't access URL: ${url} (${reason})`, { cause });
      continue;
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      lastError = new PysbomError("NETWORK", `Couldn't access URL: ${url} (HTTP ${res.status})`);
      if (res.status >= 500 || res.status === 429) continue;
      throw lastError;
    }
    const hash = createHash("sha256");
    let total = 0;
    try {
      for await (const chunk of (res.body ?? []) as AsyncIterable<Uint8Array>) {
        total += chunk.length;
        if (total > maxBytes)
          throw new PysbomError("LIMIT_EXCEEDED", `GET ${url}: response larger than ${maxBytes} bytes`);
        hash.update(chunk);
      }
    } catch (cause) {
      if (cause instanceof PysbomError) throw cause;
      lastError = new PysbomError("NETWORK", `Couldn't access URL: ${url} (${(cause as Error).message})`, {
        cause,
      });
      continue;
    }
    return hash.digest("hex");
  }
  throw lastError ?? new PysbomError("NETWORK", `Couldn't access URL: ${url}`);
}
