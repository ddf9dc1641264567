// pyproject.toml as a manifest: the project itself (PEP 621 `[project]`, PEP 639 license, Poetry's
// `[tool.poetry]`) and what it requires: dependencies, extras (optional-dependencies), PEP 735
// `[dependency-groups]`, Poetry groups, uv and pdm dev-dependencies, with `[tool.uv.sources]`.

import { tryCanonicalizeLicenseExpression } from "../../core/license/index.js";
import { parseContacts } from "../../core/metadata/index.js";
import { canonicalizeName, isValidName } from "../../core/names.js";
import { isValidVersion } from "../../core/pep440/index.js";
import { formatMarker, tryParseRequirement } from "../../core/pep508/index.js";
import type { Unknown } from "../../model/index.js";
import {
  asArray,
  asString,
  asTable,
  exactPin,
  markerOrUnknown,
  parseToml,
  redactUrl,
  stringsOf,
  type Table,
} from "./common.js";
import { poetryConstraintToPep440 } from "./poetry.js";
import { type EdgeKind, emptyParsed, type ParsedFile, type ProjectRequirement } from "./types.js";

interface Scope {
  readonly kind: EdgeKind;
  readonly group?: string | undefined;
}

/** A PEP 508 string as a project requirement (undefined, with an Unknown, when it does not parse). */
export function requirementFromPep508(
  text: string,
  scope: Scope,
  file: string,
  unknowns: Unknown[],
  line?: number,
): ProjectRequirement | undefined {
  const req = tryParseRequirement(text);
  const location = line === undefined ? file : `${file}:${line}`;
  if (!req) {
    unknowns.push({
      location,
      code: "lock/invalid-requirement",
      message: `invalid requirement ${JSON.stringify(text)}`,
    });
    return undefined;
  }
  return {
    text,
    name: req.name,
    specifier: req.specifier,
    pinned: req.url === undefined ? exactPin(req.specifierSet) : undefined,
    url: req.url === undefined ? undefined : redactUrl(req.url),
    marker: req.marker === undefined ? undefined : formatMarker(req.marker),
    kind: scope.kind,
    group: scope.group,
    file,
    line,
  };
}

// A Poetry dependency value: "^1.2", { version, markers, python, optional, extras, git, url, path… }, or
// an array of such tables (multiple constraints).
function poetryRequirements(
  name: string,
  value: unknown,
  scope: Scope,
  file: string,
  unknowns: Unknown[],
): (ProjectRequirement & { optional?: boolean })[] {
  const out: (ProjectRequirement & { optional?: boolean })[] = [];
  const entries = Array.isArray(value) ? value : [value];
  for (const entry of entries) {
    const t = asTable(entry);
    const constraint = typeof entry === "string" ? entry : (asString(t?.version) ?? "");
    let marker = markerOrUnknown(asString(t?.markers), file, unknowns);
    const python = asString(t?.python);
    if (python !== undefined) {
      const spec = poetryConstraintToPep440(python);
      const clauses = spec?.split(",").filter((c) => c !== "") ?? [];
      const pyMarker =
        spec === undefined
          ? undefined
          : clauses
              .map((c) => {
                const m = /^(~=|==|!=|<=|>=|<|>)(.*)$/.exec(c);
                return m ? `python_version ${m[1]} "${m[2]}"` : undefined;
              })
              .filter((x): x is string => x !== undefined)
              .join(" and ");
      if (pyMarker) marker = marker === undefined ? pyMarker : `(${marker}) and (${pyMarker})`;
    }
    let url: string | undefined;
    const git = asString(t?.git);
    if (git !== undefined) {
      const rev = asString(t?.rev) ?? asString(t?.tag) ?? asString(t?.branch);
      url = redactUrl(
        `git+${git}${rev ? `@${rev}` : ""}${asString(t?.subdirectory) ? `#subdirectory=${asString(t?.subdirectory)}` : ""}`,
      );
    } else if (asString(t?.url) !== undefined) url = redactUrl(asString(t?.url)!);
    const trimmed = constraint.trim();
    const exact = /^==?\s*([^,|<>!~^*\s]+)$/.exec(trimmed) ?? /^([0-9][^,|<>!=~^*\s]*)$/.exec(trimmed);
    const pinned = exact && isValidVersion(exact[1]!) && !exact[1]!.endsWith(".*") ? exact[1] : undefined;
    out.push({
      text: `${name}${trimmed && trimmed !== "*" ? ` (${trimmed})` : ""}`,
      name,
      specifier: trimmed === "*" ? "" : trimmed,
      pinned: url === undefined ? pinned : undefined,
      url,
      marker,
      kind: scope.kind,
      group: scope.group,
      file,
      ...(t?.optional === true ? { optional: true } : {}),
    });
  }
  return out;
}

