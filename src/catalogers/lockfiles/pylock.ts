// PEP 751 lock files (`pylock.toml`, `pylock.<name>.toml`, lock-version 1.x): packages from an index,
// VCS, archive or directory with sdist/wheel hashes and markers; extras and dependency groups are marker
// conditions (`'dev' in dependency_groups`) that decide each package's scope.
import { canonicalizeName } from "../../core/names.js";
import { normalizeVersion, tryParseVersion } from "../../core/pep440/index.js";
import { tryParseMarker } from "../../core/pep508/index.js";
import { PysbomError } from "../../errors.js";
import type { Checksum, Unknown } from "../../model/index.js";
import {
  asString,
  asTable,
  at,
  checkNameVersion,
  checksumOf,
  dirOf,
  isCommitId,
  joinLoose,
  markerOrUnknown,
  parseToml,
  redactUrl,
  stringsOf,
  type Table,
  tableLines,
  tablesOf,
  urlFileName,
} from "./common.js";
import { evaluatePartial, groupEnvironment, mentionsVariable } from "./markers.js";
import { type Artifact, type EdgeKind, emptyParsed, type LockSource, type ParsedFile } from "./types.js";

const PYPI = /^https:\/\/pypi\.org\/simple\/?$/;

function hashesOf(t: Table | undefined, where: string, unknowns: Unknown[]): Checksum[] {
  const out: Checksum[] = [];
  for (const [alg, value] of Object.entries(asTable(t?.hashes) ?? {})) {
    const c = typeof value === "string" ? checksumOf(alg, value) : undefined;
    if (c) out.push(c);
    else
      unknowns.push({
        location: where,
        code: "lock/invalid-hash",
        message: `hash ${alg}: not a known algorithm with a hex digest`,
      });
  }
  return out;
}

function artifactOf(t: Table, where: string, unknowns: Unknown[]): Artifact {
  const url = asString(t.url);
  const path = asString(t.path);
  return {
    fileName: asString(t.name) ?? urlFileName(url ?? path ?? ""),
    url: url === undefined ? undefined : redactUrl(url),
    checksums: hashesOf(t, where, unknowns),
  };
}

function sourceOf(p: Table, lockDir: string): LockSource {
  const vcs = asTable(p.vcs);
  if (vcs) {
    const type = asString(vcs.type) ?? "git";
    const url = asString(vcs.url);
    const path = asString(vcs.path);
    const commit = asString(vcs["commit-id"]);
    const ref = asString(vcs["requested-revision"]);
    const sub = asString(vcs.subdirectory);
    const repo =
      url !== undefined ? redactUrl(url) : path !== undefined ? joinLoose(lockDir, path) : undefined;
    return {
      kind: "git",
      url: repo === undefined ? undefined : type === "git" ? repo : `${type}+${repo}`,
      ...(isCommitId(commit) ? { commit: commit!.toLowerCase() } : {}),
      ...(ref !== undefined ? { ref } : {}),
      ...(sub ? { subdirectory: sub } : {}),
    };
  }
  const dir = asTable(p.directory);
  if (dir) {
    const path = asString(dir.path) ?? ".";
    return {
      kind: dir.editable === true ? "editable" : "directory",
      path: joinLoose(lockDir, path),
    };
  }
  const archive = asTable(p.archive);
  if (archive) {
    const url = asString(archive.url);
    const sub = asString(archive.subdirectory);
    if (url !== undefined) return { kind: "url", url: redactUrl(url), ...(sub ? { subdirectory: sub } : {}) };
    const path = asString(archive.path) ?? "";
    return { kind: "path", path: joinLoose(lockDir, path) };
  }
  const index = asString(p.index);
  return index === undefined || PYPI.test(index)
    ? { kind: "registry" }
    : { kind: "registry", url: redactUrl(index) };
}

/** The scopes a PEP 751 package marker gives: run time unless it needs an extra or a non-default group. */
export function pylockScopes(
  marker: string | undefined,
  defaults: readonly string[],
  extras: readonly string[],
  groups: readonly string[],
): { kind: EdgeKind; group?: string }[] {
  if (marker === undefined || !mentionsVariable(marker, ["extras", "dependency_groups"]))
    return [{ kind: "runtime" }];
  const m = tryParseMarker(marker);
  if (!m || evaluatePartial(m, groupEnvironment(defaults, [])) !== false) return [{ kind: "runtime" }];
  const out: { kind: EdgeKind; group?: string }[] = [];
  for (const e of extras)
    if (evaluatePartial(m, groupEnvironment(defaults, [e])) !== false)
      out.push({ kind: "optional", group: e });
  for (const g of groups)
    if (!defaults.includes(g) && evaluatePartial(m, groupEnvironment([...defaults, g], [])) !== false)
      out.push({ kind: "dev", group: g });
  // Only a combination of extras and groups installs it: optional, whatever the combination.
  return out.length > 0 ? out : [{ kind: "optional" }];
}

