// `pysbom scan TARGET`: match an SBOM (SPDX or CycloneDX) or anything `generate` accepts (generated
// in-process) against the offline OSV database; VEX and --ignore suppress findings; --fail-on sets the exit.
import { resolve } from "node:path";
import type { Command } from "commander";
import { CATALOGERS } from "../catalogers/registry.js";
import { PysbomError } from "../errors.js";
import { type CycloneDxVersion, decodeSbom } from "../formats/index.js";
import type { Document } from "../model/index.js";
import { scanToCycloneDx } from "../report/vuln-cyclonedx.js";
import { renderScanJson, type ScanReportContext } from "../report/vuln-json.js";
import { renderScanOpenVex } from "../report/vuln-openvex.js";
import { renderScanSarif } from "../report/vuln-sarif.js";
import { renderScanTable } from "../report/vuln-table.js";
import { readEnds } from "../sources/head.js";
import { databaseDir } from "../vuln/db/paths.js";
import { ageInDays, lastChecked, MAX_AGE_DAYS } from "../vuln/db/status.js";
import { VulnDb } from "../vuln/db/store.js";
import { type FailOn, failsPolicy, scanDocument } from "../vuln/scan.js";
import { parseVex, type VexStatement } from "../vuln/vex.js";
import { collect, creationTime, DEFAULT_MAX_INPUT_BYTES, parseMegabytes, readInputText } from "./common.js";
import { type CommandContext, exitWith, toolActor, VERSION } from "./context.js";
import { droppedByConversion } from "./convert.js";
import { addCatalogerOptions, generateForCli } from "./generate.js";
import { parseOutputs, writeOutput } from "./output.js";

/** Output formats of `scan` (the first is the default). */
export const SCAN_FORMATS: readonly string[] = [
  "table",
  "json",
  "sarif",
  "cyclonedx-json",
  "cyclonedx-json@1.5",
  "cyclonedx-json@1.6",
  "cyclonedx-json@1.7",
  "openvex",
];

const FAIL_ON: readonly FailOn[] = ["low", "medium", "high", "critical", "any"];
const SNIFF_BYTES = 64 * 1024;

/**
 * True when the ends of a file look like an SBOM pysbom decodes: JSON with `bomFormat: "CycloneDX"`,
 * `spdxVersion` or `SPDXID` (key order varies, so both ends are looked at), or SPDX tag-value.
 */
