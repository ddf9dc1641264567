// Content-derived identifiers: model ids, SPDX 2.3 ids (clause 6.3: `SPDXRef-[a-zA-Z0-9.-]+`), document
// namespaces and CycloneDX serial numbers. Nothing here is random, so the same input gives the same ids.
import { createHash } from "node:crypto";

/** Hex SHA-256 of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * A short stable hash of identity fields (JSON-encoded), 16 hex digits.
 * @example contentHash(["requests", "2.31.0"]) // "9c1d…" (always the same)
 */
export function contentHash(fields: readonly unknown[]): string {
  return sha256Hex(JSON.stringify(fields)).slice(0, 16);
}

/** Identity fields of a package: two packages that agree on all of them are the same package. */
export interface PackageIdentity {
  readonly name: string;
  readonly version?: string | undefined;
  readonly purl?: string | undefined;
  /** Where it was found (a path); keeps duplicate installs apart. */
  readonly location?: string | undefined;
  /** Anything else that distinguishes it (download location, a checksum…). */
  readonly discriminator?: string | undefined;
}

/**
 * The model id of a package, derived from its identity.
 * @example packageId({ name: "requests", version: "2.31.0", purl: "pkg:pypi/requests@2.31.0" }) // "package-…"
 */
export function packageId(identity: PackageIdentity): string {
  return `package-${contentHash([
    identity.name,
    identity.version ?? null,
    identity.purl ?? null,
    identity.location ?? null,
    identity.discriminator ?? null,
  ])}`;
}

/**
 * The model id of a file, derived from its path and (optionally) the package that owns it.
 * @example fileId("Lib/os.py") // "file-…"
 */
export function fileId(path: string, owner?: string): string {
  return `file-${contentHash([path, owner ?? null])}`;
}

const SPDX_ID_BODY = /^[a-zA-Z0-9.-]+$/;
const DISALLOWED_RUNS = /[^a-zA-Z0-9.-]+/g;

/**
 * Makes a string usable inside an SPDX id: each run of characters outside `[a-zA-Z0-9.-]` becomes one `-`
 * (the rule CPython's tooling uses, so ids agree with CPython's own documents).
 * @example spdxIdSafe("Lib/ctypes/macholib/__init__.py") // "Lib-ctypes-macholib-init-.py"
 */
export function spdxIdSafe(value: string): string {
  return value.replace(DISALLOWED_RUNS, "-");
}

/** True when `id` is a valid local SPDX 2.3 element id. */
export function isValidSpdxId(id: string): boolean {
  return id.startsWith("SPDXRef-") && id.length > 8 && SPDX_ID_BODY.test(id.slice(8));
}

/**
 * Hands out SPDX ids that never collide. A wanted id that is taken (or invalid) gets a deterministic
 * suffix: `-` plus 8 hex digits of the SHA-256 of the element's model id (longer if even that is taken).
 * Callers must offer elements in a deterministic order.
 */
export class SpdxIdAllocator {
  readonly #taken = new Set<string>(["SPDXRef-DOCUMENT"]);

  /** Reserve `wanted` (or a disambiguated variant) for the element with model id `key`. */
  allocate(wanted: string, key: string): string {
    let base = wanted;
    if (!isValidSpdxId(base)) base = `SPDXRef-${spdxIdSafe(base.replace(/^SPDXRef-/, "")) || "element"}`;
    if (!this.#taken.has(base)) {
      this.#taken.add(base);
      return base;
    }
    const digest = sha256Hex(key);
    for (let n = 8; n <= digest.length; n += 8) {
      const candidate = `${base}-${digest.slice(0, n)}`;
      if (!this.#taken.has(candidate)) {
        this.#taken.add(candidate);
        return candidate;
      }
    }
    for (let i = 2; ; i++) {
      const candidate = `${base}-${digest}-${i}`;
      if (!this.#taken.has(candidate)) {
        this.#taken.add(candidate);
        return candidate;
      }
    }
  }
}

/**
 * A name-based UUID (RFC 9562 version 5 layout) from a SHA-256 digest of `text`.
 * @example uuidFromContent("x") // "2d711642-b726-5b04-8f2c-…"
 */
export function uuidFromContent(text: string): string {
  const h = sha256Hex(text);
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
