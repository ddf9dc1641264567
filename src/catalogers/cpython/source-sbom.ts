// CPython's Tools/build/generate_sbom.py (2025-05 behaviour, docs/cpython-sbom.md §4) over a Resolver:
// checks the hand-edited package metadata of Misc/sbom.spdx.json and Misc/externals.spdx.json, lists and
// hashes every vendored file (include globs minus excludes and ignored paths, CRLF→LF for text), and
// rebuilds `files` and `relationships`. With the same input the documents are byte-identical to CPython's,
// except where CPython is wrong: files with non-ASCII names are kept, a vendored directory that does not
// exist is an error, version checks match whole tokens, and the expat check against refresh.sh runs.
import { hash } from "node:crypto";
import { PysbomError } from "../../errors.js";
import type { Resolver } from "../../sources/resolver.js";
import {
  GENERATE_SBOM_SCRIPT,
  PACKAGE_TO_FILES_2025,
  type PackageFiles,
  parsePackageToFiles,
} from "./package-files.js";
import {
  compareCodePoints,
  dumpPyJson,
  isPyObject,
  type PyJson,
  type PyObject,
  parsePyJsonBytes,
  pyObject,
  pyRepr,
  pySetRepr,
} from "./pyjson.js";
import { cpythonSpdxId } from "./spdx-id.js";

/** The source SBOM, relative to the tree root. */
export const SOURCE_SBOM_PATH = "Misc/sbom.spdx.json";
/** The Windows build dependencies SBOM. */
export const EXTERNALS_SBOM_PATH = "Misc/externals.spdx.json";
/** Where get_externals() reads the Windows dependency tags. */
export const GET_EXTERNALS_BAT = "PCbuild/get_externals.bat";
/** CPython's pointer printed after each of its errors. */
export const DEVGUIDE_HINT =
  "See 'https://devguide.python.org/developer-workflow/sbom' for more information.";

const REQUIRED_PACKAGE_KEYS = [
  "SPDXID",
  "name",
  "versionInfo",
  "downloadLocation",
  "checksums",
  "licenseConcluded",
  "externalRefs",
  "primaryPackagePurpose",
] as const;

/** A problem with the tree: `code` is stable, `message` names the same problem as CPython's message. */
export interface TreeProblem {
  readonly code: string;
  readonly message: string;
  /** The file concerned (root-relative). */
  readonly location?: string | undefined;
}

/** One vendored file as generate_sbom.py lists it. */
export interface VendoredFile {
  readonly path: string;
  readonly spdxId: string;
  readonly sha1: string;
  readonly sha256: string;
}

/** What {@link regenerateSourceSboms} needs besides the tree. */
export interface SourceSbomOptions {
  readonly resolver: Resolver;
  /**
   * Which of `entries` (root-relative; the searched directory itself ends with `/`) are ignored, as
   * `git check-ignore` says or as the tree's .gitignore files say.
   */
  readonly ignored: (entries: readonly { path: string; isDir: boolean }[]) => Promise<ReadonlySet<string>>;
  /** SHA-256 (hex) of the body at a URL; undefined when downloads are not allowed (offline). */
  readonly downloadSha256?: ((url: string) => Promise<string>) | undefined;
  /** Re-download every package archive and refresh `checksums` (CPython does this when `CI` is set). */
  readonly refreshChecksums?: boolean | undefined;
  /** Strict (default): the first problem throws `CHECK_FAILED`. Lenient: problems are collected. */
  readonly lenient?: boolean | undefined;
  readonly warn?: ((message: string) => void) | undefined;
  /** Files hashed concurrently (default 16). */
  readonly concurrency?: number | undefined;
  /** Also regenerate Misc/externals.spdx.json (default true). */
  readonly externals?: boolean | undefined;
}

