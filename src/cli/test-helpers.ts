// Test-only: an in-memory Io for calling run() in-process.
import type { Io } from "./io.js";

/** Captured output of one run. */
export interface Captured {
  io: Io;
  stdout: () => string;
  stderr: () => string;
}

/** An Io with captured stdout/stderr, a fixed clock and the given environment. */
export function memoryIo(
  options: { cwd?: string; env?: Record<string, string>; stdin?: string; tty?: boolean } = {},
): Captured {
  let out = "";
  let err = "";
  const io: Io = {
    stdout: {
      write: (t) => {
        out += t;
      },
      isTTY: options.tty ?? false,
    },
    stderr: {
      write: (t) => {
        err += t;
      },
      isTTY: options.tty ?? false,
    },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    readStdin: async () => new TextEncoder().encode(options.stdin ?? ""),
    now: () => new Date("2025-01-01T00:00:00Z"),
  };
  return { io, stdout: () => out, stderr: () => err };
}
