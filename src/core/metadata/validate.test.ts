import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RawMetadata } from "./fields.js";
import { parseMetadata, validateMetadata } from "./validate.js";

const BASE: RawMetadata = { metadataVersion: "2.4", name: "demo", version: "1.0" };

// [what, raw fields added to BASE, expected "Field:code" problems, expected subset of metadata]
const TABLE: readonly [
  what: string,
  raw: RawMetadata,
  problems: string[],
  metadata: Record<string, unknown>,
][] = [
  [
    "a minimal valid file",
    {},
    [],
    { metadataVersion: "2.4", normalizedName: "demo", normalizedVersion: "1.0" },
  ],
  [
    "names and versions are normalised, raw strings kept",
    { name: "Zope.Interface", version: "v1.0-RC1" },
    [],
    {
      name: "Zope.Interface",
      normalizedName: "zope-interface",
      version: "v1.0-RC1",
      normalizedVersion: "1.0rc1",
    },
  ],
  [
    "required fields are reported when missing",
    { metadataVersion: undefined, name: undefined, version: "" },
    ["Metadata-Version:missing-field", "Name:missing-field", "Version:missing-field"],
    {},
  ],
  [
    "unknown metadata version; 2.0 was never a real one",
    { metadataVersion: "2.0" },
    ["Metadata-Version:invalid-metadata-version"],
    { metadataVersion: undefined },
  ],
  [
    "invalid name and version are reported; raw kept, normal forms absent",
    { name: "-bad-", version: "1.0.x" },
    ["Name:invalid-name", "Version:invalid-version"],
    { name: "-bad-", normalizedName: undefined, version: "1.0.x", normalizedVersion: undefined },
  ],
  ["a multi-line Summary", { summary: "one\ntwo" }, ["Summary:multi-line-summary"], { summary: "one\ntwo" }],
  [
    "fields newer than Metadata-Version (setuptools wrote License-File into 2.1)",
    { metadataVersion: "2.1", licenseFiles: ["LICENSE"], dynamic: ["license"] },
    ["Dynamic:field-too-new", "License-File:field-too-new"],
    { licenseFiles: ["LICENSE"], dynamic: ["license"] },
  ],
  [
    "License-Expression is canonicalised; an invalid one is dropped",
    { licenseExpression: "mit or apache-2.0" },
    [],
    { licenseExpression: "MIT OR Apache-2.0" },
  ],
  [
    "an invalid License-Expression",
    { licenseExpression: "MIT-ish" },
    ["License-Expression:invalid-license-expression"],
    { licenseExpression: undefined },
  ],
  [
    "License-File paths must be relative, resolved, '/'-separated",
    {
      licenseFiles: [
        "LICENSE",
        "../x",
        "LICENSES/*.txt",
        "/abs",
        "C:\\x",
        "dir\\file",
        "licenses/NOTICE",
        "./L",
        "a//b",
        "d/",
        "",
      ],
    },
    [
      "License-File:invalid-license-file",
      "License-File:invalid-license-file",
      "License-File:invalid-license-file",
      "License-File:invalid-license-file",
      "License-File:invalid-license-file",
      "License-File:invalid-license-file",
      "License-File:invalid-license-file",
      "License-File:invalid-license-file",
      "License-File:invalid-license-file",
    ],
    { licenseFiles: ["LICENSE", "licenses/NOTICE"] },
  ],
  [
    "Provides-Extra normalised (PEP 685), duplicates merged, invalid reported",
    { providesExtra: ["Foo_Bar", "foo.bar", "-x-"] },
    ["Provides-Extra:invalid-extra"],
    { providesExtra: ["foo-bar"] },
  ],
  [
    "Dynamic: lowercased, never Name/Version/Metadata-Version, known fields only",
    { dynamic: ["Requires-Dist", "version", "Nope"] },
    ["Dynamic:invalid-dynamic", "Dynamic:invalid-dynamic"],
    { dynamic: ["requires-dist"] },
  ],
  [
    "Description-Content-Type variants",
    { descriptionContentType: "text/markdown; charset=UTF-8; variant=CommonMark" },
    [],
    { descriptionContentType: "text/markdown; charset=UTF-8; variant=CommonMark" },
  ],
  [
    "Description-Content-Type: unknown type",
    { descriptionContentType: "text/html" },
    ["Description-Content-Type:invalid-content-type"],
    { descriptionContentType: undefined },
  ],
  [
    "Description-Content-Type: only UTF-8",
    { descriptionContentType: "text/plain; charset=latin-1" },
    ["Description-Content-Type:invalid-content-type"],
    {},
  ],
  [
    "Description-Content-Type: Markdown variant",
    { descriptionContentType: "text/markdown; variant=Original" },
    ["Description-Content-Type:invalid-content-type"],
    {},
  ],
  [
    "Project-URL label/url pairs; a duplicate label and a missing URL are reported",
    {
      projectUrls: [
        "Homepage, https://a.example",
        "Source,https://b.example ",
        "Homepage, https://c.example",
        "nourl",
      ],
    },
    ["Project-URL:duplicate-project-url", "Project-URL:invalid-project-url"],
    {
      projectUrls: [
        { label: "Homepage", url: "https://a.example" },
        { label: "Source", url: "https://b.example" },
        { label: "Homepage", url: "https://c.example" },
      ],
    },
  ],
  [
    "Author and Author-email become contacts",
    {
      author: "Jane Doe",
      authorEmail: "jane@example.org",
      maintainerEmail: "Pallets <contact@pallets.example>",
    },
    [],
    {
      authors: [{ name: "Jane Doe", email: "jane@example.org" }],
      maintainers: [{ name: "Pallets", email: "contact@pallets.example" }],
    },
  ],
  [
    "setuptools' UNKNOWN placeholders are absent values",
    {
      author: "UNKNOWN",
      authorEmail: "UNKNOWN",
      license: "UNKNOWN",
      homePage: "UNKNOWN",
      platforms: ["UNKNOWN"],
      summary: "UNKNOWN",
    },
    [],
    {
      author: undefined,
      authors: [],
      license: undefined,
      homePage: undefined,
      platforms: [],
      summary: undefined,
    },
  ],
  [
    "Import-Name (2.5): identifiers, keywords, '; private'",
    { metadataVersion: "2.5", importNames: ["pkg.sub", "pkg._x; private", "class", "1abc", "a; public"] },
    ["Import-Name:invalid-import-name", "Import-Name:invalid-import-name", "Import-Name:invalid-import-name"],
    { importNames: ["pkg.sub", "pkg._x; private"] },
  ],
  ["an empty Import-Name means none", { metadataVersion: "2.5", importNames: [""] }, [], { importNames: [] }],
  [
    "a valid Requires-Python is kept as written",
    { requiresPython: ">=2.7, !=3.0.*" },
    [],
    { requiresPython: ">=2.7, !=3.0.*" },
  ],
  [
    "an invalid Requires-Python is reported and dropped",
    { requiresPython: ">=3.8,latest" },
    ["Requires-Python:invalid-specifier"],
    { requiresPython: undefined },
  ],
  ["empty keywords are dropped", { keywords: ["a", "", "b"] }, [], { keywords: ["a", "b"] }],
];

