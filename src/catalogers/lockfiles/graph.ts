// Assembles what the files of each project say into one graph: packages merged by identity (name,
// version, source), the project root (from pyproject.toml, the lock's own entry, or a stand-in), edges
// from the lock graph, from the root, and from manifest requirements resolved against the locked
// packages; unreachable packages hang from the root by their lock groups; `--target` prunes.
import type { NormalizedLicenseExpression } from "../../core/license/index.js";
import { canonicalizeName } from "../../core/names.js";
import {
  normalizeVersion,
  specifierSetContains,
  tryParseSpecifierSet,
  tryParseVersion,
} from "../../core/pep440/index.js";
import { type PypiQualifiers, pypiPurl } from "../../core/purl.js";
import {
  type Checksum,
  createPackage,
  DOCUMENT_REF,
  type ExternalRef,
  type ExtractedLicense,
  type Package,
  type Property,
  packageId,
  type Relationship,
  relate,
  type Unknown,
} from "../../model/index.js";
import { parties } from "../project-actors.js";
import { declaredLicense } from "../project-license.js";
import { projectUrls } from "../project-urls.js";
import {
  addChecksums,
  baseOf,
  checkNameVersion,
  orMarkers,
  stripCredentials,
  urlFileName,
} from "./common.js";
import { mayHold, type TargetEnvironment } from "./markers.js";
import { poetryAllows } from "./poetry.js";
import { sourceOfUrl } from "./requirements.js";
import type { EdgeKind, LockSource, ParsedFile, ProjectInfo, ProjectRequirement } from "./types.js";

/** One project: a directory and the files that describe it. */
export interface ProjectInput {
  /** Root-relative directory ("" for the scanned root). */
  readonly dir: string;
  /** Name for a stand-in root when no file names the project. */
  readonly fallbackName: string;
  readonly files: readonly ParsedFile[];
  /** Files that only give context (manifests beside a lockfile target): no packages or Unknowns of their own. */
  readonly contextOnly?: ReadonlySet<string> | undefined;
}

/** Metadata of a workspace member (its own pyproject.toml) for a package another project's lock lists. */
export interface MemberInfo {
  readonly lockFile: string;
  readonly index: number;
  readonly info: ProjectInfo;
  readonly file: string;
}

/** Options of {@link assemble}. */
export interface AssembleOptions {
  readonly target?: TargetEnvironment | undefined;
  readonly members?: readonly MemberInfo[] | undefined;
  readonly warn?: ((message: string) => void) | undefined;
  /** Keeps ids apart when several targets of one `generate` lock the same package (the target as named). */
  readonly idScope?: string | undefined;
}

/** The packages, relationships and unknowns of all projects. */
export interface Assembled {
  readonly names: string[];
  readonly packages: Package[];
  readonly relationships: Relationship[];
  readonly unknowns: Unknown[];
  readonly extractedLicenses: ExtractedLicense[];
}

interface Node {
  readonly key: string;
  name: string;
  version?: string | undefined;
  readonly source: LockSource;
  readonly checksums: Checksum[];
  readonly checksumKeys: Set<string>;
  readonly files: string[];
  /** Artifacts with a URL, by `fileName\0url`. */
  readonly artifactUrls: Map<string, { fileName?: string | undefined; url?: string | undefined }>;
  summary?: string | undefined;
  /** Markers under which it is installed; null once one occurrence applies everywhere. */
  markers: string[] | null;
  root?: { info?: ProjectInfo | undefined; synthetic: boolean; properties: Property[]; dir: string };
  member?: ProjectInfo | undefined;
}

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly group?: string | undefined;
  readonly marker?: string | undefined;
}

const PYPI = /^https?:\/\/(?:pypi\.org|pypi\.python\.org|files\.pythonhosted\.org)(?:\/|$)/;
const LOCAL_KINDS = new Set(["path", "directory", "editable", "virtual"]);

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function versionKey(v: string | undefined): string {
  if (v === undefined) return "";
  return tryParseVersion(v) ? normalizeVersion(v) : v;
}

function sourceKey(s: LockSource): string {
  switch (s.kind) {
    case "registry":
      return "";
    case "git":
      return `git:${s.url ?? ""}@${s.commit ?? s.ref ?? ""}#${s.subdirectory ?? ""}`;
    case "url":
      return `url:${s.url ?? ""}#${s.subdirectory ?? ""}`;
    default:
      return `local:${s.path ?? ""}`;
  }
}

