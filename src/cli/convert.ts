// `pysbom convert IN -o FORMAT[=FILE]`: between SPDX 2.3 JSON/tag-value and CycloneDX JSON, lossless where
// the target can express it; a warning names whatever is dropped.
import type { Command } from "commander";
import { decodeSbom, encodeSbom, SBOM_FORMATS, type SbomFormat } from "../formats/index.js";
import type { Document } from "../model/index.js";
import { collect, creationTime, DEFAULT_MAX_INPUT_BYTES, parseMegabytes, readInputText } from "./common.js";
import { type CommandContext, exitWith, toolActor } from "./context.js";
import { parseOutputs, writeOutput } from "./output.js";

/** What a conversion to `format` cannot carry from `doc` (format-specific members kept from the input). */
export function droppedByConversion(doc: Document, format: SbomFormat): string[] {
  const target = format.startsWith("spdx") ? "spdx" : "cyclonedx";
  const other = target === "spdx" ? "cyclonedx" : "spdx";
  const dropped = new Map<string, number>();
  const note = (keys: Iterable<string>, where: string) => {
    for (const k of keys) dropped.set(`${where} "${k}"`, (dropped.get(`${where} "${k}"`) ?? 0) + 1);
  };
  note(Object.keys(doc.extras?.[other] ?? {}), "document member");
  for (const p of doc.packages)
    note(Object.keys(p.extras?.[other] ?? {}), other === "spdx" ? "package member" : "component member");
  for (const f of doc.files)
    note(Object.keys(f.extras?.[other] ?? {}), other === "spdx" ? "file member" : "component member");
  return [...dropped].map(
    ([what, n]) =>
      `${what}${n > 1 ? ` (${n} times)` : ""} has no ${target === "spdx" ? "SPDX" : "CycloneDX"} equivalent and was dropped`,
  );
}

/** Registers the `convert` command. */
export function registerConvert(program: Command, ctx: CommandContext): void {
  program
    .command("convert")
    .description("convert an SBOM between SPDX 2.3 (JSON, tag-value) and CycloneDX (JSON)")
    .argument(
      "<input>",
      "SBOM file to read (SPDX 2.2/2.3 JSON or tag-value, CycloneDX 1.4-1.7 JSON), or - for stdin",
    )
    .option(
      "-o, --output <format[=file]>",
      `output format, optionally to a file; repeatable (${SBOM_FORMATS.join(", ")})`,
      collect,
      [],
    )
    .option("--lenient", "drop relationships that point at missing elements instead of failing")
    .option(
      "--max-input-size <MB>",
      "largest input read into memory",
      String(DEFAULT_MAX_INPUT_BYTES / 1024 / 1024),
    )
    .action(
      exitWith(
        ctx,
        async (input: string, opts: { output: string[]; lenient?: boolean; maxInputSize: string }) => {
          const { io, diag } = ctx;
          const outputs = parseOutputs(opts.output, SBOM_FORMATS, io);
          const text = await readInputText(input, io, parseMegabytes(opts.maxInputSize));
          const decoded = decodeSbom(text, { file: input, lenient: opts.lenient });
          for (const w of decoded.warnings) diag.warn(w);
          let doc = decoded.document;
          if (doc.created === undefined || doc.creators.length === 0) {
            // SPDX requires creation info; a fragment (like CPython's Misc/sbom.spdx.json) has none.
            doc = {
              ...doc,
              created: doc.created ?? creationTime(io),
              creators: doc.creators.length > 0 ? doc.creators : [toolActor()],
            };
            diag.warn(`${input} has no creation information; added the creation time and "Tool: pysbom"`);
          }
          if (doc.name === "") doc = { ...doc, name: input === "-" ? "sbom" : input.replace(/^.*\//, "") };
          for (const out of outputs) {
            const format = out.format as SbomFormat;
            for (const w of droppedByConversion(doc, format)) diag.warn(w);
            const { text: encoded, warnings } = encodeSbom(doc, format);
            for (const w of warnings) diag.warn(w);
            await writeOutput(out, encoded, io);
          }
          return 0;
        },
      ),
    );
}
