// Reading one installed distribution through the Resolver: `*.dist-info` (METADATA, RECORD, INSTALLER,
// REQUESTED, direct_url.json, entry_points.txt, WHEEL, licenses/, sboms/), `*.egg-info` directories and
// files (PKG-INFO, requires.txt, installed-files.txt), `*.egg` directories (EGG-INFO) and `.egg-link`
// editable installs ("Recording installed projects", PEP 376, 610, 639, 660, 770). Never throws on
// content: problems become Unknowns.
import { type CoreMetadata, parseMetadata, type RawMetadata } from "../../core/metadata/index.js";
import { canonicalizeName, isValidName, type NormalizedName } from "../../core/names.js";
import { type Requirement, tryParseRequirement } from "../../core/pep508/index.js";
import { isPysbomError } from "../../errors.js";
import type { Checksum, Unknown } from "../../model/index.js";
import { hashStream } from "../../sources/hash.js";
import type { Entry, Resolver } from "../../sources/resolver.js";
import { type DirectUrl, fileUrlPath, parseDirectUrl } from "./direct-url.js";
import { parseEggLink, requiresTxtToRequiresDist } from "./egg-info.js";
import { parseInstalledFiles, parseRecord, type RecordEntry, resolveUnder } from "./record.js";

/** How the distribution is recorded. */
export type DistFormat = "dist-info" | "egg-info" | "egg" | "egg-link";

/** A RECORD (or installed-files.txt) entry with its root-relative path. */
export interface InstalledFile extends RecordEntry {
  /** Root-relative path, or undefined when the entry is absolute or leads out of the scanned root. */
  readonly resolved?: string | undefined;
}

/** A license file shipped in the metadata directory, with its digests. */
export interface LicenseFile {
  readonly path: string;
  readonly checksums: readonly Checksum[];
}

/** Everything read about one installed distribution. */
export interface InstalledDist {
  readonly format: DistFormat;
  /** Root-relative site directory that holds it. */
  readonly siteDir: string;
  /** Root-relative path of the metadata directory (or egg-info / egg-link file). */
  readonly path: string;
  /** Root-relative path of METADATA / PKG-INFO, when one was read. */
  readonly metadataPath?: string | undefined;
  readonly metadata?: CoreMetadata | undefined;
  /** The Name as written, and its PEP 503 form. */
  readonly name: string;
  readonly normalizedName: NormalizedName;
  /** The Version as written; undefined only for an egg-link whose metadata is out of reach. */
  readonly version?: string | undefined;
  /** Requires-Dist (or requires.txt, as importlib.metadata reads it), parsed. */
  readonly requires: readonly Requirement[];
  /** RECORD / installed-files.txt, when the distribution has one. */
  readonly files?: { readonly path: string; readonly entries: readonly InstalledFile[] } | undefined;
  readonly installer?: string | undefined;
  readonly requested: boolean;
  readonly directUrl?: DirectUrl | undefined;
  /** Editable install: where the code lives (paths outside the environment, as written). */
  readonly editable?: { readonly sources: readonly string[] } | undefined;
  /** `group: name = value` for console_scripts and gui_scripts. */
  readonly entryPoints: readonly string[];
  readonly licenseFiles: readonly LicenseFile[];
  /** Tags from WHEEL. */
  readonly wheelTags: readonly string[];
  /** Root-relative paths of PEP 770 SBOM documents in `.dist-info/sboms/`. */
  readonly sbomFiles: readonly string[];
}

/** Result of reading one metadata entry: a distribution (unless broken) and the unknowns found. */
export interface ReadResult {
  readonly dist?: InstalledDist | undefined;
  readonly unknowns: readonly Unknown[];
}

/** Options of {@link readDistribution}. */
export interface ReadOptions {
  /** Absolute paths the environment knows itself under (from pyvenv.cfg / sysconfig), root-relative base. */
  readonly absoluteRoots?: readonly string[];
}

const MAX_METADATA = 32 * 1024 * 1024;
const MAX_RECORD = 64 * 1024 * 1024;
const MAX_SMALL = 1024 * 1024;
const LICENSE_NAME = /^(?:LICEN[CS]E|COPYING|NOTICE|COPYRIGHT|AUTHORS|UNLICENSE)(?:[-._].*)?$/i;

const baseName = (p: string): string => p.slice(p.lastIndexOf("/") + 1);

class Reader {
  readonly unknowns: Unknown[] = [];
  constructor(readonly resolver: Resolver) {}

