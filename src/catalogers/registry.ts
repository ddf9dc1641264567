// The catalogers `generate` knows, in detection order (most specific first).
import { cpythonReleaseCataloger, cpythonTreeCataloger } from "./cpython/index.js";
import { installedCataloger } from "./installed/index.js";
import { lockfileCataloger } from "./lockfiles/index.js";
import type { Cataloger } from "./types.js";

/** Every registered cataloger; detection tries them in this order. */
export const CATALOGERS: readonly Cataloger[] = [
  cpythonReleaseCataloger,
  cpythonTreeCataloger,
  installedCataloger,
  lockfileCataloger,
];

/** Looks a cataloger up by its `--type` name. */
export function catalogerFor(type: string): Cataloger | undefined {
  return CATALOGERS.find((c) => c.type === type);
}
