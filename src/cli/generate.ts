// `pysbom generate TARGET...`: an SBOM for environments, lockfiles, CPython trees and release tarballs,
// auto-detected or named with --type; the cataloger options are registered from the catalogers themselves.
import type { Command } from "commander";
import { generateSbom } from "../catalogers/generate.js";
import { CATALOGERS } from "../catalogers/registry.js";
import type { CatalogerOption } from "../catalogers/types.js";
import { encodeSbom, SBOM_FORMATS, type SbomFormat } from "../formats/index.js";
import { renderPackageTable } from "../report/table.js";
import { collect, creationTime } from "./common.js";
import { type CommandContext, exitWith, toolActor } from "./context.js";
import { parseOutputs, writeOutput } from "./output.js";
import { Progress } from "./progress.js";
import { makeServices } from "./services.js";

/** Output formats of `generate`: the SBOM formats, plus `table` (a package list for people). */
export const GENERATE_FORMATS: readonly string[] = [...SBOM_FORMATS, "table"];

/**
 * Adds every cataloger's options to a command (`generate`, `scan`). Options several catalogers share
 * (same flags) are added once, naming every type that uses them; flags the command already has are kept.
 */
export function addCatalogerOptions(cmd: Command): void {
  const byFlags = new Map<string, { option: CatalogerOption; types: string[] }>();
  for (const c of CATALOGERS) {
    for (const o of c.options) {
      const seen = byFlags.get(o.flags);
      if (seen) seen.types.push(c.type);
      else byFlags.set(o.flags, { option: o, types: [c.type] });
    }
  }
  const existing = new Set(cmd.options.map((o) => o.flags));
  for (const { option: o, types } of byFlags.values()) {
    if (existing.has(o.flags)) continue;
    const description = `${o.description} [${types.join(", ")}]`;
    if (o.defaultValue === undefined) cmd.option(o.flags, description);
    else cmd.option(o.flags, description, o.defaultValue);
  }
}

/** Runs `generateSbom` for the CLI: the injected clock and services, TTY progress, warnings on stderr. */
export async function generateForCli(
  targets: readonly string[],
  opts: Readonly<Record<string, unknown>> & { readonly type?: string | undefined },
  ctx: CommandContext,
): Promise<Awaited<ReturnType<typeof generateSbom>>> {
  const { io, diag } = ctx;
  const progress = new Progress(io, diag.quiet);
  try {
    return await generateSbom(targets, {
      type: opts.type,
      cwd: io.cwd,
      created: creationTime(io),
      creators: [toolActor()],
      options: opts,
      services: makeServices(opts, io),
      progress: progress.update,
      warn: (m) => diag.warn(m),
    });
  } finally {
    progress.done();
  }
}

/** Registers the `generate` command. */
export function registerGenerate(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command("generate")
    .description(
      "generate an SBOM for Python environments, lockfiles, CPython source trees and release tarballs",
    )
    .argument("<target...>", "what to describe: a directory or file (kind detected, or named with --type)")
    .option(
      "-o, --output <format[=file]>",
      `output format, optionally to a file; repeatable (${GENERATE_FORMATS.join(", ")})`,
      collect,
      [],
    )
    .option(
      "-t, --type <type>",
      `kind of target (${CATALOGERS.map((c) => c.type).join(", ")}); detected when omitted`,
    );
  addCatalogerOptions(cmd);
  cmd.action(
    exitWith(
      ctx,
      async (targets: string[], opts: Record<string, unknown> & { output: string[]; type?: string }) => {
        const { io, diag } = ctx;
        const outputs = parseOutputs(opts.output, GENERATE_FORMATS, io);
        const result = await generateForCli(targets, opts, ctx);
        const { document, findings } = result;
        if (document.unknowns.length > 0)
          diag.info(
            `${document.unknowns.length} unknown(s) recorded in the SBOM (what could not be resolved; see "pysbom:unknown")`,
          );
        for (const out of outputs) {
          if (out.format === "table") {
            await writeOutput(out, renderPackageTable(document), io);
            continue;
          }
          const { text, warnings } = encodeSbom(document, out.format as SbomFormat);
          for (const w of warnings) diag.warn(w);
          await writeOutput(out, text, io);
        }
        for (const f of findings) diag.error(`${f.code} ${f.path}: ${f.message}`);
        return findings.some((f) => f.severity === "error") ? 1 : 0;
      },
    ),
  );
}
