// Pipenv: Pipfile.lock (JSON, pipfile-spec 6: `default`, `develop` and custom categories of pinned
// packages with hashes, markers and VCS/file sources; no dependency graph) and the Pipfile manifest.
import { PysbomError } from "../../errors.js";
import type { Unknown } from "../../model/index.js";
import {
  asArray,
  asString,
  asTable,
  checkNameVersion,
  checksumFromText,
  dirOf,
  isCommitId,
  joinLoose,
  markerOrUnknown,
  parseJsonFile,
  parseToml,
  redactUrl,
  stringsOf,
  type Table,
  urlFileName,
} from "./common.js";
import { requirementFromPep508 } from "./pyproject.js";
import {
  type EdgeKind,
  emptyParsed,
  type LockSource,
  type ParsedFile,
  type ProjectRequirement,
} from "./types.js";

const MARKER_KEYS = [
  "os_name",
  "sys_platform",
  "platform_machine",
  "platform_python_implementation",
  "platform_release",
  "platform_system",
  "platform_version",
  "python_version",
  "python_full_version",
  "implementation_name",
  "implementation_version",
];

/** The scope of a Pipenv category: `default` runs, `develop` (dev-packages) is development, others optional. */
function categoryScope(category: string): { kind: EdgeKind; group: string } {
  if (category === "default" || category === "packages") return { kind: "runtime", group: "default" };
  if (category === "develop" || category === "dev-packages") return { kind: "dev", group: "develop" };
  return { kind: "optional", group: category };
}

// Pipfile entries put markers in `markers` and in per-variable keys (`sys_platform = "== 'linux'"`).
function entryMarker(t: Table | undefined): string | undefined {
  if (!t) return undefined;
  const parts: string[] = [];
  const m = asString(t.markers);
  if (m !== undefined && m.trim() !== "") parts.push(`(${m})`);
  for (const key of MARKER_KEYS) {
    const v = asString(t[key]);
    if (v !== undefined && v.trim() !== "") parts.push(`${key} ${v.trim()}`);
  }
  return parts.length === 0 ? undefined : parts.join(" and ");
}

function sourceOf(t: Table, lockDir: string, indexUrls: ReadonlyMap<string, string>): LockSource {
  const git = asString(t.git);
  if (git !== undefined) {
    const ref = asString(t.ref);
    const sub = asString(t.subdirectory);
    return {
      kind: "git",
      url: redactUrl(git.replace(/^git\+/, "")),
      ...(isCommitId(ref) ? { commit: ref!.toLowerCase() } : ref !== undefined ? { ref } : {}),
      ...(sub ? { subdirectory: sub } : {}),
    };
  }
  for (const vcs of ["hg", "svn", "bzr"]) {
    const u = asString(t[vcs]);
    if (u !== undefined)
      return { kind: "git", url: redactUrl(`${vcs}+${u.replace(/^[a-z]+\+/, "")}`), ref: asString(t.ref) };
  }
  const file = asString(t.file);
  if (file !== undefined) return { kind: "url", url: redactUrl(file) };
  const path = asString(t.path);
  if (path !== undefined) {
    const local = joinLoose(lockDir, path);
    if (/\.(whl|zip|tar\.gz|tgz|tar\.bz2|tar\.xz|tar)$/i.test(path)) return { kind: "path", path: local };
    return { kind: t.editable === true ? "editable" : "directory", path: local };
  }
  const index = asString(t.index);
  const url = index === undefined ? undefined : indexUrls.get(index);
  return url === undefined ? { kind: "registry" } : { kind: "registry", url };
}

/**
 * Reads a Pipfile.lock. Throws `INVALID_JSON` for a syntax error, `INVALID_DOCUMENT` when it has no
 * `_meta`, and `UNSUPPORTED_VERSION` for a pipfile-spec newer than 6.
 */
