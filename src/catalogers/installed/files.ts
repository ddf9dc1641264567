// Installed files against RECORD: `--files` lists every RECORD entry as an SPDX file with its digests
// (SHA-1 for the SPDX 2.3 clause 7.9 verification code, SHA-256) and `--verify` re-hashes each file
// against its recorded digest and size, then looks for files nobody recorded. One streaming pass per file,
// many files in flight (mapLimit). Findings are `verify/modified`, `verify/missing`, `verify/unrecorded`.
import { isPysbomError, PysbomError } from "../../errors.js";
import {
  type Checksum,
  type ChecksumAlgorithm,
  createFile,
  type File,
  type FileType,
  type Finding,
  type Relationship,
  relate,
  type Unknown,
  type VerificationCode,
  verificationCode,
} from "../../model/index.js";
import { type hashStream, mapLimit } from "../../sources/hash.js";
import { digestFile, type Entry, type Resolver } from "../../sources/resolver.js";
import type { InstalledDist, InstalledFile } from "./distribution.js";

/** Options of {@link checkFiles}. */
export interface CheckFilesOptions {
  /** List files in the SBOM (`--files`). */
  readonly files: boolean;
  /** Re-hash against RECORD and look for unrecorded files (`--verify`). */
  readonly verify: boolean;
  /** How to name the target in finding paths. */
  readonly display: string;
  /** Files hashed at once (default 8). */
  readonly concurrency?: number;
  readonly progress?: (done: number, total: number) => void;
}

/** One distribution to check, with its package id. */
export interface CheckedDist {
  readonly dist: InstalledDist;
  readonly packageId: string;
}

/** Result of {@link checkFiles}. */
export interface CheckFilesResult {
  readonly files: File[];
  readonly relationships: Relationship[];
  /** Verification code per package id (with `--files`). */
  readonly verificationCodes: Map<string, VerificationCode>;
  readonly findings: Finding[];
  readonly unknowns: Unknown[];
  /** Bytes hashed (for throughput reports). */
  readonly bytes: number;
}

// Signatures of RECORD are by definition not listed in it ("Recording installed projects").
const UNLISTED_BY_DESIGN = new Set(["RECORD.jws", "RECORD.p7s"]);
const BYTECODE = /(?:^|\/)__pycache__\/[^/]+\.pyc$/;
const baseName = (p: string): string => p.slice(p.lastIndexOf("/") + 1);

/** SPDX file type from a file name (clause 8.3). */
export function fileTypeOf(path: string): FileType {
  const name = baseName(path);
  const ext = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1).toLowerCase() : "";
  if (["py", "pyi", "pyx", "pxd", "c", "h", "cpp", "hpp", "rs", "js", "ts", "sh"].includes(ext))
    return "SOURCE";
  if (
    ["so", "pyd", "dll", "dylib", "exe", "pyc", "a", "lib", "o"].includes(ext) ||
    /\.so(\.\d+)+$/.test(name)
  )
    return "BINARY";
  if (["zip", "whl", "gz", "tgz", "bz2", "xz", "tar", "egg", "jar"].includes(ext)) return "ARCHIVE";
  if (["png", "jpg", "jpeg", "gif", "svg", "ico", "bmp", "webp"].includes(ext)) return "IMAGE";
  if (["md", "rst", "html", "htm"].includes(ext)) return "DOCUMENTATION";
  if (["txt", "json", "toml", "cfg", "ini", "yaml", "yml", "csv", "xml", "pem", "typed", ""].includes(ext))
    return "TEXT";
  return "OTHER";
}

interface Job {
  readonly owner: CheckedDist;
  readonly entry: InstalledFile;
  readonly path: string;
}

interface Outcome {
  readonly job: Job;
  readonly state: "ok" | "missing" | "modified" | "unreadable";
  readonly checksums: Checksum[];
  readonly reason?: string | undefined;
  readonly size: number;
}

const component = (d: InstalledDist): string => `${d.name}${d.version !== undefined ? ` ${d.version}` : ""}`;

/**
 * Hashes and/or verifies the installed files of `dists` against their RECORDs.
 * @example await checkFiles(resolver, [{ dist, packageId }], { files: false, verify: true, display: ".venv" })
 */