function nodeKey(name: string, version: string | undefined, source: LockSource): string {
  return `${canonicalizeName(name)}@${versionKey(version)}|${sourceKey(source)}`;
}

/** The SPDX download location of a source (VCS locator, archive URL) or of its sdist. */
function downloadLocation(n: Node): string | undefined {
  const d = rawDownloadLocation(n);
  return d === undefined ? undefined : stripCredentials(d);
}

function rawDownloadLocation(n: Node): string | undefined {
  const s = n.source;
  if (s.kind === "git" && s.url !== undefined) {
    const rev = s.commit ?? s.ref;
    const base = /^[a-z]+\+/i.test(s.url) ? s.url : `git+${s.url}`;
    return `${base}${rev ? `@${rev}` : ""}${s.subdirectory ? `#${s.subdirectory}` : ""}`;
  }
  if (s.kind === "url") return s.url;
  if (LOCAL_KINDS.has(s.kind)) return undefined;
  const artifacts = [...n.artifactUrls.values()];
  const sdists = artifacts.filter(
    (a) => a.url !== undefined && a.fileName !== undefined && !a.fileName.endsWith(".whl"),
  );
  if (sdists.length === 1) return sdists[0]!.url;
  const withUrl = artifacts;
  return withUrl.length === 1 ? withUrl[0]!.url : undefined;
}

function purlOf(n: Node): string {
  const s = n.source;
  let qualifiers: PypiQualifiers | undefined;
  if (s.kind === "registry" && s.url !== undefined && !PYPI.test(s.url) && /^[a-z][a-z0-9+.-]*:/i.test(s.url))
    qualifiers = { repository_url: s.url };
  else if (s.kind === "git" && s.url !== undefined) {
    const base = /^[a-z]+\+/i.test(s.url) ? s.url : `git+${s.url}`;
    const rev = s.commit ?? s.ref;
    qualifiers = { vcs_url: `${base}${rev ? `@${rev}` : ""}` };
  } else if (s.kind === "url" && s.url !== undefined) {
    const file = urlFileName(s.url);
    qualifiers = { download_url: s.url, ...(file ? { file_name: file } : {}) };
  } else if (s.kind === "path" && s.path !== undefined) qualifiers = { file_name: baseOf(s.path) };
  if (qualifiers)
    qualifiers = Object.fromEntries(
      Object.entries(qualifiers).map(([k, v]) => [k, k === "file_name" ? v : stripCredentials(v as string)]),
    ) as PypiQualifiers;
  return pypiPurl({
    name: n.name,
    ...(n.version !== undefined ? { version: n.version } : {}),
    ...(qualifiers ? { qualifiers } : {}),
  });
}

function edgeComment(e: Edge): string | undefined {
  const parts: string[] = [];
  if (e.group !== undefined) parts.push(`group: ${e.group}`);
  if (e.marker !== undefined) parts.push(`marker: ${e.marker}`);
  return parts.length > 0 ? parts.join("; ") : undefined;
}

function requirementAllows(r: ProjectRequirement, version: string | undefined): boolean | undefined {
  if (r.specifier === "" || version === undefined) return undefined;
  const set = tryParseSpecifierSet(r.specifier);
  if (set !== undefined) return specifierSetContains(set, version, { prereleases: true });
  return poetryAllows(r.specifier, version);
}

/**
 * Builds the model for the given projects: one described root per project, every locked package once,
 * dependency edges with `group:`/`marker:` comments, and the Unknowns of all files.
 */
