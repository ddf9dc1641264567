// The format-neutral SBOM model (public surface).
export * from "./actor.js";
export * from "./build.js";
export * from "./finding.js";
export * from "./ids.js";
export * from "./scope.js";
export * from "./types.js";
export * from "./verification.js";
