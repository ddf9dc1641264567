// Placeholder until the CPython catalogers land: they detect nothing.
import { PysbomError } from "../../errors.js";
import type { Cataloger } from "../types.js";

/** The `cpython-release` cataloger: a CPython source release tarball (Python-X.Y.Z.tgz / .tar.xz). */
export const cpythonReleaseCataloger: Cataloger = {
  type: "cpython-release",
  description:
    "a CPython release tarball (Python-X.Y.Z.tgz or .tar.xz), as python/release-tools builds its SBOM",
  options: [],
  detect: async () => false,
  catalog: async () => {
    throw new PysbomError("UNSUPPORTED_FORMAT", "the cpython-release cataloger is not implemented yet");
  },
};

/** The `cpython-tree` cataloger: a CPython source tree (its Misc/sbom.spdx.json and the vendored code). */
export const cpythonTreeCataloger: Cataloger = {
  type: "cpython-tree",
  description: "a CPython source tree (Misc/sbom.spdx.json with the vendored packages)",
  options: [],
  detect: async () => false,
  catalog: async () => {
    throw new PysbomError("UNSUPPORTED_FORMAT", "the cpython-tree cataloger is not implemented yet");
  },
};