  unknown(location: string, code: string, message: string): void {
    this.unknowns.push({ location, code, message });
  }

  /** A file's bytes, or undefined when absent; a file that cannot be read becomes an Unknown. */
  async bytes(path: string, maxBytes: number): Promise<Uint8Array | undefined> {
    try {
      return await this.resolver.readBytes(path, { maxBytes });
    } catch (e) {
      if (isPysbomError(e, "INPUT_NOT_FOUND")) return undefined;
      if (isPysbomError(e, "LIMIT_EXCEEDED"))
        this.unknown(path, "env/file-too-large", `not read: ${e.message}`);
      else if (isPysbomError(e)) this.unknown(path, "env/unreadable", e.message);
      else this.unknown(path, "env/unreadable", `cannot read: ${(e as Error).message}`);
      return undefined;
    }
  }

  async text(path: string, maxBytes = MAX_SMALL): Promise<string | undefined> {
    const b = await this.bytes(path, maxBytes);
    return b === undefined ? undefined : new TextDecoder("utf-8").decode(b);
  }
}

// Problems of METADATA that change what the SBOM says; the others (unknown fields, a field newer than
// Metadata-Version…) do not and are not reported.
const REPORTED_PROBLEMS: Readonly<Record<string, string>> = {
  "invalid-utf8": "env/metadata-not-utf8",
  "invalid-version": "env/invalid-version",
  "invalid-requirement": "env/invalid-requirement",
  "invalid-license-expression": "env/invalid-license-expression",
};

interface MetadataRead {
  readonly metadata: CoreMetadata;
  readonly raw: RawMetadata;
}

async function readMetadataFile(r: Reader, path: string, what: string): Promise<MetadataRead | undefined> {
  const bytes = await r.bytes(path, MAX_METADATA);
  if (bytes === undefined) {
    if (!r.unknowns.some((u) => u.location === path))
      r.unknown(
        path,
        "env/broken-metadata",
        `${what}: no ${baseName(path)}; the distribution is not identified`,
      );
    return undefined;
  }
  const { metadata, raw, problems } = parseMetadata(bytes);
  const name = metadata.name;
  if (!name || !isValidName(name) || !metadata.version) {
    const why = problems
      .filter((p) => p.field === "Name" || p.field === "Version" || p.code === "malformed-header")
      .map((p) => p.message)
      .slice(0, 3)
      .join("; ");
    r.unknown(
      path,
      "env/broken-metadata",
      `${what}: no valid Name and Version (${why || "unreadable"}); not identified`,
    );
    return undefined;
  }
  const reported = new Set<string>();
  for (const p of problems) {
    const code = REPORTED_PROBLEMS[p.code];
    if (!code) continue;
    if (p.code === "invalid-utf8") {
      if (reported.has(code)) continue;
      reported.add(code);
      r.unknown(path, code, `${name}: not valid UTF-8; invalid bytes read as U+FFFD (${p.message})`);
    } else r.unknown(path, code, `${name}: ${p.message}`);
  }
  return { metadata, raw };
}

function parseRequires(r: Reader, location: string, name: string, lines: readonly string[]): Requirement[] {
  const out: Requirement[] = [];
  for (const line of lines) {
    const req = tryParseRequirement(line);
    if (req) out.push(req);
    else
      r.unknown(
        location,
        "env/invalid-requirement",
        `${name}: ${JSON.stringify(line)} is not a valid PEP 508 requirement`,
      );
  }
  return out;
}

async function readRecordLike(
  r: Reader,
  siteDir: string,
  path: string,
  kind: "RECORD" | "installed-files.txt",
): Promise<InstalledDist["files"]> {
  const bytes = await r.bytes(path, MAX_RECORD);
  if (bytes === undefined) return undefined;
  const text = new TextDecoder("utf-8").decode(bytes);
  if (kind === "installed-files.txt") {
    // Paths relative to the egg-info directory.
    const dir = path.slice(0, path.lastIndexOf("/"));
    return {
      path,
      entries: parseInstalledFiles(text).map((p, i) => ({
        path: p,
        line: i + 1,
        resolved: resolveUnder(dir, p),
      })),
    };
  }
  const { entries, problems } = parseRecord(text, (p) => resolveUnder(siteDir, p));
  for (const p of problems.slice(0, 5)) r.unknown(`${path}:${p.line}`, "env/bad-record", p.message);
  if (problems.length > 5)
    r.unknown(path, "env/bad-record", `${problems.length - 5} more problem(s) in this RECORD`);
  return { path, entries };
}

