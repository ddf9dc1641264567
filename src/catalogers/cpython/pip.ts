// pip and its vendored projects, as release-tools' create_pip_sbom_from_wheel() describes them
// (docs/cpython-sbom.md §6.3): pip's version from the bundled wheel's name, its download URL and SHA-256
// from the PyPI JSON API (checked against the wheel), and one package per `name==version` line of
// pip/_vendor/vendor.txt with the URL and SHA-256 of its first wheel on PyPI.
import { createHash } from "node:crypto";
import { cpe } from "../../core/cpe.js";
import { pypiPurl } from "../../core/purl.js";
import { PysbomError } from "../../errors.js";
import {
  type Actor,
  createPackage,
  type Package,
  packageId,
  type Relationship,
  relate,
} from "../../model/index.js";
import { readZipMember } from "../../sources/zip-member.js";
import { compareCodePoints, pyRepr } from "./pyjson.js";
import type { ReleaseIdAllocator } from "./spdx-id.js";

/** The supplier release-tools writes on every package of a CPython artifact. */
export const PSF: Actor = { kind: "Organization", name: "Python Software Foundation" };
/** SHA-1 of nothing: the verification code of a package that contains no files. */
export const EMPTY_VERIFICATION_CODE = "da39a3ee5e6b4b0d3255bfef95601890afd80709";

/** Where pip's vendored projects are pinned inside the wheel. */
export const VENDOR_TXT = "pip/_vendor/vendor.txt";

/** A `name==version` pin of vendor.txt, name lowercased as release-tools does. */
export interface VendoredPin {
  readonly name: string;
  readonly version: string;
}

/**
 * Parses pip/_vendor/vendor.txt as release-tools does: `#` comments and surrounding whitespace dropped,
 * blank lines skipped, every other line must be `^([a-zA-Z0-9_.-]+)==([0-9.]*[0-9])$`.
 * @example parseVendorTxt("CacheControl==0.14.2  # comment\n") // [{ name: "cachecontrol", version: "0.14.2" }]
 */
export function parseVendorTxt(text: string): VendoredPin[] {
  const out: VendoredPin[] = [];
  // Python's str.splitlines() line boundaries.
  for (const raw of text.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/)) {
    const hash = raw.indexOf("#");
    const line = (hash < 0 ? raw : raw.slice(0, hash)).trim();
    if (line === "") continue;
    const m = /^([a-zA-Z0-9_.-]+)==([0-9.]*[0-9])$/.exec(line);
    if (!m) throw new PysbomError("CHECK_FAILED", `Unparseable line in vendor.txt: ${pyRepr(line)}`);
    out.push({ name: m[1]!.toLowerCase(), version: m[2]! });
  }
  return out;
}

/** A file chosen from a PyPI JSON API release response. */
export interface PypiArtifact {
  readonly url: string;
  readonly sha256: string;
}

/**
 * fetch_package_metadata_from_pypi(): the `urls[]` entry named `filename`, or (no filename) the first
 * `bdist_wheel`. Problems are `CHECK_FAILED` with release-tools' message; fetch errors keep their code.
 */
export async function pypiArtifact(
  fetchJson: (url: string) => Promise<unknown>,
  project: string,
  version: string,
  filename?: string,
): Promise<PypiArtifact> {
  const url = `https://pypi.org/pypi/${project}/${version}/json`;
  const prefix = `Couldn't fetch metadata for project '${project}' from PyPI`;
  let body: unknown;
  try {
    body = await fetchJson(url);
  } catch (e) {
    if (e instanceof PysbomError) throw new PysbomError(e.code, `${prefix}: ${e.message}`, { cause: e });
    throw e;
  }
  const urls = (body as { urls?: unknown } | null)?.urls;
  if (!Array.isArray(urls)) throw new PysbomError("CHECK_FAILED", `${prefix}: ${url} has no "urls" list`);
  const pick = urls.find((u) => {
    const o = u as { packagetype?: unknown; filename?: unknown } | null;
    return filename === undefined ? o?.packagetype === "bdist_wheel" : o?.filename === filename;
  }) as { url?: unknown; digests?: { sha256?: unknown } } | undefined;
  if (!pick)
    throw new PysbomError(
      "CHECK_FAILED",
      `${prefix}: No matching filename on PyPI for ${filename === undefined ? "None (no wheel)" : pyRepr(filename)}`,
    );
  const sha256 = pick.digests?.sha256;
  if (typeof pick.url !== "string" || typeof sha256 !== "string" || !/^[0-9a-fA-F]{64}$/.test(sha256))
    throw new PysbomError("CHECK_FAILED", `${prefix}: the chosen file has no url or SHA-256 digest`);
  return { url: pick.url, sha256: sha256.toLowerCase() };
}

/** Inputs of {@link pipPackages}. */
export interface PipInput {
  /** The wheel's file name, e.g. `pip-24.0-py3-none-any.whl`. */
  readonly wheelName: string;
  readonly wheelBytes: Uint8Array;
  /** The wheel's path relative to the target (for `sourceInfo` and `pysbom:location`). */
  readonly wheelPath: string;
  /** Where the wheel was found, for `sourceInfo` (e.g. the tarball name). */
  readonly origin: string;
  /** PyPI JSON API access; undefined offline (then URLs and vendored hashes are NOASSERTION). */
  readonly fetchJson?: ((url: string) => Promise<unknown>) | undefined;
  readonly ids: ReleaseIdAllocator;
  /** Model id of the CPython package (which DEPENDS_ON pip). */
  readonly cpythonId: string;
  /** Makes model ids unique per target. */
  readonly idScope: string;
  readonly warn: (message: string) => void;
}

