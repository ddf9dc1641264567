// `generate` as a library function: detect each target's kind, run its cataloger through a Resolver, and
// assemble one document. Used by the `generate` command and in-process by `scan`.
import { resolve } from "node:path";
import { PysbomError } from "../errors.js";
import { type Actor, createDocument, type Document, type Finding } from "../model/index.js";
import { openTarget } from "../sources/target.js";
import { CATALOGERS, catalogerFor } from "./registry.js";
import type { CatalogResult, CatalogServices, ProgressEvent } from "./types.js";

/** Options of {@link generateSbom}. */
export interface GenerateOptions {
  /** Force a cataloger (`--type`); otherwise each target's kind is detected. */
  readonly type?: string | undefined;
  /** Working directory for relative targets. */
  readonly cwd: string;
  /** RFC 3339 creation time (the caller's clock or SOURCE_DATE_EPOCH). */
  readonly created: string;
  readonly creators: readonly Actor[];
  /** Cataloger options (commander camelCase keys). */
  readonly options?: Readonly<Record<string, unknown>>;
  readonly services?: CatalogServices;
  readonly progress?: (event: ProgressEvent) => void;
  readonly warn?: (message: string) => void;
}

/** The generated document plus findings that should fail the run. */
export interface GenerateResult {
  readonly document: Document;
  readonly findings: readonly Finding[];
  /** The cataloger type used for each target. */
  readonly types: readonly string[];
}

/**
 * Generates one SBOM for one or more targets (environments, lockfiles, CPython trees or release tarballs).
 * @example await generateSbom(["./.venv"], { cwd: process.cwd(), created, creators: [tool] })
 */
export async function generateSbom(
  targets: readonly string[],
  options: GenerateOptions,
): Promise<GenerateResult> {
  if (targets.length === 0) throw new PysbomError("USAGE", "no target given");
  const forced = options.type === undefined ? undefined : catalogerFor(options.type);
  if (options.type !== undefined && !forced)
    throw new PysbomError(
      "USAGE",
      `unknown --type ${JSON.stringify(options.type)} (choose from: ${CATALOGERS.map((c) => c.type).join(", ") || "none"})`,
    );
  const results: CatalogResult[] = [];
  const types: string[] = [];
  for (const target of targets) {
    const { resolver, path } = await openTarget(target, options.cwd);
    let cataloger = forced;
    if (!cataloger) {
      for (const c of CATALOGERS) {
        if (await c.detect(resolver, path)) {
          cataloger = c;
          break;
        }
      }
    }
    if (!cataloger)
      throw new PysbomError(
        "UNSUPPORTED_FORMAT",
        `${target}: not a target pysbom recognises (${CATALOGERS.map((c) => c.type).join(", ")}); name the kind with --type`,
        { location: { file: target } },
      );
    types.push(cataloger.type);
    results.push(
      await cataloger.catalog({
        resolver,
        path,
        display: target,
        absolutePath: resolve(options.cwd, target),
        options: options.options ?? {},
        services: options.services ?? {},
        progress: options.progress ?? (() => {}),
        warn: options.warn ?? (() => {}),
      }),
    );
  }
  const document = createDocument({
    name: results.map((r) => r.name).join(", "),
    namespace: results.length === 1 ? results[0]!.namespace : undefined,
    created: options.created,
    creators: [...options.creators],
    packages: results.flatMap((r) => r.packages),
    files: results.flatMap((r) => r.files),
    relationships: results.flatMap((r) => r.relationships),
    unknowns: results.flatMap((r) => r.unknowns),
    extractedLicenses: dedupeById(results.flatMap((r) => r.extractedLicenses)),
  });
  return { document, findings: results.flatMap((r) => r.findings), types };
}

function dedupeById<T extends { id: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((x) => !seen.has(x.id) && Boolean(seen.add(x.id)));
}
