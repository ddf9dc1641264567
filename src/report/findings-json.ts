// `validate -o json`: a stable, documented JSON rendering of validation outcomes (schema
// "pysbom-validate/1"; README "validate"). Members appear in a fixed order; absent values are left out.
import type { ValidationFinding, ValidationOutcome } from "../validate/index.js";
import { isValidationFailure } from "../validate/index.js";

/** The identifier of this JSON layout; a breaking change gets a new number. */
export const FINDINGS_JSON_SCHEMA = "pysbom-validate/1";

function findingJson(f: ValidationFinding): Record<string, unknown> {
  const o: Record<string, unknown> = {
    code: f.code,
    severity: f.severity,
    layer: f.layer,
  };
  if (f.profile !== undefined) o.profile = f.profile;
  o.path = f.path;
  if (f.line !== undefined) o.line = f.line;
  if (f.column !== undefined) o.column = f.column;
  if (f.component !== undefined) o.component = f.component;
  o.message = f.message;
  if (f.hint !== undefined) o.hint = f.hint;
  if (f.clause !== undefined) o.clause = f.clause;
  return o;
}

/**
 * Renders outcomes as the `pysbom-validate/1` JSON document (2-space indent, trailing newline).
 * @example renderFindingsJson([report], { version: "0.1.0", profiles: ["ntia"] })
 */
export function renderFindingsJson(
  outcomes: readonly ValidationOutcome[],
  options: { version: string; profiles: readonly string[] },
): string {
  const documents = outcomes.map((o) => {
    if (isValidationFailure(o)) {
      const error: Record<string, unknown> = { code: o.error.code, message: o.error.message };
      if (o.error.line !== undefined) error.line = o.error.line;
      if (o.error.column !== undefined) error.column = o.error.column;
      return { file: o.file, error };
    }
    return {
      file: o.file,
      format: o.format,
      specVersion: o.specVersion,
      valid: o.valid,
      conformance: o.conformance,
      components: o.components,
      counts: o.counts,
      score: o.score,
      findings: o.findings.map(findingJson),
    };
  });
  const doc = {
    schema: FINDINGS_JSON_SCHEMA,
    tool: { name: "pysbom", version: options.version },
    profiles: options.profiles,
    valid: outcomes.every((o) => !isValidationFailure(o) && o.valid),
    documents,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
