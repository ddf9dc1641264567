// The contract between `generate` and the catalogers: a cataloger detects its kind of target and turns it
// into packages, files, relationships and unknowns, reading only through a Resolver (STYLE.md).
import type { ExtractedLicense, File, Finding, Package, Relationship, Unknown } from "../model/index.js";
import type { Resolver } from "../sources/resolver.js";

/** A command-line option a cataloger adds to `pysbom generate` (and `scan`). */
export interface CatalogerOption {
  /** Commander flags, e.g. `--python-version <X.Y>`. */
  readonly flags: string;
  readonly description: string;
  /** Default value, if any. */
  readonly defaultValue?: string | boolean | undefined;
}

/** Progress of a long cataloging step (shown on a TTY only). */
export interface ProgressEvent {
  readonly phase: string;
  readonly done: number;
  readonly total?: number | undefined;
}

/** Services the CLI injects (I/O a cataloger must not do itself). */
export interface CatalogServices {
  /** GET a URL and parse JSON; undefined when not allowed (offline). */
  readonly fetchJson?: ((url: string) => Promise<unknown>) | undefined;
}

/** Everything a cataloger gets for one target. */
export interface CatalogContext {
  readonly resolver: Resolver;
  /** The target, relative to the resolver root ("" = the root itself is the target). */
  readonly path: string;
  /** The target as the user named it (for document names, locations and messages). */
  readonly display: string;
  /** The target's absolute path (e.g. to name a project after its directory when given as "."). */
  readonly absolutePath?: string | undefined;
  /** Parsed command options (commander camelCase keys: `pythonVersion`, `files`, `verify`…). */
  readonly options: Readonly<Record<string, unknown>>;
  readonly services: CatalogServices;
  readonly progress: (event: ProgressEvent) => void;
  readonly warn: (message: string) => void;
}

/** What a cataloger found. Relationships include `SPDXRef-DOCUMENT DESCRIBES` its root package(s). */
export interface CatalogResult {
  /** Suggested document name (e.g. the project or environment name). */
  readonly name: string;
  /** Document namespace the cataloger's own convention gives (e.g. release-tools'); used for one target. */
  readonly namespace?: string | undefined;
  readonly packages: readonly Package[];
  readonly files: readonly File[];
  readonly relationships: readonly Relationship[];
  readonly unknowns: readonly Unknown[];
  readonly extractedLicenses: readonly ExtractedLicense[];
  /** Problems that should fail the run (exit 1), e.g. `--verify` finding a modified file. */
  readonly findings: readonly Finding[];
}

/** A cataloger for one kind of target. */
export interface Cataloger {
  /** The `--type` value: `env`, `lock`, `cpython-release`, `cpython-tree`… */
  readonly type: string;
  /** One line for `--help`. */
  readonly description: string;
  /** Options it adds to `generate`. */
  readonly options: readonly CatalogerOption[];
  /** Cheap check whether the target looks like this kind (used when `--type` is not given). */
  detect(resolver: Resolver, path: string): Promise<boolean>;
  catalog(ctx: CatalogContext): Promise<CatalogResult>;
}

/** An empty result to build on. */
export function emptyResult(name: string): CatalogResult {
  return {
    name,
    packages: [],
    files: [],
    relationships: [],
    unknowns: [],
    extractedLicenses: [],
    findings: [],
  };
}
