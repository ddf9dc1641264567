// The SBOM of a CPython source release tarball (Python-X.Y.Z.tgz / .tar.xz), as python/release-tools'
// sbom.py builds it (docs/cpython-sbom.md §6), read in one streaming pass: the CPython package (CPE, SHA-256
// of the artifact, PSF-2.0, and a purl CPython's own SBOM lacks), the vendored packages and files of
// Misc/sbom.spdx.json checked against the archive, pip and its vendored projects from the bundled wheel,
// every other regular file as a CPython file. Unlike release-tools, ids never collide and a vendored file
// shipped with CRLF line endings is recognised by the hash generate_sbom.py gave it.
import { createHash, hash } from "node:crypto";
import { cpe } from "../../core/cpe.js";
import { genericPurl } from "../../core/purl.js";
import { PysbomError } from "../../errors.js";
import {
  createFile,
  DOCUMENT_REF,
  type File,
  fileId,
  type Package,
  packageId,
  type Relationship,
  relate,
  verificationCode,
} from "../../model/index.js";
import type { Resolver } from "../../sources/resolver.js";
import { decompressedChunks, readTar, type TarCompression } from "../../sources/tar.js";
import { type CatalogResult, emptyResult } from "../types.js";
import { PSF, pipPackages } from "./pip.js";
import { parsePyJsonBytes, pyRepr } from "./pyjson.js";
import { type SourceFile, sourceSbomToModel } from "./source-model.js";
import { ReleaseIdAllocator } from "./spdx-id.js";

/** What a release tarball's name says (release-tools' rules). */
export interface ReleaseName {
  readonly compression: TarCompression;
  /** The full version, e.g. `3.13.0rc3`. */
  readonly version: string;
  /** Its leading `X.Y.Z`, the python.org download directory. */
  readonly baseVersion: string;
  /** `https://www.python.org/ftp/python/<X.Y.Z>/<file name>`. */
  readonly downloadLocation: string;
}

/**
 * Parses a release artifact name as release-tools does: `.tgz` (gzip) or `.tar.xz`, version from
 * `^Python-([0-9abrc.]+)\.t`. Other names are `CHECK_FAILED` with release-tools' message.
 * @example parseReleaseName("Python-3.13.0rc3.tgz").downloadLocation // "https://www.python.org/ftp/python/3.13.0/Python-3.13.0rc3.tgz"
 */
export function parseReleaseName(fileName: string): ReleaseName {
  let compression: TarCompression;
  if (fileName.endsWith(".tgz")) compression = "gzip";
  else if (fileName.endsWith(".tar.xz")) compression = "xz";
  else
    throw new PysbomError(
      "CHECK_FAILED",
      `Unknown tarball format: ${pyRepr(fileName)} (CPython source releases are .tgz or .tar.xz)`,
    );
  const m = /^Python-([0-9abrc.]+)\.t/.exec(fileName);
  if (!m)
    throw new PysbomError(
      "CHECK_FAILED",
      // release-tools quotes its pattern with repr(), hence the doubled backslash.
      `Invalid tarball_name=${pyRepr(fileName)}, expected '^Python-([0-9abrc.]+)\\\\.t' (a release version such as 3.13.0, 3.13.0a5 or 3.13.0rc3)`,
    );
  const version = m[1]!;
  const baseVersion = /^[0-9.]+/.exec(version)?.[0] ?? version;
  return {
    compression,
    version,
    baseVersion,
    downloadLocation: `https://www.python.org/ftp/python/${baseVersion}/${fileName}`,
  };
}

/** Digests of one archive member. */
interface MemberDigest {
  readonly path: string;
  readonly sha1: string;
  readonly sha256: string;
  /** Digests after CRLF→LF, for text members that contain CRLF (generate_sbom.py's view of the file). */
  readonly normalized?: { readonly sha1: string; readonly sha256: string } | undefined;
}

interface Scan {
  readonly artifactSha256: string;
  readonly members: MemberDigest[];
  readonly sbomBytes: Uint8Array | undefined;
  readonly wheel: { name: string; path: string; bytes: Uint8Array } | undefined;
  readonly outside: string | undefined;
  readonly skippedLinks: number;
}

