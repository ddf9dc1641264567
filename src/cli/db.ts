// `pysbom db import|update|cpython-tags|status`: the offline OSV vulnerability database.
import { resolve } from "node:path";
import type { Command } from "commander";
import { PysbomError } from "../errors.js";
import { formatTimestamp } from "../model/index.js";
import { formatTable } from "../report/table.js";
import { computeCpythonTags } from "../vuln/db/cpython-tags.js";
import { type ImportSummary, importOsv } from "../vuln/db/import.js";
import { databaseDir } from "../vuln/db/paths.js";
import { databaseStatus, MAX_AGE_DAYS } from "../vuln/db/status.js";
import { DEFAULT_UPDATE_SOURCES, type UpdateSource, updateDatabase } from "../vuln/db/update.js";
import { collect } from "./common.js";
import type { CommandContext } from "./context.js";
import { exitWith } from "./context.js";
import type { Diagnostics, Io } from "./io.js";
import { parseOutputs, writeOutput } from "./output.js";
import { Progress } from "./progress.js";

function nowOf(io: Io): string {
  return formatTimestamp(io.now ? io.now() : new Date());
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Prints an import's problems: skipped records and ranges one by one, unusable `versions` in one line. */
function reportImport(s: ImportSummary, diag: Diagnostics, verbose: boolean): void {
  for (const p of s.invalid) diag.warn(`${p.file}: ${p.message}`);
  for (const p of s.warnings.filter((w) => w.level === "range"))
    diag.warn(`${p.file}: ${p.id}: ${p.message}`);
  const versions = s.warnings.filter((w) => w.level === "versions");
  if (verbose) for (const p of versions) diag.warn(`${p.file}: ${p.id}: ${p.message}`);
  else if (versions.length > 0)
    diag.warn(
      `${plural(versions.length, "record")} list versions that are not PEP 440 and can never match (${versions
        .slice(0, 3)
        .map((p) => p.id)
        .join(", ")}${versions.length > 3 ? ", …" : ""}); --verbose lists them`,
    );
}

function importLine(s: ImportSummary): string {
  const skipped =
    s.invalid.length > 0 ? `; ${plural(s.invalid.length, "record")} skipped (see warnings)` : "";
  const removed = s.removed > 0 ? `, ${s.removed} removed` : "";
  return `Imported ${plural(s.read, "record")}: ${s.added} new, ${s.updated} updated, ${s.unchanged} unchanged${removed}${skipped}. The database has ${plural(s.total, "record")} for ${plural(s.meta.packages, "PyPI package")}.\n`;
}

/** Registers the `db` command and its subcommands. */
export function registerDb(program: Command, ctx: CommandContext): void {
  const db = program
    .command("db")
    .description("manage the offline OSV vulnerability database used by scan")
    .showHelpAfterError("(run with --help for usage)");
  const dbOption = "--db <dir>";
  const dbHelp =
    "database directory (default: $PYSBOM_DB, else $XDG_CACHE_HOME/pysbom/db or ~/.cache/pysbom/db)";

  db.command("import")
    .description(
      "import OSV records: JSON/YAML files, advisory directories (PyPA, PSF layouts), .zip exports",
    )
    .argument("<path...>", "files, directories or zip archives (e.g. osv.dev PyPI/all.zip)")
    .option(dbOption, dbHelp)
    .option("--verbose", "list every record with unusable versions")
    .action(
      exitWith(ctx, async (paths: string[], opts: { db?: string; verbose?: boolean }) => {
        const { io, diag } = ctx;
        const dir = databaseDir(opts.db, io.env, io.cwd);
        const progress = new Progress(io, diag.quiet);
        let summary: ImportSummary;
        try {
          summary = await importOsv(
            dir,
            paths.map((p) => ({ path: resolve(io.cwd, p), display: p })),
            { now: nowOf(io), progress: (n) => progress.update({ phase: "reading records", done: n }) },
          );
        } finally {
          progress.done();
        }
        reportImport(summary, diag, Boolean(opts.verbose));
        io.stdout.write(importLine(summary));
        return 0;
      }),
    );

  db.command("update")
    .description(
      "download osv.dev's PyPI export and the PSF advisory database (conditional requests) and import them",
    )
    .option(dbOption, dbHelp)
    .option("--source <name>", "only this source: pypi or psf; repeatable", collect, [])
    .option("--pypi-url <url>", "where to download the PyPI export", DEFAULT_UPDATE_SOURCES.pypi.url)
    .option(
      "--psf-url <url>",
      "where to download the PSF advisory database archive",
      DEFAULT_UPDATE_SOURCES.psf.url,
    )
    .option("--verbose", "list every record with unusable versions")
    .action(
      exitWith(
        ctx,
        async (opts: {
          db?: string;
          source: string[];
          pypiUrl: string;
          psfUrl: string;
          verbose?: boolean;
        }) => {
          const { io, diag } = ctx;
          const dir = databaseDir(opts.db, io.env, io.cwd);
          for (const s of opts.source)
            if (s !== "pypi" && s !== "psf")
              throw new PysbomError("USAGE", `--source ${JSON.stringify(s)}: expected pypi or psf`);
          const names = opts.source.length > 0 ? [...new Set(opts.source)] : ["pypi", "psf"];
          const sources: UpdateSource[] = names.map((n) =>
            n === "pypi"
              ? { ...DEFAULT_UPDATE_SOURCES.pypi, url: opts.pypiUrl }
              : { ...DEFAULT_UPDATE_SOURCES.psf, url: opts.psfUrl },
          );
          const progress = new Progress(io, diag.quiet);
          let result: Awaited<ReturnType<typeof updateDatabase>>;
          try {
            result = await updateDatabase(dir, {
              now: nowOf(io),
              sources,
              onProgress: (s, received, total) =>
                progress.update({
                  phase: `downloading ${s.key} (KiB)`,
                  done: Math.floor(received / 1024),
                  total: total === undefined ? undefined : Math.ceil(total / 1024),
                }),
              onImport: (n) => progress.update({ phase: "reading records", done: n }),
            });
          } finally {
            progress.done();
          }
          for (const s of result.sources)
            io.stdout.write(
              s.changed
                ? `${s.source.key}: downloaded ${(s.bytes / 1024 / 1024).toFixed(1)} MiB from ${s.source.url}\n`
                : `${s.source.key}: not modified since the last update (${s.source.url})\n`,
            );
          if (result.imported) {
            reportImport(result.imported, diag, Boolean(opts.verbose));
            io.stdout.write(importLine(result.imported));
          }
          return 0;
        },
      ),
    );

  db.command("cpython-tags")
    .description(
      "compute the CPython releases each PSF (git-range) advisory affects, from a local CPython clone",
    )
    .requiredOption("--repo <path>", "a clone of https://github.com/python/cpython (with its tags)")
    .option(dbOption, dbHelp)
    .action(
      exitWith(ctx, async (opts: { db?: string; repo: string }) => {
        const { io, diag } = ctx;
        const dir = databaseDir(opts.db, io.env, io.cwd);
        const progress = new Progress(io, diag.quiet);
        let s: Awaited<ReturnType<typeof computeCpythonTags>>;
        try {
          s = await computeCpythonTags(dir, resolve(io.cwd, opts.repo), {
            now: nowOf(io),
            progress: (done, total) => progress.update({ phase: "looking up commits", done, total }),
          });
        } finally {
          progress.done();
        }
        for (const p of s.problems)
          diag.warn(`${p.id}: ${p.message}; its CPython versions cannot be matched`);
        if (s.records === 0)
          diag.warn(
            `the database has no advisories with git ranges on python/cpython: import the PSF advisories first`,
          );
        io.stdout.write(
          `Computed the affected CPython releases of ${s.computed} of ${plural(s.records, "advisory", "advisories")} (${plural(s.releases, "release tag")} in ${opts.repo}).\n`,
        );
        return 0;
      }),
    );

  db.command("status")
    .description("show the database's location, sources, record counts, age and CPython tags")
    .option(dbOption, dbHelp)
    .option("-o, --output <format[=file]>", "table (default) or json", collect, [])
    .action(
      exitWith(ctx, async (opts: { db?: string; output: string[] }) => {
        const { io, diag } = ctx;
        const outputs = parseOutputs(opts.output, ["table", "json"], io);
        const dir = databaseDir(opts.db, io.env, io.cwd);
        const status = await databaseStatus(dir, io.now ? io.now() : new Date());
        const meta = status.meta;
        if (!meta)
          throw new PysbomError(
            "INPUT_NOT_FOUND",
            `no vulnerability database in ${dir}: run "pysbom db update" or "pysbom db import PATH…"`,
            { location: { file: dir } },
          );
        if (status.old)
          diag.warn(
            `the data is ${status.ageDays} days old (more than ${MAX_AGE_DAYS}); run "pysbom db update"`,
          );
        const cp = status.cpython;
        for (const out of outputs) {
          if (out.format === "json") {
            await writeOutput(out, `${JSON.stringify(status, null, 2)}\n`, io);
            continue;
          }
          const rows = Object.entries(meta.sources).map(([key, s]) => [
            key,
            s.kind,
            String(s.records),
            s.updated,
            s.location,
          ]);
          const tags = cp.tags
            ? `${cp.computed} of ${cp.records} computed (${cp.failed} failed, ${cp.stale} out of date) from ${cp.tags.repo} at ${cp.tags.computed}`
            : cp.records > 0
              ? `not computed for ${plural(cp.records, "advisory", "advisories")} (run "pysbom db cpython-tags --repo PATH")`
              : "no advisories with git ranges on python/cpython";
          const text = [
            `Database:       ${dir}`,
            `Records:        ${meta.records} (${meta.withdrawn} withdrawn), ${plural(meta.packages, "PyPI package")}`,
            `Last modified:  ${meta.lastModified ?? "-"} (newest record)`,
            `Updated:        ${status.checked ?? "-"}${status.ageDays !== undefined ? ` (${plural(status.ageDays, "day")} ago)` : ""}`,
            `CPython tags:   ${tags}`,
            "",
            formatTable(["SOURCE", "KIND", "RECORDS", "UPDATED", "LOCATION"], rows).trimEnd(),
            "",
          ].join("\n");
          await writeOutput(out, text, io);
        }
        return 0;
      }),
    );
  for (const sub of db.commands) sub.exitOverride().configureOutput(program.configureOutput());
}
