// syft-style output selection: `-o FORMAT[=FILE]`, repeatable; stdout when no file is named.
import { lstat, rename, rm, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { PysbomError } from "../errors.js";
import type { Io } from "./io.js";

/** One requested output. */
export interface OutputSpec {
  readonly format: string;
  /** Absolute path, or undefined for stdout. */
  readonly file?: string | undefined;
}

/**
 * Parses `-o` values against the formats a command supports (first is the default when none is given).
 * At most one output may go to stdout.
 */
export function parseOutputs(values: readonly string[], allowed: readonly string[], io: Io): OutputSpec[] {
  const specs = (values.length > 0 ? values : [allowed[0]!]).map((v): OutputSpec => {
    const eq = v.indexOf("=");
    const format = eq < 0 ? v : v.slice(0, eq);
    const file = eq < 0 ? undefined : v.slice(eq + 1);
    if (!allowed.includes(format))
      throw new PysbomError(
        "USAGE",
        `unknown output format ${JSON.stringify(format)} (choose from: ${allowed.join(", ")})`,
      );
    if (file === "") throw new PysbomError("USAGE", `-o ${v}: missing file name after "="`);
    return { format, file: file === undefined || file === "-" ? undefined : resolve(io.cwd, file) };
  });
  if (specs.filter((s) => s.file === undefined).length > 1)
    throw new PysbomError(
      "USAGE",
      "only one output can go to standard output; name files with -o FORMAT=FILE",
    );
  return specs;
}

/** Writes text to the output: stdout, or the file (atomically, via a temporary file renamed into place). */
export async function writeOutput(spec: OutputSpec, text: string, io: Io): Promise<void> {
  if (spec.file === undefined) {
    io.stdout.write(text);
    return;
  }
  // A device, FIFO or link (/dev/null, /dev/stdout, a symlink) is written through, never replaced; a
  // regular file is replaced atomically via a temporary file.
  const existing = await lstat(spec.file).catch(() => undefined);
  if (existing && !existing.isFile()) {
    try {
      await writeFile(spec.file, text);
      return;
    } catch (cause) {
      throw new PysbomError("OUTPUT_UNWRITABLE", `cannot write ${spec.file}: ${(cause as Error).message}`, {
        cause,
      });
    }
  }
  const tmp = `${spec.file}.pysbom-${process.pid}.tmp`;
  try {
    await writeFile(tmp, text, { flag: "wx" });
    await rename(tmp, spec.file);
  } catch (cause) {
    await rm(tmp, { force: true });
    throw new PysbomError("OUTPUT_UNWRITABLE", `cannot write ${spec.file}: ${(cause as Error).message}`, {
      cause,
    });
  }
}