export async function checkFiles(
  resolver: Resolver,
  dists: readonly CheckedDist[],
  options: CheckFilesOptions,
): Promise<CheckFilesResult> {
  const result: CheckFilesResult = {
    files: [],
    relationships: [],
    verificationCodes: new Map(),
    findings: [],
    unknowns: [],
    bytes: 0,
  };
  if (!options.files && !options.verify) return result;
  const jobs: Job[] = [];
  for (const owner of dists) {
    const entries = owner.dist.files?.entries ?? [];
    let outside = 0;
    let example: string | undefined;
    const seen = new Set<string>();
    for (const entry of entries) {
      if (entry.resolved === undefined) {
        outside++;
        example ??= entry.path;
        continue;
      }
      if (seen.has(entry.resolved)) continue;
      seen.add(entry.resolved);
      // Byte code RECORD lists without a digest (pip compiles at install time and records none): nothing to
      // compare, and the interpreter rewrites or recreates it at will, so --verify alone skips it.
      if (!options.files && !entry.hash && BYTECODE.test(entry.resolved)) continue;
      jobs.push({ owner, entry, path: entry.resolved });
    }
    if (outside > 0)
      result.unknowns.push({
        location: owner.dist.files!.path,
        code: "env/files-outside-root",
        message: `${owner.dist.name}: ${outside} recorded file(s) lie outside the scanned directory (e.g. ${example}) and were not ${options.verify ? "checked" : "listed"}`,
      });
  }

  // Looking for unrecorded files needs no digest: it runs while the files are hashed.
  const unrecorded = options.verify
    ? findUnrecorded(resolver, dists, options, { findings: [], unknowns: [] })
    : undefined;
  const total = jobs.length;
  let done = 0;
  const outcomes = await mapLimit(jobs, options.concurrency ?? 8, async (job): Promise<Outcome> => {
    const o = await checkOne(resolver, job, options);
    done++;
    if (done % 256 === 0 || done === total) options.progress?.(done, total);
    return o;
  });

  const byOwner = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    (result as { bytes: number }).bytes += o.size;
    const list = byOwner.get(o.job.owner.packageId) ?? [];
    list.push(o);
    byOwner.set(o.job.owner.packageId, list);
    const where = `${options.display}/${o.job.path}`;
    const d = o.job.owner.dist;
    const hint = `reinstall it: pip install --force-reinstall --no-deps "${d.name}==${d.version ?? ""}"`;
    if (options.verify && o.state === "missing")
      result.findings.push({
        code: "verify/missing",
        severity: "error",
        path: where,
        message: `listed in ${o.job.owner.dist.files!.path} but not installed`,
        component: component(d),
        hint,
      });
    else if (options.verify && o.state === "modified")
      result.findings.push({
        code: "verify/modified",
        severity: "error",
        path: where,
        message: o.reason ?? "differs from RECORD",
        component: component(d),
        hint,
      });
    else if (o.state === "unreadable")
      result.unknowns.push({
        location: o.job.path,
        code: "env/unreadable",
        message: o.reason ?? "cannot read",
      });
  }

  if (options.files) {
    for (const { packageId } of dists) {
      const list = byOwner.get(packageId) ?? [];
      if (list.length === 0) continue;
      const sha1s: string[] = [];
      const excluded: string[] = [];
      for (const o of list) {
        const recorded = o.job.entry.hash;
        let checksums = o.checksums;
        let comment: string | undefined;
        if (o.state === "missing") {
          if (!recorded) continue;
          checksums = [{ algorithm: recorded.algorithm, value: recorded.hex }];
          comment = "listed in RECORD but not installed; digest from RECORD";
        } else if (o.state === "modified") comment = `differs from RECORD: ${o.reason}`;
        if (checksums.length === 0) continue;
        const sha1 = checksums.find((c) => c.algorithm === "SHA1")?.value;
        if (sha1) sha1s.push(sha1);
        else excluded.push(o.job.path);
        const file = createFile({
          path: o.job.path,
          checksums,
          fileTypes: [fileTypeOf(o.job.path)],
          comment,
          owner: packageId,
        });
        result.files.push(file);
        result.relationships.push(relate(packageId, "CONTAINS", file.id));
      }
      result.verificationCodes.set(packageId, {
        value: verificationCode(sha1s),
        ...(excluded.length > 0 ? { excludedFiles: excluded.sort() } : {}),
      });
    }
  }

  if (unrecorded) {
    const found = await unrecorded;
    result.findings.push(...found.findings);
    result.unknowns.push(...found.unknowns);
  }
  return result;
}

