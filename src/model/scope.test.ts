import { describe, expect, it } from "vitest";
import { createDocument, createPackage, relate } from "./build.js";
import { deriveScopes } from "./scope.js";
import { DOCUMENT_REF } from "./types.js";

const p = (name: string) => createPackage({ name, id: name });

describe("deriveScopes", () => {
  it("takes the best scope over all paths, a path being as weak as its weakest edge", () => {
    const doc = createDocument({
      name: "x",
      packages: ["app", "lib", "dev", "opt", "both", "devdep", "orphan"].map(p),
      relationships: [
        relate(DOCUMENT_REF, "DESCRIBES", "app"),
        relate("app", "DEPENDS_ON", "lib"),
        relate("dev", "DEV_DEPENDENCY_OF", "app"),
        relate("opt", "OPTIONAL_DEPENDENCY_OF", "app"),
        relate("dev", "DEPENDS_ON", "devdep"),
        relate("dev", "DEPENDS_ON", "both"),
        relate("lib", "DEPENDS_ON", "both"),
      ],
    });
    expect(Object.fromEntries(deriveScopes(doc))).toEqual({
      app: "required",
      lib: "required",
      both: "required",
      opt: "optional",
      dev: "excluded",
      devdep: "excluded",
    });
  });

  it("says nothing when the graph has only runtime edges", () => {
    const doc = createDocument({
      name: "x",
      packages: ["a", "b"].map(p),
      relationships: [relate(DOCUMENT_REF, "DESCRIBES", "a"), relate("a", "DEPENDS_ON", "b")],
    });
    expect(deriveScopes(doc).size).toBe(0);
  });
});
