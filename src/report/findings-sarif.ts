// `validate -o sarif`: validation outcomes as one SARIF 2.1.0 run (OASIS SARIF v2.1.0: §3.13 sarifLog,
// §3.14 run, §3.19 toolComponent, §3.49 reportingDescriptor, §3.27 result, §3.28 location, §3.30 region
// with utf16CodeUnits columns, §3.33 logicalLocation for the JSON pointer, §3.20 invocation with
// toolExecutionNotifications for documents that could not be read).
import { isValidationFailure, RULES, type ValidationOutcome } from "../validate/index.js";

/** The SARIF 2.1.0 schema URI written into `$schema`. */
export const SARIF_SCHEMA_URI =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json";

const LEVEL = { error: "error", warning: "warning", info: "note" } as const;

/** A relative or absolute file name as a URI reference (RFC 3986): each path segment percent-encoded. */
export function fileUri(file: string): string {
  return file
    .split("/")
    .map((seg) => encodeURIComponent(seg))
    .join("/");
}

/**
 * Renders outcomes as a SARIF 2.1.0 log with one run; rules are the codes that occur, with their clause,
 * summary and fix hint.
 * @example JSON.parse(renderFindingsSarif([report], { version: "0.1.0" })).version // "2.1.0"
 */
export function renderFindingsSarif(
  outcomes: readonly ValidationOutcome[],
  options: { version: string },
): string {
  const used = new Map<string, number>();
  const rules: Record<string, unknown>[] = [];
  const results: Record<string, unknown>[] = [];
  const notifications: Record<string, unknown>[] = [];
  const artifacts: Record<string, unknown>[] = [];
  const artifactIndexes = new Map<string, number>();
  for (const o of outcomes) {
    const uri = fileUri(o.file);
    // run.artifacts items are unique (the same file named twice is one artifact).
    let artifactIndex = artifactIndexes.get(uri);
    if (artifactIndex === undefined) {
      artifactIndex = artifacts.length;
      artifactIndexes.set(uri, artifactIndex);
      artifacts.push({ location: { uri }, roles: ["analysisTarget"] });
    }
    if (isValidationFailure(o)) {
      const physical: Record<string, unknown> = { artifactLocation: { uri, index: artifactIndex } };
      if (o.error.line !== undefined)
        physical.region = {
          startLine: o.error.line,
          ...(o.error.column ? { startColumn: o.error.column } : {}),
        };
      notifications.push({
        level: "error",
        message: { text: o.error.message },
        locations: [{ physicalLocation: physical }],
        properties: { code: o.error.code },
      });
      continue;
    }
    for (const f of o.findings) {
      let ruleIndex = used.get(f.code);
      if (ruleIndex === undefined) {
        const r = RULES.get(f.code);
        ruleIndex = rules.length;
        used.set(f.code, ruleIndex);
        const rule: Record<string, unknown> = { id: f.code };
        if (r) {
          rule.shortDescription = { text: r.summary };
          rule.fullDescription = { text: `${r.summary} (${r.clause})` };
          rule.help = { text: r.hint };
          rule.defaultConfiguration = { level: LEVEL[r.severity] };
          rule.properties = r.profile
            ? { layer: r.layer, profile: r.profile, clause: r.clause }
            : { layer: r.layer, clause: r.clause };
        }
        rules.push(rule);
      }
      const physical: Record<string, unknown> = { artifactLocation: { uri, index: artifactIndex } };
      if (f.line !== undefined)
        physical.region = { startLine: f.line, ...(f.column !== undefined ? { startColumn: f.column } : {}) };
      const logical: Record<string, unknown> = {
        fullyQualifiedName: f.path === "" ? "/" : f.path,
        kind: "member",
      };
      if (f.component !== undefined) logical.name = f.component;
      const properties: Record<string, unknown> = { pointer: f.path, layer: f.layer };
      if (f.component !== undefined) properties.component = f.component;
      if (f.profile !== undefined) properties.profile = f.profile;
      results.push({
        ruleId: f.code,
        ruleIndex,
        level: LEVEL[f.severity],
        message: { text: f.hint ? `${f.message}. Fix: ${f.hint}` : f.message },
        locations: [{ physicalLocation: physical, logicalLocations: [logical] }],
        properties,
      });
    }
  }
  const invocation: Record<string, unknown> = { executionSuccessful: notifications.length === 0 };
  if (notifications.length > 0) invocation.toolExecutionNotifications = notifications;
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: { name: "pysbom", version: options.version, semanticVersion: options.version, rules },
        },
        invocations: [invocation],
        artifacts,
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
