// Reading the first and last bytes of a file, to tell what it is before reading it whole (an SBOM to
// decode, or a lockfile or archive for a cataloger).
import { open } from "node:fs/promises";

/**
 * Up to `bytes` bytes from the start and from the end of a regular file (the same bytes twice for a small
 * file), or undefined when it is not a readable file.
 * @example const ends = await readEnds("sbom.json", 65536)
 */
export async function readEnds(
  path: string,
  bytes: number,
): Promise<{ head: Uint8Array; tail: Uint8Array } | undefined> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, "r");
    const st = await handle.stat();
    if (!st.isFile()) return undefined;
    const head = Buffer.alloc(Math.min(bytes, st.size));
    await handle.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(bytes, st.size));
    await handle.read(tail, 0, tail.length, st.size - tail.length);
    return { head, tail };
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}
