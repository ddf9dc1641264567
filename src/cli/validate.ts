// `pysbom validate` (registered once its issue lands; until then this adds nothing).
import type { Command } from "commander";
import type { CommandContext } from "./context.js";

/** Registers the `validate` command. */
export function registerValidate(_program: Command, _ctx: CommandContext): void {}