/** One regenerated document. */
export interface RegeneratedFile {
  /** Root-relative path. */
  readonly path: string;
  /** The bytes on disk before. */
  readonly before: Uint8Array;
  /** The document as loaded. */
  readonly old: PyObject;
  /** The regenerated document. */
  readonly data: PyObject;
  /** Its serialisation (CPython's `json.dumps(indent=2, sort_keys=True)`, no trailing newline). */
  readonly text: string;
  /** True when `text` differs from `before`. */
  readonly changed: boolean;
}

/** What {@link regenerateSourceSboms} produced. */
export interface SourceSbomResult {
  readonly sbom: RegeneratedFile;
  /** Undefined when the tree has no Misc/externals.spdx.json. */
  readonly externals?: RegeneratedFile | undefined;
  /** Vendored files per package name (sorted package names, then sorted paths). */
  readonly files: ReadonlyMap<string, readonly VendoredFile[]>;
  /** The PACKAGE_TO_FILES table used. */
  readonly packageToFiles: Readonly<Record<string, PackageFiles>>;
  /** Problems met (only in lenient mode; strict mode throws the first). */
  readonly problems: readonly TreeProblem[];
}

class ProblemSink {
  readonly problems: TreeProblem[] = [];
  readonly lenient: boolean;

  constructor(lenient: boolean) {
    this.lenient = lenient;
  }

  /** Records (lenient) or throws (strict). Returns false so callers can `return sink.report(…)`. */
  report(code: string, message: string, location?: string): false {
    if (!this.lenient)
      throw new PysbomError("CHECK_FAILED", `${message}\n${DEVGUIDE_HINT}`, {
        location: location === undefined ? undefined : { file: location },
      });
    this.problems.push({ code, message, location });
    return false;
  }
}

/**
 * True when `version` occurs in `text` as a whole token: not glued to more version characters on either
 * side (so `1.0` is found in `macholib-1.0.tar.gz` and `pkg:pypi/macholib@1.0`, but not in `11.0`, `1.0.1`
 * or `1.01`). CPython tests a plain substring.
 * @example containsVersionToken("expat-2.7.1.tar.gz", "2.7.1") // true
 * @example containsVersionToken("pkg-11.0.tar.gz", "1.0") // false
 */
export function containsVersionToken(text: string, version: string): boolean {
  if (version === "") return false;
  const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
  const isAlnum = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9]/.test(c);
  for (let i = text.indexOf(version); i >= 0; i = text.indexOf(version, i + 1)) {
    const before = text[i - 1];
    const after = text[i + version.length];
    if (isDigit(before) || before === ".") continue;
    if (isAlnum(after)) continue;
    if (after === "." && isDigit(text[i + version.length + 1])) continue;
    return true;
  }
  return false;
}

/**
 * Hashes a vendored file as generate_sbom.py does: without a NUL byte the data is text and `\r\n` becomes
 * `\n` first (a lone `\r` stays).
 * @example vendoredFileDigests(Buffer.from("a\r\n")) // digests of "a\n"
 */
export function vendoredFileDigests(bytes: Uint8Array): {
  sha1: string;
  sha256: string;
  normalized: boolean;
} {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let data: Buffer = buf;
  let normalized = false;
  if (buf.indexOf(0) < 0 && buf.indexOf("\r\n") >= 0) {
    data = normalizeCrlf(buf);
    normalized = true;
  }
  return { sha1: hash("sha1", data, "hex"), sha256: hash("sha256", data, "hex"), normalized };
}

function normalizeCrlf(buf: Buffer): Buffer {
  const out = Buffer.allocUnsafe(buf.length);
  let o = 0;
  let start = 0;
  for (let i = buf.indexOf("\r\n"); i >= 0; i = buf.indexOf("\r\n", i + 2)) {
    o += buf.copy(out, o, start, i);
    out[o++] = 0x0a;
    start = i + 2;
  }
  o += buf.copy(out, o, start);
  return out.subarray(0, o);
}