function contactsOf(list: unknown): { name?: string; email?: string }[] {
  const out: { name?: string; email?: string }[] = [];
  for (const a of asArray(list) ?? []) {
    if (typeof a === "string") out.push(...parseContacts(a));
    else {
      const t = asTable(a);
      const name = asString(t?.name);
      const email = asString(t?.email);
      if (name !== undefined || email !== undefined)
        out.push({ ...(name !== undefined ? { name } : {}), ...(email !== undefined ? { email } : {}) });
    }
  }
  return out;
}

function licenseOf(
  value: unknown,
  file: string,
  unknowns: Unknown[],
): { licenseExpression?: string; licenseText?: string } {
  const s = asString(value);
  if (s !== undefined) {
    const expression = tryCanonicalizeLicenseExpression(s);
    if (expression !== undefined) return { licenseExpression: expression };
    unknowns.push({
      location: file,
      code: "lock/invalid-license",
      message: `license ${JSON.stringify(s)} is not a valid SPDX license expression`,
    });
    return { licenseText: s };
  }
  const text = asString(asTable(value)?.text);
  return text !== undefined ? { licenseText: text } : {};
}

/**
 * Reads a pyproject.toml. The result has no packages: its requirements are resolved against the
 * project's lockfiles (or become pinned packages and Unknowns when there are none).
 * Throws `INVALID_TOML` for a syntax error.
 */
