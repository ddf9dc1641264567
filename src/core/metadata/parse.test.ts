import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RawMetadata } from "./fields.js";
import { parseRawMetadata } from "./parse.js";
import type { MetadataProblemCode } from "./problems.js";

const testdata = join(import.meta.dirname, "testdata");
const read = (file: string) => new Uint8Array(readFileSync(join(testdata, file)));

// Real files copied from installed distributions, plus hand-made broken ones: [file, expected subset of
// raw, expected problem codes]. Expectations for real files agree with packaging 26.2's parse_email
// except where noted.
const FIXTURES: readonly [file: string, raw: Partial<RawMetadata>, problems: MetadataProblemCode[]][] = [
  [
    "mypy_extensions-1.1.0.METADATA", // 2.4 with License-Expression
    {
      metadataVersion: "2.4",
      name: "mypy_extensions",
      version: "1.1.0",
      licenseExpression: "MIT",
      licenseFiles: ["LICENSE"],
      authorEmail: "The mypy developers <jukka.lehtosalo@iki.fi>",
      projectUrls: ["Homepage, https://github.com/python/mypy_extensions"],
      requiresPython: ">=3.8",
    },
    [],
  ],
  [
    "six-1.17.0.METADATA", // License field + license classifier
    { metadataVersion: "2.1", name: "six", version: "1.17.0", license: "MIT", licenseFiles: ["LICENSE"] },
    [],
  ],
  [
    "itsdangerous-2.2.0.METADATA", // classifiers only, Project-URLs, Maintainer-email only
    {
      name: "itsdangerous",
      maintainerEmail: "Pallets <contact@palletsprojects.com>",
      projectUrls: [
        "Changes, https://itsdangerous.palletsprojects.com/changes/",
        "Chat, https://discord.gg/pallets",
        "Documentation, https://itsdangerous.palletsprojects.com/",
        "Donate, https://palletsprojects.com/donate",
        "Source, https://github.com/pallets/itsdangerous/",
      ],
    },
    [],
  ],
  [
    "blinker-1.9.0.METADATA", // 2.3
    {
      metadataVersion: "2.3",
      name: "blinker",
      author: "Jason Kirtland",
      descriptionContentType: "text/markdown",
    },
    [],
  ],
  [
    "pickleshare-0.7.5.METADATA", // Metadata-Version 2.0 (never a real version), space-separated keywords
    {
      metadataVersion: "2.0",
      keywords: ["database persistence pickle ipc shelve"],
      platforms: ["UNKNOWN"],
      requiresDist: ['pathlib2; python_version in "2.6 2.7 3.2 3.3"'],
    },
    [],
  ],
  [
    "wsgiref-0.1.2.PKG-INFO", // egg-info 1.0
    {
      metadataVersion: "1.0",
      name: "wsgiref",
      version: "0.1.2",
      license: "PSF or ZPL",
      author: "Phillip J. Eby",
      authorEmail: "web-sig@python.org",
    },
    [],
  ],
  [
    "python_apt-2.6.0.PKG-INFO", // egg-info 2.1 with License-File (a 2.4 field)
    { name: "python-apt", license: "GNU GPL", licenseFiles: ["COPYING.GPL", "AUTHORS"] },
    [],
  ],
  [
    "invalid-utf8.METADATA", // packaging moves Author and the body to "unparsed"
    {
      name: "broken-bytes",
      author: "Jos\ufffd Mart\ufffdnez",
      description: "Body with a stray \ufffd byte.\n",
    },
    ["invalid-utf8", "invalid-utf8"],
  ],
  ["missing-name.METADATA", { metadataVersion: "2.2", version: "0.1" }, []],
  [
    "broken-continuation.METADATA", // a non-header line ends the headers: License goes to the body
    {
      metadataVersion: "1.2",
      name: "broken-continuation",
      version: "2.0",
      summary: "first line\nfolded second line",
      description: "This line is not a header\nLicense: MIT\n",
    },
    ["orphan-continuation", "malformed-header", "orphan-continuation", "malformed-header"],
  ],
  [
    "crlf-bom.METADATA", // packaging reads nothing here: the BOM makes line 1 a non-header
    {
      name: "crlf-bom",
      version: "3.0",
      keywords: ["a", "b", "c"],
      classifiers: ["License :: OSI Approved :: MIT License"],
      description: "Line one\r\nLine two\r\n",
    },
    ["byte-order-mark"],
  ],
];

describe("parseRawMetadata: fixtures", () => {
  it.each(FIXTURES)("%s", (file, raw, codes) => {
    const result = parseRawMetadata(read(file));
    expect(result.raw).toMatchObject(raw);
    expect(result.problems.map((p) => p.code)).toEqual(codes);
  });

  it("de-indents multi-line License and Description headers (setuptools' rfc822_unescape)", () => {
    const { raw } = parseRawMetadata(read("traitlets-5.15.0.METADATA"));
    expect(raw.license?.split("\n").slice(0, 4)).toEqual([
      "BSD 3-Clause License",
      "",
      "- Copyright (c) 2001-, IPython Development Team",
      "",
    ]);
    expect(raw.license).toContain(
      "\n1. Redistributions of source code must retain the above copyright notice, this\n   list",
    );
    const toml = parseRawMetadata(read("toml-0.10.2.PKG-INFO")).raw;
    expect(
      toml.description?.startsWith(
        "****\nTOML\n****\n\n.. image:: https://img.shields.io/pypi/v/toml\n    :target:",
      ),
    ).toBe(true);
  });
});