async function loadJson(resolver: Resolver, path: string): Promise<{ before: Uint8Array; data: PyObject }> {
  const before = await resolver.readBytes(path, { maxBytes: 256 * 1024 * 1024 });
  const data = parsePyJsonBytes(before, path);
  if (!isPyObject(data))
    throw new PysbomError("INVALID_DOCUMENT", `${path}: expected a JSON object at the top level`, {
      location: { file: path, pointer: "" },
    });
  return { before, data };
}

function packagesOf(doc: PyObject, file: string): PyObject[] {
  const list = doc.packages;
  if (!Array.isArray(list))
    throw new PysbomError("INVALID_DOCUMENT", `${file}: "packages" must be a list`, {
      location: { file, pointer: "/packages" },
    });
  return list.map((p, i) => {
    if (!isPyObject(p))
      throw new PysbomError("INVALID_DOCUMENT", `${file}: packages[${i}] must be an object`, {
        location: { file, pointer: `/packages/${i}` },
      });
    return p;
  });
}

/** Python's `str()` of a value used in an f-string (strings as is, the rest as JSON-ish text). */
function pyStr(v: PyJson | undefined): string {
  if (typeof v === "string") return v;
  if (v === undefined) return "None";
  return dumpPyJson(v).replace(/\s+/g, " ");
}

function namesCheck(
  sink: ProblemSink,
  packages: readonly PyObject[],
  expected: Iterable<string>,
  file: string,
  toolFile: string,
): boolean {
  const actual = packages.map((p) => pyStr(p.name));
  const exp = [...expected];
  const a = new Set(actual);
  const e = new Set(exp);
  if (a.size === e.size && [...a].every((x) => e.has(x))) return true;
  const missing = exp.filter((x) => !a.has(x)).sort(compareCodePoints);
  const extra = [...a].filter((x) => !e.has(x)).sort(compareCodePoints);
  const detail = [
    missing.length > 0 ? `missing from ${file}: ${missing.join(", ")}` : "",
    extra.length > 0 ? `not in ${toolFile}: ${extra.join(", ")}` : "",
  ]
    .filter(Boolean)
    .join("; ");
  return sink.report(
    "cpython/package-names",
    `Packages defined in SBOM tool don't match those defined in SBOM file: ${pySetRepr(a)}, ${pySetRepr(e)} (${detail})`,
    file,
  );
}

interface CheckContext {
  readonly resolver: Resolver;
  readonly sink: ProblemSink;
  readonly file: string;
  readonly downloadSha256?: ((url: string) => Promise<string>) | undefined;
  readonly refresh: boolean;
}

async function readOptionalText(resolver: Resolver, path: string): Promise<string | undefined> {
  const e = await resolver.stat(path);
  if (e?.kind !== "file") return undefined;
  return resolver.readText(path, { maxBytes: 16 * 1024 * 1024 });
}