function digest(
  resolver: Resolver,
  path: string,
  algorithms: readonly ChecksumAlgorithm[],
): Promise<{ checksums: Checksum[]; size: number }> {
  return digestFile(resolver, path, algorithms);
}

async function classifyMissing(resolver: Resolver, job: Job): Promise<Outcome> {
  // Absent, or a link the resolver refuses to follow (out of the root, dangling, a loop), or not a file.
  const stat = await resolver.stat(job.path);
  if (stat !== undefined && stat.kind !== "file")
    return {
      job,
      state: "modified",
      checksums: [],
      reason: `a ${stat.kind} where RECORD lists a file`,
      size: 0,
    };
  const parent = job.path.includes("/") ? job.path.slice(0, job.path.lastIndexOf("/")) : "";
  const listed = (await resolver.list(parent)).find((e) => e.path === job.path);
  if (listed?.kind === "symlink" && listed.unfollowed !== "dangling")
    return {
      job,
      state: "modified",
      checksums: [],
      reason: `a symbolic link (${listed.unfollowed}) where RECORD lists a file; not followed`,
      size: 0,
    };
  return { job, state: "missing", checksums: [], size: 0 };
}

async function checkOne(resolver: Resolver, job: Job, options: CheckFilesOptions): Promise<Outcome> {
  const recorded = job.entry.hash;
  const algorithms: ChecksumAlgorithm[] = options.files ? ["SHA1", "SHA256"] : [];
  if (options.verify && recorded && !algorithms.includes(recorded.algorithm))
    algorithms.push(recorded.algorithm);
  if (algorithms.length === 0) {
    // Nothing to hash (a RECORD row without a digest, --verify only): check that it is there.
    const stat = await resolver.stat(job.path);
    if (stat?.kind === "file") {
      const size = job.entry.size;
      if (size !== undefined && size !== stat.size)
        return {
          job,
          state: "modified",
          checksums: [],
          reason: `size ${stat.size}, RECORD says ${size}`,
          size: 0,
        };
      return { job, state: "ok", checksums: [], size: 0 };
    }
    return classifyMissing(resolver, job);
  }
  let hashed: Awaited<ReturnType<typeof hashStream>>;
  try {
    hashed = await digest(resolver, job.path, algorithms);
  } catch (e) {
    if (isPysbomError(e, "INPUT_NOT_FOUND", "INPUT_UNREADABLE")) return classifyMissing(resolver, job);
    return { job, state: "unreadable", checksums: [], reason: (e as Error).message, size: 0 };
  }
  const keep = options.files
    ? hashed.checksums.filter((c) => c.algorithm === "SHA1" || c.algorithm === "SHA256")
    : [];
  const problems: string[] = [];
  const size = job.entry.size;
  if (size !== undefined && size !== hashed.size) problems.push(`size ${hashed.size}, RECORD says ${size}`);
  if (recorded) {
    const actual = hashed.checksums.find((c) => c.algorithm === recorded.algorithm)?.value;
    if (actual !== undefined && actual !== recorded.hex)
      problems.push(`${recorded.algorithm} ${actual}, RECORD says ${recorded.hex}`);
  }
  if (problems.length > 0)
    return { job, state: "modified", checksums: keep, reason: problems.join("; "), size: hashed.size };
  return { job, state: "ok", checksums: keep, size: hashed.size };
}

const MAX_TREE_ENTRIES = 5_000_000;
const MAX_TREE_DEPTH = 64;

/**
 * Every entry below `from` (not `from` itself), sorted by path. Directories of one level are listed
 * concurrently (the Resolver's own walk lists one at a time); linked directories are reported, never
 * entered (pip installs no links, and not entering them makes loops impossible); `__pycache__` is skipped.
 */
