// Reading whole input files with a size bound: the edge where bytes enter pysbom.
import { open } from "node:fs/promises";
import { PysbomError } from "../errors.js";

/** Default largest input document read into memory (bytes). */
export const DEFAULT_MAX_INPUT_BYTES = 256 * 1024 * 1024;

/**
 * Reads a regular file completely, refusing anything larger than `maxBytes` (the check is made on the
 * bytes actually read, so a growing file or a device cannot exceed it).
 * @example const bytes = await readBoundedFile("sbom.json")
 */
export async function readBoundedFile(
  path: string,
  maxBytes = DEFAULT_MAX_INPUT_BYTES,
  display: string = path,
): Promise<Uint8Array> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new PysbomError("INPUT_NOT_FOUND", `${display}: no such file`, {
        cause,
        location: { file: display },
      });
    throw new PysbomError("INPUT_UNREADABLE", `${display}: cannot open (${code ?? String(cause)})`, {
      cause,
      location: { file: display },
    });
  }
  try {
    const st = await handle.stat();
    if (st.isDirectory())
      throw new PysbomError("INPUT_UNREADABLE", `${display}: is a directory, expected a file`, {
        location: { file: display },
      });
    if (st.size > maxBytes) throw tooLarge(display, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(display, maxBytes);
      chunks.push(Buffer.from(buf.subarray(0, bytesRead)));
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

function tooLarge(display: string, maxBytes: number): PysbomError {
  return new PysbomError(
    "LIMIT_EXCEEDED",
    `${display}: larger than the ${Math.round(maxBytes / 1024 / 1024)} MiB input limit (raise it with --max-input-size)`,
    { location: { file: display } },
  );
}
