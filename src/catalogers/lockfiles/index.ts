// Placeholder until the lock cataloger lands: it detects nothing.
import { PysbomError } from "../../errors.js";
import type { Cataloger } from "../types.js";

/** The `lock` cataloger: lockfiles and manifests (requirements, pyproject, poetry, uv, Pipfile, pdm, pylock). */
export const lockfileCataloger: Cataloger = {
  type: "lock",
  description: "lockfiles and manifests (requirements, pyproject, poetry, uv, Pipfile, pdm, pylock)",
  options: [],
  detect: async () => false,
  catalog: async () => {
    throw new PysbomError("UNSUPPORTED_FORMAT", "the lock cataloger is not implemented yet");
  },
};
