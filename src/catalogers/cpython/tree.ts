// The SBOM of a CPython source tree (what `pysbom generate <tree>` writes): the CPython package (version
// from Include/patchlevel.h), the vendored packages of Misc/sbom.spdx.json with their files listed and
// hashed as generate_sbom.py would today, pip and its vendored projects from the bundled wheel, and every
// other file that git would not ignore as a CPython file — the same shape as the release SBOM, so a tree
// and the tarball made from it can be compared. Problems become unknowns; nothing here fails the run.
import { createHash } from "node:crypto";
import { cpe } from "../../core/cpe.js";
import { genericPurl } from "../../core/purl.js";
import { isPysbomError } from "../../errors.js";
import {
  createFile,
  DOCUMENT_REF,
  type File,
  fileId,
  type Package,
  packageId,
  type Relationship,
  relate,
  type Unknown,
} from "../../model/index.js";
import { GitignoreMatcher } from "../../sources/gitignore.js";
import type { Resolver } from "../../sources/resolver.js";
import type { CatalogContext, CatalogResult } from "../types.js";
import { PSF, pipPackages } from "./pip.js";
import { isPyObject, type PyObject } from "./pyjson.js";
import { withVerificationCodes } from "./release.js";
import { sourceSbomToModel } from "./source-model.js";
import { regenerateSourceSboms, SOURCE_SBOM_PATH } from "./source-sbom.js";
import { ReleaseIdAllocator } from "./spdx-id.js";

/** Where a CPython tree states its version. */
export const PATCHLEVEL_H = "Include/patchlevel.h";

/**
 * The `PY_VERSION` string of Include/patchlevel.h, e.g. `3.14.0a1+`.
 * @example parsePatchlevel('#define PY_VERSION      "3.13.0"') // "3.13.0"
 */
export function parsePatchlevel(text: string): string | undefined {
  return /^#\s*define\s+PY_VERSION\s+"([^"]+)"/m.exec(text)?.[1];
}

/** A final or pre-release version (no `+` development marker): the only ones a CPE may name. */
function isReleaseVersion(v: string): boolean {
  return /^\d+\.\d+\.\d+((a|b|rc)\d+)?$/.test(v);
}

function join(root: string, rel: string): string {
  return root === "" ? rel : `${root}/${rel}`;
}

/** Every regular file git would not ignore (no `.git`, no symbolic links), root-relative, sorted walk. */
async function treeFiles(resolver: Resolver, root: string, matcher: GitignoreMatcher): Promise<string[]> {
  const out: string[] = [];
  const stack: string[] = [""];
  let entries = 0;
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const listed = await resolver.list(join(root, dir));
    const subdirs: string[] = [];
    for (const e of listed) {
      if (++entries > 5_000_000) break;
      const rel = root === "" ? e.path : e.path.slice(root.length + 1);
      const name = rel.slice(rel.lastIndexOf("/") + 1);
      if (e.link || e.kind === "symlink" || e.kind === "other") continue;
      if (e.kind === "directory") {
        if (name === ".git") continue;
        if (await matcher.isIgnored(rel, true)) continue;
        subdirs.push(rel);
      } else if (!(await matcher.isIgnored(rel, false))) out.push(rel);
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
  return out;
}

async function hashFiles(
  resolver: Resolver,
  paths: readonly string[],
  progress: (done: number) => void,
): Promise<{ sha1: string; sha256: string }[]> {
  const out = new Array<{ sha1: string; sha256: string }>(paths.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < paths.length; i = next++) {
      const sha1 = createHash("sha1");
      const sha256 = createHash("sha256");
      for await (const c of resolver.stream(paths[i]!)) {
        sha1.update(c);
        sha256.update(c);
      }
      out[i] = { sha1: sha1.digest("hex"), sha256: sha256.digest("hex") };
      if (++done % 250 === 0) progress(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(16, Math.max(1, paths.length)) }, worker));
  return out;
}

