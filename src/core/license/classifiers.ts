// `License ::` trove classifiers mapped to SPDX license ids, following PEP 639's appendix
// "Mapping License Classifiers to SPDX Identifiers" (ambiguous classifiers map to nothing).

/**
 * Classifier → SPDX id, only where the classifier names exactly one license and version. Left out on
 * purpose (PEP 639 appendix lists them as ambiguous or without an SPDX id): AFL, Apache Software
 * License, Apple Public Source License, Artistic License, BSD License, AGPLv3 (only or later?),
 * GNU FDL, GPL, GPLv2, GPLv3, LGPLv2, LGPLv2+, LGPLv3, LGPL, Eiffel Forum License (EFL 1 or 2),
 * Netscape Public License (NPL 1.0 or 1.1), Zope Public License (ZPL 1.1/2.0/2.1), Jabber, MITRE CVW,
 * Repoze, GUST Font, and the generic "Public Domain", "Freeware", "Other/Proprietary License", … which
 * PEP 639 allows to map to `LicenseRef-Public-Domain` / `LicenseRef-Proprietary` but we do not (a
 * LicenseRef invented by a tool says nothing the classifier name does not).
 */
export const CLASSIFIER_TO_SPDX: Readonly<Record<string, string>> = {
  "License :: Aladdin Free Public License (AFPL)": "Aladdin",
  "License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication": "CC0-1.0",
  "License :: CeCILL-B Free Software License Agreement (CECILL-B)": "CECILL-B",
  "License :: CeCILL-C Free Software License Agreement (CECILL-C)": "CECILL-C",
  "License :: Nokia Open Source License (NOKOS)": "Nokia",
  "License :: OSI Approved :: Attribution Assurance License": "AAL",
  "License :: OSI Approved :: Blue Oak Model License (BlueOak-1.0.0)": "BlueOak-1.0.0",
  "License :: OSI Approved :: Boost Software License 1.0 (BSL-1.0)": "BSL-1.0",
  "License :: OSI Approved :: CEA CNRS Inria Logiciel Libre License, version 2.1 (CeCILL-2.1)": "CECILL-2.1",
  "License :: OSI Approved :: CMU License (MIT-CMU)": "MIT-CMU",
  "License :: OSI Approved :: Common Development and Distribution License 1.0 (CDDL-1.0)": "CDDL-1.0",
  "License :: OSI Approved :: Common Public License": "CPL-1.0",
  "License :: OSI Approved :: Eclipse Public License 1.0 (EPL-1.0)": "EPL-1.0",
  "License :: OSI Approved :: Eclipse Public License 2.0 (EPL-2.0)": "EPL-2.0",
  "License :: OSI Approved :: Educational Community License, Version 2.0 (ECL-2.0)": "ECL-2.0",
  "License :: OSI Approved :: European Union Public Licence 1.0 (EUPL 1.0)": "EUPL-1.0",
  "License :: OSI Approved :: European Union Public Licence 1.1 (EUPL 1.1)": "EUPL-1.1",
  "License :: OSI Approved :: European Union Public Licence 1.2 (EUPL 1.2)": "EUPL-1.2",
  "License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)": "AGPL-3.0-or-later",
  "License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)": "GPL-2.0-or-later",
  "License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)": "GPL-3.0-or-later",
  "License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)": "LGPL-3.0-or-later",
  "License :: OSI Approved :: Historical Permission Notice and Disclaimer (HPND)": "HPND",
  "License :: OSI Approved :: IBM Public License": "IPL-1.0",
  "License :: OSI Approved :: ISC License (ISCL)": "ISC",
  "License :: OSI Approved :: Intel Open Source License": "Intel",
  "License :: OSI Approved :: MIT License": "MIT",
  "License :: OSI Approved :: MIT No Attribution License (MIT-0)": "MIT-0",
  "License :: OSI Approved :: MirOS License (MirOS)": "MirOS",
  "License :: OSI Approved :: Motosoto License": "Motosoto",
  "License :: OSI Approved :: Mozilla Public License 1.0 (MPL)": "MPL-1.0",
  "License :: OSI Approved :: Mozilla Public License 1.1 (MPL 1.1)": "MPL-1.1",
  "License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
  "License :: OSI Approved :: Mulan Permissive Software License v2 (MulanPSL-2.0)": "MulanPSL-2.0",
  "License :: OSI Approved :: NASA Open Source Agreement v1.3 (NASA-1.3)": "NASA-1.3",
  "License :: OSI Approved :: Nethack General Public License": "NGPL",
  "License :: OSI Approved :: Nokia Open Source License": "Nokia",
  "License :: OSI Approved :: Open Group Test Suite License": "OGTSL",
  "License :: OSI Approved :: Open Software License 3.0 (OSL-3.0)": "OSL-3.0",
  "License :: OSI Approved :: PostgreSQL License": "PostgreSQL",
  "License :: OSI Approved :: Python License (CNRI Python License)": "CNRI-Python",
  "License :: OSI Approved :: Python Software Foundation License": "PSF-2.0",
  "License :: OSI Approved :: Qt Public License (QPL)": "QPL-1.0",
  "License :: OSI Approved :: Ricoh Source Code Public License": "RSCPL",
  "License :: OSI Approved :: SIL Open Font License 1.1 (OFL-1.1)": "OFL-1.1",
  "License :: OSI Approved :: Sleepycat License": "Sleepycat",
  "License :: OSI Approved :: Sun Industry Standards Source License (SISSL)": "SISSL",
  "License :: OSI Approved :: Sun Public License": "SPL-1.0",
  "License :: OSI Approved :: The Unlicense (Unlicense)": "Unlicense",
  "License :: OSI Approved :: Universal Permissive License (UPL)": "UPL-1.0",
  "License :: OSI Approved :: University of Illinois/NCSA Open Source License": "NCSA",
  "License :: OSI Approved :: Vovida Software License 1.0": "VSL-1.0",
  "License :: OSI Approved :: W3C License": "W3C",
  "License :: OSI Approved :: X.Net License": "Xnet",
  "License :: OSI Approved :: Zero-Clause BSD (0BSD)": "0BSD",
  // OSI's "zlib/libpng license" is SPDX `Zlib`; `zlib-acknowledgement` is a different variant.
  "License :: OSI Approved :: zlib/libpng License": "Zlib",
};

