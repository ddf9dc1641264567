// What every command gets: the injected Io and the diagnostics printer.
import { createRequire } from "node:module";
import type { Actor } from "../model/index.js";
import type { Diagnostics, Io } from "./io.js";

/** Shared state of one CLI run. */
export interface CommandContext {
  readonly io: Io;
  diag: Diagnostics;
  /** Set by the command's action (see {@link exitWith}). */
  exitCode: number;
}

/** Wraps a command action that returns its exit code. */
export function exitWith<A extends unknown[]>(
  ctx: CommandContext,
  action: (...args: A) => Promise<number>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    ctx.exitCode = await action(...args);
  };
}

const require = createRequire(import.meta.url);

/** pysbom's own version (from package.json). */
export const VERSION: string = (require("../../package.json") as { version: string }).version;

/** pysbom as an SPDX/CycloneDX tool creator. */
export function toolActor(): Actor {
  return { kind: "Tool", name: "pysbom", version: VERSION };
}
