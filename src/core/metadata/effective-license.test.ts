import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { NormalizedLicenseExpression } from "../license/expression.js";
import { type EffectiveLicense, effectiveLicense } from "./effective-license.js";
import { parseMetadata } from "./validate.js";

const MIT = "License :: OSI Approved :: MIT License";
const BSD = "License :: OSI Approved :: BSD License";
const APACHE = "License :: OSI Approved :: Apache Software License";
const expr = (s: string) => s as NormalizedLicenseExpression;

// [what, License-Expression (validated), classifiers, License field, result]
const TABLE: readonly [
  string,
  string | undefined,
  string[],
  string | undefined,
  EffectiveLicense | undefined,
][] = [
  [
    "License-Expression wins over everything",
    "Apache-2.0",
    [MIT],
    "GPL",
    { expression: "Apache-2.0", source: "license-expression" },
  ],
  [
    "one mapped classifier beats the License field",
    undefined,
    [MIT],
    "Apache 2",
    { expression: "MIT", source: "classifier" },
  ],
  [
    "an SPDX License field is an expression",
    undefined,
    [],
    "apache-2.0",
    { expression: "Apache-2.0", source: "license-field" },
  ],
  [
    "an SPDX License field beside an ambiguous classifier",
    undefined,
    [BSD],
    "BSD-3-Clause",
    { expression: "BSD-3-Clause", source: "license-field" },
  ],
  ["free-text License field is a name", undefined, [BSD], "BSD", { name: "BSD", source: "license-field" }],
  [
    "a full license text gives its first line as the name",
    undefined,
    [],
    "BSD 3-Clause License\n\nCopyright (c) 2001",
    { name: "BSD 3-Clause License", source: "license-field" },
  ],
  [
    "two classifiers are not combined; License field used",
    undefined,
    [MIT, APACHE],
    "MIT OR Apache-2.0",
    { expression: "MIT OR Apache-2.0", source: "license-field" },
  ],
  [
    "unmapped classifiers alone give their names",
    undefined,
    [BSD, APACHE],
    undefined,
    { name: "BSD License, Apache Software License", source: "classifier" },
  ],
  ["UNKNOWN License field is nothing", undefined, [], "UNKNOWN", undefined],
  ["nothing at all", undefined, [], undefined, undefined],
];

describe("effectiveLicense", () => {
  it.each(TABLE)("%s", (_what, licenseExpression, classifiers, license, expected) => {
    const metadata = {
      classifiers,
      ...(licenseExpression !== undefined && { licenseExpression: expr(licenseExpression) }),
      ...(license !== undefined && { license }),
    };
    expect(effectiveLicense(metadata)).toEqual(expected);
  });

  it("on real files", () => {
    const of = (file: string) =>
      effectiveLicense(
        parseMetadata(new Uint8Array(readFileSync(join(import.meta.dirname, "testdata", file)))).metadata,
      );
    expect(of("mypy_extensions-1.1.0.METADATA")).toEqual({ expression: "MIT", source: "license-expression" });
    expect(of("six-1.17.0.METADATA")).toEqual({ expression: "MIT", source: "classifier" });
    expect(of("itsdangerous-2.2.0.METADATA")).toEqual({ name: "BSD License", source: "classifier" });
    expect(of("traitlets-5.15.0.METADATA")).toEqual({
      name: "BSD 3-Clause License",
      source: "license-field",
    });
    expect(of("wsgiref-0.1.2.PKG-INFO")).toEqual({ name: "PSF or ZPL", source: "license-field" });
    expect(of("python_apt-2.6.0.PKG-INFO")).toEqual({ name: "GNU GPL", source: "license-field" });
  });
});
