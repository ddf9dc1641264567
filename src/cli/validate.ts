// `pysbom validate FILE...`: schema, semantic rules and conformance profiles for SPDX 2.2/2.3 (JSON,
// tag-value) and CycloneDX 1.4-1.7 (JSON). Exit codes: 0 valid (and conformant to the requested profiles),
// 1 error findings, 3 an input that cannot be read or is not a supported SBOM (3 wins over 1).
import type { Command } from "commander";
import { isPysbomError, PysbomError } from "../errors.js";
import { renderFindingsJson } from "../report/findings-json.js";
import { renderFindingsSarif } from "../report/findings-sarif.js";
import { renderFindingsTable } from "../report/findings-table.js";
import {
  isProfileName,
  isValidationFailure,
  PROFILES,
  type ProfileName,
  type ValidationOutcome,
  validateSbom,
} from "../validate/index.js";
import { collect, parseMegabytes, readInputText } from "./common.js";
import { type CommandContext, exitWith, VERSION } from "./context.js";
import { parseOutputs, writeOutput } from "./output.js";

/** Output formats of `validate`. */
export const VALIDATE_FORMATS: readonly string[] = ["table", "json", "sarif"];

/**
 * Default `--max-input-size` of validate, in MiB: validating holds the text, the parsed document, the schema
 * validator's work and the positions at once — several times the document's size — so the bound is lower
 * than convert's.
 */
export const VALIDATE_DEFAULT_MAX_MB = 100;

function parseProfile(value: string, previous: ProfileName[] = []): ProfileName[] {
  if (!isProfileName(value))
    throw new PysbomError(
      "USAGE",
      `unknown profile ${JSON.stringify(value)} (choose from: ${PROFILES.join(", ")})`,
    );
  return [...previous, value];
}

/** Registers the `validate` command. */
export function registerValidate(program: Command, ctx: CommandContext): void {
  program
    .command("validate")
    .description(
      "check SBOMs against the official schema, the SPDX/CycloneDX rules and conformance profiles (NTIA, CISA 2025, BSI TR-03183-2)",
    )
    .argument(
      "<file...>",
      "SBOMs to check (SPDX 2.2/2.3 JSON or tag-value, CycloneDX 1.4-1.7 JSON), or - for stdin",
    )
    .option(
      "-p, --profile <name>",
      `conformance profile to check, repeatable (${PROFILES.join(", ")})`,
      parseProfile,
      [],
    )
    .option(
      "-o, --output <format[=file]>",
      `output format, optionally to a file; repeatable (${VALIDATE_FORMATS.join(", ")}); default table on a terminal, else json`,
      collect,
      [],
    )
    .option("--max-input-size <MB>", "largest input read into memory", String(VALIDATE_DEFAULT_MAX_MB))
    .action(
      exitWith(
        ctx,
        async (files: string[], opts: { profile: ProfileName[]; output: string[]; maxInputSize: string }) => {
          const { io, diag } = ctx;
          const defaultFormat = io.stdout.isTTY ? "table" : "json";
          const outputs = parseOutputs(
            opts.output,
            [defaultFormat, ...VALIDATE_FORMATS.filter((f) => f !== defaultFormat)],
            io,
          );
          const maxBytes = parseMegabytes(opts.maxInputSize);
          const profiles = [...new Set(opts.profile)];
          const outcomes: ValidationOutcome[] = [];
          for (const file of files) {
            try {
              const text = await readInputText(file, io, maxBytes);
              outcomes.push(validateSbom(text, { file, profiles }));
            } catch (e) {
              if (!isPysbomError(e) || e.code === "USAGE" || e.code === "INTERNAL") throw e;
              diag.error(e.message);
              outcomes.push({
                file,
                error: {
                  code: e.code,
                  message: e.message,
                  line: e.location?.line,
                  column: e.location?.column,
                },
              });
            }
          }
          for (const out of outputs) {
            const text =
              out.format === "json"
                ? renderFindingsJson(outcomes, { version: VERSION, profiles })
                : out.format === "sarif"
                  ? renderFindingsSarif(outcomes, { version: VERSION })
                  : renderFindingsTable(outcomes);
            await writeOutput(out, text, io);
          }
          if (outcomes.some(isValidationFailure)) return 3;
          return outcomes.some((o) => !isValidationFailure(o) && !o.valid) ? 1 : 0;
        },
      ),
    );
}
