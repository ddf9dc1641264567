// Placeholder until the env cataloger lands: it detects nothing.
import { PysbomError } from "../../errors.js";
import type { Cataloger } from "../types.js";

/** The `env` cataloger: installed Python environments (virtualenv, prefix, site-packages), read statically. */
export const installedCataloger: Cataloger = {
  type: "env",
  description: "installed Python environments (virtualenv, prefix, site-packages), read statically",
  options: [],
  detect: async () => false,
  catalog: async () => {
    throw new PysbomError("UNSUPPORTED_FORMAT", "the env cataloger is not implemented yet");
  },
};