/**
 * Reads a PEP 751 lock file. Throws `INVALID_TOML` for a syntax error and `UNSUPPORTED_VERSION` for a
 * lock-version other than 1.x.
 */
export function readPylock(file: string, text: string): ParsedFile {
  const doc = parseToml(text, file);
  const out = emptyParsed(file, "pylock", false);
  const lockVersion = asString(doc["lock-version"]);
  const m = lockVersion === undefined ? null : /^(\d+)\.(\d+)$/.exec(lockVersion);
  if (m?.[1] !== "1")
    throw new PysbomError(
      "UNSUPPORTED_VERSION",
      `${file}: lock-version ${lockVersion === undefined ? "(missing)" : JSON.stringify(lockVersion)} is not supported (pysbom reads PEP 751 lock-version 1.x)`,
      { location: { file } },
    );
  if (m[2] !== "0")
    out.unknowns.push({
      location: file,
      code: "lock/newer-lock-version",
      message: `lock-version ${lockVersion} is newer than 1.0, which pysbom implements; read as 1.0`,
    });
  // The environments the lock was made for, and what it needs of Python, recorded on the root.
  for (const env of stringsOf(doc.environments)) {
    const m = markerOrUnknown(env, file, out.unknowns);
    if (m !== undefined) out.rootProperties.push({ name: "pysbom:lock:environment", value: m });
  }
  const requiresPython = asString(doc["requires-python"]);
  if (requiresPython !== undefined)
    out.rootProperties.push({ name: "pysbom:lock:requires-python", value: requiresPython });
  const createdBy = asString(doc["created-by"]);
  if (createdBy !== undefined) out.rootProperties.push({ name: "pysbom:lock:created-by", value: createdBy });
  const defaults = stringsOf(doc["default-groups"]);
  const extras = stringsOf(doc.extras);
  const groups = stringsOf(doc["dependency-groups"]);
  const lockDir = dirOf(file);
  const lines = tableLines(text, "packages");
  const tables: Table[] = [];
  tablesOf(doc.packages).forEach((p, i) => {
    const line = lines[i];
    const where = at(file, line);
    const name = asString(p.name);
    const version = asString(p.version);
    const bad = checkNameVersion(name, version, where);
    if (bad) {
      out.unknowns.push(bad);
      return;
    }
    const source = sourceOf(p, lockDir);
    const artifacts: Artifact[] = [];
    const archive = asTable(p.archive);
    if (archive) artifacts.push(artifactOf(archive, where, out.unknowns));
    const sdist = asTable(p.sdist);
    if (sdist) artifacts.push(artifactOf(sdist, where, out.unknowns));
    for (const w of tablesOf(p.wheels)) artifacts.push(artifactOf(w, where, out.unknowns));
    const marker = markerOrUnknown(asString(p.marker), where, out.unknowns);
    out.packages.push({
      name: name!,
      version,
      source,
      artifacts,
      file,
      line,
      markers: marker === undefined ? [] : [marker],
      groups: [],
    });
    tables.push(p);
  });
  // PEP 751 `packages.dependencies` records the graph when the locker chose to.
  const byName = new Map<string, number[]>();
  out.packages.forEach((p, i) => {
    const k = canonicalizeName(p.name);
    byName.set(k, [...(byName.get(k) ?? []), i]);
  });
  const incoming = new Set<number>();
  tables.forEach((p, from) => {
    for (const d of tablesOf(p.dependencies)) {
      const n = asString(d.name);
      if (n === undefined) continue;
      const v = asString(d.version);
      let targets = (byName.get(canonicalizeName(n)) ?? []).filter((t) => t !== from);
      if (v !== undefined)
        targets = targets.filter((t) => {
          const tv = out.packages[t]!.version;
          return (
            tv !== undefined &&
            (tryParseVersion(tv) && tryParseVersion(v)
              ? normalizeVersion(tv) === normalizeVersion(v)
              : tv === v)
          );
        });
      for (const to of targets) {
        out.edges.push({ from, to, kind: "runtime" });
        incoming.add(to);
      }
    }
  });
  if (out.edges.length > 0) (out as { hasGraph: boolean }).hasGraph = true;
  out.packages.forEach((p, i) => {
    if (out.hasGraph && incoming.has(i)) return;
    const marker = p.markers[0];
    for (const s of pylockScopes(marker, defaults, extras, groups))
      out.rootEdges.push({ to: i, kind: s.kind, group: s.group, marker });
  });
  return out;
}