function parseEntryPoints(text: string): string[] {
  const out: string[] = [];
  let group = "";
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    if (line.startsWith("[") && line.endsWith("]")) {
      group = line.slice(1, -1).trim();
      continue;
    }
    if (group !== "console_scripts" && group !== "gui_scripts") continue;
    const eq = line.indexOf("=");
    if (eq === -1) continue;
    out.push(`${group}: ${line.slice(0, eq).trim()} = ${line.slice(eq + 1).trim()}`);
  }
  return out;
}

async function hashFile(r: Reader, path: string): Promise<Checksum[] | undefined> {
  try {
    return (await hashStream(r.resolver.stream(path), ["SHA1", "SHA256"])).checksums;
  } catch {
    return undefined;
  }
}

async function licenseFiles(
  r: Reader,
  dir: string,
  metadata: CoreMetadata,
  listing: readonly Entry[],
  files: InstalledDist["files"],
): Promise<LicenseFile[]> {
  const present = new Set(listing.filter((e) => e.kind === "file").map((e) => e.path));
  if (listing.some((e) => baseName(e.path) === "licenses" && e.kind === "directory"))
    for await (const e of r.resolver.walk({ from: `${dir}/licenses`, maxEntries: 10_000 }))
      if (e.kind === "file") present.add(e.path);
  const paths = new Set<string>();
  // PEP 639: License-File paths are relative to `.dist-info/licenses/`; wheels built before PEP 639 put
  // them directly in `.dist-info/`.
  for (const lf of metadata.licenseFiles) {
    const found = [`${dir}/licenses/${lf}`, `${dir}/${lf}`].find((c) => present.has(c));
    if (found) paths.add(found);
  }
  for (const p of present) if (p.startsWith(`${dir}/licenses/`)) paths.add(p);
  if (metadata.licenseFiles.length === 0)
    for (const e of listing) if (e.kind === "file" && LICENSE_NAME.test(baseName(e.path))) paths.add(e.path);
  // The digest RECORD gives (what was installed; `--verify` checks it), else the file's own.
  const recorded = new Map<string, Checksum>();
  for (const e of files?.entries ?? [])
    if (e.resolved && paths.has(e.resolved) && e.hash)
      recorded.set(e.resolved, { algorithm: e.hash.algorithm, value: e.hash.hex });
  const out: LicenseFile[] = [];
  for (const p of [...paths].sort()) {
    const fromRecord = recorded.get(p);
    const checksums = fromRecord?.algorithm === "SHA256" ? [fromRecord] : await hashFile(r, p);
    if (checksums) out.push({ path: p, checksums });
  }
  return out;
}

