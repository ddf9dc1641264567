// The CPython catalogers: a source release tarball (`cpython-release`, what python/release-tools publishes
// beside each download) and a source tree (`cpython-tree`). Both follow CPython's own SBOM tooling
// (../shared/docs/cpython-sbom.md) and fix its gaps.
import type { Cataloger, CatalogerOption } from "../types.js";
import { catalogRelease } from "./release.js";
import { SOURCE_SBOM_PATH } from "./source-sbom.js";
import { catalogTree, PATCHLEVEL_H } from "./tree.js";

export { describeDrift } from "./drift.js";
export { parseVendorTxt, pipPackages, pypiArtifact } from "./pip.js";
export { dumpPyJson, parsePyJson } from "./pyjson.js";
export { catalogRelease, parseReleaseName } from "./release.js";
export {
  containsVersionToken,
  regenerateSourceSboms,
  type SourceSbomOptions,
  type SourceSbomResult,
} from "./source-sbom.js";
export { catalogTree, parsePatchlevel } from "./tree.js";

/** Options both CPython catalogers add to `generate`: where PyPI metadata for pip comes from. */
const PYPI_OPTIONS: readonly CatalogerOption[] = [
  {
    flags: "--pypi-metadata <file>",
    description:
      'PyPI metadata for pip and its vendored projects from a JSON file mapping "name/version" to the PyPI JSON API response, instead of the network',
  },
  {
    flags: "--offline",
    description:
      "never use the network (PyPI download locations and hashes are then NOASSERTION, with a warning)",
  },
];

const RELEASE_NAME = /^Python-.+\.(tgz|tar\.xz|tar\.gz|tar\.bz2|tbz2?|txz|tar|zip)$/;

/** The `cpython-release` cataloger: a CPython source release tarball (Python-X.Y.Z.tgz / .tar.xz). */
export const cpythonReleaseCataloger: Cataloger = {
  type: "cpython-release",
  description:
    "a CPython release tarball (Python-X.Y.Z.tgz or .tar.xz), as python/release-tools builds its SBOM",
  options: PYPI_OPTIONS,
  detect: async (resolver, path) => {
    if (path === "") return false;
    const name = path.slice(path.lastIndexOf("/") + 1);
    if (!RELEASE_NAME.test(name)) return false;
    const e = await resolver.stat(path);
    return e?.kind === "file";
  },
  catalog: (ctx) =>
    catalogRelease({
      resolver: ctx.resolver,
      path: ctx.path,
      display: ctx.display,
      fetchJson: ctx.services.fetchJson,
      warn: ctx.warn,
      progress: (done) => ctx.progress({ phase: "reading archive", done }),
    }),
};

/** The `cpython-tree` cataloger: a CPython source tree (its Misc/sbom.spdx.json and the vendored code). */
export const cpythonTreeCataloger: Cataloger = {
  type: "cpython-tree",
  description: "a CPython source tree (Misc/sbom.spdx.json with the vendored packages)",
  options: PYPI_OPTIONS,
  detect: async (resolver, path) => {
    const at = (p: string): string => (path === "" ? p : `${path}/${p}`);
    const sbom = await resolver.stat(at(SOURCE_SBOM_PATH));
    if (sbom?.kind !== "file") return false;
    for (const marker of [PATCHLEVEL_H, "PCbuild/get_externals.bat", "Tools/build/generate_sbom.py"]) {
      const e = await resolver.stat(at(marker));
      if (e?.kind === "file") return true;
    }
    return false;
  },
  catalog: (ctx) => catalogTree(ctx),
};
