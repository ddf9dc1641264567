// poetry.lock (lock-version 1.x and 2.x): packages with their files and hashes (per package in 2.x,
// `[metadata.files]`/`[metadata.hashes]` before), groups (`category` in 1.x), markers, sources, and the
// dependency graph from `[package.dependencies]`; plus Poetry's own constraint syntax (`^1.2`, `~1.2`).
import { tryParseSdistFilename, tryParseWheelFilename } from "../../core/filenames.js";
import { canonicalizeName } from "../../core/names.js";
import {
  normalizeVersion,
  specifierSetContains,
  tryParseSpecifierSet,
  tryParseVersion,
} from "../../core/pep440/index.js";
import { PysbomError } from "../../errors.js";
import type { Checksum } from "../../model/index.js";
import {
  addChecksums,
  andMarkers,
  asArray,
  asString,
  asTable,
  at,
  checkNameVersion,
  checksumFromText,
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
} from "./common.js";
import { mentionsVariable } from "./markers.js";
import { type Artifact, type EdgeKind, emptyParsed, type LockSource, type ParsedFile } from "./types.js";

// --- Poetry constraints ------------------------------------------------------------------------------

function releaseOf(v: string): number[] | undefined {
  const m = /^v?(\d+(?:\.\d+)*)/.exec(v.trim());
  return m ? m[1]!.split(".").map(Number) : undefined;
}

function single(op: string, v: string): string[] | undefined {
  if (v === "*" || v === "x" || v === "X") return op === "" || op === "==" || op === "=" ? [] : undefined;
  if (op === "^") {
    const r = releaseOf(v);
    if (!r) return undefined;
    let upper: number[];
    if (r[0]! > 0 || r.length === 1) upper = [r[0]! + 1, 0];
    else if (r[1]! > 0 || r.length === 2) upper = [0, r[1]! + 1];
    else upper = [0, 0, r[2]! + 1];
    return [`>=${v}`, `<${upper.join(".")}`];
  }
  if (op === "~") {
    const r = releaseOf(v);
    if (!r) return undefined;
    const upper = r.length === 1 ? [r[0]! + 1] : [r[0]!, r[1]! + 1];
    return [`>=${v}`, `<${upper.join(".")}`];
  }
  if (op === "" || op === "=") return [`==${v}`];
  return [`${op}${v}`];
}

/**
 * Poetry constraint alternatives (`||`) as PEP 440 specifier-set texts: `^1.2` → `>=1.2,<2.0`,
 * `~1.2.3` → `>=1.2.3,<1.3`, `1.2.*`, `>=1,<2`, `*`. Undefined when it does not parse.
 * @example poetryConstraintAlternatives("^0.2.3 || >=1") // [">=0.2.3,<0.3", ">=1"]
 */
export function poetryConstraintAlternatives(constraint: string): string[] | undefined {
  const out: string[] = [];
  for (const alt of constraint.split(/\s*\|\|?\s*/)) {
    const clauses: string[] = [];
    const re = /(\^|~=|~|===|==|!=|<=|>=|<|>|=)?\s*([^\s,|<>=!~^][^\s,|]*)/g;
    const rest = alt.replace(/,/g, " ").trim();
    if (rest === "") {
      out.push("");
      continue;
    }
    let consumed = "";
    for (const m of rest.matchAll(re)) {
      consumed += m[0];
      const r = single(m[1] ?? "", m[2]!);
      if (r === undefined) return undefined;
      clauses.push(...r);
    }
    if (consumed.replace(/\s/g, "") !== rest.replace(/\s/g, "")) return undefined;
    const text = clauses.join(",");
    if (text !== "" && tryParseSpecifierSet(text) === undefined) return undefined;
    out.push(text);
  }
  return out;
}

/** A Poetry constraint without alternatives as one PEP 440 specifier set text, else undefined. */
export function poetryConstraintToPep440(constraint: string): string | undefined {
  const alts = poetryConstraintAlternatives(constraint);
  return alts?.length === 1 ? alts[0] : undefined;
}

