import { describe, expect, it } from "vitest";
import {
  CLASSIFIER_TO_SPDX,
  classifierLicenses,
  licenseFromClassifiers,
  spdxIdForClassifier,
} from "./classifiers.js";
import { isDeprecatedLicenseId, isKnownLicenseId } from "./expression.js";

// [classifiers, licenseFromClassifiers result]
const TABLE: readonly [classifiers: string[], expected: string | undefined][] = [
  [["License :: OSI Approved :: MIT License"], "MIT"],
  [["License :: OSI Approved :: Apache Software License"], undefined], // Apache 1.0, 1.1 or 2.0?
  [["License :: OSI Approved :: BSD License"], undefined], // which BSD?
  [["License :: OSI Approved :: GNU General Public License v2 (GPLv2)"], undefined], // only or later? (PEP 639)
  [["License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)"], "GPL-2.0-or-later"],
  [["License :: OSI Approved :: GNU Affero General Public License v3"], undefined],
  [["License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)"], undefined], // 2.0 or 2.1
  [
    ["License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)"],
    "LGPL-3.0-or-later",
  ],
  [["License :: OSI Approved :: Python Software Foundation License"], "PSF-2.0"],
  [["License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)"], "MPL-2.0"],
  [["License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication"], "CC0-1.0"],
  [["License :: Public Domain"], undefined],
  [["License :: Other/Proprietary License"], undefined],
  [["License :: OSI Approved"], undefined],
  [[], undefined],
  [["Programming Language :: Python :: 3", "Topic :: Software Development"], undefined],
  // A parent classifier is ignored beside its child (PEP 639 appendix).
  [["License :: OSI Approved", "License :: OSI Approved :: ISC License (ISCL)"], "ISC"],
  [["License :: DFSG approved", "License :: OSI Approved :: ISC License (ISCL)"], "ISC"],
  // Duplicates and sloppy spacing around `::` are harmless.
  [["License :: OSI Approved :: MIT License", "License::OSI Approved::MIT License"], "MIT"],
  // Two licenses: all apply or a choice? PEP 639: MUST NOT infer an expression.
  [
    ["License :: OSI Approved :: MIT License", "License :: OSI Approved :: Apache Software License"],
    undefined,
  ],
  [["License :: OSI Approved :: MIT License", "License :: OSI Approved :: ISC License (ISCL)"], undefined],
  [["License :: OSI Approved :: zlib/libpng License"], "Zlib"],
  [["License :: OSI Approved :: Zero-Clause BSD (0BSD)"], "0BSD"],
  [["License :: Totally Made Up"], undefined],
];

describe("license classifiers", () => {
  it("maps each table case as documented", () => {
    const failures: string[] = [];
    for (const [classifiers, expected] of TABLE) {
      const got = licenseFromClassifiers(classifiers);
      if (got !== expected) failures.push(`${JSON.stringify(classifiers)}: got ${got}, want ${expected}`);
    }
    expect(failures).toEqual([]);
  });

  it("maps only to current ids of the shipped SPDX list", () => {
    const bad = Object.entries(CLASSIFIER_TO_SPDX).filter(
      ([, id]) => !isKnownLicenseId(id) || isDeprecatedLicenseId(id),
    );
    expect(bad).toEqual([]);
  });

  it("keeps unmapped license classifiers as names", () => {
    expect(
      classifierLicenses([
        "License :: OSI Approved",
        "License :: OSI Approved :: BSD License",
        "License :: OSI Approved :: MIT License",
        "Programming Language :: Python",
        "License :: Public Domain",
      ]),
    ).toEqual([
      { classifier: "License :: OSI Approved :: BSD License", name: "BSD License" },
      { classifier: "License :: OSI Approved :: MIT License", spdxId: "MIT", name: "MIT License" },
      { classifier: "License :: Public Domain", name: "Public Domain" },
    ]);
  });

  it("looks up single classifiers", () => {
    expect(spdxIdForClassifier("License :: OSI Approved :: MIT License")).toBe("MIT");
    expect(spdxIdForClassifier("License :: OSI Approved :: BSD License")).toBeUndefined();
    expect(spdxIdForClassifier("constructor")).toBeUndefined();
  });

  it("is linear in the number of classifiers", () => {
    const many = Array.from({ length: 50_000 }, (_, i) => `License :: Custom :: L${i}`);
    expect(classifierLicenses(many)).toHaveLength(50_000);
  });
});
