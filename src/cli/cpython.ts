// `pysbom cpython update [TREE]` and `pysbom cpython check [TREE]`: CPython's `make regen-sbom`
// (Tools/build/generate_sbom.py) and its CI drift check, on a CPython source tree. `update` rewrites
// Misc/sbom.spdx.json and Misc/externals.spdx.json exactly as CPython's script would (plus its fixes);
// `check` writes nothing and exits 1 with a readable list of what would change.
import { resolve } from "node:path";
import type { Command } from "commander";
import { describeDrift } from "../catalogers/cpython/drift.js";
import {
  EXTERNALS_SBOM_PATH,
  type RegeneratedFile,
  regenerateSourceSboms,
  SOURCE_SBOM_PATH,
  type SourceSbomResult,
} from "../catalogers/cpython/source-sbom.js";
import { PysbomError } from "../errors.js";
import { ignoreFilterFor } from "../sources/git-check-ignore.js";
import { fetchSha256 } from "../sources/http-digest.js";
import { DirectoryResolver } from "../sources/resolver.js";
import { type CommandContext, exitWith } from "./context.js";
import { writeOutput } from "./output.js";

interface CpythonOptions {
  readonly offline?: boolean;
  readonly refreshChecksums?: boolean;
  readonly git?: boolean;
}

async function regenerate(
  ctx: CommandContext,
  tree: string,
  opts: CpythonOptions,
): Promise<SourceSbomResult> {
  const { io, diag } = ctx;
  if (opts.offline && opts.refreshChecksums)
    throw new PysbomError(
      "USAGE",
      "--refresh-checksums downloads every package archive; it cannot be combined with --offline",
    );
  const abs = resolve(io.cwd, tree);
  const resolver = new DirectoryResolver(abs, tree);
  const top = await resolver.stat("").catch(() => undefined);
  if (top?.kind !== "directory")
    throw new PysbomError("INPUT_NOT_FOUND", `${tree}: no such directory`, { location: { file: tree } });
  if (!(await resolver.stat(SOURCE_SBOM_PATH)))
    throw new PysbomError(
      "INPUT_NOT_FOUND",
      `${tree}: no ${SOURCE_SBOM_PATH} (is this the root of a CPython source tree?)`,
      { location: { file: `${tree}/${SOURCE_SBOM_PATH}` } },
    );
  const filter = await ignoreFilterFor(abs, resolver, { env: io.env, useGit: opts.git !== false });
  if (filter.kind === "gitignore-files")
    diag.info(
      `${tree}: ${opts.git === false ? "--no-git given" : "not a git repository (or git is not installed)"}; ignored paths come from the tree's .gitignore files`,
    );
  return regenerateSourceSboms({
    resolver,
    ignored: filter.filter,
    downloadSha256: opts.offline ? undefined : (url) => fetchSha256(url),
    refreshChecksums: opts.refreshChecksums ?? false,
    warn: (m) => diag.warn(m),
  });
}

function fileCount(r: SourceSbomResult): number {
  let n = 0;
  for (const list of r.files.values()) n += list.length;
  return n;
}

function documents(r: SourceSbomResult): RegeneratedFile[] {
  return r.externals ? [r.sbom, r.externals] : [r.sbom];
}

function addTreeOptions(cmd: Command): Command {
  return cmd
    .argument("[tree]", "root of the CPython source tree", ".")
    .option("--offline", "never download; a package without checksums is then an error")
    .option(
      "--refresh-checksums",
      "download every package archive and recompute its SHA-256 (what CPython's script does when CI is set)",
    )
    .option("--no-git", "read the tree's .gitignore files even in a git repository (do not run git)");
}

/** Registers the `cpython` command with its `update` and `check` subcommands. */
export function registerCpython(program: Command, ctx: CommandContext): void {
  const cpython = program
    .command("cpython")
    .description(
      "keep a CPython source tree's SBOMs (Misc/sbom.spdx.json, Misc/externals.spdx.json) in step",
    );

  const update = addTreeOptions(
    cpython
      .command("update")
      .description(
        `regenerate ${SOURCE_SBOM_PATH} and ${EXTERNALS_SBOM_PATH} as CPython's Tools/build/generate_sbom.py does`,
      ),
  ).action(
    exitWith(ctx, async (tree: string, opts: CpythonOptions) => {
      const r = await regenerate(ctx, tree, opts);
      for (const doc of documents(r)) {
        if (!doc.changed) {
          ctx.diag.info(`${doc.path} is up to date`);
          continue;
        }
        await writeOutput({ format: "json", file: resolve(ctx.io.cwd, tree, doc.path) }, doc.text, ctx.io);
        ctx.diag.info(`updated ${doc.path}${doc === r.sbom ? ` (${fileCount(r)} vendored files)` : ""}`);
      }
      return 0;
    }),
  );

  const check = addTreeOptions(
    cpython
      .command("check")
      .description(
        `exit 1, listing the differences, when ${SOURCE_SBOM_PATH} or ${EXTERNALS_SBOM_PATH} are not what "update" would write`,
      ),
  ).action(
    exitWith(ctx, async (tree: string, opts: CpythonOptions) => {
      const r = await regenerate(ctx, tree, opts);
      let drift = false;
      for (const doc of documents(r)) {
        const lines = describeDrift(doc);
        if (lines.length === 0) continue;
        drift = true;
        ctx.io.stdout.write(`${doc.path} is out of date:\n${lines.map((l) => `  ${l}\n`).join("")}`);
      }
      if (drift) {
        ctx.io.stdout.write(`run "pysbom cpython update${tree === "." ? "" : ` ${tree}`}" to rewrite it\n`);
        return 1;
      }
      ctx.diag.info(
        `${documents(r)
          .map((d) => d.path)
          .join(" and ")} are up to date`,
      );
      return 0;
    }),
  );

  for (const c of [cpython, update, check]) c.exitOverride().configureOutput(program.configureOutput());
}
