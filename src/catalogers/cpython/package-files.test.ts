import { describe, expect, it } from "vitest";
import { PACKAGE_TO_FILES_2025, parsePackageToFiles } from "./package-files.js";

// A generate_sbom.py-shaped source (written for this test) with comments, trailing commas, None,
// positional arguments and both quote styles.
const SCRIPT = `
import typing

class PackageFiles(typing.NamedTuple):
    include: list[str] | None
    exclude: list[str] | None = None

# Add new values to 'exclude' when needed.
PACKAGE_TO_FILES = {
    # NOTE: a comment inside the table
    "mpdecimal": PackageFiles(
        include=["Modules/_decimal/libmpdec/**"]
    ),
    "expat": PackageFiles(
        include=['Modules/expat/**'],
        exclude=[
            "Modules/expat/expat_config.h",
        ]
    ),
    "libb2": PackageFiles(["Modules/_blake2/impl/**"], None),
    "hacl-star": PackageFiles(include=[r"Modules/_hacl/**"], exclude=None,),
}

def spdx_id(value: str) -> str:
    return value
`;

describe("parsePackageToFiles", () => {
  it("reads a plain table", () => {
    expect(parsePackageToFiles(SCRIPT)).toEqual({
      mpdecimal: { include: ["Modules/_decimal/libmpdec/**"], exclude: [] },
      expat: { include: ["Modules/expat/**"], exclude: ["Modules/expat/expat_config.h"] },
      libb2: { include: ["Modules/_blake2/impl/**"], exclude: [] },
      "hacl-star": { include: ["Modules/_hacl/**"], exclude: [] },
    });
  });

  it.each([
    ["no table", "X = 1\n"],
    ["a comprehension", "PACKAGE_TO_FILES = {k: PackageFiles([k]) for k in y}\n"],
    ["a call of something else", 'PACKAGE_TO_FILES = {"a": Other(include=["x"])}\n'],
    ["an unknown argument", 'PACKAGE_TO_FILES = {"a": PackageFiles(include=["x"], more=["y"])}\n'],
    ["an f-string", 'PACKAGE_TO_FILES = {"a": PackageFiles(include=[f"{x}/**"])}\n'],
    ["unterminated", 'PACKAGE_TO_FILES = {"a": PackageFiles(include=["x"]\n'],
    ["empty", "PACKAGE_TO_FILES = {}\n"],
  ])("undefined for %s", (_name, src) => {
    expect(parsePackageToFiles(src)).toBeUndefined();
  });

  it("the built-in 2025-05 table keeps CPython's typo (python_hacl_namespace.h, singular)", () => {
    expect(Object.keys(PACKAGE_TO_FILES_2025).sort()).toEqual([
      "expat",
      "hacl-star",
      "macholib",
      "mpdecimal",
    ]);
    expect(PACKAGE_TO_FILES_2025["hacl-star"]!.exclude).toContain("Modules/_hacl/python_hacl_namespace.h");
  });
});