/** Whether a Poetry constraint admits a version; undefined when the constraint cannot be read. */
export function poetryAllows(constraint: string, version: string): boolean | undefined {
  const alts = poetryConstraintAlternatives(constraint);
  if (alts === undefined || tryParseVersion(version) === undefined) return undefined;
  return alts.some((a) => {
    const set = tryParseSpecifierSet(a);
    return set !== undefined && specifierSetContains(set, version, { prereleases: true });
  });
}

// --- poetry.lock ------------------------------------------------------------------------------------

function sourceOf(t: Table | undefined, lockDir: string, develop: boolean): LockSource {
  if (!t) return { kind: "registry" };
  const type = asString(t.type);
  const url = asString(t.url);
  const sub = asString(t.subdirectory);
  switch (type) {
    case "git": {
      const resolved = asString(t.resolved_reference);
      const ref = asString(t.reference);
      return {
        kind: "git",
        url: url === undefined ? undefined : redactUrl(url),
        ...(isCommitId(resolved) ? { commit: resolved!.toLowerCase() } : {}),
        ...(ref !== undefined && ref !== resolved ? { ref } : {}),
        ...(sub ? { subdirectory: sub } : {}),
      };
    }
    case "url":
      return {
        kind: "url",
        url: url === undefined ? undefined : redactUrl(url),
        ...(sub ? { subdirectory: sub } : {}),
      };
    case "file":
      return { kind: "path", path: url === undefined ? undefined : joinLoose(lockDir, url) };
    case "directory":
      return {
        kind: develop ? "editable" : "directory",
        path: url === undefined ? undefined : joinLoose(lockDir, url),
      };
    default:
      // legacy / explicit / supplemental: a package index other than PyPI.
      return url === undefined ? { kind: "registry" } : { kind: "registry", url: redactUrl(url) };
  }
}

function fileArtifacts(list: unknown, bareSha256: boolean): Artifact[] {
  const out: Artifact[] = [];
  for (const f of asArray(list) ?? []) {
    if (typeof f === "string") {
      const c = bareSha256 ? checksumOf("sha256", f) : checksumFromText(f);
      if (c) out.push({ checksums: [c] });
      continue;
    }
    const t = asTable(f);
    if (!t) continue;
    const hash = asString(t.hash);
    const c = hash === undefined ? undefined : checksumFromText(hash);
    out.push({ fileName: asString(t.file), url: asString(t.url), checksums: c ? [c] : [] });
  }
  return out;
}

// Files of [metadata.files] are keyed by name only: keep those whose filename names this version.
function artifactsForVersion(list: Artifact[], version: string): Artifact[] {
  const v = tryParseVersion(version) ? normalizeVersion(version) : version;
  return list.filter((a) => {
    if (!a.fileName) return true;
    const parsed = a.fileName.endsWith(".whl")
      ? tryParseWheelFilename(a.fileName)
      : tryParseSdistFilename(a.fileName);
    return parsed === undefined || parsed.version === v;
  });
}

/**
 * Reads a poetry.lock. Throws `INVALID_TOML` for a syntax error and `UNSUPPORTED_VERSION` for a
 * lock-version other than 1.x or 2.x.
 */