export function assemble(projects: readonly ProjectInput[], options: AssembleOptions = {}): Assembled {
  const nodes = new Map<string, Node>();
  const edges = new Map<string, Edge>();
  const unknowns: Unknown[] = [];
  const roots: string[] = [];
  const extracted = new Map<string, ExtractedLicense>();
  const members = new Map<string, MemberInfo>();
  for (const m of options.members ?? []) members.set(`${m.lockFile}\0${m.index}`, m);

  const addEdge = (e: Edge): void => {
    if (e.from === e.to) return;
    edges.set(`${e.from}\0${e.to}\0${e.kind}\0${e.group ?? ""}\0${e.marker ?? ""}`, e);
  };
  const outgoing = (): Map<string, Edge[]> => {
    const m = new Map<string, Edge[]>();
    for (const e of edges.values()) {
      const list = m.get(e.from);
      if (list) list.push(e);
      else m.set(e.from, [e]);
    }
    return m;
  };

  for (const project of projects) {
    const context = project.contextOnly ?? new Set<string>();
    const keys = new Map<ParsedFile, (string | undefined)[]>();
    const projectKeys = new Set<string>();
    const groupKind = new Map<string, EdgeKind>();
    const groupsOf = new Map<string, { groups: Set<string>; file: ParsedFile; markers: string[] | null }>();
    let info: ProjectInfo | undefined;
    let infoFile: string | undefined;
    for (const f of project.files) {
      if (f.project && !info) {
        info = f.project;
        infoFile = f.file;
      }
      if (!context.has(f.file)) unknowns.push(...f.unknowns);
      if (f.format === "pyproject" || f.format === "pipfile")
        for (const [g, k] of f.groupKinds ?? []) groupKind.set(g, k);
    }
    // --- packages
    for (const f of project.files) {
      const list: (string | undefined)[] = [];
      f.packages.forEach((p, i) => {
        const key = nodeKey(p.name, p.version, p.source);
        list.push(key);
        projectKeys.add(key);
        let n = nodes.get(key);
        if (!n) {
          n = {
            key,
            name: p.name,
            version: p.version,
            source: p.source,
            checksums: [],
            checksumKeys: new Set(),
            files: [],
            artifactUrls: new Map(),
            summary: p.summary,
            markers: [],
          };
          nodes.set(key, n);
        }
        n.summary ??= p.summary;
        for (const a of p.artifacts) {
          addChecksums(n.checksums, a.checksums, n.checksumKeys);
          if (a.url !== undefined)
            n.artifactUrls.set(`${a.fileName ?? ""}\0${a.url}`, { fileName: a.fileName, url: a.url });
        }
        if (!n.files.includes(p.file)) n.files.push(p.file);
        if (n.markers !== null) {
          if (p.markers.length === 0) n.markers = null;
          else for (const m of p.markers) if (!n.markers.includes(m)) n.markers.push(m);
        }
        const member = members.get(`${f.file}\0${i}`);
        if (member) {
          n.member = member.info;
          if (!n.files.includes(member.file)) n.files.push(member.file);
        }
        const g = groupsOf.get(key) ?? { groups: new Set<string>(), file: f, markers: [] as string[] | null };
        for (const x of p.groups) g.groups.add(x);
        if (p.optional) g.groups.add("\0optional");
        groupsOf.set(key, g);
      });
      keys.set(f, list);
    }

    // --- the root
    let rootKey: string | undefined;
    const lockRoots = new Set<string>();
    for (const f of project.files)
      if (f.rootIndex !== undefined && keys.get(f)?.[f.rootIndex] !== undefined)
        lockRoots.add(keys.get(f)![f.rootIndex]!);
    const infoName = info ? canonicalizeName(info.name) : undefined;
    const named = [...lockRoots].filter(
      (k) => infoName === undefined || canonicalizeName(nodes.get(k)!.name) === infoName,
    );
    if (named.length === 1) rootKey = named[0];
    else if (infoName !== undefined) {
      const same = [...projectKeys].filter((k) => canonicalizeName(nodes.get(k)!.name) === infoName);
      const local = same.filter((k) => LOCAL_KINDS.has(nodes.get(k)!.source.kind));
      if (local.length === 1) rootKey = local[0];
      else if (same.length === 1) rootKey = same[0];
    }
    const rootProperties: Property[] = [];
    for (const f of project.files)
      for (const p of f.rootProperties)
        if (!rootProperties.some((x) => x.name === p.name && x.value === p.value)) rootProperties.push(p);
    if (rootKey === undefined) {
      rootKey = `root:${project.dir}`;
      const name = info?.name ?? project.fallbackName;
      nodes.set(rootKey, {
        key: rootKey,
        name,
        version: info?.version,
        source: { kind: "directory", path: project.dir },
        checksums: [],
        checksumKeys: new Set(),
        // A stand-in stands for the project all its files describe.
        files: infoFile ? [infoFile] : project.files.filter((f) => !context.has(f.file)).map((f) => f.file),
        artifactUrls: new Map(),
        markers: null,
      });
    }
    const root = nodes.get(rootKey)!;
    root.root = { info, synthetic: info === undefined, properties: rootProperties, dir: project.dir };
    root.markers = null;
    if (info) {
      if (
        info.version !== undefined &&
        root.version !== undefined &&
        versionKey(info.version) !== versionKey(root.version)
      )
        unknowns.push({
          location: infoFile,
          code: "lock/root-version-mismatch",
          message: `${info.name}: pyproject.toml says version ${info.version}, the lock ${root.version}; the SBOM uses ${info.version}`,
        });
      root.name = info.name;
      // The lock's spelling of an equal version is kept (it is what the lock pins).
      if (
        info.version !== undefined &&
        (root.version === undefined || versionKey(info.version) !== versionKey(root.version))
      )
        root.version = info.version;
      if (infoFile && !root.files.includes(infoFile)) root.files.unshift(infoFile);
    }
    if (!roots.includes(rootKey)) roots.push(rootKey);

    // --- edges recorded by the files
    for (const f of project.files) {
      const k = keys.get(f)!;
      for (const e of f.edges) {
        const from = k[e.from];
        const to = k[e.to];
        if (from === undefined || to === undefined) continue;
        addEdge({ from, to, kind: e.kind, group: e.group, marker: e.marker });
      }
      for (const e of f.rootEdges) {
        const to = k[e.to];
        if (to !== undefined) addEdge({ from: rootKey, to, kind: e.kind, group: e.group, marker: e.marker });
      }
    }

    // --- manifest requirements, resolved against the project's locked packages
    const byName = new Map<string, string[]>();
    for (const key of projectKeys) {
      if (key === rootKey) continue;
      const c = canonicalizeName(nodes.get(key)!.name);
      byName.set(c, [...(byName.get(c) ?? []), key]);
    }
    const hasLock = project.files.some((f) => f.packages.length > 0);
    const linked = new Set([...edges.values()].filter((e) => e.from === rootKey).map((e) => e.to));
    for (const f of project.files) {
      for (const r of f.requirements) {
        const c = canonicalizeName(r.name);
        if (infoName !== undefined && c === infoName) continue;
        let candidates = byName.get(c) ?? [];
        if (candidates.length > 1) {
          const ok = candidates.filter((k) => requirementAllows(r, nodes.get(k)!.version) !== false);
          if (ok.length > 0) candidates = ok;
        }
        if (candidates.length > 0) {
          for (const to of candidates)
            if (!linked.has(to))
              addEdge({ from: rootKey, to, kind: r.kind, group: r.group, marker: r.marker });
          continue;
        }
        if (context.has(f.file)) continue;
        const location = r.line === undefined ? r.file : `${r.file}:${r.line}`;
        if (r.pinned === undefined && r.url === undefined) {
          unknowns.push({
            location,
            code: "lock/unpinned",
            message: `${r.text}: not pinned to one version (specifier ${r.specifier || "none"})${hasLock ? "; no lockfile of the project locks it" : ""}`,
          });
          continue;
        }
        // A pin or a direct reference in a manifest no lock covers: it still names one package.
        let source: LockSource = { kind: "registry" };
        let version = r.pinned;
        if (r.url !== undefined) {
          source = sourceOfUrl(r.url);
          if (source.kind === "git" && source.commit === undefined)
            unknowns.push({
              location,
              code: "lock/unpinned-vcs",
              message: `${r.name}: VCS reference ${source.ref ?? "(none)"} is not a commit id`,
            });
        }
        const bad = checkNameVersion(r.name, version, location);
        if (bad) {
          unknowns.push(bad);
          continue;
        }
        if (source.kind !== "registry") version = undefined;
        const key = nodeKey(r.name, version, source);
        let n = nodes.get(key);
        if (!n) {
          n = {
            key,
            name: r.name,
            version,
            source,
            checksums: [],
            checksumKeys: new Set(),
            files: [],
            artifactUrls: new Map(),
            markers: [],
          };
          nodes.set(key, n);
        }
        if (!n.files.includes(r.file)) n.files.push(r.file);
        if (n.markers !== null) {
          if (r.marker === undefined) n.markers = null;
          else if (!n.markers.includes(r.marker)) n.markers.push(r.marker);
        }
        projectKeys.add(key);
        byName.set(c, [key]);
        addEdge({ from: rootKey, to: key, kind: r.kind, group: r.group, marker: r.marker });
      }
    }

    // --- packages nothing reaches hang from the root, by their lock groups (tops of the graph first)
    const out = outgoing();
    const reached = new Set<string>([rootKey]);
    const visit = (start: string): void => {
      const queue = [start];
      reached.add(start);
      for (let i = 0; i < queue.length; i++)
        for (const e of out.get(queue[i]!) ?? [])
          if (!reached.has(e.to)) {
            reached.add(e.to);
            queue.push(e.to);
          }
    };
    visit(rootKey);
    const pending = [...projectKeys].filter((k) => !reached.has(k)).sort(byCodePoint);
    if (pending.length > 0) {
      const incoming = new Set<string>();
      for (const e of edges.values()) if (projectKeys.has(e.from) && e.from !== e.to) incoming.add(e.to);
      const attach = (key: string): void => {
        const g = groupsOf.get(key);
        const n = nodes.get(key)!;
        const marker = n.markers === null ? undefined : orMarkers(n.markers);
        const scopes = new Map<string, { kind: EdgeKind; group?: string | undefined }>();
        const optional = g?.groups.has("\0optional") ?? false;
        for (const name of g?.groups ?? []) {
          if (name === "\0optional") continue;
          let kind =
            groupKind.get(name) ?? g!.file.groupKinds?.get(name) ?? g!.file.defaultGroupKind ?? "runtime";
          if (kind === "runtime" && optional) kind = "optional";
          scopes.set(`${kind}\0${kind === "runtime" ? "" : name}`, {
            kind,
            group: kind === "runtime" ? undefined : name,
          });
        }
        if (scopes.size === 0)
          scopes.set(optional ? "optional" : "runtime", { kind: optional ? "optional" : "runtime" });
        if ([...scopes.values()].some((s) => s.kind === "runtime"))
          for (const [k, s] of scopes) if (s.kind !== "runtime") scopes.delete(k);
        for (const s of scopes.values())
          addEdge({ from: rootKey!, to: key, kind: s.kind, group: s.group, marker });
        // Newly added edges from the root: extend reach without rebuilding the whole index.
        out.set(rootKey!, [...(out.get(rootKey!) ?? []), { from: rootKey!, to: key, kind: "runtime" }]);
        visit(key);
      };
      for (const key of pending) if (!reached.has(key) && !incoming.has(key)) attach(key);
      for (const key of pending) if (!reached.has(key)) attach(key);
    }
  }

  // --- --target: keep what may be installed there
  let keep: Set<string> | undefined;
  if (options.target) {
    const env = options.target;
    const applies = (n: Node): boolean =>
      n.markers === null || n.markers.length === 0 || n.markers.some((m) => mayHold(m, env));
    const out = new Map<string, Edge[]>();
    for (const e of edges.values()) {
      if (!mayHold(e.marker, env)) continue;
      const list = out.get(e.from);
      if (list) list.push(e);
      else out.set(e.from, [e]);
    }
    keep = new Set(roots);
    const queue = [...roots];
    for (let i = 0; i < queue.length; i++)
      for (const e of out.get(queue[i]!) ?? []) {
        const n = nodes.get(e.to)!;
        if (!keep.has(e.to) && applies(n)) {
          keep.add(e.to);
          queue.push(e.to);
        }
      }
    const dropped = nodes.size - keep.size;
    if (dropped > 0)
      options.warn?.(`--target: ${dropped} package(s) do not apply to the target and are left out`);
  }

  // --- the model
  const ids = new Map<string, string>();
  const packages: Package[] = [];
  const sorted = [...nodes.values()]
    .filter((n) => !keep || keep.has(n.key))
    .sort((a, b) => byCodePoint(a.key, b.key));
  for (const n of sorted) {
    const purl = n.root?.synthetic ? undefined : purlOf(n);
    const id = packageId({
      name: n.name,
      version: n.version,
      purl,
      discriminator: `${options.idScope ?? ""}\0${n.key}`,
    });
    ids.set(n.key, id);
    packages.push(toPackage(n, id, purl, extracted));
  }
  const relationships: Relationship[] = [];
  for (const r of roots) if (ids.has(r)) relationships.push(relate(DOCUMENT_REF, "DESCRIBES", ids.get(r)!));
  const rels: Relationship[] = [];
  const seen = new Set<string>();
  for (const e of edges.values()) {
    if (keep && !mayHold(e.marker, options.target!)) continue;
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (from === undefined || to === undefined) continue;
    const comment = edgeComment(e);
    const r =
      e.kind === "runtime"
        ? relate(from, "DEPENDS_ON", to, comment)
        : relate(to, e.kind === "dev" ? "DEV_DEPENDENCY_OF" : "OPTIONAL_DEPENDENCY_OF", from, comment);
    const k = `${r.from}\0${r.type}\0${r.to}\0${r.comment ?? ""}`;
    if (seen.has(k)) continue;
    seen.add(k);
    rels.push(r);
  }
  // Sorted by the packages' identities (name, version, source), which reads better than by hashed ids.
  const sortKey = new Map([...ids].map(([key, id]) => [id, key]));
  const k = (id: string): string => sortKey.get(id) ?? id;
  rels.sort(
    (a, b) =>
      byCodePoint(k(a.from), k(b.from)) ||
      byCodePoint(a.type, b.type) ||
      byCodePoint(k(a.to), k(b.to)) ||
      byCodePoint(a.comment ?? "", b.comment ?? ""),
  );
  relationships.push(...rels);
  // Locked packages without a version (dynamic versions of local projects, VCS checkouts, URLs).
  for (const n of sorted)
    if (n.version === undefined && !n.root)
      unknowns.push({
        location: n.files[0],
        code: "lock/no-version",
        message: `${n.name}: no version recorded (${n.source.kind === "registry" ? "registry" : `${n.source.kind} source`}); written as NOASSERTION`,
      });
  const uniqueUnknowns = new Map<string, Unknown>();
  for (const u of unknowns) uniqueUnknowns.set(`${u.location ?? ""}\0${u.code}\0${u.message}`, u);
  const names = roots.filter((r) => ids.has(r)).map((r) => nodes.get(r)!.name);
  return {
    names,
    packages,
    relationships,
    unknowns: [...uniqueUnknowns.values()].sort(
      (a, b) =>
        byCodePoint(a.location ?? "", b.location ?? "") ||
        byCodePoint(a.code, b.code) ||
        byCodePoint(a.message, b.message),
    ),
    extractedLicenses: [...extracted.values()].sort((a, b) => byCodePoint(a.id, b.id)),
  };
}

