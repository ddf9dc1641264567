// `validate`: SPDX 2.2/2.3 (JSON, tag-value) and CycloneDX 1.4-1.7 (JSON) documents through three layers —
// the official schema, the specifications' semantic rules, and conformance profiles (NTIA 2021, CISA 2025
// draft, BSI TR-03183-2 v2.1.0) — on the raw input, so that documents the decoders reject (duplicate ids,
// dangling references, duplicate keys) are reported as findings with a JSON pointer and a line.
import { PysbomError } from "../errors.js";
import { parseJson } from "../formats/json.js";
import { parseTagValue } from "../formats/spdx-2.3/tag-value.js";
import { isObject, stringOf } from "./checks.js";
import { cdxElements, cdxName, cyclonedxSemanticFindings } from "./cyclonedx-rules.js";
import { findDuplicateKeys, LineIndex, locatePointers } from "./json-positions.js";
import { profileFindings } from "./profiles.js";
import { finding } from "./rules.js";
import { precompileSchemas, type SchemaName } from "./schema.js";
import { schemaFindings } from "./schema-layer.js";
import { qualityScore } from "./score.js";
import { spdxSemanticFindings } from "./spdx-rules.js";
import { TagValueIndex } from "./tag-value-positions.js";
import type {
  FindingCounts,
  InputFormat,
  ProfileName,
  ValidationFinding,
  ValidationReport,
} from "./types.js";
import { cyclonedxView, type DocumentView, spdxView } from "./view.js";

export { finding, RULES, type Rule, ruleFor } from "./rules.js";
export type * from "./types.js";
export { isProfileName, isValidationFailure, PROFILES } from "./types.js";

type Obj = Record<string, unknown>;

/** Options of {@link validateSbom}. */
export interface ValidateOptions {
  /** The name findings and errors use for the document (a path, or `-`). */
  readonly file?: string | undefined;
  /** Conformance profiles to check (layer 3); none by default. */
  readonly profiles?: readonly ProfileName[] | undefined;
}

const SPDX_VERSIONS: Readonly<Record<string, SchemaName>> = {
  "SPDX-2.2": "spdx-2.2",
  "SPDX-2.3": "spdx-2.3",
};
const CDX_VERSIONS: Readonly<Record<string, SchemaName>> = {
  "1.4": "cyclonedx-1.5",
  "1.5": "cyclonedx-1.5",
  "1.6": "cyclonedx-1.6",
  "1.7": "cyclonedx-1.7",
};
const CDX_14_SCHEMA_URL = "http://cyclonedx.org/schema/bom-1.4.schema.json";

/** Compiles every schema validate uses (they are compiled once per process in any case). */
export function precompileValidationSchemas(): void {
  precompileSchemas([...new Set([...Object.values(SPDX_VERSIONS), ...Object.values(CDX_VERSIONS)])]);
}

interface Parsed {
  readonly format: InputFormat;
  readonly value: Obj;
  readonly specVersion: string;
  readonly findings: ValidationFinding[];
  /** Maps the findings' pointers to lines and columns. */
  readonly locate: (pointers: string[]) => Map<string, { line: number; column: number }>;
}

function unsupported(file: string, message: string): PysbomError {
  return new PysbomError("UNSUPPORTED_FORMAT", `${file}: ${message}`, { location: { file } });
}