export function readPoetryLock(file: string, text: string): ParsedFile {
  const doc = parseToml(text, file);
  const out = emptyParsed(file, "poetry-lock", true);
  const metadata = asTable(doc.metadata);
  if (!metadata)
    throw new PysbomError("INVALID_DOCUMENT", `${file}: not a poetry.lock (no [metadata] table)`, {
      location: { file },
    });
  const lockVersion = asString(metadata["lock-version"]) ?? "1.0";
  const major = /^(\d+)\.\d+$/.exec(lockVersion)?.[1];
  if (major !== "1" && major !== "2")
    throw new PysbomError(
      "UNSUPPORTED_VERSION",
      `${file}: poetry.lock lock-version ${JSON.stringify(lockVersion)} is not supported (pysbom reads 1.x and 2.x)`,
      { location: { file } },
    );
  const lockDir = dirOf(file);
  const lines = tableLines(text, "package");
  const metaFiles = new Map<string, Artifact[]>();
  for (const [name, list] of Object.entries(asTable(metadata.files) ?? {}))
    metaFiles.set(canonicalizeName(name), fileArtifacts(list, false));
  for (const [name, list] of Object.entries(asTable(metadata.hashes) ?? {}))
    metaFiles.set(canonicalizeName(name), fileArtifacts(list, true));

  const entries = tablesOf(doc.package);
  const deps: { index: number; table: Table }[] = [];
  entries.forEach((p, i) => {
    const line = lines[i];
    const where = at(file, line);
    const name = asString(p.name);
    const version = asString(p.version);
    const bad = checkNameVersion(name, version, where);
    if (bad) {
      out.unknowns.push(bad);
      return;
    }
    const markers: string[] = [];
    const m = p.markers;
    if (typeof m === "string") {
      const mk = markerOrUnknown(m, where, out.unknowns);
      if (mk) markers.push(mk);
    } else
      for (const v of Object.values(asTable(m) ?? {})) {
        const mk = typeof v === "string" ? markerOrUnknown(v, where, out.unknowns) : undefined;
        if (mk) markers.push(mk);
      }
    const groups = stringsOf(p.groups);
    if (groups.length === 0 && asString(p.category) !== undefined) groups.push(asString(p.category)!);
    let artifacts = fileArtifacts(p.files, false);
    if (artifacts.length === 0 && p.files === undefined) {
      const fromMeta = metaFiles.get(canonicalizeName(name!)) ?? [];
      artifacts = version === undefined ? fromMeta : artifactsForVersion(fromMeta, version);
    }
    out.packages.push({
      name: name!,
      version,
      source: sourceOf(asTable(p.source), lockDir, p.develop === true),
      artifacts,
      file,
      line,
      summary: asString(p.description) || undefined,
      markers,
      groups,
      optional: p.optional === true,
    });
    deps.push({ index: out.packages.length - 1, table: p });
  });

  const byName = new Map<string, number[]>();
  out.packages.forEach((p, i) => {
    const k = canonicalizeName(p.name);
    byName.set(k, [...(byName.get(k) ?? []), i]);
  });
  for (const { index, table } of deps) {
    const where = at(file, out.packages[index]!.line);
    const extras = asTable(table.extras) ?? {};
    for (const [depName, value] of Object.entries(asTable(table.dependencies) ?? {})) {
      const candidates = byName.get(canonicalizeName(depName));
      if (!candidates) continue; // Poetry leaves out dependencies whose markers never hold for the project.
      for (const entry of Array.isArray(value) ? value : [value]) {
        const t = asTable(entry);
        const constraint = typeof entry === "string" ? entry : (asString(t?.version) ?? "*");
        let targets = candidates.filter((c) => c !== index);
        if (targets.length > 1) {
          const ok = targets.filter((c) => poetryAllows(constraint, out.packages[c]!.version ?? "") === true);
          if (ok.length > 0) targets = ok;
        }
        let marker = markerOrUnknown(asString(t?.markers), where, out.unknowns);
        if (t?.optional === true && !(marker !== undefined && mentionsVariable(marker, ["extra"]))) {
          // An optional dependency is installed through the extras that list it.
          const es = Object.entries(extras)
            .filter(([, list]) =>
              stringsOf(list).some(
                (d) => canonicalizeName(d.split(/[\s[(<>=!~^;]/, 1)[0]!) === canonicalizeName(depName),
              ),
            )
            .map(([e]) => `extra == "${e}"`);
          if (es.length > 0) marker = andMarkers(marker, es.join(" or "));
        }
        for (const to of targets) out.edges.push({ from: index, to, kind: "runtime", marker });
      }
    }
  }
  // Lock groups: `main` is what the project needs at run time; every other group is a development group.
  out.groupKinds = new Map<string, EdgeKind>([["main", "runtime"]]);
  out.defaultGroupKind = "dev";
  return out;
}

/** Checksums of all artifacts (used by tests). */
export function artifactChecksums(artifacts: readonly Artifact[]): Checksum[] {
  const out: Checksum[] = [];
  for (const a of artifacts) addChecksums(out, a.checksums);
  return out;
}
