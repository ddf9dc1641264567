// uv.lock (version 1): every resolved package with its source (registry, git, url, path, directory,
// editable, virtual), sdist and wheel hashes, and its dependencies, extras and dependency groups; a
// package may appear in several versions split by markers, and dependencies then name version and source.
import { canonicalizeName } from "../../core/names.js";
import { normalizeVersion, tryParseVersion } from "../../core/pep440/index.js";
import { PysbomError } from "../../errors.js";
import {
  andMarkers,
  asString,
  asTable,
  at,
  checkNameVersion,
  checksumFromText,
  dirOf,
  isCommitId,
  joinLoose,
  markerOrUnknown,
  parseToml,
  redactUrl,
  type Table,
  tableLines,
  tablesOf,
  urlFileName,
} from "./common.js";
import { requirementFromPep508 } from "./pyproject.js";
import { type Artifact, emptyParsed, type LockSource, type ParsedFile } from "./types.js";

const LOCAL = ["editable", "virtual", "directory", "path"] as const;

function sourceOf(t: Table | undefined, lockDir: string): LockSource {
  if (!t) return { kind: "registry" };
  const registry = asString(t.registry);
  if (registry !== undefined)
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(registry)
      ? { kind: "registry", url: redactUrl(registry) }
      : { kind: "registry", url: joinLoose(lockDir, registry) };
  const git = asString(t.git);
  if (git !== undefined) {
    // `https://host/repo?rev=…&subdirectory=…#<commit>`
    const hash = git.indexOf("#");
    const commit = hash === -1 ? undefined : git.slice(hash + 1);
    const base = hash === -1 ? git : git.slice(0, hash);
    const q = base.indexOf("?");
    const url = q === -1 ? base : base.slice(0, q);
    const params = new URLSearchParams(q === -1 ? "" : base.slice(q + 1));
    const ref = params.get("rev") ?? params.get("tag") ?? params.get("branch") ?? undefined;
    const sub = params.get("subdirectory") ?? undefined;
    return {
      kind: "git",
      url: redactUrl(url),
      ...(isCommitId(commit) ? { commit: commit!.toLowerCase() } : {}),
      ...(ref !== undefined ? { ref } : {}),
      ...(sub !== undefined ? { subdirectory: sub } : {}),
    };
  }
  const url = asString(t.url);
  if (url !== undefined) {
    const sub = asString(t.subdirectory);
    return { kind: "url", url: redactUrl(url), ...(sub ? { subdirectory: sub } : {}) };
  }
  for (const kind of LOCAL) {
    const p = asString(t[kind]);
    if (p !== undefined) return { kind, path: joinLoose(lockDir, p) };
  }
  return { kind: "registry" };
}