export function looksLikeSbom(head: string, tail = ""): boolean {
  if (/^\s*\{/.test(head)) {
    const ends = `${head}\n${tail}`;
    return /"bomFormat"\s*:\s*"CycloneDX"/.test(ends) || /"(?:spdxVersion|SPDXID)"\s*:/.test(ends);
  }
  return /^\s*SPDXVersion\s*:/m.test(head);
}

interface ScanOpts extends Record<string, unknown> {
  output: string[];
  db?: string;
  vex: string[];
  ignore: string[];
  failOn?: string;
  type?: string;
  maxInputSize: string;
  lenient?: boolean;
}

/** Registers the `scan` command. */
export function registerScan(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command("scan")
    .description(
      "find known vulnerabilities (offline OSV database) in an SBOM, an environment, a lockfile or CPython",
    )
    .argument(
      "<target>",
      "an SBOM (SPDX JSON/tag-value, CycloneDX JSON; - for stdin) or anything generate accepts",
    )
    .option(
      "-o, --output <format[=file]>",
      `output format, optionally to a file; repeatable (${SCAN_FORMATS.join(", ")})`,
      collect,
      [],
    )
    .option("--db <dir>", "vulnerability database directory (default: $PYSBOM_DB, else the user cache)")
    .option("--vex <file>", "OpenVEX or CycloneDX VEX document; repeatable", collect, [])
    .option("--ignore <id>", "suppress a vulnerability by any of its ids or aliases; repeatable", collect, [])
    .option("--fail-on <severity>", `exit 1 when a finding at or above this remains (${FAIL_ON.join(", ")})`)
    .option(
      "-t, --type <type>",
      `kind of target: sbom, or a generate type (${CATALOGERS.map((c) => c.type).join(", ")}); detected when omitted`,
    )
    .option("--lenient", "SBOM input: drop relationships that point at missing elements instead of failing")
    .option(
      "--max-input-size <MB>",
      "largest SBOM read into memory",
      String(DEFAULT_MAX_INPUT_BYTES / 1024 / 1024),
    );
  addCatalogerOptions(cmd);
  cmd.action(
    exitWith(ctx, async (target: string, opts: ScanOpts) => {
      const { io, diag } = ctx;
      const outputs = parseOutputs(opts.output, SCAN_FORMATS, io);
      if (opts.failOn !== undefined && !FAIL_ON.includes(opts.failOn as FailOn))
        throw new PysbomError(
          "USAGE",
          `--fail-on ${JSON.stringify(opts.failOn)}: expected one of ${FAIL_ON.join(", ")}`,
        );
      const maxBytes = parseMegabytes(opts.maxInputSize);
      const dir = databaseDir(opts.db, io.env, io.cwd);
      const vex: VexStatement[] = [];
      for (const f of opts.vex) vex.push(...parseVex(await readInputText(f, io, maxBytes), f));
      const db = await VulnDb.open(dir);
      try {
        const checked = lastChecked(db.meta);
        const now = io.now ? io.now() : new Date();
        if (checked && ageInDays(checked, now) > MAX_AGE_DAYS)
          diag.warn(
            `the vulnerability database was last updated ${ageInDays(checked, now)} days ago (${checked}); run "pysbom db update"`,
          );
        const { document, input, generated } = await loadTarget(target, opts, ctx, maxBytes);
        const result = scanDocument(document, db, { vex, ignore: opts.ignore });
        for (const w of result.warnings) diag.warn(w);
        for (const e of result.errors)
          diag.error(`${[e.component.name, e.component.version].filter((x) => x).join(" ")}: ${e.message}`);
        const report: ScanReportContext = {
          target,
          input,
          toolVersion: VERSION,
          database: {
            path: dir,
            records: db.meta.records,
            lastModified: db.meta.lastModified,
            checked,
          },
          created: creationTime(io),
        };
        for (const out of outputs) {
          let text: string;
          if (out.format === "table") text = renderScanTable(result);
          else if (out.format === "json") text = renderScanJson(result, report);
          else if (out.format === "sarif") text = renderScanSarif(result, report, { generated });
          else if (out.format === "openvex") {
            const r = renderScanOpenVex(result, report);
            for (const w of r.warnings) diag.warn(w);
            text = r.text;
          } else {
            const version = (out.format.split("@")[1] ?? "1.6") as CycloneDxVersion;
            const doc = withCreationInfo(document, report.created);
            for (const w of droppedByConversion(doc, "cyclonedx-json")) diag.warn(w);
            const r = scanToCycloneDx(doc, result, version);
            for (const w of r.warnings) diag.warn(w);
            text = `${JSON.stringify(r.bom, null, 2)}\n`;
          }
          await writeOutput(out, text, io);
        }
        if (opts.failOn === undefined) return 0;
        const threshold = opts.failOn as FailOn;
        if (failsPolicy(result, threshold)) return 1;
        if (result.errors.length > 0) {
          diag.error(
            `--fail-on ${threshold}: ${result.errors.length} package(s) could not be checked, so the policy cannot be shown to hold`,
          );
          return 1;
        }
        const unrated = result.findings.filter((f) => f.severity.rating === "unknown").length;
        if (threshold !== "any" && unrated > 0)
          diag.warn(
            `${unrated} finding(s) have no severity rating and do not count toward --fail-on ${threshold} (use --fail-on any to include them)`,
          );
        return 0;
      } finally {
        db.close();
      }
    }),
  );
}

/** The SBOM to scan: decoded when the target is one, else generated in-process like `pysbom generate`. */
async function loadTarget(
  target: string,
  opts: ScanOpts,
  ctx: CommandContext,
  maxBytes: number,
): Promise<{ document: Document; input: string; generated: boolean }> {
  const { io, diag } = ctx;
  let sbom = opts.type === "sbom" || target === "-";
  if (!sbom && opts.type === undefined) {
    const ends = await readEnds(resolve(io.cwd, target), SNIFF_BYTES);
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    sbom = ends !== undefined && looksLikeSbom(text(ends.head), text(ends.tail));
  }
  if (sbom) {
    const text = await readInputText(target, io, maxBytes);
    const decoded = decodeSbom(text, { file: target, lenient: opts.lenient });
    for (const w of decoded.warnings) diag.warn(w);
    return { document: decoded.document, input: decoded.format, generated: false };
  }
  const result = await generateForCli([target], opts, ctx);
  for (const f of result.findings) diag.warn(`${f.code} ${f.path}: ${f.message}`);
  return { document: result.document, input: result.types.join(", "), generated: true };
}

function withCreationInfo(doc: Document, created: string): Document {
  if (doc.created !== undefined && doc.creators.length > 0) return doc;
  return {
    ...doc,
    created: doc.created ?? created,
    creators: doc.creators.length > 0 ? doc.creators : [toolActor()],
  };
}