const PREFIX = "License :: ";
// PEP 639 appendix: these "do not map to any license expression" and tools that do not treat them as
// ambiguous "MUST ignore them"; we ignore them (they name no license).
const NO_LICENSE: ReadonlySet<string> = new Set(["License :: OSI Approved", "License :: DFSG approved"]);

/** What one `License ::` classifier says about a license. */
export interface ClassifierLicense {
  /** The classifier, whitespace around `::` normalised (`License :: OSI Approved :: MIT License`). */
  readonly classifier: string;
  /** The SPDX id when the classifier maps to exactly one (see {@link CLASSIFIER_TO_SPDX}). */
  readonly spdxId?: string;
  /** A human-readable name: the classifier's last component (`MIT License`, `BSD License`). */
  readonly name: string;
}

function normalizeClassifier(classifier: string): string {
  return classifier
    .split("::")
    .map((part) => part.trim())
    .join(" :: ");
}

/**
 * The SPDX id of a single `License ::` classifier, or `undefined` when it is ambiguous or unknown.
 * @example spdxIdForClassifier("License :: OSI Approved :: MIT License") // "MIT"
 * spdxIdForClassifier("License :: OSI Approved :: BSD License") // undefined (which BSD?)
 */
export function spdxIdForClassifier(classifier: string): string | undefined {
  const key = normalizeClassifier(classifier);
  return Object.hasOwn(CLASSIFIER_TO_SPDX, key) ? CLASSIFIER_TO_SPDX[key] : undefined;
}

/**
 * The license classifiers among `classifiers`, each with its SPDX id when unambiguous, in input order.
 * Duplicates are dropped, and so is a classifier that is a parent of another one present
 * (`License :: OSI Approved` beside `License :: OSI Approved :: MIT License`), as PEP 639 allows;
 * `License :: OSI Approved` and `License :: DFSG approved` alone name no license and are ignored.
 * SBOM encoders that list several licenses (CycloneDX `licenses[]`) use this.
 * @example
 * classifierLicenses(["License :: OSI Approved", "License :: OSI Approved :: BSD License"])
 * // [{ classifier: "License :: OSI Approved :: BSD License", name: "BSD License" }]
 */
export function classifierLicenses(classifiers: readonly string[]): ClassifierLicense[] {
  const license = [...new Set(classifiers.map(normalizeClassifier).filter((c) => c.startsWith(PREFIX)))];
  // Every proper `::`-prefix of a classifier present is a parent (linear, not pairwise).
  const parents = new Set<string>();
  for (const classifier of license)
    for (let i = classifier.indexOf(" :: "); i !== -1; i = classifier.indexOf(" :: ", i + 1))
      parents.add(classifier.slice(0, i));
  const result: ClassifierLicense[] = [];
  for (const classifier of license) {
    if (parents.has(classifier) || NO_LICENSE.has(classifier)) continue;
    const spdxId = spdxIdForClassifier(classifier);
    const name = classifier.slice(classifier.lastIndexOf(" :: ") + 4);
    if (name === "") continue;
    result.push(spdxId === undefined ? { classifier, name } : { classifier, spdxId, name });
  }
  return result;
}

/**
 * The SPDX license id that the `License ::` classifiers imply, or `undefined` when they imply none.
 *
 * Policy (PEP 639 appendix): with several license classifiers "their relationship is ambiguous" (all
 * apply, or a choice?), so tools "MUST NOT automatically infer a license expression" — we do not join
 * them with `AND` or `OR`. A result is returned only when every remaining classifier (parents such as
 * `License :: OSI Approved` ignored) maps to the same SPDX id; one ambiguous classifier (`BSD License`)
 * gives `undefined`. Use {@link classifierLicenses} to list each classifier's license separately.
 * @example
 * licenseFromClassifiers(["License :: OSI Approved :: MIT License"]) // "MIT"
 * licenseFromClassifiers(["License :: OSI Approved :: MIT License",
 *   "License :: OSI Approved :: Apache Software License"]) // undefined
 */
export function licenseFromClassifiers(classifiers: readonly string[]): string | undefined {
  const ids = new Set(classifierLicenses(classifiers).map((c) => c.spdxId));
  if (ids.size !== 1) return undefined;
  const [id] = ids;
  return id;
}
