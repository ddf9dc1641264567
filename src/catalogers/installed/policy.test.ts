// Supplier/originator, license and vendoring policies, table-driven on values seen in real METADATA files.
import { describe, expect, it } from "vitest";
import { mergeContacts } from "../../core/metadata/index.js";
import { contactKind, parties } from "../project-actors.js";
import { declaredLicense, licenseRefFor } from "../project-license.js";
import { graftedLibrary, parseVendorTxt } from "./vendored.js";

// [Author, Author-email, Maintainer, Maintainer-email] → [supplier, originator] as SPDX-ish strings.
const PARTIES: [
  fields: (string | undefined)[],
  supplier: string | undefined,
  originator: string | undefined,
][] = [
  [
    ["Kenneth Reitz", "me@kennethreitz.com"],
    "Person: Kenneth Reitz (me@kennethreitz.com)",
    "Person: Kenneth Reitz (me@kennethreitz.com)",
  ],
  [
    [undefined, undefined, undefined, "Pallets <contact@palletsprojects.com>"],
    "Organization: Pallets (contact@palletsprojects.com)",
    undefined,
  ],
  [
    ["Jason Kirtland", undefined, undefined, "Pallets Ecosystem <contact@palletsprojects.com>"],
    "Organization: Pallets Ecosystem (contact@palletsprojects.com)",
    "Person: Jason Kirtland",
  ],
  [
    ["The pip developers", "distutils-sig@python.org"],
    "Organization: The pip developers (distutils-sig@python.org)",
    "Organization: The pip developers (distutils-sig@python.org)",
  ],
  [["Amazon Web Services"], "Organization: Amazon Web Services", "Organization: Amazon Web Services"],
  [
    ["Cloudpipe", "cloudpipe@googlegroups.com"],
    "Organization: Cloudpipe (cloudpipe@googlegroups.com)",
    "Organization: Cloudpipe (cloudpipe@googlegroups.com)",
  ],
  [
    [undefined, "Samuel Colvin <s@muelcolvin.com>, Eric Jolibois <em.jolibois@gmail.com>"],
    "Person: Samuel Colvin (s@muelcolvin.com)",
    "Person: Samuel Colvin (s@muelcolvin.com)",
  ],
  [
    [undefined, "dateutil@python.org"],
    "Person: dateutil@python.org (dateutil@python.org)",
    "Person: dateutil@python.org (dateutil@python.org)",
  ],
  [
    [
      "David Goodger",
      "goodger@python.org",
      "docutils-develop list",
      "docutils-develop@lists.sourceforge.net",
    ],
    "Organization: docutils-develop list (docutils-develop@lists.sourceforge.net)",
    "Person: David Goodger (goodger@python.org)",
  ],
  [[], undefined, undefined],
];

const fmt = (a: { kind: string; name: string; email?: string | undefined } | undefined) =>
  a && `${a.kind}: ${a.name}${a.email ? ` (${a.email})` : ""}`;

describe("supplier and originator", () => {
  it.each(PARTIES)("%j", ([author, authorEmail, maintainer, maintainerEmail], supplier, originator) => {
    const p = parties(mergeContacts(author, authorEmail), mergeContacts(maintainer, maintainerEmail));
    expect(fmt(p.supplier)).toBe(supplier);
    expect(fmt(p.originator)).toBe(originator);
  });

  it("keeps every contact when there are several", () => {
    const p = parties(mergeContacts(undefined, "A <a@x.org>, B <b@x.org>"), []);
    expect(p.allAuthors).toBe("A <a@x.org>, B <b@x.org>");
    expect(p.allMaintainers).toBeUndefined();
  });

  it.each([
    [{ name: "Python Software Foundation" }, "Organization"],
    [{ name: "Docker Inc." }, "Organization"],
    [{ name: "SciPy Developers" }, "Organization"],
    [{ name: "Georg Brandl", email: "georg@python.org" }, "Person"],
    [{ email: "security@example.org" }, "Organization"],
    [{ name: "x", email: "numpy-discussion@python.org" }, "Organization"],
    [{ name: "Julian Berman", email: "Julian+jsonschema@GrayVines.com" }, "Person"],
  ] as const)("%j is a %s", (contact, kind) => {
    expect(contactKind(contact)).toBe(kind);
  });
});