describe("validateMetadata", () => {
  it.each(TABLE)("%s", (_what, extra, problems, metadata) => {
    const result = validateMetadata({ ...BASE, ...extra });
    expect(result.problems.map((p) => `${p.field}:${p.code}`)).toEqual(problems);
    const got = result.metadata as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(metadata)) expect([key, got[key]]).toEqual([key, value]);
  });

  it("collects every problem at once rather than stopping at the first", () => {
    const { problems } = validateMetadata({
      metadataVersion: "9.9",
      name: "??",
      version: "one",
      summary: "a\nb",
      licenseExpression: "(",
    });
    expect(problems.map((p) => p.code)).toEqual([
      "invalid-metadata-version",
      "invalid-name",
      "invalid-version",
      "multi-line-summary",
      "invalid-license-expression",
    ]);
  });
});

describe("validateMetadata: Requires-Dist", () => {
  it("keeps parsed requirements in order", () => {
    const { metadata } = validateMetadata({
      ...BASE,
      requiresDist: [
        "Requests[socks]>=2.0; python_version >= '3.8'",
        "bad req ==",
        "foo @ https://x.example/foo.whl",
      ],
    });
    expect(metadata.requiresDist.map((r) => [r.name, r.extras, r.specifier, r.url])).toEqual([
      ["Requests", ["socks"], ">=2.0", undefined],
      ["foo", [], "", "https://x.example/foo.whl"],
    ]);
    expect(metadata.requiresDist[0]?.marker).toBeDefined();
  });
});

describe("parseMetadata", () => {
  it("reads, reports unknown fields, and validates a real 2.4 file", () => {
    const file = join(import.meta.dirname, "testdata", "mypy_extensions-1.1.0.METADATA");
    const { metadata, problems, raw } = parseMetadata(new Uint8Array(readFileSync(file)));
    expect(problems).toEqual([]);
    expect(raw.name).toBe("mypy_extensions");
    expect(metadata).toMatchObject({
      normalizedName: "mypy-extensions",
      normalizedVersion: "1.1.0",
      licenseExpression: "MIT",
      authors: [{ name: "The mypy developers", email: "jukka.lehtosalo@iki.fi" }],
      projectUrls: [{ label: "Homepage", url: "https://github.com/python/mypy_extensions" }],
    });
  });

  it("puts reading problems first, then unknown fields, then validation problems", () => {
    const { problems, unparsed } = parseMetadata("Name: x\nName: y\nX-Thing: 1\n");
    expect({ ...unparsed }).toEqual({ "x-thing": ["1"] });
    expect(problems.map((p) => `${p.field}:${p.code}`)).toEqual([
      "Name:duplicate-field",
      "x-thing:unknown-field",
      "Metadata-Version:missing-field",
      "Version:missing-field",
    ]);
  });
});
