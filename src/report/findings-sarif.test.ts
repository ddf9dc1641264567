// SARIF output checked against the parts of the official SARIF 2.1.0 JSON schema (OASIS,
// sarif-schema-2.1.0.json) that pysbom writes: sarifLog, run, tool, toolComponent, reportingDescriptor,
// reportingConfiguration, multiformatMessageString, result, location, physicalLocation, artifactLocation,
// region, logicalLocation, artifact, invocation, notification, message — with their required members,
// enums, minimums and uniqueItems as the official schema has them, and additionalProperties false.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedDir } from "../core/test-helpers/vectors.js";
import { type ValidationOutcome, validateSbom } from "../validate/index.js";
import { fileUri, renderFindingsSarif } from "./findings-sarif.js";

const require = createRequire(import.meta.url);
type Ajv = { compile(s: unknown): ((v: unknown) => boolean) & { errors?: unknown } };
const AjvCtor = (require("ajv") as { default: new (o: unknown) => Ajv }).default;
const ajv = new AjvCtor({ strict: false, allErrors: true });
(require("ajv-formats") as { default: (a: unknown) => void }).default(ajv);

const bag = { type: "object" };
const message = {
  type: "object",
  additionalProperties: false,
  properties: {
    text: { type: "string" },
    markdown: { type: "string" },
    id: { type: "string" },
    arguments: { type: "array" },
    properties: bag,
  },
  anyOf: [{ required: ["text"] }, { required: ["id"] }],
};
const mfms = {
  type: "object",
  additionalProperties: false,
  properties: { text: { type: "string" }, markdown: { type: "string" }, properties: bag },
  required: ["text"],
};
const artifactLocation = {
  type: "object",
  additionalProperties: false,
  properties: {
    uri: { type: "string", format: "uri-reference" },
    uriBaseId: { type: "string" },
    index: { type: "integer", minimum: -1 },
    description: message,
    properties: bag,
  },
};
const region = {
  type: "object",
  additionalProperties: false,
  properties: {
    startLine: { type: "integer", minimum: 1 },
    startColumn: { type: "integer", minimum: 1 },
    endLine: { type: "integer", minimum: 1 },
    endColumn: { type: "integer", minimum: 1 },
    charOffset: { type: "integer", minimum: -1 },
    charLength: { type: "integer", minimum: 0 },
    message,
    properties: bag,
  },
};
const physicalLocation = {
  type: "object",
  additionalProperties: false,
  properties: { artifactLocation, region, contextRegion: region, properties: bag },
  anyOf: [{ required: ["address"] }, { required: ["artifactLocation"] }],
};
const logicalLocation = {
  type: "object",
  additionalProperties: false,
  properties: {
    name: { type: "string" },
    index: { type: "integer", minimum: -1 },
    fullyQualifiedName: { type: "string" },
    decoratedName: { type: "string" },
    parentIndex: { type: "integer", minimum: -1 },
    kind: { type: "string" },
    properties: bag,
  },
};
const location = {
  type: "object",
  additionalProperties: false,
  properties: {
    id: { type: "integer", minimum: -1 },
    physicalLocation,
    logicalLocations: { type: "array", uniqueItems: true, items: logicalLocation },
    message,
    properties: bag,
  },
};
const level = { enum: ["none", "note", "warning", "error"] };
const reportingDescriptor = {
  type: "object",
  additionalProperties: false,
  properties: {
    id: { type: "string" },
    name: { type: "string" },
    shortDescription: mfms,
    fullDescription: mfms,
    help: mfms,
    helpUri: { type: "string", format: "uri" },
    defaultConfiguration: {
      type: "object",
      additionalProperties: false,
      properties: {
        enabled: { type: "boolean" },
        level,
        rank: { type: "number", minimum: -1, maximum: 100 },
        parameters: bag,
        properties: bag,
      },
    },
    properties: bag,
  },
  required: ["id"],
};
const SARIF_SUBSET = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  additionalProperties: false,
  required: ["version", "runs"],
  properties: {
    $schema: { type: "string", format: "uri" },
    version: { enum: ["2.1.0"] },
    runs: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["tool"],
        properties: {
          tool: {
            type: "object",
            additionalProperties: false,
            required: ["driver"],
            properties: {
              driver: {
                type: "object",
                additionalProperties: false,
                required: ["name"],
                properties: {
                  name: { type: "string" },
                  version: { type: "string" },
                  semanticVersion: { type: "string" },
                  informationUri: { type: "string", format: "uri" },
                  rules: { type: "array", uniqueItems: true, items: reportingDescriptor },
                  properties: bag,
                },
              },
              properties: bag,
            },
          },
          invocations: {
            type: "array",
            items: {
              type: "object",
              additionalProperties: false,
              required: ["executionSuccessful"],
              properties: {
                executionSuccessful: { type: "boolean" },
                exitCode: { type: "integer" },
                toolExecutionNotifications: {
                  type: "array",
                  items: {
                    type: "object",
                    additionalProperties: false,
                    required: ["message"],
                    properties: {
                      locations: { type: "array", uniqueItems: true, items: location },
                      message,
                      level,
                      properties: bag,
                    },
                  },
                },
                properties: bag,
              },
            },
          },
          artifacts: {
            type: "array",
            uniqueItems: true,
            items: {
              type: "object",
              additionalProperties: false,
              properties: {
                location: artifactLocation,
                roles: {
                  type: "array",
                  uniqueItems: true,
                  items: { enum: ["analysisTarget", "attachment", "resultFile", "referencedOnCommandLine"] },
                },
                properties: bag,
              },
            },
          },
          columnKind: { enum: ["utf16CodeUnits", "unicodeCodePoints"] },
          results: {
            type: "array",
            items: {
              type: "object",
              additionalProperties: false,
              required: ["message"],
              properties: {
                ruleId: { type: "string" },
                ruleIndex: { type: "integer", minimum: -1 },
                kind: { enum: ["notApplicable", "pass", "fail", "review", "open", "informational"] },
                level,
                message,
                locations: { type: "array", items: location },
                properties: bag,
              },
            },
          },
          properties: bag,
        },
      },
    },
  },
};
const validateSarif = ajv.compile(SARIF_SUBSET);

