// PEP 508: dependency specifiers (requirements) and environment markers, exact to Python `packaging` 26.2.
export {
  type EvaluateMarkerOptions,
  evaluateMarker,
  formatMarker,
  isValidMarker,
  type Marker,
  type MarkerAtom,
  type MarkerComparison,
  type MarkerEnvironment,
  type MarkerList,
  type MarkerOperand,
  type MarkerOperator,
  type MarkerVariableName,
  parseMarker,
  tryParseMarker,
} from "./marker.js";
export {
  formatRequirement,
  isValidRequirement,
  parseRequirement,
  type Requirement,
  tryParseRequirement,
} from "./requirement.js";