/** Scans member data for what generate_sbom.py's CRLF rule needs: a NUL byte, a CRLF pair. */
function textFacts(parts: readonly Uint8Array[]): { hasNul: boolean; hasCrlf: boolean } {
  let hasNul = false;
  let hasCrlf = false;
  let prevCr = false;
  for (const p of parts) {
    const b = Buffer.from(p.buffer, p.byteOffset, p.byteLength);
    if (!hasNul && b.indexOf(0) >= 0) hasNul = true;
    if (!hasCrlf && ((prevCr && b[0] === 0x0a) || b.indexOf("\r\n") >= 0)) hasCrlf = true;
    if (b.length > 0) prevCr = b[b.length - 1] === 0x0d;
  }
  return { hasNul, hasCrlf };
}

/** CRLF→LF digests of a text member (generate_sbom.py's view of the file). */
function normalizedDigests(data: Buffer): { sha1: string; sha256: string } {
  const chunks: Buffer[] = [];
  let start = 0;
  for (let i = data.indexOf("\r\n"); i >= 0; i = data.indexOf("\r\n", i + 2)) {
    chunks.push(data.subarray(start, i));
    start = i + 1;
  }
  chunks.push(data.subarray(start));
  const text = Buffer.concat(chunks);
  return { sha1: hash("sha1", text, "hex"), sha256: hash("sha256", text, "hex") };
}

/** Members up to this size are held whole (for one-shot digests and the CRLF check). */
const MAX_BUFFERED_MEMBER_BYTES = 64 * 1024 * 1024;

/** Reads the tarball once: the artifact's SHA-256, every regular member's digests, the SBOM and the pip wheel. */
async function scanTarball(
  resolver: Resolver,
  path: string,
  display: string,
  name: ReleaseName,
  progress: (done: number) => void,
  maxBuffered: number,
): Promise<Scan> {
  const prefix = `Python-${name.version}/`;
  const sbomMember = `${prefix}Misc/sbom.spdx.json`;
  const wheelRe = new RegExp(
    `^Python-${name.version.replace(/\./g, "\\.")}/Lib/ensurepip/_bundled/(pip-.*\\.whl)$`,
    "s",
  );
  const artifact = createHash("sha256");
  async function* tapped(): AsyncIterable<Uint8Array> {
    for await (const c of resolver.stream(path)) {
      artifact.update(c);
      yield c;
    }
  }
  const members: MemberDigest[] = [];
  const names = new Set<string>();
  let sbomBytes: Uint8Array | undefined;
  let wheel: Scan["wheel"];
  let outside: string | undefined;
  let skippedLinks = 0;
  await readTar(
    decompressedChunks(tapped(), name.compression, display),
    (entry) => {
      if (entry.type === "directory") return undefined;
      if (entry.type !== "file") {
        skippedLinks++;
        return undefined;
      }
      if (!entry.name.startsWith(prefix)) {
        outside ??= entry.name;
        return undefined;
      }
      if (names.has(entry.name))
        throw new PysbomError(
          "CHECK_FAILED",
          `${display}: member ${pyRepr(entry.name)} appears more than once`,
        );
      names.add(entry.name);
      const path = entry.name.slice(prefix.length);
      if (entry.size > maxBuffered && entry.name !== sbomMember && !wheelRe.test(entry.name)) {
        // Big members are hashed as they stream by (nothing vendored or parsed is this large).
        const sha1 = createHash("sha1");
        const sha256 = createHash("sha256");
        return {
          data: (c) => {
            sha1.update(c);
            sha256.update(c);
          },
          end: () => {
            members.push({ path, sha1: sha1.digest("hex"), sha256: sha256.digest("hex") });
          },
        };
      }
      const parts: Uint8Array[] = [];
      return {
        data: (c) => parts.push(c),
        end: () => {
          const first = parts[0];
          const data =
            parts.length === 1 && first
              ? Buffer.from(first.buffer, first.byteOffset, first.byteLength)
              : Buffer.concat(parts);
          const { hasNul, hasCrlf } = textFacts([data]);
          // One-shot digests on this thread while inflation runs ahead on the thread pool.
          members.push({
            path,
            sha1: hash("sha1", data, "hex"),
            sha256: hash("sha256", data, "hex"),
            normalized: hasCrlf && !hasNul ? normalizedDigests(data) : undefined,
          });
          if (entry.name === sbomMember) sbomBytes = data;
          if (wheel === undefined) {
            const m = wheelRe.exec(entry.name);
            if (m) wheel = { name: m[1]!, path, bytes: data };
          }
          if (members.length % 500 === 0) progress(members.length);
        },
      };
    },
    { display },
  );
  return { artifactSha256: artifact.digest("hex"), members, sbomBytes, wheel, outside, skippedLinks };
}

