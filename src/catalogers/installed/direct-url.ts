// PEP 610 `direct_url.json` ("Recording the Direct URL Origin of installed distributions"): where a
// distribution installed from a URL (VCS, archive, local directory) came from, turned into purl
// qualifiers and an SPDX download location. Pure.
import type { Checksum, ChecksumAlgorithm } from "../../model/index.js";
import { HASHLIB_ALGORITHMS } from "./record.js";

/** What direct_url.json says, validated. */
export interface DirectUrl {
  readonly kind: "vcs" | "archive" | "dir";
  /** The URL with any password removed (PEP 610: credentials should not be recorded). */
  readonly url: string;
  readonly subdirectory?: string | undefined;
  /** vcs: the tool (`git`, `hg`, `bzr`, `svn`) and the exact commit. */
  readonly vcs?: string | undefined;
  readonly commitId?: string | undefined;
  readonly requestedRevision?: string | undefined;
  /** archive: digests of the archive. */
  readonly hashes: readonly Checksum[];
  /** dir: installed in editable mode. */
  readonly editable: boolean;
}

/** The result of {@link parseDirectUrl}: the value, or why it could not be read. */
export type DirectUrlResult =
  | { readonly ok: true; readonly value: DirectUrl }
  | { ok: false; message: string };

// PEP 610 hashes use hashlib names, like RECORD.
const HASH_NAMES = HASHLIB_ALGORITHMS;

/**
 * Removes a password from a URL's user info; a user name alone (`git@`) and `${VAR}` placeholders stay,
 * as PEP 610 allows them.
 * @example redactUrl("https://user:s3cret@host/x") // "https://user@host/x"
 */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*)@/i, (all, scheme: string, info: string) => {
    const colon = info.indexOf(":");
    if (colon === -1) return all;
    const password = info.slice(colon + 1);
    if (/^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(password)) return all;
    return `${scheme}${info.slice(0, colon)}@`;
  });
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Parses and checks direct_url.json text: exactly one of `vcs_info`, `archive_info`, `dir_info`, and a
 * string `url`.
 * @example parseDirectUrl('{"url":"https://github.com/pypa/pip","vcs_info":{"vcs":"git","commit_id":"abc"}}')
 */
export function parseDirectUrl(text: string): DirectUrlResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not JSON (${(e as Error).message})` };
  }
  if (!isObject(value)) return { ok: false, message: "not a JSON object" };
  if (typeof value.url !== "string" || value.url === "") return { ok: false, message: 'no "url" string' };
  const infos = (["vcs_info", "archive_info", "dir_info"] as const).filter((k) => k in value);
  if (infos.length !== 1)
    return { ok: false, message: "exactly one of vcs_info, archive_info, dir_info is required" };
  const subdirectory = typeof value.subdirectory === "string" ? value.subdirectory : undefined;
  const url = redactUrl(value.url);
  const info = value[infos[0]!];
  if (!isObject(info)) return { ok: false, message: `${infos[0]} is not an object` };
  if (infos[0] === "vcs_info") {
    if (typeof info.vcs !== "string" || typeof info.commit_id !== "string")
      return { ok: false, message: "vcs_info needs string vcs and commit_id" };
    return {
      ok: true,
      value: {
        kind: "vcs",
        url,
        subdirectory,
        vcs: info.vcs,
        commitId: info.commit_id,
        requestedRevision: typeof info.requested_revision === "string" ? info.requested_revision : undefined,
        hashes: [],
        editable: false,
      },
    };
  }
  if (infos[0] === "archive_info") {
    const hashes = new Map<ChecksumAlgorithm, string>();
    if (isObject(info.hashes))
      for (const [k, v] of Object.entries(info.hashes)) {
        const alg = HASH_NAMES[k.toLowerCase()];
        if (alg && typeof v === "string" && /^[0-9a-fA-F]+$/.test(v)) hashes.set(alg, v.toLowerCase());
      }
    // The deprecated single `hash` ("sha256=hex") is used only when `hashes` does not give that digest.
    if (typeof info.hash === "string") {
      const m = /^([A-Za-z0-9_]+)=([0-9a-fA-F]+)$/.exec(info.hash);
      const alg = m ? HASH_NAMES[m[1]!.toLowerCase()] : undefined;
      if (alg && !hashes.has(alg)) hashes.set(alg, m![2]!.toLowerCase());
    }
    return {
      ok: true,
      value: {
        kind: "archive",
        url,
        subdirectory,
        hashes: [...hashes].map(([algorithm, value]) => ({ algorithm, value })),
        editable: false,
      },
    };
  }
  return {
    ok: true,
    value: { kind: "dir", url, subdirectory, hashes: [], editable: info.editable === true },
  };
}

/** The last path segment of a URL (the archive's file name), percent-decoded, or undefined. */
export function urlFileName(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const seg = path.slice(path.lastIndexOf("/") + 1);
  if (seg === "") return undefined;
  try {
    return decodeURIComponent(seg);
  } catch {
    return seg;
  }
}

const isLocal = (url: string): boolean => /^file:/i.test(url);

/**
 * Purl qualifiers for a direct URL: `vcs_url` (`git+https://…@commit`) for VCS installs; `download_url`
 * (remote URLs only) and `file_name` for archives; none for local directories.
 * @example directUrlQualifiers({ kind: "vcs", url: "https://github.com/a/b", vcs: "git", commitId: "abc", hashes: [], editable: false })
 * // { vcs_url: "git+https://github.com/a/b@abc" }
 */
export function directUrlQualifiers(d: DirectUrl): {
  vcs_url?: string;
  download_url?: string;
  file_name?: string;
} {
  if (d.kind === "vcs") return { vcs_url: vcsLocator(d, false) };
  if (d.kind === "archive") {
    const fileName = urlFileName(d.url);
    return {
      ...(isLocal(d.url) ? {} : { download_url: d.url }),
      ...(fileName !== undefined ? { file_name: fileName } : {}),
    };
  }
  return {};
}

// `vcs+url@commit` (pip's and SPDX's VCS locator), with `#subdirectory` for SPDX.
function vcsLocator(d: DirectUrl, withSubdirectory: boolean): string {
  const base = d.url.startsWith(`${d.vcs}+`) ? d.url : `${d.vcs}+${d.url}`;
  const sub = withSubdirectory && d.subdirectory ? `#${d.subdirectory}` : "";
  return `${base}@${d.commitId}${sub}`;
}

/**
 * The SPDX download location (clause 7.7) for a direct URL: the VCS locator for VCS installs, the URL of
 * a remote archive; undefined (NOASSERTION) for local files and directories.
 */
export function directUrlDownloadLocation(d: DirectUrl): string | undefined {
  if (d.kind === "vcs") return vcsLocator(d, true);
  if (d.kind === "archive" && !isLocal(d.url)) return d.url;
  return undefined;
}

/** A `file:` URL as a local path (`file:///home/x` → `/home/x`), or undefined. */
export function fileUrlPath(url: string): string | undefined {
  if (!isLocal(url)) return undefined;
  try {
    const u = new URL(url);
    if (u.host !== "" && u.host !== "localhost") return undefined;
    return decodeURIComponent(u.pathname);
  } catch {
    return undefined;
  }
}
