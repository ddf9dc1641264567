import { describe, expect, it } from "vitest";
import { createDocument, createPackage, DOCUMENT_REF, relate } from "../model/index.js";
import { formatTable, renderPackageTable } from "./table.js";

describe("package table", () => {
  const app = createPackage({
    id: "app",
    name: "app",
    version: "1.0",
    purpose: "APPLICATION",
    purl: "pkg:pypi/app@1.0",
  });
  const lib = createPackage({
    id: "lib",
    name: "lib",
    version: "2.0",
    purpose: "LIBRARY",
    licenseDeclared: "MIT",
  });
  const dev = createPackage({ id: "dev", name: "dev", version: "3.0", purpose: "LIBRARY" });

  it("lists packages sorted by name, without SCOPE when the graph has only runtime edges", () => {
    const doc = createDocument({
      name: "x",
      packages: [lib, app],
      relationships: [relate(DOCUMENT_REF, "DESCRIBES", "app"), relate("app", "DEPENDS_ON", "lib")],
    });
    expect(renderPackageTable(doc)).toBe(
      "NAME  VERSION  TYPE         LICENSE  PURL\napp   1.0      application           pkg:pypi/app@1.0\nlib   2.0      library      MIT\n",
    );
  });

  it("adds SCOPE when there are dev or optional dependencies, and counts unknowns", () => {
    const doc = createDocument({
      name: "x",
      packages: [app, lib, dev],
      relationships: [
        relate(DOCUMENT_REF, "DESCRIBES", "app"),
        relate("app", "DEPENDS_ON", "lib"),
        relate("dev", "DEV_DEPENDENCY_OF", "app"),
      ],
      unknowns: [{ code: "lock/unpinned", message: "flask>=2" }],
    });
    const out = renderPackageTable(doc);
    expect(out.split("\n")[0]).toBe("NAME  VERSION  TYPE         SCOPE     LICENSE  PURL");
    expect(out).toMatch(/^dev {3}3\.0 {6}library {6}excluded$/m);
    expect(out).toMatch(/1 unknown\(s\)/);
  });

  it("aligns columns and trims trailing spaces", () => {
    expect(
      formatTable(
        ["A", "B"],
        [
          ["long", ""],
          ["x", "y"],
        ],
      ),
    ).toBe("A     B\nlong\nx     y\n");
  });
});
