// The CLI: commander wiring only. `run(argv, io)` returns the exit code, so tests call it in-process.
// Exit codes: 0 ok, 1 findings, 2 usage, 3 unreadable/unsupported input, 70 internal error.
import { Command, CommanderError } from "commander";
import { exitCodeFor, isPysbomError } from "../errors.js";
import { type CommandContext, VERSION } from "./context.js";
import { registerConvert } from "./convert.js";
import { registerCpython } from "./cpython.js";
import { registerDb } from "./db.js";
import { registerGenerate } from "./generate.js";
import { Diagnostics, type Io, processIo } from "./io.js";
import { registerScan } from "./scan.js";
import { registerValidate } from "./validate.js";

/** Exit codes of the CLI (documented in the README). */
export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2, INPUT: 3, INTERNAL: 70 } as const;

function buildProgram(ctx: CommandContext): Command {
  const program = new Command("pysbom");
  program
    .description(
      "Software bills of materials for Python: generate, validate, convert and scan SPDX and CycloneDX SBOMs.",
    )
    .version(VERSION, "--version", "print the version")
    .option("-q, --quiet", "print no progress or warnings on stderr (errors still go there)")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      outputError: (s, write) => write(`pysbom: ${s.replace(/^error: /, "error: ")}`),
    })
    .exitOverride();
  program.hook("preAction", (thisCommand) => {
    ctx.diag = new Diagnostics(ctx.io, Boolean(thisCommand.opts().quiet ?? program.opts().quiet));
  });
  registerGenerate(program, ctx);
  registerValidate(program, ctx);
  registerScan(program, ctx);
  registerDb(program, ctx);
  registerCpython(program, ctx);
  registerConvert(program, ctx);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(program.configureOutput());
  return program;
}

/**
 * Runs the CLI with `argv` (without the node and script names) and returns the exit code.
 * @example await run(["convert", "sbom.spdx.json", "-o", "cyclonedx-json"], io) // 0
 */
export async function run(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const ctx: CommandContext = { io, diag: new Diagnostics(io, false), exitCode: EXIT.OK };
  const program = buildProgram(ctx);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.USAGE;
    }
    await program.parseAsync([...argv], { from: "user" });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    if (isPysbomError(e)) {
      ctx.diag.error(e.message);
      return exitCodeFor(e.code);
    }
    const err = e as Error;
    ctx.diag.error(`internal error: ${err?.message ?? String(e)}`);
    if (io.env.PYSBOM_DEBUG) io.stderr.write(`${err?.stack ?? ""}\n`);
    else io.stderr.write("pysbom: this is a bug; rerun with PYSBOM_DEBUG=1 for details and report it\n");
    return EXIT.INTERNAL;
  }
}

/** Entry point for bin/pysbom.js. */
export async function main(): Promise<void> {
  // A reader that stops early (`pysbom … | head`) closes the pipe: stop quietly, as Unix tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const code = await run(process.argv.slice(2));
  process.exitCode = code;
}
