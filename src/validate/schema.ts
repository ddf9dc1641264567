// Layer 1 of validation: the official JSON schemas (SPDX 2.3, draft 2019-09; SPDX 2.2, draft-07, in
// spdx-2.2-schema.ts; CycloneDX 1.5-1.7, draft-07, with their spdx/jsf/cryptography sub-schemas; OSV, draft
// 2020-12), vendored in `schemas/` and compiled once per process. Formats include the draft 2019 ones
// (iri-reference, idn-email) CycloneDX relies on.
import { createRequire } from "node:module";
import type { ErrorObject, ValidateFunction } from "ajv";
import { SPDX_22_SCHEMA } from "./spdx-2.2-schema.js";

const require = createRequire(import.meta.url);

/** Schemas pysbom validates against. */
export type SchemaName =
  | "spdx-2.2"
  | "spdx-2.3"
  | "cyclonedx-1.5"
  | "cyclonedx-1.6"
  | "cyclonedx-1.7"
  | "osv";

/** One schema violation: where (JSON pointer) and what. */
export interface SchemaError {
  readonly pointer: string;
  readonly message: string;
  readonly keyword: string;
}

const compiled = new Map<SchemaName, ValidateFunction>();

function loadSchema(rel: string): Record<string, unknown> {
  return withLinearUniqueItems(require(`../../schemas/${rel}`)) as Record<string, unknown>;
}

type AjvCtor = new (
  opts: Record<string, unknown>,
) => {
  addSchema(schema: unknown): unknown;
  addKeyword(definition: Record<string, unknown>): unknown;
  compile(schema: unknown): ValidateFunction;
};

/** JSON text with object members sorted: equal for the values JSON Schema's uniqueItems calls equal. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
}

// ajv checks `uniqueItems` by comparing every pair of items: 5,000 CycloneDX components take seconds. This
// keyword gives the same answer (and the same error) in linear time, by hashing each item's canonical JSON.
const LINEAR_UNIQUE_ITEMS = "pysbomUniqueItems";

function linearUniqueItems(schema: boolean, data: unknown): boolean {
  const self = linearUniqueItems as unknown as { errors?: unknown[] | null };
  self.errors = null;
  if (!schema || !Array.isArray(data)) return true;
  if (distinctByOneMember(data)) return true;
  const seen = new Map<string, number>();
  for (let i = 0; i < data.length; i++) {
    const key = canonicalJson(data[i]);
    const j = seen.get(key);
    if (j !== undefined) {
      self.errors = [
        {
          keyword: "uniqueItems",
          message: `must NOT have duplicate items (items ## ${j} and ${i} are identical)`,
          params: { i: j, j: i },
        },
      ];
      return false;
    }
    seen.set(key, i);
  }
  return true;
}

/**
 * True when every item is an object and some member holds a string or number that differs between all of
 * them (a bom-ref, a ref, a name…): then no two items can be equal, without serialising any of them.
 */
function distinctByOneMember(items: readonly unknown[]): boolean {
  const first = items[0];
  if (items.length < 2 || first === null || typeof first !== "object" || Array.isArray(first))
    return items.length < 2;
  for (const key of Object.keys(first)) {
    const seen = new Set<unknown>();
    let ok = true;
    for (const item of items) {
      const v =
        item !== null && typeof item === "object" && !Array.isArray(item)
          ? (item as Record<string, unknown>)[key]
          : undefined;
      if ((typeof v !== "string" && typeof v !== "number") || seen.has(v)) {
        ok = false;
        break;
      }
      seen.add(v);
    }
    if (ok) return true;
  }
  return false;
}

/** A copy of a schema whose `uniqueItems: true` are checked by {@link linearUniqueItems}. */
function withLinearUniqueItems(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withLinearUniqueItems);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === "uniqueItems" && v === true) out[LINEAR_UNIQUE_ITEMS] = true;
    else out[k] = withLinearUniqueItems(v);
  }
  return out;
}

function makeAjv(ctorPath: string): InstanceType<AjvCtor> {
  const mod = require(ctorPath) as { default: AjvCtor };
  const ajv = new mod.default({ strict: false, allErrors: true, validateFormats: true });
  (require("ajv-formats") as { default: (a: unknown) => void }).default(ajv);
  (require("ajv-formats-draft2019") as (a: unknown) => void)(ajv);
  ajv.addKeyword({
    keyword: LINEAR_UNIQUE_ITEMS,
    type: "array",
    schemaType: "boolean",
    errors: true,
    validate: linearUniqueItems,
  });
  return ajv;
}

function compile(name: SchemaName): ValidateFunction {
  const have = compiled.get(name);
  if (have) return have;
  let fn: ValidateFunction;
  if (name === "spdx-2.3") {
    fn = makeAjv("ajv/dist/2019").compile(loadSchema("spdx/spdx-2.3.schema.json"));
  } else if (name === "spdx-2.2") {
    fn = makeAjv("ajv").compile(SPDX_22_SCHEMA as unknown as Record<string, unknown>);
  } else if (name === "osv") {
    fn = makeAjv("ajv/dist/2020").compile(loadSchema("osv/osv-schema.json"));
  } else {
    const ajv = makeAjv("ajv");
    ajv.addSchema(loadSchema("cyclonedx/spdx.schema.json"));
    ajv.addSchema(loadSchema("cyclonedx/jsf-0.82.schema.json"));
    if (name === "cyclonedx-1.7") ajv.addSchema(loadSchema("cyclonedx/cryptography-defs.schema.json"));
    fn = ajv.compile(loadSchema(`cyclonedx/bom-${name.slice("cyclonedx-".length)}.schema.json`));
  }
  compiled.set(name, fn);
  return fn;
}

function toError(e: ErrorObject): SchemaError {
  let message = e.message ?? "is invalid";
  const p = e.params as Record<string, unknown>;
  if (e.keyword === "additionalProperties") message = `has unknown member "${String(p.additionalProperty)}"`;
  else if (e.keyword === "required") message = `is missing required member "${String(p.missingProperty)}"`;
  else if (e.keyword === "enum")
    message = `must be one of ${(p.allowedValues as unknown[])
      .slice(0, 12)
      .map((v) => JSON.stringify(v))
      .join(", ")}${(p.allowedValues as unknown[]).length > 12 ? ", …" : ""}`;
  return { pointer: e.instancePath, message, keyword: e.keyword };
}

/**
 * Validates a parsed document against an official schema; returns the violations (empty when valid).
 * @example validateSchema("cyclonedx-1.6", JSON.parse(text)) // []
 */
export function validateSchema(name: SchemaName, value: unknown): SchemaError[] {
  const fn = compile(name);
  if (fn(value)) return [];
  return (fn.errors ?? []).map(toError);
}

/** A raw schema violation: ajv's keyword, schema path and parameters, for callers that map them further. */
export interface SchemaViolation extends SchemaError {
  readonly schemaPath: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/**
 * Like {@link validateSchema}, with each violation's schema path and keyword parameters.
 * @example schemaViolations("spdx-2.3", {})[0].params // { missingProperty: "SPDXID" }
 */
export function schemaViolations(name: SchemaName, value: unknown): SchemaViolation[] {
  const fn = compile(name);
  if (fn(value)) return [];
  return (fn.errors ?? []).map((e) => ({
    ...toError(e),
    schemaPath: e.schemaPath,
    params: e.params as Record<string, unknown>,
  }));
}

/**
 * Compiles the named schemas now (each is compiled once per process anyway), so a caller can keep the
 * compile time out of a measurement.
 */
export function precompileSchemas(names: readonly SchemaName[]): void {
  for (const n of names) compile(n);
}