function parseJsonInput(text: string, file: string): Parsed {
  const value = parseJson(text, file);
  if (!isObject(value)) throw unsupported(file, "JSON, but not an object: neither SPDX nor CycloneDX");
  const findings: ValidationFinding[] = [];
  const duplicates = findDuplicateKeys(text);
  for (const d of duplicates)
    findings.push(
      finding(
        "json/duplicate-key",
        d.pointer,
        `member ${JSON.stringify(d.key)} appears more than once in this object; JSON.parse keeps the last one`,
      ),
    );
  const locate = (pointers: string[]) => {
    const out = new Map<string, { line: number; column: number }>();
    if (pointers.length === 0) return out;
    const lines = new LineIndex(text);
    const offsets = locatePointers(text, pointers);
    // A duplicate's pointer also names the first occurrence; point at the repeated one.
    for (const d of duplicates) offsets.set(d.pointer, d.offset);
    for (const [p, offset] of offsets) {
      const { line, column } = lines.position(offset);
      out.set(p, { line, column });
    }
    return out;
  };
  const bomFormat = value.bomFormat;
  if (typeof bomFormat === "string" && bomFormat.toLowerCase() === "cyclonedx") {
    const v = value.specVersion;
    if (typeof v !== "string" || !Object.hasOwn(CDX_VERSIONS, v))
      throw new PysbomError(
        "UNSUPPORTED_VERSION",
        `${file} at /specVersion: unsupported CycloneDX version ${JSON.stringify(v)} (supported: ${Object.keys(CDX_VERSIONS).join(", ")})`,
        { location: { file, pointer: "/specVersion" } },
      );
    return { format: "cyclonedx-json", value, specVersion: v, findings, locate };
  }
  if ("spdxVersion" in value) {
    const v = value.spdxVersion;
    if (typeof v !== "string" || !Object.hasOwn(SPDX_VERSIONS, v))
      throw new PysbomError(
        "UNSUPPORTED_VERSION",
        `${file} at /spdxVersion: unsupported SPDX version ${JSON.stringify(v)} (supported: ${Object.keys(SPDX_VERSIONS).join(", ")})`,
        { location: { file, pointer: "/spdxVersion" } },
      );
    return { format: "spdx-json", value, specVersion: v, findings, locate };
  }
  throw unsupported(
    file,
    'JSON, but neither SPDX (no "spdxVersion") nor CycloneDX (no "bomFormat": "CycloneDX")',
  );
}

function parseTagValueInput(text: string, file: string): Parsed {
  // The line index is built only when something needs a line (it costs as much as parsing).
  let index: TagValueIndex | undefined;
  const getIndex = () => {
    index ??= new TagValueIndex(text);
    return index;
  };
  const findings: ValidationFinding[] = [];
  const dangling = /^\s*SPDXREF\s*:/m.test(text) ? getIndex().danglingAnnotations() : [];
  let input = text;
  if (dangling.length > 0) {
    // The parser rejects an annotation on an unknown element outright; report it and read the annotation
    // as the document's (by dropping its SPDXREF line), so the other layers still run.
    const lines = text.split(/\r?\n/);
    for (const d of dangling) {
      lines[d.line - 1] = "";
      findings.push({
        ...finding(
          "spdx/dangling-ref",
          `/annotations/${d.documentIndex}`,
          `annotation on ${JSON.stringify(d.ref)}, which is not a package or file of this document`,
        ),
        line: d.line,
        column: 1,
      });
    }
    input = lines.join("\n");
  }
  const { json } = parseTagValue(input, file);
  const value = json as unknown as Obj;
  const v = value.spdxVersion;
  if (typeof v !== "string" || !Object.hasOwn(SPDX_VERSIONS, v))
    throw new PysbomError(
      "UNSUPPORTED_VERSION",
      `${file}: unsupported SPDX version ${JSON.stringify(v)} (supported: ${Object.keys(SPDX_VERSIONS).join(", ")})`,
      { location: { file } },
    );
  const relationships = Array.isArray(value.relationships) ? value.relationships : [];
  const locate = (pointers: string[]) =>
    new Map(pointers.map((p) => [p, { line: getIndex().lineOf(p, relationships), column: 1 }]));
  return { format: "spdx-tag-value", value, specVersion: v, findings, locate };
}

function parseInput(text: string, file: string): Parsed {
  const head = text.trimStart();
  if (head.startsWith("{") || head.startsWith("[")) return parseJsonInput(text, file);
  if (/^\s*SPDXVersion\s*:/m.test(text.slice(0, 65536))) return parseTagValueInput(text, file);
  throw unsupported(file, "not an SPDX (JSON or tag-value) or CycloneDX (JSON) document");
}

