// Services the CLI injects into catalogers (network access and the like), built from command options.
import type { CatalogServices } from "../catalogers/types.js";
import type { Io } from "./io.js";

/** Builds the services for one run. */
export function makeServices(_options: Readonly<Record<string, unknown>>, _io: Io): CatalogServices {
  return {};
}