/** Options of {@link catalogRelease}. */
export interface ReleaseOptions {
  readonly resolver: Resolver;
  /** The tarball, relative to the resolver root. */
  readonly path: string;
  /** The tarball as the user named it. */
  readonly display: string;
  readonly fetchJson?: ((url: string) => Promise<unknown>) | undefined;
  readonly warn: (message: string) => void;
  readonly progress?: ((done: number) => void) | undefined;
  /** Members larger than this are hashed as they stream instead of being held (default 64 MiB). */
  readonly maxBufferedMemberBytes?: number | undefined;
}

/**
 * Builds the release SBOM of a CPython source tarball. Everything release-tools rejects is rejected too,
 * with `CHECK_FAILED` and release-tools' message (exit 1), except the two cases it gets wrong (colliding
 * SPDX ids and CRLF vendored files), which succeed.
 * @example await catalogRelease({ resolver, path: "Python-3.13.0.tgz", display, fetchJson, warn })
 */
export async function catalogRelease(options: ReleaseOptions): Promise<CatalogResult> {
  const { resolver, path, display, warn } = options;
  const fileName = path.slice(path.lastIndexOf("/") + 1);
  const name = parseReleaseName(fileName);
  const scan = await scanTarball(
    resolver,
    path,
    display,
    name,
    options.progress ?? (() => {}),
    options.maxBufferedMemberBytes ?? MAX_BUFFERED_MEMBER_BYTES,
  );
  if (!scan.sbomBytes)
    throw new PysbomError("CHECK_FAILED", "Tarball doesn't contain an SBOM at 'Misc/sbom.spdx.json'", {
      location: { file: display },
    });
  const sbomPath = "Misc/sbom.spdx.json";
  const sourceJson = parsePyJsonBytes(scan.sbomBytes, `${display}: ${sbomPath}`);
  const idScope = `cpython-release:${display}`;
  const ids = new ReleaseIdAllocator();

  // release-tools removes pip and the packages pip DEPENDS_ON before describing pip from the wheel.
  const skip = pipIdsIn(sourceJson);
  const source = sourceSbomToModel(sourceJson, {
    sbomPath,
    origin: fileName,
    idScope,
    ids,
    packageDefaults: { supplier: PSF, filesAnalyzed: true },
    skipPackages: skip,
  });

  // The CPython package (create_cpython_sbom) and the DEPENDS_ON edges to the vendored packages.
  const cpythonSpdx = ids.allocate("SPDXRef-PACKAGE-cpython");
  const purl = genericPurl({
    name: "python",
    version: name.version,
    qualifiers: { download_url: name.downloadLocation },
  });
  const cpythonId = packageId({
    name: "CPython",
    version: name.version,
    purl,
    location: idScope,
    discriminator: cpythonSpdx,
  });
  const relationships: Relationship[] = [...source.relationships];
  for (const p of source.packages) relationships.push(relate(cpythonId, "DEPENDS_ON", p.id));

  if (!scan.wheel)
    throw new PysbomError("CHECK_FAILED", "Could not find pip wheel in 'Lib/ensurepip/_bundled/...'");
  const pip = await pipPackages({
    wheelName: scan.wheel.name,
    wheelBytes: scan.wheel.bytes,
    wheelPath: scan.wheel.path,
    origin: fileName,
    fetchJson: options.fetchJson,
    ids,
    cpythonId,
    idScope,
    warn,
  });
  relationships.push(...pip.relationships);

  if (scan.outside !== undefined)
    throw new PysbomError(
      "CHECK_FAILED",
      `${display}: member ${pyRepr(scan.outside)} is not under 'Python-${name.version}/' (a release tarball holds one top directory)`,
    );

  // Files: the source SBOM's are checked, every other regular member is a CPython file.
  const known = new Map<string, SourceFile>();
  for (const f of source.files) {
    if (f.sha256 === undefined)
      throw new PysbomError(
        "CHECK_FAILED",
        `Couldn't find expected SHA256 checksum in SBOM for file ${pyRepr(f.path)}`,
      );
    known.set(f.path, f);
  }
  const files: File[] = [];
  const replaced = new Map<string, File>();
  for (const m of scan.members) {
    const src = known.get(m.path);
    if (src) {
      known.delete(m.path);
      if (src.sha256 === m.sha256) continue;
      if (m.normalized && src.sha256 === m.normalized.sha256) {
        // generate_sbom.py hashed it with CRLF→LF; release-tools compares raw bytes and fails here.
        replaced.set(src.file.id, {
          ...src.file,
          comment:
            src.file.comment ??
            "checksums of the content with CRLF line endings normalised to LF, as CPython's Tools/build/generate_sbom.py computes them; the bytes in the archive have CRLF line endings",
        });
        continue;
      }
      throw new PysbomError(
        "CHECK_FAILED",
        `Mismatched checksum for file ${pyRepr(m.path)} (Misc/sbom.spdx.json says SHA256 ${src.sha256}, the archive has ${m.sha256})`,
      );
    }
    const spdxId = ids.allocate(`SPDXRef-FILE-${m.path}`);
    const id = fileId(m.path, `${idScope}#${spdxId}`);
    files.push(
      createFile({
        id,
        spdxId,
        path: m.path,
        checksums: [
          { algorithm: "SHA1", value: m.sha1 },
          { algorithm: "SHA256", value: m.sha256 },
        ],
      }),
    );
    relationships.push(relate(cpythonId, "CONTAINS", id));
  }
  if (known.size > 0)
    throw new PysbomError(
      "CHECK_FAILED",
      `Some files from source SBOM aren't accounted for in source tarball: [${[...known.keys()]
        .sort()
        .map(pyRepr)
        .join(", ")}]`,
    );
  relationships.push(relate(DOCUMENT_REF, "DESCRIBES", cpythonId));
  if (scan.skippedLinks > 0)
    warn(
      `${display}: ${scan.skippedLinks} symbolic link(s) or other non-file member(s) not listed (release-tools lists regular files only)`,
    );

  const allFiles = [...source.files.map((f) => replaced.get(f.file.id) ?? f.file), ...files];
  const cpython: Package = {
    id: cpythonId,
    spdxId: cpythonSpdx,
    name: "CPython",
    version: name.version,
    supplier: PSF,
    originator: PSF,
    fileName,
    downloadLocation: name.downloadLocation,
    checksums: [{ algorithm: "SHA256", value: scan.artifactSha256 }],
    licenseConcluded: "PSF-2.0",
    purl,
    cpes: [cpe({ part: "a", vendor: "python", product: "python", version: name.version })],
    purpose: "SOURCE",
    externalRefs: [],
    filesAnalyzed: true,
    sourceInfo: `acquired from ${fileName}`,
    properties: [{ name: "pysbom:location", value: fileName }],
  };
  const packages = withVerificationCodes(
    [...source.packages, cpython, ...pip.packages],
    allFiles,
    relationships,
  );
  // release-tools' namespace (OpenSSF naming): the artifact's download URL plus ".spdx.json".
  return {
    ...emptyResult("CPython SBOM"),
    namespace: `${name.downloadLocation}.spdx.json`,
    packages,
    files: allFiles,
    relationships,
  };
}