function toPackage(
  n: Node,
  id: string,
  purl: string | undefined,
  extracted: Map<string, ExtractedLicense>,
): Package {
  const info = n.root?.info ?? n.member;
  const properties: Property[] = n.files.map((f) => ({ name: "pysbom:location", value: f }));
  if (n.source.kind !== "registry" && !n.key.startsWith("root:"))
    properties.push({ name: "pysbom:lock:source", value: n.source.kind });
  if (n.root?.synthetic) properties.push({ name: "pysbom:lock:stand-in-root", value: "true" });
  for (const p of n.root?.properties ?? []) properties.push(p);
  let licenseDeclared: string | undefined;
  let homepage: string | undefined;
  const externalRefs: ExternalRef[] = [];
  if (info) {
    const lic = declaredLicense({
      licenseExpression: info.licenseExpression as NormalizedLicenseExpression | undefined,
      classifiers: info.classifiers,
      license: info.licenseText,
    });
    licenseDeclared = lic.expression;
    for (const e of lic.extracted) extracted.set(e.id, e);
    const urls = projectUrls(info.urls);
    homepage = urls.homepage;
    externalRefs.push(...urls.refs);
  }
  // The same supplier/originator policy as installed distributions (project-actors.ts).
  const who = info ? parties(info.authors, info.maintainers) : undefined;
  const originator = who?.originator;
  const supplier = n.root?.info ? who?.supplier : undefined;
  if (who?.allAuthors) properties.push({ name: "pysbom:authors", value: who.allAuthors });
  if (who?.allMaintainers) properties.push({ name: "pysbom:maintainers", value: who.allMaintainers });
  const files = n.files.length > 0 ? n.files : [];
  return createPackage({
    id,
    name: n.name,
    // An unknown version is stated as such (NTIA "known unknowns"), never left out or guessed.
    version: n.version ?? "NOASSERTION",
    ...(purl !== undefined ? { purl } : {}),
    purpose: n.root ? "APPLICATION" : "LIBRARY",
    ...(supplier ? { supplier } : {}),
    ...(originator ? { originator } : {}),
    ...(downloadLocation(n) !== undefined ? { downloadLocation: downloadLocation(n) } : {}),
    ...(homepage !== undefined ? { homepage } : {}),
    checksums: n.checksums,
    ...(licenseDeclared !== undefined ? { licenseDeclared } : {}),
    ...((info?.summary ?? n.summary) !== undefined ? { summary: info?.summary ?? n.summary } : {}),
    ...(files.length > 0 ? { sourceInfo: `acquired from ${files.join(", ")}` } : {}),
    ...(n.root?.synthetic
      ? {
          comment: `No pyproject.toml names this project: this package stands for the project ${n.root.dir === "" ? "in the scanned directory" : `in ${n.root.dir}`}, whose dependencies the lockfiles list.`,
        }
      : {}),
    externalRefs,
    properties,
  });
}
