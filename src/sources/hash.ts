// Streaming digests for files read through a Resolver.
import { createHash } from "node:crypto";
import type { Checksum, ChecksumAlgorithm } from "../model/index.js";

const NODE_NAMES: Partial<Record<ChecksumAlgorithm, string>> = {
  SHA1: "sha1",
  SHA224: "sha224",
  SHA256: "sha256",
  SHA384: "sha384",
  SHA512: "sha512",
  "SHA3-256": "sha3-256",
  "SHA3-384": "sha3-384",
  "SHA3-512": "sha3-512",
  MD5: "md5",
  "BLAKE2b-512": "blake2b512",
};

/**
 * Digests a stream of chunks with several algorithms at once (one pass), lowercase hex.
 * @example await hashStream(resolver.stream("a.py"), ["SHA1", "SHA256"])
 */
export async function hashStream(
  chunks: AsyncIterable<Uint8Array>,
  algorithms: readonly ChecksumAlgorithm[],
): Promise<{ checksums: Checksum[]; size: number }> {
  const hashes = algorithms.map((a) => {
    const name = NODE_NAMES[a];
    if (!name) throw new Error(`no digest implementation for ${a}`);
    return createHash(name);
  });
  let size = 0;
  for await (const c of chunks) {
    size += c.length;
    for (const h of hashes) h.update(c);
  }
  return {
    checksums: algorithms.map((algorithm, i) => ({ algorithm, value: hashes[i]!.digest("hex") })),
    size,
  };
}

/** Digests bytes already in memory. */
export function hashBytes(bytes: Uint8Array, algorithms: readonly ChecksumAlgorithm[]): Checksum[] {
  return algorithms.map((algorithm) => {
    const name = NODE_NAMES[algorithm];
    if (!name) throw new Error(`no digest implementation for ${algorithm}`);
    return { algorithm, value: createHash(name).update(bytes).digest("hex") };
  });
}

/**
 * Runs `fn` over `items` with at most `limit` in flight; results keep the input order.
 * @example await mapLimit(paths, 8, (p) => hashStream(r.stream(p), ["SHA256"]))
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