export function readPipfileLock(file: string, text: string): ParsedFile {
  const doc = asTable(parseJsonFile(text, file));
  const out = emptyParsed(file, "pipfile-lock", false);
  const meta = asTable(doc?._meta);
  if (!doc || !meta)
    throw new PysbomError("INVALID_DOCUMENT", `${file}: not a Pipfile.lock (no "_meta" object)`, {
      location: { file },
    });
  const spec = meta["pipfile-spec"];
  if (spec !== undefined && !(typeof spec === "number" && Number.isInteger(spec) && spec >= 1 && spec <= 6))
    throw new PysbomError(
      "UNSUPPORTED_VERSION",
      `${file}: pipfile-spec ${JSON.stringify(spec)} is not supported (pysbom reads 1 to 6)`,
      { location: { file } },
    );
  const indexUrls = new Map<string, string>();
  for (const s of asArray(meta.sources) ?? []) {
    const t = asTable(s);
    const name = asString(t?.name);
    const url = asString(t?.url);
    if (name !== undefined && url !== undefined && !/^https:\/\/pypi\.org\/simple\/?$/.test(url))
      indexUrls.set(name, redactUrl(url));
  }
  const lockDir = dirOf(file);
  for (const [category, section] of Object.entries(doc)) {
    if (category === "_meta") continue;
    const entries = asTable(section);
    if (!entries) continue;
    const scope = categoryScope(category);
    for (const [name, value] of Object.entries(entries)) {
      const where = `${file}#/${category}/${name}`;
      const t = asTable(value);
      if (!t) {
        out.unknowns.push({ location: where, code: "lock/invalid-entry", message: `${name}: not an object` });
        continue;
      }
      const raw = asString(t.version);
      const source = sourceOf(t, lockDir, indexUrls);
      let version: string | undefined;
      if (raw !== undefined) {
        const m = /^===?\s*(.+)$/.exec(raw.trim());
        if (!m || m[1]!.endsWith(".*")) {
          out.unknowns.push({
            location: where,
            code: "lock/unpinned",
            message: `${name}${raw}: not pinned to one version (specifier ${raw})`,
          });
          continue;
        }
        version = m[1]!.trim();
      } else if (source.kind === "registry") {
        out.unknowns.push({
          location: where,
          code: "lock/unpinned",
          message: `${name}: no version recorded`,
        });
        continue;
      }
      const bad = checkNameVersion(name, raw?.startsWith("===") ? undefined : version, where);
      if (bad) {
        out.unknowns.push(bad);
        continue;
      }
      const checksums = stringsOf(t.hashes)
        .map((h) => checksumFromText(h))
        .filter((c) => c !== undefined);
      const marker = markerOrUnknown(entryMarker(t), where, out.unknowns);
      out.packages.push({
        name,
        version,
        source,
        artifacts:
          checksums.length > 0 || source.kind === "url"
            ? [
                {
                  checksums,
                  url: source.url,
                  fileName: source.kind === "url" ? urlFileName(source.url!) : undefined,
                },
              ]
            : [],
        file,
        markers: marker === undefined ? [] : [marker],
        groups: [category],
      });
      out.rootEdges.push({ to: out.packages.length - 1, kind: scope.kind, group: scope.group, marker });
    }
  }
  out.groupKinds = new Map([
    ["default", "runtime"],
    ["develop", "dev"],
  ]);
  out.defaultGroupKind = "optional";
  return out;
}

/** A Pipfile entry (`"*"`, `"==1.0"`, or a table) as a project requirement. */
function pipfileRequirement(
  name: string,
  value: unknown,
  scope: { kind: EdgeKind; group: string },
  file: string,
  unknowns: Unknown[],
): ProjectRequirement | undefined {
  const t = asTable(value);
  let spec = (typeof value === "string" ? value : (asString(t?.version) ?? "*")).trim();
  // Pipenv reads a bare version ("3.*", "1.2") as "==".
  if (spec !== "*" && spec !== "" && /^[0-9a-zA-Z]/.test(spec)) spec = `==${spec}`;
  const extras = stringsOf(t?.extras);
  const marker = entryMarker(t);
  const git = asString(t?.git);
  if (git !== undefined) {
    const ref = asString(t?.ref);
    return {
      text: `${name} @ git+${git}`,
      name,
      specifier: "",
      url: redactUrl(`git+${git.replace(/^git\+/, "")}${ref ? `@${ref}` : ""}`),
      marker: markerOrUnknown(marker, file, unknowns),
      kind: scope.kind,
      group: scope.group,
      file,
    };
  }
  const req = `${name}${extras.length > 0 ? `[${extras.join(",")}]` : ""}${spec === "*" ? "" : spec}${marker ? `; ${marker}` : ""}`;
  return requirementFromPep508(req, scope, file, unknowns);
}

/** Reads a Pipfile (TOML): `[packages]`, `[dev-packages]` and custom categories. */
export function readPipfile(file: string, text: string): ParsedFile {
  const doc = parseToml(text, file);
  const out = emptyParsed(file, "pipfile", false);
  const groupKinds = new Map<string, EdgeKind>();
  for (const [section, value] of Object.entries(doc)) {
    if (["source", "requires", "scripts", "pipenv", "dev-packages-sources"].includes(section)) continue;
    const entries = asTable(value);
    if (!entries) continue;
    const scope = categoryScope(section);
    groupKinds.set(scope.group, scope.kind);
    for (const [name, v] of Object.entries(entries)) {
      const r = pipfileRequirement(name, v, scope, file, out.unknowns);
      if (r) out.requirements.push(r);
    }
  }
  out.groupKinds = groupKinds;
  return out;
}