/** SPDX ids of pip and the packages pip DEPENDS_ON in a source SBOM (remove_pip_from_sbom). */
function pipIdsIn(doc: unknown): Set<string> {
  const out = new Set<string>(["SPDXRef-PACKAGE-pip"]);
  const rels = (doc as { relationships?: unknown } | null)?.relationships;
  if (!Array.isArray(rels)) return out;
  for (const r of rels) {
    const o = r as {
      relationshipType?: unknown;
      spdxElementId?: unknown;
      relatedSpdxElement?: unknown;
    } | null;
    if (
      o?.relationshipType === "DEPENDS_ON" &&
      o.spdxElementId === "SPDXRef-PACKAGE-pip" &&
      typeof o.relatedSpdxElement === "string"
    )
      out.add(o.relatedSpdxElement);
  }
  return out;
}

/** Every package gets the SPDX 2.3 §7.9 code of the files it CONTAINS (the SHA-1 of nothing when none). */
export function withVerificationCodes(
  packages: readonly Package[],
  files: readonly File[],
  relationships: readonly Relationship[],
): Package[] {
  const sha1 = new Map(files.map((f) => [f.id, f.checksums.find((c) => c.algorithm === "SHA1")?.value]));
  const owned = new Map<string, string[]>();
  for (const r of relationships) {
    if (r.type !== "CONTAINS") continue;
    const s = sha1.get(r.to);
    if (s === undefined) continue;
    const list = owned.get(r.from);
    if (list) list.push(s);
    else owned.set(r.from, [s]);
  }
  return packages.map((p) => ({
    ...p,
    filesAnalyzed: true,
    verificationCode: { value: verificationCode(owned.get(p.id) ?? []) },
  }));
}
