// Format registry: detect an SBOM's format, decode any supported input, encode to a named output format.
import { PysbomError } from "../errors.js";
import type { Document } from "../model/index.js";
import { fromCycloneDxObject } from "./cyclonedx/decode.js";
import { type CycloneDxVersion, decodeCycloneDxJson, encodeCycloneDxJson } from "./cyclonedx/index.js";
import { parseJson } from "./json.js";
import {
  type DecodeResult,
  decodeSpdxTagValue,
  encodeSpdxJson,
  encodeSpdxTagValue,
  fromSpdxShape,
} from "./spdx-2.3/index.js";

export * from "./cyclonedx/index.js";
export { checkDepth, decodeUtf8, JsonReader, lineColumnAt, parseJson } from "./json.js";
export * from "./spdx-2.3/index.js";

/** The SBOM formats pysbom can write (`-o` names, syft style). */
export const SBOM_FORMATS = [
  "spdx-json",
  "spdx-tag-value",
  "cyclonedx-json",
  "cyclonedx-json@1.5",
  "cyclonedx-json@1.6",
  "cyclonedx-json@1.7",
  "spdx-json@2.2",
  "spdx-json@2.3",
  "spdx-tag-value@2.2",
  "spdx-tag-value@2.3",
] as const;
export type SbomFormat = (typeof SBOM_FORMATS)[number];

/** What an input document is. */
export type DetectedFormat = "spdx-json" | "spdx-tag-value" | "cyclonedx-json";

/** True when `name` is one of {@link SBOM_FORMATS}. */
export function isSbomFormat(name: string): name is SbomFormat {
  return (SBOM_FORMATS as readonly string[]).includes(name);
}

/**
 * Encodes a document in the named format.
 * @example encodeSbom(doc, "cyclonedx-json@1.6").text
 */
export function encodeSbom(doc: Document, format: SbomFormat): { text: string; warnings: readonly string[] } {
  const [base, version] = format.split("@") as [string, string | undefined];
  switch (base) {
    case "spdx-json":
      return encodeSpdxJson(doc, { spdxVersion: version === "2.2" ? "SPDX-2.2" : "SPDX-2.3" });
    case "spdx-tag-value":
      return encodeSpdxTagValue(doc, { spdxVersion: version === "2.2" ? "SPDX-2.2" : "SPDX-2.3" });
    default:
      return encodeCycloneDxJson(doc, { specVersion: (version ?? "1.6") as CycloneDxVersion });
  }
}

/**
 * Detects the format of SBOM text: JSON with `spdxVersion` (SPDX), JSON with `bomFormat: "CycloneDX"`, or
 * tag-value with an `SPDXVersion:` line. Throws `UNSUPPORTED_FORMAT` otherwise.
 */
export function detectFormat(text: string, file?: string): DetectedFormat {
  const head = text.trimStart();
  if (head.startsWith("{")) {
    // Cheap look at the leading bytes first; the decoders check for real.
    if (/"bomFormat"\s*:\s*"CycloneDX"/.test(text.slice(0, 65536))) return "cyclonedx-json";
    if (/"spdxVersion"\s*:/.test(text.slice(0, 65536))) return "spdx-json";
    return "spdx-json";
  }
  if (/^\s*SPDXVersion\s*:/m.test(text.slice(0, 65536))) return "spdx-tag-value";
  throw new PysbomError(
    "UNSUPPORTED_FORMAT",
    `${file ?? "input"}: not an SPDX (JSON or tag-value) or CycloneDX (JSON) document`,
    { location: file === undefined ? undefined : { file } },
  );
}

/**
 * Decodes any supported SBOM text into the model (format auto-detected).
 * @example decodeSbom(readFileSync("bom.json", "utf8"), { file: "bom.json" }).document
 */
export function decodeSbom(
  text: string,
  options: { file?: string | undefined; lenient?: boolean | undefined } = {},
): DecodeResult & { format: DetectedFormat } {
  const format = detectFormat(text, options.file);
  if (format === "spdx-tag-value") return { ...decodeSpdxTagValue(text, options), format };
  const value = parseJson(text, options.file);
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    if (o.bomFormat === "CycloneDX")
      return { ...fromCycloneDxObject(value, options), format: "cyclonedx-json" };
    if ("spdxVersion" in o) return { ...fromSpdxShape(value, options), format: "spdx-json" };
  }
  throw new PysbomError(
    "UNSUPPORTED_FORMAT",
    `${options.file ?? "input"}: JSON, but neither SPDX (no "spdxVersion") nor CycloneDX (no "bomFormat": "CycloneDX")`,
    { location: { file: options.file, pointer: "" } },
  );
}

export { decodeCycloneDxJson };
