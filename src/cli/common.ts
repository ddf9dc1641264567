// Helpers shared by the CLI commands: the injected clock, input reading, option parsing.
import { PysbomError } from "../errors.js";
import { decodeUtf8 } from "../formats/json.js";
import { formatTimestamp } from "../model/index.js";
import { DEFAULT_MAX_INPUT_BYTES, readBoundedFile } from "../sources/file.js";
import type { Io } from "./io.js";

/** The creation time: `SOURCE_DATE_EPOCH` (reproducible builds) when set, else the clock. */
export function creationTime(io: Io): string {
  const epoch = io.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== "") {
    if (!/^\d{1,12}$/.test(epoch))
      throw new PysbomError(
        "USAGE",
        `SOURCE_DATE_EPOCH must be a whole number of seconds, found ${JSON.stringify(epoch)}`,
      );
    return formatTimestamp(new Date(Number(epoch) * 1000));
  }
  return formatTimestamp(io.now ? io.now() : new Date());
}

/** Reads an input document as text (`-` is standard input), bounded and strictly UTF-8. */
export async function readInputText(
  path: string,
  io: Io,
  maxBytes = DEFAULT_MAX_INPUT_BYTES,
): Promise<string> {
  let bytes: Uint8Array;
  if (path === "-") {
    if (!io.readStdin) throw new PysbomError("USAGE", "standard input is not available");
    bytes = await io.readStdin();
    if (bytes.length > maxBytes)
      throw new PysbomError("LIMIT_EXCEEDED", `standard input: larger than the input limit`);
  } else bytes = await readBoundedFile(resolvePath(io, path), maxBytes, path);
  return decodeUtf8(bytes, path === "-" ? "<stdin>" : path);
}

/** Resolves a user-given path against the CLI's working directory. */
export function resolvePath(io: Io, path: string): string {
  return path.startsWith("/") ? path : `${io.cwd.replace(/\/$/, "")}/${path}`;
}

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Parses `--max-input-size MB`. */
export function parseMegabytes(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) === 0)
    throw new PysbomError(
      "USAGE",
      `expected a positive whole number of megabytes, found ${JSON.stringify(value)}`,
    );
  return Number(value) * 1024 * 1024;
}

export { DEFAULT_MAX_INPUT_BYTES };
