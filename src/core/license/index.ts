// PEP 639 licensing: SPDX license expressions (`License-Expression`) and `License ::` classifiers.
export type { ClassifierLicense } from "./classifiers.js";
export {
  CLASSIFIER_TO_SPDX,
  classifierLicenses,
  licenseFromClassifiers,
  spdxIdForClassifier,
} from "./classifiers.js";
export type {
  LicenseBinaryNode,
  LicenseExceptionNode,
  LicenseExpressionNode,
  LicenseGroupNode,
  LicenseIdNode,
  LicenseRefNode,
  LicenseWithNode,
  NormalizedLicenseExpression,
} from "./expression.js";
export {
  canonicalExceptionId,
  canonicalizeLicenseExpression,
  canonicalLicenseId,
  exceptionIdsOf,
  formatLicenseExpression,
  isDeprecatedLicenseId,
  isKnownLicenseId,
  isValidLicenseExpression,
  licenseIdsOf,
  parseLicenseExpression,
  tryCanonicalizeLicenseExpression,
  tryParseLicenseExpression,
} from "./expression.js";
export {
  DEPRECATED_EXCEPTION_IDS,
  DEPRECATED_LICENSE_IDS,
  EXCEPTION_IDS,
  LICENSE_IDS,
} from "./spdx-list.js";
