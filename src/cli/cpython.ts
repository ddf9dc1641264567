// `pysbom cpython` (registered once its issue lands; until then this adds nothing).
import type { Command } from "commander";
import type { CommandContext } from "./context.js";

/** Registers the `cpython` command. */
export function registerCpython(_program: Command, _ctx: CommandContext): void {}