/** pip, its vendored projects and their relationships. */
export interface PipOutput {
  /** Vendored projects in vendor.txt order, then pip (release-tools' order). */
  readonly packages: Package[];
  /** `pip DEPENDS_ON` each project (sorted by SPDX id), then `cpython DEPENDS_ON pip`. */
  readonly relationships: Relationship[];
  readonly version: string;
}

/**
 * Describes pip from its bundled wheel (release-tools' create_pip_sbom_from_wheel, plus PURLs).
 * @example await pipPackages({ wheelName, wheelBytes, wheelPath, origin, fetchJson, ids, cpythonId, idScope, warn })
 */
export async function pipPackages(input: PipInput): Promise<PipOutput> {
  const version = input.wheelName.split("-")[1] ?? "";
  const localSha256 = createHash("sha256").update(input.wheelBytes).digest("hex");
  const where = `${input.wheelPath} in ${input.origin}`;
  let pipUrl: string | undefined;
  if (input.fetchJson) {
    const art = await pypiArtifact(input.fetchJson, "pip", version, input.wheelName);
    if (art.sha256 !== localSha256)
      throw new PysbomError(
        "CHECK_FAILED",
        `pip wheel checksum doesn't match PyPI (${input.wheelName}: PyPI says ${art.sha256}, the bundled wheel is ${localSha256})`,
      );
    pipUrl = art.url;
  }
  const vendorBytes = await readZipMember(input.wheelBytes, VENDOR_TXT, {
    maxBytes: 1024 * 1024,
    display: input.wheelPath,
  });
  if (vendorBytes === undefined)
    throw new PysbomError("CHECK_FAILED", `${input.wheelPath} has no ${VENDOR_TXT}`);
  let vendorText: string;
  try {
    vendorText = new TextDecoder("utf-8", { fatal: true }).decode(vendorBytes);
  } catch (cause) {
    throw new PysbomError("CHECK_FAILED", `${input.wheelPath}: ${VENDOR_TXT} is not valid UTF-8`, { cause });
  }
  const pins = parseVendorTxt(vendorText);
  if (!input.fetchJson)
    input.warn(
      `PyPI metadata is not available (--offline without --pypi-metadata): the download locations of pip and its ${pins.length} vendored projects, and the projects' SHA-256, are NOASSERTION, and pip's wheel could not be checked against PyPI`,
    );

  const packages: Package[] = [];
  const depIds = new Map<string, string>();
  const seen = new Set<string>();
  for (const pin of pins) {
    if (seen.has(pin.name)) {
      input.warn(`${VENDOR_TXT} in ${input.wheelPath} pins ${pin.name} twice; the first pin is kept`);
      continue;
    }
    seen.add(pin.name);
    const art = input.fetchJson ? await pypiArtifact(input.fetchJson, pin.name, pin.version) : undefined;
    const spdxId = input.ids.allocate(`SPDXRef-PACKAGE-${pin.name}`);
    const purl = pypiPurl({ name: pin.name, version: pin.version });
    const id = packageId({
      name: pin.name,
      version: pin.version,
      purl,
      location: input.idScope,
      discriminator: spdxId,
    });
    depIds.set(spdxId, id);
    packages.push(
      createPackage({
        id,
        spdxId,
        name: pin.name,
        version: pin.version,
        supplier: PSF,
        downloadLocation: art?.url,
        checksums: art ? [{ algorithm: "SHA256", value: art.sha256 }] : [],
        purl,
        purpose: "SOURCE",
        filesAnalyzed: true,
        verificationCode: { value: EMPTY_VERIFICATION_CODE },
        sourceInfo: `acquired from ${VENDOR_TXT} in ${where}${art ? "; download location and SHA-256 of its first wheel on PyPI" : ""}`,
        properties: [{ name: "pysbom:location", value: input.wheelPath }],
      }),
    );
  }
  const pipSpdxId = input.ids.allocate("SPDXRef-PACKAGE-pip");
  const pipPurl = pypiPurl({ name: "pip", version });
  const pipId = packageId({
    name: "pip",
    version,
    purl: pipPurl,
    location: input.idScope,
    discriminator: pipSpdxId,
  });
  packages.push(
    createPackage({
      id: pipId,
      spdxId: pipSpdxId,
      name: "pip",
      version,
      supplier: PSF,
      originator: { kind: "Organization", name: "Python Packaging Authority" },
      downloadLocation: pipUrl,
      checksums: [{ algorithm: "SHA256", value: localSha256 }],
      purl: pipPurl,
      cpes: [cpe({ part: "a", vendor: "pypa", product: "pip", version })],
      purpose: "SOURCE",
      filesAnalyzed: true,
      verificationCode: { value: EMPTY_VERIFICATION_CODE },
      sourceInfo: `acquired from ${where}${pipUrl ? "; download location from PyPI" : ""}`,
      properties: [{ name: "pysbom:location", value: input.wheelPath }],
    }),
  );
  const relationships: Relationship[] = [...depIds.keys()]
    .sort(compareCodePoints)
    .map((spdx) => relate(pipId, "DEPENDS_ON", depIds.get(spdx)!));
  relationships.push(relate(input.cpythonId, "DEPENDS_ON", pipId));
  return { packages, relationships, version };
}