const realDir = join(sharedDir, "fixtures/cpython/real-2024-04-02");
const outcomes: ValidationOutcome[] = [
  validateSbom(readFileSync(join(realDir, "externals.spdx.json"), "utf8"), {
    file: "fixtures/externals.spdx.json",
    profiles: ["ntia", "cisa-2025", "bsi-tr-03183-2"],
  }),
  validateSbom(readFileSync(join(realDir, "release-python-3.13.0a5-amd64.exe.spdx.json"), "utf8"), {
    file: "release exe.spdx.json",
    profiles: ["ntia"],
  }),
  {
    file: "broken.json",
    error: { code: "INVALID_JSON", message: "broken.json:1:2: invalid JSON", line: 1, column: 2 },
  },
  {
    file: "broken.json",
    error: { code: "INVALID_JSON", message: "broken.json:1:2: invalid JSON", line: 1, column: 2 },
  },
];

describe("SARIF 2.1.0 output", () => {
  const log = JSON.parse(renderFindingsSarif(outcomes, { version: "0.1.0" }));

  it("is valid against the SARIF 2.1.0 schema's definitions for what it uses", () => {
    const ok = validateSarif(log);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("has one result per finding, with rule, level, line and pointer", () => {
    const run = log.runs[0];
    const report = outcomes[0] as Exclude<ValidationOutcome, { error: unknown }>;
    const fromFirst = run.results.filter(
      (r: { locations: { physicalLocation: { artifactLocation: { index: number } } }[] }) =>
        r.locations[0]!.physicalLocation.artifactLocation.index === 0,
    );
    expect(fromFirst.length).toBe(report.findings.length);
    const r = fromFirst.find((x: { ruleId: string }) => x.ruleId === "ntia/missing-supplier");
    expect(run.tool.driver.rules[r.ruleIndex].id).toBe("ntia/missing-supplier");
    expect(r.level).toBe("error");
    expect(r.locations[0].physicalLocation.region.startLine).toBeGreaterThan(1);
    expect(r.locations[0].logicalLocations[0].fullyQualifiedName).toMatch(/^\/packages\/\d+$/);
    expect(r.properties.component).toBeTruthy();
    const warning = run.results.find((x: { ruleId: string }) => x.ruleId === "ntia/unrelated-component");
    expect(warning.level).toBe("warning");
  });

  it("lists each rule once, and unreadable inputs as tool notifications", () => {
    const run = log.runs[0];
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications).toHaveLength(2);
    expect(run.artifacts.map((a: { location: { uri: string } }) => a.location.uri)).toEqual([
      "fixtures/externals.spdx.json",
      "release%20exe.spdx.json",
      "broken.json",
    ]);
  });

  it("percent-encodes file names into URI references", () => {
    expect(fileUri("/tmp/a b/ü#1.json")).toBe("/tmp/a%20b/%C3%BC%231.json");
  });
});