async function listTree(resolver: Resolver, from: string): Promise<Entry[]> {
  const out: Entry[] = [];
  let level = [from];
  for (let depth = 0; level.length > 0 && depth < MAX_TREE_DEPTH; depth++) {
    const listings = await mapLimit(level, 16, (dir) => resolver.list(dir));
    const next: string[] = [];
    for (const entries of listings)
      for (const e of entries) {
        out.push(e);
        if (e.kind === "directory" && !e.link && baseName(e.path) !== "__pycache__") next.push(e.path);
      }
    if (out.length > MAX_TREE_ENTRIES)
      throw new PysbomError("LIMIT_EXCEEDED", `${from}: more than ${MAX_TREE_ENTRIES} entries; giving up`);
    level = next;
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Files in directories that distributions installed into but that no RECORD lists. Compiled files in
 * `__pycache__` are skipped (the interpreter writes them at run time), and so are RECORD signatures.
 * Top-level files of a site directory are checked only when every distribution there has a file list.
 */
async function findUnrecorded(
  resolver: Resolver,
  dists: readonly CheckedDist[],
  options: CheckFilesOptions,
  result: { findings: Finding[]; unknowns: Unknown[] },
): Promise<{ findings: Finding[]; unknowns: Unknown[] }> {
  const covered = new Set<string>();
  const owners = new Map<string, Set<string>>();
  const sites = new Map<string, { complete: boolean }>();
  for (const { dist } of dists) {
    const site = sites.get(dist.siteDir) ?? { complete: true };
    sites.set(dist.siteDir, site);
    if (!dist.files) {
      site.complete = false;
      continue;
    }
    covered.add(dist.files.path);
    for (const e of dist.files.entries) {
      if (!e.resolved) continue;
      covered.add(e.resolved);
      const prefix = dist.siteDir === "" ? "" : `${dist.siteDir}/`;
      if (!e.resolved.startsWith(prefix)) continue;
      const rest = e.resolved.slice(prefix.length);
      const slash = rest.indexOf("/");
      if (slash === -1) continue;
      const top = prefix + rest.slice(0, slash);
      const set = owners.get(top) ?? new Set<string>();
      set.add(component(dist));
      owners.set(top, set);
    }
  }
  const report = (path: string, owner: string | undefined, what: string) =>
    result.findings.push({
      code: "verify/unrecorded",
      severity: "error",
      path: `${options.display}/${path}`,
      message: what,
      ...(owner ? { component: owner } : {}),
      hint: "remove it if nothing you installed put it there",
    });
  const tops = [...owners.keys()].sort();
  const trees = await mapLimit(tops, 4, (top) => listTree(resolver, top));
  tops.forEach((top, i) => {
    const owner = [...owners.get(top)!].sort().join(", ");
    for (const e of trees[i]!) {
      if (
        (e.kind === "directory" && !e.link) ||
        covered.has(e.path) ||
        UNLISTED_BY_DESIGN.has(baseName(e.path))
      )
        continue;
      if (e.kind === "symlink") report(e.path, owner, `a symbolic link (${e.unfollowed}) no RECORD lists`);
      else if (e.link)
        report(e.path, owner, `a symbolic link to a ${e.kind} inside the root that no RECORD lists`);
      else report(e.path, owner, `in a directory ${owner} installed into, but listed in no RECORD`);
    }
  });
  for (const [site, { complete }] of [...sites].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (!complete) {
      result.unknowns.push({
        location: site,
        code: "verify/incomplete",
        message:
          "some distributions here have no RECORD or installed-files.txt: top-level files nobody recorded were not reported",
      });
      continue;
    }
    for (const e of await resolver.list(site)) {
      if (e.kind === "directory" || covered.has(e.path)) continue;
      // The interpreter's own marker file, not from any distribution.
      if (baseName(e.path) === "README.txt" || baseName(e.path) === "README") continue;
      if (e.kind === "symlink")
        report(e.path, undefined, `a symbolic link (${e.unfollowed}) no RECORD lists`);
      else
        report(
          e.path,
          undefined,
          baseName(e.path).endsWith(".pth")
            ? "a .pth file (run by the interpreter at every start) that no RECORD lists"
            : "in the site directory, but listed in no RECORD",
        );
    }
  }
  return result;
}