export function readPyproject(file: string, text: string): ParsedFile {
  const out = emptyParsed(file, "pyproject", false);
  const doc: Table = parseToml(text, file);
  const unknowns = out.unknowns;
  const project = asTable(doc.project);
  const tool = asTable(doc.tool);
  const poetry = asTable(tool?.poetry);
  const uv = asTable(tool?.uv);
  const pdm = asTable(tool?.pdm);

  const name = asString(project?.name) ?? asString(poetry?.name);
  const extras = new Map<string, unknown[]>();
  const devGroups: string[] = [];
  const groupKinds = new Map<string, EdgeKind>([
    ["main", "runtime"],
    ["default", "runtime"],
  ]);
  let selfName: string | undefined;
  if (name !== undefined) {
    if (!isValidName(name))
      unknowns.push({
        location: file,
        code: "lock/invalid-name",
        message: `invalid project name ${JSON.stringify(name)}`,
      });
    else selfName = canonicalizeName(name);
  }

  // --- the project itself
  if (selfName !== undefined) {
    const dynamic = stringsOf(project?.dynamic);
    let version = asString(project?.version) ?? (project ? undefined : asString(poetry?.version));
    if (version === undefined && project && !dynamic.includes("version")) version = asString(poetry?.version);
    if (version !== undefined && !isValidVersion(version)) {
      unknowns.push({
        location: file,
        code: "lock/invalid-version",
        message: `${name}: invalid version ${JSON.stringify(version)} (not PEP 440)`,
      });
      version = undefined;
    }
    const classifiers = stringsOf(project?.classifiers ?? poetry?.classifiers);
    const license =
      project?.license !== undefined
        ? licenseOf(project.license, file, unknowns)
        : poetry?.license !== undefined
          ? licenseOf(poetry.license, file, unknowns)
          : {};
    const urls: { label: string; url: string }[] = [];
    for (const [label, url] of Object.entries(asTable(project?.urls) ?? {}))
      if (typeof url === "string") urls.push({ label, url });
    for (const key of ["homepage", "repository", "documentation"])
      if (asString(poetry?.[key]) !== undefined) urls.push({ label: key, url: asString(poetry?.[key])! });
    for (const [label, url] of Object.entries(asTable(poetry?.urls) ?? {}))
      if (typeof url === "string") urls.push({ label, url });
    const optional = asTable(project?.["optional-dependencies"]) ?? {};
    const poetryExtras = asTable(poetry?.extras) ?? {};
    out.project = {
      name: name!,
      version,
      summary: asString(project?.description) ?? asString(poetry?.description),
      ...license,
      classifiers,
      authors: contactsOf(project?.authors ?? poetry?.authors),
      maintainers: contactsOf(project?.maintainers ?? poetry?.maintainers),
      urls,
      extras: [...new Set([...Object.keys(optional), ...Object.keys(poetryExtras)])],
      devGroups: [],
    };
  }

  // --- requirements
  const add = (r: ProjectRequirement | undefined): void => {
    if (r) out.requirements.push(r);
  };
  const runtime: Scope = { kind: "runtime" };
  for (const d of stringsOf(project?.dependencies)) add(requirementFromPep508(d, runtime, file, unknowns));
  for (const [extra, list] of Object.entries(asTable(project?.["optional-dependencies"]) ?? {})) {
    extras.set(canonicalizeName(extra), asArray(list) ?? []);
    groupKinds.set(extra, "optional");
    for (const d of stringsOf(list))
      add(requirementFromPep508(d, { kind: "optional", group: extra }, file, unknowns));
  }
  // PEP 735 dependency groups, with `{include-group = "…"}` expanded.
  const groups = asTable(doc["dependency-groups"]) ?? {};
  const expand = (group: string, seen: string[]): string[] => {
    const norm = canonicalizeName(group);
    const key = Object.keys(groups).find((g) => canonicalizeName(g) === norm);
    if (key === undefined) {
      unknowns.push({
        location: file,
        code: "lock/unknown-group",
        message: `dependency group ${JSON.stringify(group)} is not defined`,
      });
      return [];
    }
    if (seen.includes(norm)) {
      unknowns.push({
        location: file,
        code: "lock/include-group-cycle",
        message: `dependency group cycle ${[...seen, norm].join(" -> ")}`,
      });
      return [];
    }
    const items: string[] = [];
    for (const item of asArray(groups[key]) ?? []) {
      if (typeof item === "string") items.push(item);
      else {
        const inc = asString(asTable(item)?.["include-group"]);
        if (inc !== undefined) items.push(...expand(inc, [...seen, norm]));
      }
    }
    return items;
  };
  for (const group of Object.keys(groups)) {
    devGroups.push(group);
    groupKinds.set(group, "dev");
    for (const d of expand(group, [])) add(requirementFromPep508(d, { kind: "dev", group }, file, unknowns));
  }
  // uv: `[tool.uv] dev-dependencies` is the legacy spelling of the `dev` group.
  for (const d of stringsOf(uv?.["dev-dependencies"])) {
    if (!devGroups.includes("dev")) devGroups.push("dev");
    groupKinds.set("dev", "dev");
    add(requirementFromPep508(d, { kind: "dev", group: "dev" }, file, unknowns));
  }
  for (const [group, list] of Object.entries(asTable(pdm?.["dev-dependencies"]) ?? {})) {
    if (!devGroups.includes(group)) devGroups.push(group);
    groupKinds.set(group, "dev");
    for (const d of stringsOf(list)) add(requirementFromPep508(d, { kind: "dev", group }, file, unknowns));
  }
  // Poetry: `[tool.poetry.dependencies]` (optional ones through `[tool.poetry.extras]`), groups.
  if (poetry) {
    const poetryExtras = asTable(poetry.extras) ?? {};
    const extrasOf = (dep: string): string[] =>
      Object.entries(poetryExtras)
        .filter(([, list]) =>
          stringsOf(list).some(
            (d) => canonicalizeName(d.split(/[\s[(<>=!~^]/, 1)[0]!) === canonicalizeName(dep),
          ),
        )
        .map(([e]) => e);
    for (const e of Object.keys(poetryExtras)) groupKinds.set(e, "optional");
    for (const [dep, value] of Object.entries(asTable(poetry.dependencies) ?? {})) {
      if (dep.toLowerCase() === "python") continue;
      for (const r of poetryRequirements(dep, value, runtime, file, unknowns)) {
        if (!r.optional) {
          add(r);
          continue;
        }
        const es = extrasOf(dep);
        for (const e of es.length > 0 ? es : ["optional"]) add({ ...r, kind: "optional", group: e });
      }
    }
    const groupTables: [string, unknown][] = Object.entries(asTable(poetry.group) ?? {}).map(([g, t]) => [
      g,
      asTable(t)?.dependencies,
    ]);
    if (poetry["dev-dependencies"] !== undefined) groupTables.push(["dev", poetry["dev-dependencies"]]);
    for (const [group, deps] of groupTables) {
      if (!devGroups.includes(group)) devGroups.push(group);
      groupKinds.set(group, "dev");
      for (const [dep, value] of Object.entries(asTable(deps) ?? {})) {
        if (dep.toLowerCase() === "python") continue;
        for (const r of poetryRequirements(dep, value, { kind: "dev", group }, file, unknowns)) add(r);
      }
    }
  }

  // `[tool.uv.sources]`: a git or URL source makes the requirement a direct reference.
  const sources = asTable(uv?.sources) ?? {};
  const bySource = new Map(Object.entries(sources).map(([k, v]) => [canonicalizeName(k), asTable(v)]));
  for (let i = 0; i < out.requirements.length; i++) {
    const r = out.requirements[i]!;
    const s = bySource.get(canonicalizeName(r.name));
    if (!s || r.url !== undefined) continue;
    const git = asString(s.git);
    const rev = asString(s.rev) ?? asString(s.tag) ?? asString(s.branch);
    if (git !== undefined)
      out.requirements[i] = {
        ...r,
        url: redactUrl(`git+${git}${rev ? `@${rev}` : ""}`),
        pinned: undefined,
      };
    else if (asString(s.url) !== undefined)
      out.requirements[i] = { ...r, url: redactUrl(asString(s.url)!), pinned: undefined };
  }

  // Requirements on the project itself (`pdm[pytest]` in a group) stand for its extras' requirements.
  if (selfName !== undefined) {
    const expanded: ProjectRequirement[] = [];
    const expandSelf = (r: ProjectRequirement, seen: Set<string>): void => {
      if (canonicalizeName(r.name) !== selfName) {
        expanded.push(r);
        return;
      }
      const req = tryParseRequirement(r.text);
      for (const extra of req?.extras ?? []) {
        const e = canonicalizeName(extra);
        if (seen.has(e)) continue;
        const next = new Set(seen).add(e);
        for (const d of stringsOf(extras.get(e))) {
          const inner = requirementFromPep508(d, { kind: r.kind, group: r.group }, file, []);
          if (inner) expandSelf({ ...inner, marker: inner.marker ?? r.marker }, next);
        }
      }
    };
    for (const r of out.requirements) expandSelf(r, new Set());
    out.requirements.length = 0;
    out.requirements.push(...expanded);
  }
  if (out.project) out.project = { ...out.project, devGroups };
  out.groupKinds = groupKinds;
  return out;
}