/** Names of the elements a pointer can be inside, for findings that do not name their component. */
function elementNames(parsed: Parsed): Map<string, string> {
  const names = new Map<string, string>();
  const v = parsed.value;
  if (parsed.format === "cyclonedx-json") {
    for (const el of cdxElements(v)) {
      const n = cdxName(el.obj);
      if (n !== undefined) names.set(el.pointer, n);
    }
  } else {
    for (const [kind, key] of [
      ["packages", "name"],
      ["files", "fileName"],
      ["snippets", "name"],
    ] as const) {
      const list = v[kind];
      if (!Array.isArray(list)) continue;
      list.forEach((el, i) => {
        if (!isObject(el)) return;
        const n = stringOf(el[key]) ?? stringOf(el.SPDXID);
        if (n !== undefined) names.set(`/${kind}/${i}`, n);
      });
    }
  }
  return names;
}

function componentOf(pointer: string, names: Map<string, string>): string | undefined {
  let at = pointer;
  while (at !== "") {
    const n = names.get(at);
    if (n !== undefined) return n;
    at = at.slice(0, at.lastIndexOf("/"));
  }
  return undefined;
}

function counts(findings: readonly ValidationFinding[]): FindingCounts {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    if (f.severity === "error") errors++;
    else if (f.severity === "warning") warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}

/**
 * Validates SBOM text (format and version detected) through the schema, semantic and profile layers.
 * Throws `PysbomError` only for input that cannot be read as a supported document: `INVALID_JSON`,
 * `LIMIT_EXCEEDED` (nesting), `UNSUPPORTED_FORMAT`, `UNSUPPORTED_VERSION`, `INVALID_DOCUMENT` (tag-value
 * syntax); everything else is a finding.
 * @example validateSbom(text, { file: "sbom.spdx.json", profiles: ["ntia"] }).valid // true
 */
export function validateSbom(text: string, options: ValidateOptions = {}): ValidationReport {
  const file = options.file ?? "input";
  const profiles = [...new Set(options.profiles ?? [])];
  const parsed = parseInput(text, file);
  const { value, specVersion } = parsed;
  const found: ValidationFinding[] = [...parsed.findings];
  let view: DocumentView;
  if (parsed.format === "cyclonedx-json") {
    let schemaInput: unknown = value;
    if (specVersion === "1.4") {
      found.push(
        finding(
          "schema/substitute-schema",
          "/specVersion",
          "CycloneDX 1.4 is checked against the 1.5 schema: members added after 1.4 are not reported",
        ),
      );
      if (value.$schema === CDX_14_SCHEMA_URL) {
        const { $schema: _, ...rest } = value;
        schemaInput = rest;
      }
    }
    found.push(...schemaFindings(CDX_VERSIONS[specVersion]!, schemaInput));
    found.push(...cyclonedxSemanticFindings(value));
    view = cyclonedxView(value, specVersion);
  } else {
    found.push(...schemaFindings(SPDX_VERSIONS[specVersion]!, value));
    found.push(...spdxSemanticFindings(value, specVersion));
    view = spdxView(value, specVersion);
  }
  const layer12 = [...found];
  for (const p of profiles) found.push(...profileFindings(p, view));

  const positions = parsed.locate([...new Set(found.filter((f) => f.line === undefined).map((f) => f.path))]);
  const names = elementNames(parsed);
  const findings = found
    .map((f): ValidationFinding => {
      const pos = f.line === undefined ? positions.get(f.path) : undefined;
      const component = f.component ?? componentOf(f.path, names);
      return {
        ...f,
        component,
        line: f.line ?? pos?.line,
        column: f.column ?? pos?.column,
      };
    })
    .sort(
      (a, b) =>
        (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) ||
        (a.column ?? 0) - (b.column ?? 0) ||
        (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
        (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
    );
  const c = counts(findings);
  const baseValid = !findings.some((f) => f.severity === "error" && f.layer !== "profile");
  const conformance: Partial<Record<ProfileName, boolean>> = {};
  for (const p of profiles)
    conformance[p] = baseValid && !findings.some((f) => f.severity === "error" && f.profile === p);
  return {
    file,
    format: parsed.format,
    specVersion,
    profiles,
    components: view.components.length,
    findings,
    counts: c,
    valid: c.errors === 0,
    conformance,
    score: qualityScore(view, layer12),
  };
}