/** check_sbom_packages() for one package, in CPython's order. Returns false after a (lenient) problem. */
async function checkPackage(ctx: CheckContext, pkg: PyObject): Promise<boolean> {
  const { sink, file } = ctx;
  if (!("name" in pkg))
    return sink.report("cpython/missing-name", "Package is missing the 'name' field", file);
  const name = pyStr(pkg.name);

  // generate_sbom.py downloads the archive when `checksums` is missing (or always under CI).
  if (!("checksums" in pkg) || ctx.refresh) {
    const url = pkg.downloadLocation;
    if (typeof url === "string") {
      if (!ctx.downloadSha256) {
        if (!("checksums" in pkg))
          return sink.report(
            "cpython/checksums-need-download",
            `Package '${name}' has no 'checksums': its archive at ${url} must be downloaded to compute them, and downloads are not allowed (--offline)`,
            file,
          );
      } else {
        const sha256 = await ctx.downloadSha256(url);
        const entry = pyObject();
        entry.algorithm = "SHA256";
        entry.checksumValue = sha256;
        pkg.checksums = [entry];
      }
    }
  }

  const missing = REQUIRED_PACKAGE_KEYS.filter((k) => !(k in pkg));
  if (missing.length > 0)
    return sink.report(
      "cpython/missing-fields",
      `Package '${name}' is missing required fields: frozenset(${pySetRepr(missing)})`,
      file,
    );
  if (pkg.SPDXID !== cpythonSpdxId(`SPDXRef-PACKAGE-${name}`))
    return sink.report("cpython/malformed-spdxid", `Package '${name}' has a malformed SPDXID`, file);

  const version = pyStr(pkg.versionInfo);
  if (!containsVersionToken(pyStr(pkg.downloadLocation), version))
    return sink.report(
      "cpython/version-not-in-download-location",
      `Version '${version}' for package '${name} not in 'downloadLocation' field (${pyRepr(pyStr(pkg.downloadLocation))})`,
      file,
    );
  const refs = Array.isArray(pkg.externalRefs) ? pkg.externalRefs : [];
  const badRef = refs.find(
    (r) => !isPyObject(r) || !containsVersionToken(pyStr(r.referenceLocator), version),
  );
  if (badRef !== undefined || !Array.isArray(pkg.externalRefs))
    return sink.report(
      "cpython/version-not-in-external-refs",
      `Version '${version}' for package '${name} not in all 'externalRefs[].referenceLocator' fields${isPyObject(badRef) ? ` (${pyRepr(pyStr(badRef.referenceLocator))})` : ""}`,
      file,
    );

  if (name === "hacl-star") {
    const script = "Modules/_hacl/refresh.sh";
    const text = await readOptionalText(ctx.resolver, script);
    const rev = text === undefined ? undefined : /expected_hacl_star_rev=([0-9a-f]{40})/.exec(text)?.[1];
    if (rev !== version)
      return sink.report(
        "cpython/hacl-star-version",
        `HACL* SBOM version doesn't match value in '${script}' (${text === undefined ? "the file is missing" : rev === undefined ? "no expected_hacl_star_rev=<40 hex digits> in it" : `it says ${rev}`})`,
        script,
      );
  }

  // CPython 2025-05 tests `name == "libexpat"`, so this never ran for `expat`; pysbom runs it.
  if (name === "expat" || name === "libexpat") {
    const script = "Modules/expat/refresh.sh";
    const text = await readOptionalText(ctx.resolver, script);
    const expected =
      text === undefined ? undefined : /expected_libexpat_version="([0-9]+\.[0-9]+\.[0-9]+)"/.exec(text)?.[1];
    if (expected !== version)
      return sink.report(
        "cpython/expat-version",
        `libexpat SBOM version doesn't match value in '${script}' (${text === undefined ? "the file is missing" : expected === undefined ? 'no expected_libexpat_version="X.Y.Z" in it' : `the SBOM says ${version}, ${script} says ${expected}`})`,
        script,
      );
    const sha = text === undefined ? undefined : /expected_libexpat_sha256="([a-f0-9]{64})"/.exec(text)?.[1];
    if (sha !== undefined) {
      const sums = Array.isArray(pkg.checksums) ? pkg.checksums : [];
      const ok =
        sums.length === 1 &&
        isPyObject(sums[0]) &&
        sums[0].algorithm === "SHA256" &&
        sums[0].checksumValue === sha &&
        Object.keys(sums[0]).length === 2;
      if (!ok)
        return sink.report(
          "cpython/expat-checksum",
          `libexpat SBOM checksum doesn't match value in '${script}' (it says ${sha})`,
          script,
        );
    }
  }

  if (pkg.licenseConcluded !== "NOASSERTION")
    return sink.report(
      "cpython/license",
      `License identifier must be 'NOASSERTION' (package '${name}' has ${pyRepr(pyStr(pkg.licenseConcluded))})`,
      file,
    );
  return true;
}

/** The PACKAGE_TO_FILES of the tree's own generate_sbom.py, else the built-in 2025-05 table. */
async function packageToFilesOf(
  resolver: Resolver,
  warn: (m: string) => void,
): Promise<Readonly<Record<string, PackageFiles>>> {
  const text = await readOptionalText(resolver, GENERATE_SBOM_SCRIPT);
  if (text === undefined) return PACKAGE_TO_FILES_2025;
  const table = parsePackageToFiles(text);
  if (table) return table;
  warn(`could not read PACKAGE_TO_FILES from ${GENERATE_SBOM_SCRIPT}; using CPython's 2025-05 table`);
  return PACKAGE_TO_FILES_2025;
}