function sourceKey(t: unknown): string {
  const table = asTable(t);
  if (!table) return "";
  return JSON.stringify(Object.entries(table).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function artifactOf(t: Table | undefined): Artifact | undefined {
  if (!t) return undefined;
  const url = asString(t.url);
  const path = asString(t.path);
  const hash = asString(t.hash);
  const c = hash === undefined ? undefined : checksumFromText(hash);
  return {
    fileName: asString(t.filename) ?? urlFileName(url ?? path ?? ""),
    url: url === undefined ? undefined : redactUrl(url),
    checksums: c ? [c] : [],
  };
}

function sameVersion(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  return tryParseVersion(a) && tryParseVersion(b) ? normalizeVersion(a) === normalizeVersion(b) : a === b;
}

/**
 * Reads a uv.lock. Throws `INVALID_TOML` for a syntax error and `UNSUPPORTED_VERSION` for a lock
 * version other than 1.
 */
export function readUvLock(file: string, text: string): ParsedFile {
  const doc = parseToml(text, file);
  const out = emptyParsed(file, "uv-lock", true);
  const version = doc.version;
  if (version !== 1 && version !== 1n)
    throw new PysbomError(
      "UNSUPPORTED_VERSION",
      `${file}: uv.lock version ${version === undefined ? "(missing)" : JSON.stringify(typeof version === "object" ? "(a table)" : String(version))} is not supported (pysbom reads version 1)`,
      { location: { file } },
    );
  const lockDir = dirOf(file);
  const lines = tableLines(text, "package");
  const entries = tablesOf(doc.package);
  const tables: Table[] = [];
  const local = new Map<string, number>();
  entries.forEach((p, i) => {
    const line = lines[i];
    const where = at(file, line);
    const name = asString(p.name);
    const v = asString(p.version);
    const bad = checkNameVersion(name, v, where);
    if (bad) {
      out.unknowns.push(bad);
      return;
    }
    const source = sourceOf(asTable(p.source), lockDir);
    const artifacts: Artifact[] = [];
    const sdist = artifactOf(asTable(p.sdist));
    if (sdist) artifacts.push(sdist);
    for (const w of tablesOf(p.wheels)) artifacts.push(artifactOf(w)!);
    const markers: string[] = [];
    for (const m of (p["resolution-markers"] as unknown[] | undefined) ?? []) {
      const mk = typeof m === "string" ? markerOrUnknown(m, where, out.unknowns) : undefined;
      if (mk) markers.push(mk);
    }
    out.packages.push({ name: name!, version: v, source, artifacts, file, line, markers, groups: [] });
    tables.push(p);
    const index = out.packages.length - 1;
    if (
      (LOCAL as readonly string[]).includes(source.kind) &&
      source.kind !== "path" &&
      source.path !== undefined
    ) {
      local.set(source.path, index);
      if (source.path === lockDir) out.rootIndex = index;
    }
  });
  out.localProjects = local;

  const byName = new Map<string, number[]>();
  out.packages.forEach((p, i) => {
    const k = canonicalizeName(p.name);
    byName.set(k, [...(byName.get(k) ?? []), i]);
  });
  const resolve = (dep: Table, from: number): number[] => {
    const name = asString(dep.name);
    if (name === undefined) return [];
    let c = byName.get(canonicalizeName(name)) ?? [];
    const v = asString(dep.version);
    if (v !== undefined) c = c.filter((i) => sameVersion(out.packages[i]!.version, v));
    if (dep.source !== undefined) {
      const key = sourceKey(dep.source);
      c = c.filter((i) => sourceKey(tables[i]!.source) === key);
    }
    return c.filter((i) => i !== from);
  };
  const addEdges = (
    from: number,
    list: unknown,
    kind: "runtime" | "optional" | "dev",
    group: string | undefined,
    extraMarker: string | undefined,
  ): void => {
    const where = at(file, out.packages[from]!.line);
    for (const dep of tablesOf(list)) {
      const targets = resolve(dep, from);
      if (targets.length === 0) {
        out.unknowns.push({
          location: where,
          code: "lock/unresolved-dependency",
          message: `${out.packages[from]!.name} depends on ${asString(dep.name) ?? "(no name)"}, which the lock does not list`,
        });
        continue;
      }
      const marker = andMarkers(markerOrUnknown(asString(dep.marker), where, out.unknowns), extraMarker);
      for (const to of targets) out.edges.push({ from, to, kind, group, marker });
    }
  };
  tables.forEach((p, index) => {
    const pkg = out.packages[index]!;
    addEdges(index, p.dependencies, "runtime", undefined, undefined);
    // A project's own extras are optional; a dependency's extras are installed because something in
    // the resolution asks for them, so they count as its dependencies under `extra == "…"`.
    const isProject = ["editable", "virtual", "directory"].includes(pkg.source.kind);
    for (const [extra, list] of Object.entries(asTable(p["optional-dependencies"]) ?? {})) {
      if (isProject) addEdges(index, list, "optional", extra, undefined);
      else addEdges(index, list, "runtime", undefined, `extra == "${extra}"`);
    }
    for (const [group, list] of Object.entries(asTable(p["dev-dependencies"]) ?? {}))
      addEdges(index, list, "dev", group, undefined);
  });

  // A virtual workspace root is not a package: its members and `[manifest]` requirements hang from
  // the project root.
  const manifest = asTable(doc.manifest);
  if (out.rootIndex === undefined && manifest) {
    for (const member of (manifest.members as unknown[] | undefined) ?? []) {
      if (typeof member !== "string") continue;
      for (const i of byName.get(canonicalizeName(member)) ?? [])
        out.rootEdges.push({ to: i, kind: "runtime" });
    }
    for (const r of tablesOf(manifest.requirements)) {
      const req = requirementOfTable(r, { kind: "runtime" }, file, out);
      if (req) out.requirements.push(req);
    }
    for (const [group, list] of Object.entries(asTable(manifest["dependency-groups"]) ?? {}))
      for (const r of tablesOf(list)) {
        const req = requirementOfTable(r, { kind: "dev", group }, file, out);
        if (req) out.requirements.push(req);
      }
  }
  return out;
}

function requirementOfTable(
  r: Table,
  scope: { kind: "runtime" | "dev"; group?: string },
  file: string,
  out: ParsedFile,
): ReturnType<typeof requirementFromPep508> {
  const name = asString(r.name);
  if (name === undefined) return undefined;
  const spec = asString(r.specifier) ?? "";
  const marker = asString(r.marker);
  return requirementFromPep508(`${name}${spec}${marker ? `; ${marker}` : ""}`, scope, file, out.unknowns);
}
