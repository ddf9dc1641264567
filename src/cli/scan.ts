// `pysbom scan` (registered once its issue lands; until then this adds nothing).
import type { Command } from "commander";
import type { CommandContext } from "./context.js";

/** Registers the `scan` command. */
export function registerScan(_program: Command, _ctx: CommandContext): void {}