interface Listed {
  readonly path: string;
  readonly isDir: boolean;
  readonly isFile: boolean;
}

/** Python's `glob.glob("X/**", recursive=True)`: `X/` itself and everything below, dot-names skipped. */
async function globRecursive(
  resolver: Resolver,
  dir: string,
  warn: (m: string) => void,
): Promise<Listed[] | undefined> {
  const top = await resolver.stat(dir);
  if (top?.kind !== "directory") return undefined;
  const out: Listed[] = [{ path: `${dir}/`, isDir: true, isFile: false }];
  for await (const e of resolver.walk({ from: dir, skipDir: (_p, name) => name.startsWith(".") })) {
    const name = e.path.slice(e.path.lastIndexOf("/") + 1);
    if (name.startsWith(".")) continue;
    if (e.kind === "symlink") {
      if (e.unfollowed === "outside-root")
        warn(
          `${e.path}: symbolic link leading outside the tree, not followed (CPython would hash its target)`,
        );
      continue;
    }
    out.push({ path: e.path, isDir: e.kind === "directory", isFile: e.kind === "file" });
  }
  return out;
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/** Lists and hashes the files of every package (create_source_sbom's loop). */
async function vendoredFiles(
  options: SourceSbomOptions,
  sink: ProblemSink,
  table: Readonly<Record<string, PackageFiles>>,
  warn: (m: string) => void,
): Promise<Map<string, VendoredFile[]>> {
  const { resolver } = options;
  // First every include is globbed, then one ignore query answers for all of them (git check-ignore
  // judges each path on its own, so one call says what CPython's one call per include says).
  const steps: {
    name: string;
    include: string;
    exclude: ReadonlySet<string>;
    listed: Listed[] | undefined;
  }[] = [];
  for (const name of Object.keys(table).sort(compareCodePoints)) {
    const spec = table[name]!;
    const exclude = new Set(spec.exclude);
    for (const include of [...spec.include].sort(compareCodePoints)) {
      let listed: Listed[] | undefined;
      if (include.endsWith("/**") && !/[*?[]/.test(include.slice(0, -3)))
        listed = await globRecursive(resolver, include.slice(0, -3), warn);
      else if (!/[*?[]/.test(include)) {
        const e = await resolver.stat(include);
        listed = e ? [{ path: include, isDir: e.kind === "directory", isFile: e.kind === "file" }] : [];
      } else
        throw new PysbomError(
          "UNSUPPORTED_FORMAT",
          `include pattern '${include}' of package '${name}' is not supported (only 'DIR/**' and plain paths)`,
        );
      steps.push({ name, include, exclude, listed });
    }
  }
  const everything = new Map<string, boolean>();
  for (const step of steps) for (const l of step.listed ?? []) everything.set(l.path, l.isDir);
  const ignored = await options.ignored([...everything].map(([path, isDir]) => ({ path, isDir })));

  const result = new Map<string, VendoredFile[]>();
  for (const name of Object.keys(table).sort(compareCodePoints)) result.set(name, []);
  for (const { name, include, exclude, listed } of steps) {
    if (listed === undefined) {
      // CPython's glob yields "X/" even when X is missing, so it silently lists no files.
      const dir = include.slice(0, -3);
      sink.report(
        "cpython/missing-vendored-directory",
        `No files found at path '${include}' for package '${name}': the directory '${dir}' does not exist`,
        dir,
      );
      continue;
    }
    const kept = listed.filter((l) => !ignored.has(l.path)).sort((a, b) => compareCodePoints(a.path, b.path));
    if (kept.length === 0) {
      sink.report(
        "cpython/no-valid-paths",
        `No valid paths found at path '${include}' for package '${name}' (everything there is ignored by git)`,
        include,
      );
      continue;
    }
    const chosen = kept.filter((l) => l.isFile && !exclude.has(l.path));
    const hashed = await mapLimited(chosen, options.concurrency ?? 16, async (l) => {
      const d = vendoredFileDigests(await resolver.readBytes(l.path, { maxBytes: 1024 * 1024 * 1024 }));
      return {
        path: l.path,
        spdxId: cpythonSpdxId(`SPDXRef-FILE-${l.path}`),
        sha1: d.sha1,
        sha256: d.sha256,
      };
    });
    result.get(name)!.push(...hashed);
  }
  return result;
}

function fileEntry(f: VendoredFile): PyObject {
  const sha1 = pyObject();
  sha1.algorithm = "SHA1";
  sha1.checksumValue = f.sha1;
  const sha256 = pyObject();
  sha256.algorithm = "SHA256";
  sha256.checksumValue = f.sha256;
  const o = pyObject();
  o.SPDXID = f.spdxId;
  o.fileName = f.path;
  o.checksums = [sha1, sha256];
  return o;
}

function containsEntry(pkgId: string, fileId: string): PyObject {
  const o = pyObject();
  o.spdxElementId = pkgId;
  o.relatedSpdxElement = fileId;
  o.relationshipType = "CONTAINS";
  return o;
}

/** A second, independent copy of a document already parsed once by {@link loadJson}. */
function reparse(bytes: Uint8Array, file: string): PyObject {
  return parsePyJsonBytes(bytes, file) as PyObject;
}

/**
 * get_externals(): the `name-version` tags of `set libraries=%libraries% TAG` lines in
 * PCbuild/get_externals.bat (also behind `if NOT "%X%"=="false"`; `set binaries=` lines are not read).
 * @example parseGetExternals("set libraries=%libraries% bzip2-1.0.8\n") // [{ name: "bzip2", version: "1.0.8", tag: "bzip2-1.0.8" }]
 */
export function parseGetExternals(text: string): { name: string; version: string; tag: string }[] {
  const out: { name: string; version: string; tag: string }[] = [];
  for (const m of text.matchAll(/set\s+libraries\s*=\s*%libraries%\s+([a-zA-Z0-9.-]+)\s/g)) {
    const tag = m[1]!;
    const dash = tag.lastIndexOf("-");
    out.push({ name: dash < 0 ? "" : tag.slice(0, dash), version: tag.slice(dash + 1), tag });
  }
  return out;
}

/**
 * Regenerates Misc/sbom.spdx.json and Misc/externals.spdx.json of a CPython tree in memory (nothing is
 * written). Strict mode throws `CHECK_FAILED` with CPython's message for the first problem.
 * @example const r = await regenerateSourceSboms({ resolver, ignored }); r.sbom.text
 */
export async function regenerateSourceSboms(options: SourceSbomOptions): Promise<SourceSbomResult> {
  const { resolver } = options;
  const warn = options.warn ?? (() => {});
  const sink = new ProblemSink(options.lenient ?? false);
  const table = await packageToFilesOf(resolver, warn);

  // create_source_sbom()
  const src = await loadJson(resolver, SOURCE_SBOM_PATH);
  const data = reparse(src.before, SOURCE_SBOM_PATH);
  data.files = [];
  data.relationships = [];
  const packages = packagesOf(data, SOURCE_SBOM_PATH);
  const checkCtx: CheckContext = {
    resolver,
    sink,
    file: SOURCE_SBOM_PATH,
    downloadSha256: options.downloadSha256,
    refresh: options.refreshChecksums ?? false,
  };
  namesCheck(sink, packages, Object.keys(table), SOURCE_SBOM_PATH, GENERATE_SBOM_SCRIPT);
  for (const p of packages) await checkPackage(checkCtx, p);

  const files = await vendoredFiles(options, sink, table, warn);
  const fileEntries: PyObject[] = [];
  const relationships: PyObject[] = [];
  const seen = new Map<string, string>();
  for (const [name, list] of files) {
    const pkgId = cpythonSpdxId(`SPDXRef-PACKAGE-${name}`);
    for (const f of list) {
      const other = seen.get(f.spdxId);
      if (other !== undefined)
        warn(
          `${SOURCE_SBOM_PATH}: ${f.path} and ${other} both get the SPDX id ${f.spdxId} (kept, as CPython's tool writes it; pysbom's release SBOM tells them apart)`,
        );
      else seen.set(f.spdxId, f.path);
      fileEntries.push(fileEntry(f));
      relationships.push(containsEntry(pkgId, f.spdxId));
    }
  }
  data.files = fileEntries;
  data.relationships = relationships;
  const text = dumpPyJson(data);
  const sbom: RegeneratedFile = {
    path: SOURCE_SBOM_PATH,
    before: src.before,
    old: src.data,
    data,
    text,
    changed: Buffer.compare(Buffer.from(text, "utf8"), Buffer.from(src.before)) !== 0,
  };

  // create_externals_sbom()
  let externals: RegeneratedFile | undefined;
  const wantExternals = options.externals !== false;
  const extEntry = wantExternals ? await resolver.stat(EXTERNALS_SBOM_PATH) : undefined;
  if (!wantExternals) externals = undefined;
  else if (!extEntry) warn(`${EXTERNALS_SBOM_PATH} does not exist; only ${SOURCE_SBOM_PATH} was regenerated`);
  else {
    const ext = await loadJson(resolver, EXTERNALS_SBOM_PATH);
    const extData = reparse(ext.before, EXTERNALS_SBOM_PATH);
    const batText = await readOptionalText(resolver, GET_EXTERNALS_BAT);
    if (batText === undefined)
      throw new PysbomError(
        "INPUT_NOT_FOUND",
        `${GET_EXTERNALS_BAT}: no such file (needed for ${EXTERNALS_SBOM_PATH})`,
        {
          location: { file: GET_EXTERNALS_BAT },
        },
      );
    const versions = new Map<string, string>();
    const tags = new Map<string, string>();
    for (const e of parseGetExternals(batText)) {
      versions.set(e.name, e.version);
      tags.set(e.name, e.tag);
    }
    const extPackages = packagesOf(extData, EXTERNALS_SBOM_PATH);
    if (namesCheck(sink, extPackages, versions.keys(), EXTERNALS_SBOM_PATH, GET_EXTERNALS_BAT)) {
      for (const p of extPackages) {
        const name = pyStr(p.name);
        const version = versions.get(name)!;
        p.versionInfo = version;
        if (Array.isArray(p.externalRefs)) {
          for (const ref of p.externalRefs) {
            if (
              !isPyObject(ref) ||
              ref.referenceType !== "cpe23Type" ||
              typeof ref.referenceLocator !== "string"
            )
              continue;
            // The 5th CPE field is the version (CPython's regex, applied the same way).
            ref.referenceLocator = ref.referenceLocator.replace(
              /^(cpe(?::[^:]+){4}):[^:]+:/,
              (_m, head: string) => `${head}:${version}:`,
            );
          }
        }
        const location = `https://github.com/python/cpython-source-deps/archive/refs/tags/${tags.get(name)}.tar.gz`;
        const changed = location !== p.downloadLocation;
        p.downloadLocation = location;
        if (changed) delete p.checksums;
      }
    }
    const extCtx: CheckContext = { ...checkCtx, file: EXTERNALS_SBOM_PATH };
    for (const p of extPackages) await checkPackage(extCtx, p);
    const extText = dumpPyJson(extData);
    externals = {
      path: EXTERNALS_SBOM_PATH,
      before: ext.before,
      old: ext.data,
      data: extData,
      text: extText,
      changed: Buffer.compare(Buffer.from(extText, "utf8"), Buffer.from(ext.before)) !== 0,
    };
  }
  return { sbom, externals, files, packageToFiles: table, problems: sink.problems };
}