/** Keeps packages' CONTAINS relationships and files only where the package is in the document. */
function consistentFragment(data: PyObject): PyObject {
  const pkgIds = new Set<string>();
  for (const p of Array.isArray(data.packages) ? data.packages : [])
    if (isPyObject(p) && typeof p.SPDXID === "string") pkgIds.add(p.SPDXID);
  const rels = (Array.isArray(data.relationships) ? data.relationships : []).filter(
    (r) => isPyObject(r) && typeof r.spdxElementId === "string" && pkgIds.has(r.spdxElementId),
  );
  const wanted = new Map<string, number>();
  for (const r of rels) {
    const to = (r as PyObject).relatedSpdxElement as string;
    wanted.set(to, (wanted.get(to) ?? 0) + 1);
  }
  const files = (Array.isArray(data.files) ? data.files : []).filter((f) => {
    if (!isPyObject(f) || typeof f.SPDXID !== "string") return false;
    const n = wanted.get(f.SPDXID) ?? 0;
    if (n === 0) return false;
    wanted.set(f.SPDXID, n - 1);
    return true;
  });
  const out = Object.assign(Object.create(null), data) as PyObject;
  out.relationships = rels;
  out.files = files;
  return out;
}

/**
 * Catalogs a CPython source tree (the `cpython-tree` type of `pysbom generate`).
 * @example await catalogTree(ctx) // packages: CPython, expat, hacl-star, macholib, mpdecimal, (pip…)
 */