/** Absolute paths written in an editable install's `.pth` files and setuptools' finder MAPPING. */
async function editableSources(
  r: Reader,
  dist: { directUrl?: DirectUrl | undefined; files?: InstalledDist["files"] },
): Promise<string[]> {
  const sources: string[] = [];
  const add = (s: string) => {
    if (s && !sources.includes(s)) sources.push(s);
  };
  const fromUrl = dist.directUrl ? fileUrlPath(dist.directUrl.url) : undefined;
  if (fromUrl) add(fromUrl);
  for (const e of dist.files?.entries ?? []) {
    if (!e.resolved) continue;
    const name = baseName(e.resolved);
    if (name.endsWith(".pth")) {
      const text = await r.text(e.resolved);
      for (const line of text?.split(/\r\n|\r|\n/) ?? []) {
        const t = line.trim();
        if (t && !t.startsWith("#") && !/^import[ \t]/.test(t)) add(t);
      }
    } else if (/^__editable__.*_finder\.py$/.test(name)) {
      const text = await r.text(e.resolved);
      const m = text ? /^MAPPING\s*(?::[^=\n]*)?=\s*\{([^}]*)\}/m.exec(text) : null;
      for (const pair of m?.[1]?.matchAll(/(['"])(?:(?!\1).)*\1\s*:\s*(['"])((?:(?!\2).)*)\2/g) ?? [])
        add(pair[3]!);
    }
  }
  return sources;
}

async function readDistInfo(r: Reader, siteDir: string, dir: string): Promise<InstalledDist | undefined> {
  const listing = await r.resolver.list(dir);
  const has = new Set(listing.filter((e) => e.kind === "file").map((e) => baseName(e.path)));
  const metadataPath = `${dir}/METADATA`;
  const read = await readMetadataFile(r, metadataPath, baseName(dir));
  if (!read) return undefined;
  const { metadata } = read;
  const name = metadata.name!;
  const files = has.has("RECORD") ? await readRecordLike(r, siteDir, `${dir}/RECORD`, "RECORD") : undefined;
  if (!has.has("RECORD"))
    r.unknown(dir, "env/no-record", `${name}: no RECORD; its files are not known and cannot be verified`);
  const installer = has.has("INSTALLER")
    ? (await r.text(`${dir}/INSTALLER`))?.trim() || undefined
    : undefined;
  let directUrl: DirectUrl | undefined;
  if (has.has("direct_url.json")) {
    const text = await r.text(`${dir}/direct_url.json`);
    if (text !== undefined) {
      const parsed = parseDirectUrl(text);
      if (parsed.ok) directUrl = parsed.value;
      else r.unknown(`${dir}/direct_url.json`, "env/bad-direct-url", `${name}: ${parsed.message}`);
    }
  }
  const entryPoints = has.has("entry_points.txt")
    ? parseEntryPoints((await r.text(`${dir}/entry_points.txt`, 4 * MAX_SMALL)) ?? "")
    : [];
  const wheelTags = has.has("WHEEL")
    ? ((await r.text(`${dir}/WHEEL`)) ?? "")
        .split(/\r\n|\r|\n/)
        .filter((l) => /^Tag:/i.test(l))
        .map((l) => l.slice(4).trim())
    : [];
  const sbomFiles: string[] = [];
  if (listing.some((e) => baseName(e.path) === "sboms" && e.kind === "directory"))
    for await (const e of r.resolver.walk({ from: `${dir}/sboms`, maxEntries: 1000 }))
      if (e.kind === "file") sbomFiles.push(e.path);
  const partial = { directUrl, files };
  const editable =
    directUrl?.kind === "dir" && directUrl.editable
      ? { sources: await editableSources(r, partial) }
      : undefined;
  return {
    format: "dist-info",
    siteDir,
    path: dir,
    metadataPath,
    metadata,
    name,
    normalizedName: canonicalizeName(name),
    version: metadata.version,
    // validateMetadata parsed Requires-Dist already (and reported the invalid entries).
    requires: metadata.requiresDist,
    files,
    installer,
    requested: has.has("REQUESTED"),
    directUrl,
    editable,
    entryPoints,
    licenseFiles: await licenseFiles(r, dir, metadata, listing, files),
    wheelTags,
    sbomFiles: sbomFiles.sort(),
  };
}

async function readEggInfo(
  r: Reader,
  siteDir: string,
  path: string,
  format: DistFormat,
  infoDir: string | undefined,
): Promise<InstalledDist | undefined> {
  // `x.egg-info` may be a directory or (distutils) the PKG-INFO file itself.
  const metadataPath = infoDir === undefined ? path : `${infoDir}/PKG-INFO`;
  const read = await readMetadataFile(r, metadataPath, baseName(path));
  if (!read) return undefined;
  const { metadata, raw } = read;
  const name = metadata.name!;
  const listing = infoDir === undefined ? [] : await r.resolver.list(infoDir);
  const has = new Set(listing.filter((e) => e.kind === "file").map((e) => baseName(e.path)));
  let requires = raw.requiresDist ?? [];
  let requiresFrom = metadataPath;
  let files: InstalledDist["files"];
  let entryPoints: string[] = [];
  if (infoDir !== undefined) {
    // importlib.metadata: Requires-Dist from PKG-INFO when present, else requires.txt.
    if (requires.length === 0 && has.has("requires.txt")) {
      requiresFrom = `${infoDir}/requires.txt`;
      requires = requiresTxtToRequiresDist((await r.text(requiresFrom, 4 * MAX_SMALL)) ?? "");
    }
    if (has.has("installed-files.txt"))
      files = await readRecordLike(r, siteDir, `${infoDir}/installed-files.txt`, "installed-files.txt");
    if (has.has("entry_points.txt"))
      entryPoints = parseEntryPoints((await r.text(`${infoDir}/entry_points.txt`, 4 * MAX_SMALL)) ?? "");
  }
  return {
    format,
    siteDir,
    path,
    metadataPath,
    metadata,
    name,
    normalizedName: canonicalizeName(name),
    version: metadata.version,
    requires: parseRequires(r, requiresFrom, name, requires),
    files,
    requested: false,
    entryPoints,
    licenseFiles: infoDir === undefined ? [] : await licenseFiles(r, infoDir, metadata, listing, files),
    wheelTags: [],
    sbomFiles: [],
  };
}

/** Maps an absolute path onto the scanned root through the absolute roots the environment records. */
function toRootRelative(abs: string, siteDir: string, roots: readonly string[]): string | undefined {
  const p = abs.replace(/\\/g, "/").replace(/\/+$/, "");
  if (!p.startsWith("/") && !/^[A-Za-z]:\//.test(p)) return resolveUnder(siteDir, p);
  for (const root of roots) {
    const r = root.replace(/\/+$/, "");
    if (p === r) return "";
    if (p.startsWith(`${r}/`)) return resolveUnder("", p.slice(r.length + 1));
  }
  return undefined;
}

async function readEggLink(
  r: Reader,
  siteDir: string,
  path: string,
  roots: readonly string[],
): Promise<InstalledDist | undefined> {
  const text = await r.text(path);
  const link = text === undefined ? undefined : parseEggLink(text);
  // pip names the file after the project: `re.sub("[^A-Za-z0-9.]+", "-", name) + ".egg-link"`.
  const written = baseName(path).slice(0, -".egg-link".length);
  if (!link || !isValidName(written)) {
    r.unknown(
      path,
      "env/broken-egg-link",
      `${baseName(path)}: not an egg-link (first line: project directory)`,
    );
    return undefined;
  }
  const project = toRootRelative(link.target, siteDir, roots);
  const base =
    project === undefined ? undefined : link.base === "." ? project : resolveUnder(project, link.base);
  if (base !== undefined) {
    for (const e of await r.resolver.list(base)) {
      const n = baseName(e.path);
      if (
        e.kind === "directory" &&
        n.endsWith(".egg-info") &&
        canonicalizeName(n.slice(0, -9).split("-")[0]!) === canonicalizeName(written)
      ) {
        const dist = await readEggInfo(r, siteDir, path, "egg-link", e.path);
        return dist && { ...dist, editable: { sources: [link.target] } };
      }
    }
  }
  r.unknown(
    path,
    "env/editable-outside-root",
    `${written}: editable install of ${link.target}, whose metadata lies outside the scanned directory; version not known`,
  );
  return {
    format: "egg-link",
    siteDir,
    path,
    name: written,
    normalizedName: canonicalizeName(written),
    requires: [],
    requested: false,
    editable: { sources: [link.target] },
    entryPoints: [],
    licenseFiles: [],
    wheelTags: [],
    sbomFiles: [],
  };
}

/**
 * Reads the distribution recorded by one site-directory entry (`x.dist-info`, `x.egg-info`, `x.egg`,
 * `x.egg-link`); broken metadata yields no distribution and an Unknown.
 * @example await readDistribution(resolver, "lib/python3.12/site-packages", entry)
 */
export async function readDistribution(
  resolver: Resolver,
  siteDir: string,
  entry: Entry,
  options: ReadOptions = {},
): Promise<ReadResult> {
  const r = new Reader(resolver);
  const name = baseName(entry.path);
  let dist: InstalledDist | undefined;
  try {
    if (name.endsWith(".dist-info") && entry.kind === "directory")
      dist = await readDistInfo(r, siteDir, entry.path);
    else if (name.endsWith(".egg-info"))
      dist =
        entry.kind === "directory"
          ? await readEggInfo(r, siteDir, entry.path, "egg-info", entry.path)
          : entry.kind === "file"
            ? await readEggInfo(r, siteDir, entry.path, "egg-info", undefined)
            : undefined;
    else if (name.endsWith(".egg")) {
      if (entry.kind === "directory")
        dist = await readEggInfo(r, siteDir, entry.path, "egg", `${entry.path}/EGG-INFO`);
      else if (entry.kind === "file")
        r.unknown(entry.path, "env/zipped-egg", `${name}: a zipped egg; its contents are not read`);
    } else if (name.endsWith(".egg-link") && entry.kind === "file")
      dist = await readEggLink(r, siteDir, entry.path, options.absoluteRoots ?? []);
    if (entry.kind === "symlink")
      r.unknown(
        entry.path,
        "env/link-not-followed",
        `${name}: symbolic link not followed (${entry.unfollowed ?? "outside-root"})`,
      );
  } catch (e) {
    if (!isPysbomError(e)) throw e;
    r.unknown(entry.path, "env/unreadable", e.message);
    dist = undefined;
  }
  return { dist, unknowns: r.unknowns };
}
