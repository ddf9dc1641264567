// `pysbom db` (registered once its issue lands; until then this adds nothing).
import type { Command } from "commander";
import type { CommandContext } from "./context.js";

/** Registers the `db` command. */
export function registerDb(_program: Command, _ctx: CommandContext): void {}
