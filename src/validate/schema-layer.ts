// Layer 1 as findings: the official schema's violations, with one finding per problem rather than ajv's
// raw list. A failed oneOf/anyOf is reported through its deepest branch errors (the most specific place, as
// better-ajv-errors does) or, when no branch gets deeper than the choice itself, as one "no matching form".
import { escapeToken, pointerTokens } from "./json-positions.js";
import { finding } from "./rules.js";
import { type SchemaName, type SchemaViolation, schemaViolations } from "./schema.js";
import type { ValidationFinding } from "./types.js";

const CODES: Readonly<Record<string, string>> = {
  required: "schema/required",
  additionalProperties: "schema/unknown-member",
  unevaluatedProperties: "schema/unknown-member",
  type: "schema/type",
  enum: "schema/enum",
  const: "schema/enum",
  format: "schema/format",
  pattern: "schema/pattern",
  minItems: "schema/count",
  maxItems: "schema/count",
  minLength: "schema/count",
  maxLength: "schema/count",
  uniqueItems: "schema/count",
  minProperties: "schema/count",
  oneOf: "schema/no-matching-form",
  anyOf: "schema/no-matching-form",
};

const depth = (pointer: string): number => (pointer === "" ? 0 : pointer.split("/").length - 1);
const under = (pointer: string, parent: string): boolean =>
  pointer === parent || pointer.startsWith(`${parent}/`);

function subject(pointer: string): string {
  const t = pointerTokens(pointer);
  if (t.length === 0) return "the document";
  const last = t[t.length - 1]!;
  return /^\d+$/.test(last) && t.length > 1 ? `${t[t.length - 2]}[${last}]` : JSON.stringify(last);
}

function toFinding(v: SchemaViolation, detail?: string): ValidationFinding {
  const code = CODES[v.keyword] ?? "schema/other";
  let path = v.pointer;
  let message: string;
  if (v.keyword === "additionalProperties" || v.keyword === "unevaluatedProperties") {
    const member = String(v.params.additionalProperty ?? v.params.unevaluatedProperty);
    path = `${v.pointer}/${escapeToken(member)}`;
    message = `${subject(v.pointer)} has member ${JSON.stringify(member)}, which the schema does not define`;
  } else if (v.keyword === "required")
    message = `${subject(v.pointer)} is missing the required member ${JSON.stringify(String(v.params.missingProperty))}`;
  else if (v.keyword === "oneOf" || v.keyword === "anyOf")
    message =
      v.params.passingSchemas !== undefined && v.params.passingSchemas !== null
        ? `${subject(v.pointer)} matches more than one of the forms the schema allows`
        : `${subject(v.pointer)} matches none of the forms the schema allows${detail ? ` (${detail})` : ""}`;
  else if (v.keyword === "pattern")
    message = `${subject(v.pointer)} must match the pattern ${String(v.params.pattern)}`;
  else message = `${subject(v.pointer)} ${v.message}`;
  return finding(code, path, message);
}

/**
 * Layer-1 findings of a parsed document against an official schema.
 * @example schemaFindings("spdx-2.3", {})[0].code // "schema/required"
 */
export function schemaFindings(name: SchemaName, value: unknown): ValidationFinding[] {
  const all = schemaViolations(name, value);
  const combos = all
    .filter((v) => v.keyword === "oneOf" || v.keyword === "anyOf")
    .sort((a, b) => depth(a.pointer) - depth(b.pointer));
  const absorbed = new Set<SchemaViolation>();
  const out: ValidationFinding[] = [];
  for (const combo of combos) {
    if (absorbed.has(combo)) continue;
    const inside = all.filter((v) => v !== combo && !absorbed.has(v) && under(v.pointer, combo.pointer));
    for (const v of inside) absorbed.add(v);
    const plain = inside.filter((v) => v.keyword !== "oneOf" && v.keyword !== "anyOf");
    const deepest = Math.max(-1, ...plain.map((v) => depth(v.pointer)));
    if (deepest > depth(combo.pointer)) {
      for (const v of plain.filter((x) => depth(x.pointer) === deepest)) out.push(toFinding(v));
    } else {
      const sample = plain[0];
      out.push(toFinding(combo, sample ? `${subject(sample.pointer)} ${sample.message}` : undefined));
    }
    absorbed.add(combo);
  }
  for (const v of all) if (!absorbed.has(v)) out.push(toFinding(v));
  // One finding per place and problem.
  const seen = new Set<string>();
  return out.filter((f) => {
    const key = `${f.code}\u0000${f.path}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
