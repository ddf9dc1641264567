// The shapes every lockfile and manifest reader produces: locked packages with their artifacts and
// source, dependency edges between them, edges from the project root, and requirements still to resolve.
import type { Checksum, Property, Unknown } from "../../model/index.js";

/** The file formats the lock cataloger reads. */
export type LockFormat =
  | "requirements"
  | "pyproject"
  | "pipfile"
  | "pipfile-lock"
  | "poetry-lock"
  | "uv-lock"
  | "pdm-lock"
  | "pylock";

/** Where a locked package comes from. */
export type SourceKind = "registry" | "git" | "url" | "path" | "directory" | "editable" | "virtual";

/** A package's source as the lock records it. */
export interface LockSource {
  readonly kind: SourceKind;
  /** Index URL (registry), repository URL (git) or archive URL (url); credentials already redacted. */
  readonly url?: string | undefined;
  /** Local path (path, directory, editable, virtual), root-relative POSIX, "" for the root itself. */
  readonly path?: string | undefined;
  /** Resolved VCS commit. */
  readonly commit?: string | undefined;
  /** Requested VCS revision (tag, branch…), when the lock keeps it. */
  readonly ref?: string | undefined;
  readonly subdirectory?: string | undefined;
}

/** One downloadable file of a locked package (an sdist, a wheel, an archive). */
export interface Artifact {
  readonly fileName?: string | undefined;
  readonly url?: string | undefined;
  readonly checksums: readonly Checksum[];
}

/** A locked package as one file records it. */
export interface LockPackage {
  readonly name: string;
  readonly version?: string | undefined;
  readonly source: LockSource;
  readonly artifacts: readonly Artifact[];
  /** Root-relative path of the file that records it. */
  readonly file: string;
  /** 1-based line in that file, when known. */
  readonly line?: number | undefined;
  readonly summary?: string | undefined;
  /** Package-level environment markers (it is installed where any of them holds); empty = everywhere. */
  readonly markers: readonly string[];
  /** Groups the lock puts it in (poetry `groups`/`category`, pdm `groups`, Pipfile.lock sections). */
  readonly groups: readonly string[];
  /** Poetry/pdm `optional = true`: installed only through an extra. */
  readonly optional?: boolean | undefined;
}

/** How an edge constrains scope: run time, an optional extra, or a development group. */
export type EdgeKind = "runtime" | "optional" | "dev";

/** A dependency edge; endpoints are indices into the file's package list. */
export interface LockEdge {
  readonly from: number;
  readonly to: number;
  readonly kind: EdgeKind;
  readonly group?: string | undefined;
  readonly marker?: string | undefined;
}

/** An edge from the project root to one of the file's packages. */
export interface RootEdge {
  readonly to: number;
  readonly kind: EdgeKind;
  readonly group?: string | undefined;
  readonly marker?: string | undefined;
}

/** A requirement of the project (a manifest entry, an unpinned requirement line) still to resolve. */
export interface ProjectRequirement {
  /** The requirement as written (for messages). */
  readonly text: string;
  readonly name: string;
  /** PEP 440 specifier set text, or a tool's own constraint (Poetry `^1.2`), "" for none. */
  readonly specifier: string;
  /** An exact version when the requirement pins one (`==1.2`, `===1.2`, Poetry `1.2`). */
  readonly pinned?: string | undefined;
  /** A direct reference (`name @ url`, a VCS URL). */
  readonly url?: string | undefined;
  readonly marker?: string | undefined;
  readonly kind: EdgeKind;
  readonly group?: string | undefined;
  readonly file: string;
  readonly line?: number | undefined;
}

/** What a pyproject.toml says about the project itself. */
export interface ProjectInfo {
  readonly name: string;
  readonly version?: string | undefined;
  readonly summary?: string | undefined;
  /** PEP 639 `license` (canonical SPDX expression). */
  readonly licenseExpression?: string | undefined;
  /** Legacy `license = { text = "…" }` or a Poetry license that is not an SPDX expression. */
  readonly licenseText?: string | undefined;
  readonly classifiers: readonly string[];
  readonly authors: readonly { readonly name?: string | undefined; readonly email?: string | undefined }[];
  readonly maintainers: readonly {
    readonly name?: string | undefined;
    readonly email?: string | undefined;
  }[];
  readonly urls: readonly { readonly label: string; readonly url: string }[];
  /** Extras the project declares (PEP 621 optional-dependencies, Poetry extras). */
  readonly extras: readonly string[];
  /** Dependency groups it declares (PEP 735, Poetry groups, uv/pdm dev-dependencies). */
  readonly devGroups: readonly string[];
}

/** Everything one file (with the files it includes) contributes. */
export interface ParsedFile {
  readonly file: string;
  readonly format: LockFormat;
  readonly packages: LockPackage[];
  readonly edges: LockEdge[];
  readonly rootEdges: RootEdge[];
  readonly requirements: ProjectRequirement[];
  readonly unknowns: Unknown[];
  /** Properties for the project root (index URLs of a requirements file…). */
  readonly rootProperties: Property[];
  /** Whether the format records the dependency graph between packages. */
  readonly hasGraph: boolean;
  /** Index of the package that is the project itself (uv: the editable/virtual `.` entry). */
  rootIndex?: number | undefined;
  /** The project's own metadata (pyproject.toml). */
  project?: ProjectInfo | undefined;
  /** How the lock's groups map to scopes, when it knows (`main` → runtime…). */
  groupKinds?: ReadonlyMap<string, EdgeKind> | undefined;
  /** The default kind of a lock group the file cannot classify. */
  defaultGroupKind?: EdgeKind | undefined;
  /** Workspace members and other local projects the lock includes (root-relative directories). */
  localProjects?: ReadonlyMap<string, number> | undefined;
}

/** An empty {@link ParsedFile} to fill. */
export function emptyParsed(file: string, format: LockFormat, hasGraph: boolean): ParsedFile {
  return {
    file,
    format,
    packages: [],
    edges: [],
    rootEdges: [],
    requirements: [],
    unknowns: [],
    rootProperties: [],
    hasGraph,
  };
}