export async function catalogTree(ctx: CatalogContext): Promise<CatalogResult> {
  const { resolver, warn } = ctx;
  const root = ctx.path;
  const idScope = `cpython-tree:${ctx.display}`;
  const unknowns: Unknown[] = [];
  const unknown = (code: string, message: string, location?: string): void => {
    unknowns.push({ code, message, location });
    warn(`${location ? `${location}: ` : ""}${message}`);
  };
  const scoped: Resolver = root === "" ? resolver : prefixResolver(resolver, root);
  const matcher = new GitignoreMatcher(scoped);
  const ids = new ReleaseIdAllocator();

  // The version.
  let version: string | undefined;
  const patchlevel = await scoped.stat(PATCHLEVEL_H);
  if (patchlevel?.kind === "file") version = parsePatchlevel(await scoped.readText(PATCHLEVEL_H));
  if (version === undefined)
    unknown(
      "cpython/version",
      `no PY_VERSION found in ${PATCHLEVEL_H}: CPython's version is unknown`,
      PATCHLEVEL_H,
    );

  // Vendored packages and their files, as `pysbom cpython update` would write them.
  let vendoredPackages: Package[] = [];
  let vendoredFiles: File[] = [];
  let vendoredRels: Relationship[] = [];
  try {
    const regenerated = await regenerateSourceSboms({
      resolver: scoped,
      lenient: true,
      externals: false,
      ignored: async (entries) => {
        const out = new Set<string>();
        for (const e of entries) if (await matcher.isIgnored(e.path, e.isDir)) out.add(e.path);
        return out;
      },
      warn,
    });
    for (const p of regenerated.problems) unknown(p.code, p.message, p.location);
    if (regenerated.sbom.changed && regenerated.problems.length === 0)
      warn(
        `${SOURCE_SBOM_PATH} is not up to date with the tree (run "pysbom cpython update"); the tree's files are described`,
      );
    const model = sourceSbomToModel(consistentFragment(regenerated.sbom.data), {
      sbomPath: SOURCE_SBOM_PATH,
      origin: ctx.display,
      idScope,
      ids,
      packageDefaults: { supplier: PSF, filesAnalyzed: true },
      skipPackages: new Set(["SPDXRef-PACKAGE-pip"]),
    });
    vendoredPackages = model.packages;
    vendoredFiles = model.files.map((f) => f.file);
    vendoredRels = model.relationships;
  } catch (e) {
    if (!isPysbomError(e) || e.code === "INTERNAL") throw e;
    unknown("cpython/source-sbom", `${SOURCE_SBOM_PATH} could not be used: ${e.message}`, SOURCE_SBOM_PATH);
  }

  const purl = version === undefined ? undefined : genericPurl({ name: "python", version });
  const cpythonSpdx = ids.allocate("SPDXRef-PACKAGE-cpython");
  const cpythonId = packageId({
    name: "CPython",
    version,
    purl,
    location: idScope,
    discriminator: cpythonSpdx,
  });
  const relationships: Relationship[] = [relate(DOCUMENT_REF, "DESCRIBES", cpythonId), ...vendoredRels];
  for (const p of vendoredPackages) relationships.push(relate(cpythonId, "DEPENDS_ON", p.id));

  // Every other file.
  ctx.progress({ phase: "listing files", done: 0 });
  const vendoredPaths = new Set(vendoredFiles.map((f) => f.path));
  const others = (await treeFiles(scoped, "", matcher)).filter((p) => !vendoredPaths.has(p));
  ctx.progress({ phase: "hashing files", done: 0, total: others.length });
  const digests = await hashFiles(scoped, others, (done) =>
    ctx.progress({ phase: "hashing files", done, total: others.length }),
  );
  const files: File[] = [...vendoredFiles];
  others.forEach((path, i) => {
    const spdxId = ids.allocate(`SPDXRef-FILE-${path}`);
    const id = fileId(path, `${idScope}#${spdxId}`);
    files.push(
      createFile({
        id,
        spdxId,
        path,
        checksums: [
          { algorithm: "SHA1", value: digests[i]!.sha1 },
          { algorithm: "SHA256", value: digests[i]!.sha256 },
        ],
      }),
    );
    relationships.push(relate(cpythonId, "CONTAINS", id));
  });

  // pip from the bundled wheel, when there is one.
  const packages: Package[] = [...vendoredPackages];
  const wheels = others.filter((p) => /^Lib\/ensurepip\/_bundled\/pip-[^/]*\.whl$/.test(p));
  if (wheels.length > 0) {
    const wheelPath = wheels[0]!;
    try {
      const pip = await pipPackages({
        wheelName: wheelPath.slice(wheelPath.lastIndexOf("/") + 1),
        wheelBytes: await scoped.readBytes(wheelPath, { maxBytes: 256 * 1024 * 1024 }),
        wheelPath,
        origin: ctx.display,
        fetchJson: ctx.services.fetchJson,
        ids,
        cpythonId,
        idScope,
        warn,
      });
      packages.push(...pip.packages);
      relationships.push(...pip.relationships);
    } catch (e) {
      if (!isPysbomError(e) || e.code === "INTERNAL") throw e;
      unknown("cpython/pip", `pip could not be described: ${e.message}`, wheelPath);
    }
  }

  const cpython: Package = {
    id: cpythonId,
    spdxId: cpythonSpdx,
    name: "CPython",
    version,
    supplier: PSF,
    originator: PSF,
    licenseConcluded: "PSF-2.0",
    purl,
    cpes:
      version !== undefined && isReleaseVersion(version)
        ? [cpe({ part: "a", vendor: "python", product: "python", version })]
        : [],
    purpose: "SOURCE",
    checksums: [],
    externalRefs: [],
    filesAnalyzed: true,
    sourceInfo: version === undefined ? `acquired from ${ctx.display}` : `acquired from ${PATCHLEVEL_H}`,
    properties: [{ name: "pysbom:location", value: root }],
  };
  return {
    name: "CPython SBOM",
    packages: withVerificationCodes([cpython, ...packages], files, relationships),
    files,
    relationships,
    unknowns,
    extractedLicenses: [],
    findings: [],
  };
}

/** A view of `resolver` rooted at `prefix` (for targets that are a subdirectory of the resolver root). */
function prefixResolver(resolver: Resolver, prefix: string): Resolver {
  const p = (x: string): string => (x === "" ? prefix : `${prefix}/${x}`);
  const strip = <T extends { path: string }>(e: T): T => ({
    ...e,
    path: e.path === prefix ? "" : e.path.slice(prefix.length + 1),
  });
  return {
    root: `${resolver.root}/${prefix}`,
    list: async (dir) => (await resolver.list(p(dir ?? ""))).map(strip),
    stat: async (x) => {
      const e = await resolver.stat(p(x));
      return e && strip(e);
    },
    readBytes: (x, o) => resolver.readBytes(p(x), o),
    readText: (x, o) => resolver.readText(p(x), o),
    stream: (x) => resolver.stream(p(x)),
    walk: async function* (o) {
      for await (const e of resolver.walk({ ...o, from: p(o?.from ?? "") })) yield strip(e);
    },
  };
}
