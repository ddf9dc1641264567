// pdm.lock (lock_version 4.x, and 3.x with `[metadata.files]`): packages with groups, markers, files
// and hashes, dependencies as PEP 508 strings, and "extras entries" (`name` + `extras`) that record
// what an extra of a package adds; those merge into the package itself.
import { canonicalizeName } from "../../core/names.js";
import { normalizeVersion, specifierSetContains, tryParseVersion } from "../../core/pep440/index.js";
import { formatMarker, tryParseRequirement } from "../../core/pep508/index.js";
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
  stringsOf,
  type Table,
  tableLines,
  tablesOf,
  urlFileName,
} from "./common.js";
import { type Artifact, emptyParsed, type LockSource, type ParsedFile } from "./types.js";

function sourceOf(p: Table, lockDir: string): LockSource {
  const git = asString(p.git);
  if (git !== undefined) {
    const revision = asString(p.revision);
    const ref = asString(p.ref);
    const sub = asString(p.subdirectory);
    return {
      kind: "git",
      url: redactUrl(git),
      ...(isCommitId(revision) ? { commit: revision!.toLowerCase() } : {}),
      ...(ref !== undefined && ref !== revision ? { ref } : {}),
      ...(sub ? { subdirectory: sub } : {}),
    };
  }
  const url = asString(p.url);
  if (url !== undefined) return { kind: "url", url: redactUrl(url) };
  const path = asString(p.path);
  if (path !== undefined) {
    const local = joinLoose(lockDir, path);
    if (/\.(whl|zip|tar\.gz|tgz|tar\.bz2|tar\.xz|tar)$/i.test(path)) return { kind: "path", path: local };
    return { kind: p.editable === true ? "editable" : "directory", path: local };
  }
  return { kind: "registry" };
}

function artifactsOf(list: unknown): Artifact[] {
  return tablesOf(list).map((f) => {
    const hash = asString(f.hash);
    const c = hash === undefined ? undefined : checksumFromText(hash);
    const url = asString(f.url);
    return {
      fileName: asString(f.file) ?? (url === undefined ? undefined : urlFileName(url)),
      url: url === undefined ? undefined : redactUrl(url),
      checksums: c ? [c] : [],
    };
  });
}

function same(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return tryParseVersion(a) && tryParseVersion(b) ? normalizeVersion(a) === normalizeVersion(b) : a === b;
}

/**
 * Reads a pdm.lock. Throws `INVALID_TOML` for a syntax error and `UNSUPPORTED_VERSION` for a
 * lock_version other than 3.x or 4.x.
 */
export function readPdmLock(file: string, text: string): ParsedFile {
  const doc = parseToml(text, file);
  const out = emptyParsed(file, "pdm-lock", true);
  const metadata = asTable(doc.metadata);
  const lockVersion = asString(metadata?.lock_version);
  const major = lockVersion === undefined ? undefined : /^(\d+)\.\d+(\.\d+)?$/.exec(lockVersion)?.[1];
  if (major !== "3" && major !== "4")
    throw new PysbomError(
      "UNSUPPORTED_VERSION",
      `${file}: pdm.lock lock_version ${lockVersion === undefined ? "(missing)" : JSON.stringify(lockVersion)} is not supported (pysbom reads 3.x and 4.x)`,
      { location: { file } },
    );
  const lockDir = dirOf(file);
  const lines = tableLines(text, "package");
  const metaFiles = asTable(metadata?.files) ?? {};
  const entries = tablesOf(doc.package);
  const base = new Map<string, number>();
  const extrasEntries: { table: Table; line: number | undefined }[] = [];
  const tables: Table[] = [];
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
    if (stringsOf(p.extras).length > 0) {
      extrasEntries.push({ table: p, line });
      return;
    }
    let artifacts = artifactsOf(p.files);
    if (p.files === undefined) {
      const key = Object.keys(metaFiles).find((k) => {
        const [n, v] = k.split(" ");
        return canonicalizeName(n ?? "") === canonicalizeName(name!) && same(v, version);
      });
      if (key !== undefined) artifacts = artifactsOf(metaFiles[key]);
    }
    const marker = markerOrUnknown(asString(p.marker), where, out.unknowns);
    out.packages.push({
      name: name!,
      version,
      source: sourceOf(p, lockDir),
      artifacts,
      file,
      line,
      summary: asString(p.summary) || undefined,
      markers: marker === undefined ? [] : [marker],
      groups: stringsOf(p.groups),
    });
    tables.push(p);
    base.set(`${canonicalizeName(name!)}@${version ?? ""}`, out.packages.length - 1);
  });

  const byName = new Map<string, number[]>();
  out.packages.forEach((p, i) => {
    const k = canonicalizeName(p.name);
    byName.set(k, [...(byName.get(k) ?? []), i]);
  });
  const depEdges = (
    from: number,
    deps: readonly string[],
    where: string,
    extraMarker: string | undefined,
  ): void => {
    const self = canonicalizeName(out.packages[from]!.name);
    for (const d of deps) {
      const req = tryParseRequirement(d);
      if (!req) {
        out.unknowns.push({
          location: where,
          code: "lock/invalid-requirement",
          message: `invalid dependency ${JSON.stringify(d)}`,
        });
        continue;
      }
      const key = canonicalizeName(req.name);
      if (key === self) continue; // an extras entry lists its base package
      let targets = byName.get(key) ?? [];
      if (targets.length > 1) {
        const ok = targets.filter((t) => {
          const v = out.packages[t]!.version;
          return v !== undefined && specifierSetContains(req.specifierSet, v, { prereleases: true });
        });
        if (ok.length > 0) targets = ok;
      }
      if (targets.length === 0) continue; // pdm leaves out dependencies whose markers never hold
      const marker = andMarkers(req.marker === undefined ? undefined : formatMarker(req.marker), extraMarker);
      for (const to of targets) out.edges.push({ from, to, kind: "runtime", marker });
    }
  };
  tables.forEach((p, from) => {
    depEdges(from, stringsOf(p.dependencies), at(file, out.packages[from]!.line), undefined);
  });
  for (const { table, line } of extrasEntries) {
    const where = at(file, line);
    const name = asString(table.name)!;
    const version = asString(table.version);
    let index = base.get(`${canonicalizeName(name)}@${version ?? ""}`);
    if (index === undefined) {
      // No base entry (older locks): the extras entry stands for the package.
      const marker = markerOrUnknown(asString(table.marker), where, out.unknowns);
      out.packages.push({
        name,
        version,
        source: sourceOf(table, lockDir),
        artifacts: artifactsOf(table.files),
        file,
        line,
        summary: asString(table.summary) || undefined,
        markers: marker === undefined ? [] : [marker],
        groups: stringsOf(table.groups),
      });
      index = out.packages.length - 1;
      base.set(`${canonicalizeName(name)}@${version ?? ""}`, index);
      const k = canonicalizeName(name);
      byName.set(k, [...(byName.get(k) ?? []), index]);
    } else {
      const pkg = out.packages[index]!;
      const groups = [...pkg.groups];
      for (const g of stringsOf(table.groups)) if (!groups.includes(g)) groups.push(g);
      out.packages[index] = { ...pkg, groups };
    }
    const extras = stringsOf(table.extras);
    const extraMarker = extras.map((e) => `extra == "${e}"`).join(" or ");
    depEdges(index, stringsOf(table.dependencies), where, extraMarker);
  }
  // Lock groups: `default` is the run-time set; the others are extras or development groups, which
  // only pyproject.toml tells apart.
  out.groupKinds = new Map([["default", "runtime"]]);
  out.defaultGroupKind = "optional";
  return out;
}
