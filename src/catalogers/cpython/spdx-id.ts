// SPDX ids the way CPython's tools make them (docs/cpython-sbom.md §5): each run of characters outside
// `[a-zA-Z0-9.-]` becomes one `-`; release-tools memoises ids and, on a collision, appends `-` and 8 hex
// digits of the SHA-256 of the whole input. pysbom also reserves the ids it takes over from a source SBOM,
// which release-tools forgets (so a tarball file could duplicate one).
import { sha256Hex, spdxIdSafe } from "../../model/index.js";

/**
 * `spdx_id()` of CPython's generate_sbom.py and release-tools' sbom.py.
 * @example cpythonSpdxId("SPDXRef-FILE-Lib/ctypes/macholib/__init__.py") // "SPDXRef-FILE-Lib-ctypes-macholib-init-.py"
 */
export function cpythonSpdxId(value: string): string {
  return spdxIdSafe(value);
}

/**
 * Collision-free SPDX ids, first come first served: a value whose id is already taken by a different value
 * gets `-<first 8 hex of sha256(value)>` (release-tools' suffix), longer if even that is taken.
 * @example
 * const ids = new ReleaseIdAllocator();
 * ids.allocate("SPDXRef-FILE-Lib/_foo.py") // "SPDXRef-FILE-Lib-foo.py"
 * ids.allocate("SPDXRef-FILE-Lib/foo.py")  // "SPDXRef-FILE-Lib-foo.py-4c4f2d8f"
 */
export class ReleaseIdAllocator {
  readonly #owner = new Map<string, string>();
  readonly #byValue = new Map<string, string>();

  /** True when `id` is already handed out. */
  has(id: string): boolean {
    return this.#owner.has(id);
  }

  /** Reserves an id exactly as given (an id from the source SBOM) for `value`; false if it is taken. */
  reserve(id: string, value: string): boolean {
    if (this.#owner.has(id)) return false;
    this.#owner.set(id, value);
    this.#byValue.set(value, id);
    return true;
  }

  /** The id for `value` (`spdx_id(value)`, suffixed when another value holds it). */
  allocate(value: string): string {
    const memo = this.#byValue.get(value);
    if (memo !== undefined) return memo;
    const base = cpythonSpdxId(value);
    let id = base;
    if (this.#owner.has(id)) {
      const digest = sha256Hex(value);
      let n = 8;
      id = `${base}-${digest.slice(0, n)}`;
      while (this.#owner.has(id) && n < digest.length) {
        n += 8;
        id = `${base}-${digest.slice(0, n)}`;
      }
      for (let i = 2; this.#owner.has(id); i++) id = `${base}-${digest}-${i}`;
    }
    this.#owner.set(id, value);
    this.#byValue.set(value, id);
    return id;
  }
}