describe("parseRawMetadata: rules", () => {
  it("matches header names case-insensitively and collects multiple-use fields in order", () => {
    const { raw, unparsed } = parseRawMetadata(
      "metadata-version: 2.1\nNAME: x\nclassifier: A\nClassifier: B\nREQUIRES-DIST: foo\nX-Custom: 1\nx-custom: 2\n",
    );
    expect(raw).toEqual({
      metadataVersion: "2.1",
      name: "x",
      classifiers: ["A", "B"],
      requiresDist: ["foo"],
    });
    expect({ ...unparsed }).toEqual({ "x-custom": ["1", "2"] });
  });

  it("keeps the first value of a repeated single-use field and reports it", () => {
    const { raw, problems } = parseRawMetadata("Name: a\nname: b\n");
    expect(raw.name).toBe("a");
    expect(problems).toEqual([
      { field: "Name", code: "duplicate-field", message: expect.stringContaining('"b"') },
    ]);
  });

  it("prefers the body over a Description header, strips '|' continuation prefixes", () => {
    const header = parseRawMetadata(
      "Name: a\nDescription: first\n        |  indented\n        |\n        |last\n",
    );
    expect(header.raw.description).toBe("first\n  indented\n\nlast");
    const both = parseRawMetadata("Name: a\nDescription: header\n\nbody\n");
    expect(both.raw.description).toBe("body\n");
    expect(both.problems.map((p) => p.code)).toEqual(["duplicate-field"]);
  });

  it("splits on \\r\\n, \\r and \\n like Python's email parser", () => {
    const { raw } = parseRawMetadata("Name: a\rVersion: 2\r\rbody");
    expect(raw).toEqual({ name: "a", version: "2", description: "body" });
  });

  it("strips only leading spaces and tabs of a value, keeping trailing whitespace (compat32)", () => {
    expect(parseRawMetadata("Summary: \t spaced  \n").raw.summary).toBe("spaced  ");
    expect(parseRawMetadata("Summary:\n  on next line\n").raw.summary).toBe("\non next line");
  });

  it("skips mbox 'From ' lines and empty field names", () => {
    const { raw } = parseRawMetadata("From someone\nName: a\n:x\nFrom other\nVersion: 1\n");
    expect(raw).toEqual({ name: "a", version: "1" });
  });

  it("reads a 10 MB header in linear time", () => {
    const big = `Metadata-Version: 2.1\nName: big\nVersion: 1\nSummary: ${"x".repeat(10 * 1024 * 1024)}\n`;
    const folded = `Name: big\nLicense: start\n${"        line\n".repeat(200_000)}`;
    const t0 = performance.now();
    expect(parseRawMetadata(new TextEncoder().encode(big)).raw.summary?.length).toBe(10 * 1024 * 1024);
    expect(parseRawMetadata(folded).raw.license?.split("\n").length).toBe(200_001);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  it("never throws, on arbitrary bytes or header-shaped noise", () => {
    const piece = fc.oneof(
      fc.constantFrom("Name: ", "Version:", "Description: ", "Classifier: x", " ", "\t", ":", "From ", "|"),
      fc.constantFrom("\n", "\r\n", "\r", "\n\n"),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.array(piece, { maxLength: 40 })),
        (input) => {
          const data = input instanceof Uint8Array ? input : input.join("");
          const result = parseRawMetadata(data);
          expect(Array.isArray(result.problems)).toBe(true);
          if (typeof data === "string") {
            const bytes = parseRawMetadata(new TextEncoder().encode(data));
            expect(bytes.raw).toEqual(result.raw);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

function sitePackages(): string[] {
  try {
    const out = execFileSync(
      "python3",
      ["-c", "import json, site; print(json.dumps(site.getsitepackages()))"],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    return (JSON.parse(out) as string[]).filter((dir) => existsSync(dir));
  } catch {
    return [];
  }
}

const metadataFiles = sitePackages().flatMap((dir) =>
  readdirSync(dir)
    .filter((entry) => entry.endsWith(".dist-info"))
    .map((entry) => join(dir, entry, "METADATA"))
    .filter((file) => existsSync(file)),
);

describe("parseRawMetadata: this machine's site-packages", () => {
  it.skipIf(metadataFiles.length === 0)(
    `reads Name and Version from every installed METADATA (${metadataFiles.length} files; skipped when python3 or its site-packages is absent)`,
    () => {
      const failures: string[] = [];
      for (const file of metadataFiles) {
        const { raw } = parseRawMetadata(new Uint8Array(readFileSync(file)));
        if (!raw.name || !raw.version) failures.push(file);
      }
      expect(failures).toEqual([]);
    },
  );
});