describe("declared license (PEP 639 precedence)", () => {
  it("License-Expression wins", () => {
    expect(declaredLicense({ licenseExpression: "MIT" as never, license: "BSD", classifiers: [] })).toEqual({
      expression: "MIT",
      source: "license-expression",
      extracted: [],
    });
  });

  it("declares the LicenseRefs a License-Expression uses", () => {
    const d = declaredLicense({
      licenseExpression: "MIT AND LicenseRef-Proprietary" as never,
      classifiers: [],
    });
    expect(d.extracted.map((l) => l.id)).toEqual(["LicenseRef-Proprietary"]);
  });

  it("an unambiguous classifier, then an SPDX License field", () => {
    expect(declaredLicense({ classifiers: ["License :: OSI Approved :: MIT License"] }).expression).toBe(
      "MIT",
    );
    expect(declaredLicense({ license: "apache-2.0", classifiers: [] }).expression).toBe("Apache-2.0");
  });

  it("free text becomes a LicenseRef derived from the text, with the whole text extracted", () => {
    const text = "Copyright (c) 2005, NumPy Developers.\nAll rights reserved.";
    const d = declaredLicense({ license: text, classifiers: [] });
    expect(d.expression).toBe(licenseRefFor("Copyright (c) 2005, NumPy Developers.", text));
    expect(d.expression).toMatch(/^LicenseRef-Copyright-c-2005-NumPy-Developers-[0-9a-f]{12}$/);
    expect(d.extracted).toEqual([
      expect.objectContaining({ id: d.expression, name: "Copyright (c) 2005, NumPy Developers.", text }),
    ]);
    // Same text, same id: deterministic and shared between packages.
    expect(declaredLicense({ license: text, classifiers: [] }).expression).toBe(d.expression);
  });

  it("ambiguous classifiers alone become a LicenseRef; nothing at all stays NOASSERTION", () => {
    const d = declaredLicense({ classifiers: ["License :: OSI Approved :: BSD License"] });
    expect(d.expression).toMatch(/^LicenseRef-BSD-License-/);
    expect(d.source).toBe("classifier");
    expect(declaredLicense({ classifiers: [], license: "UNKNOWN" })).toEqual({ extracted: [] });
  });
});

describe("vendored code", () => {
  it("reads pip's vendor.txt", () => {
    expect(
      parseVendorTxt(
        "CacheControl==0.12.11  # comment\nrequests==2.31.0\n    certifi==2023.5.7\n\nsetuptools>=40\n",
      ),
    ).toEqual([
      { name: "CacheControl", version: "0.12.11", line: 1, raw: "CacheControl==0.12.11" },
      { name: "requests", version: "2.31.0", line: 2, raw: "requests==2.31.0" },
      { name: "certifi", version: "2023.5.7", line: 3, raw: "certifi==2023.5.7" },
      { name: "setuptools", line: 5, raw: "setuptools>=40" },
    ]);
  });

  it.each([
    ["libgfortran-040039e1-0352e75f.so.5.0.0", { name: "libgfortran", sonameVersion: "5.0.0" }],
    ["libscipy_openblas64_-32a4b2a6.so", { name: "libscipy_openblas64_" }],
    ["libquadmath-96973f99-934c22de.so.0.0.0", { name: "libquadmath", sonameVersion: "0.0.0" }],
    ["libjpeg.62.dylib", { name: "libjpeg", sonameVersion: "62" }],
    ["msvcp140-d64049c6e3865410a7dda6a7e9f0c575.dll", { name: "msvcp140" }],
    ["README", undefined],
  ])("grafted library %s", (name, want) => {
    expect(graftedLibrary(name)).toEqual(want);
  });
});
