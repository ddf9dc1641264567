// SPDX 2.3 codecs: JSON and tag-value, both through the JSON shape (see from-model.ts and to-model.ts).
import type { Document } from "../../model/index.js";
import { parseJson } from "../json.js";
import { type SpdxEncodeOptions, toSpdxShape } from "./from-model.js";
import { parseTagValue, renderTagValue } from "./tag-value.js";
import { type DecodeResult, fromSpdxShape, type SpdxDecodeOptions } from "./to-model.js";

export { allocateSpdxIds, NAMESPACE_PREFIX, type SpdxEncodeOptions, toSpdxShape } from "./from-model.js";
export type { SpdxDocumentJson } from "./json-shape.js";
export { parseTagValue, renderTagValue } from "./tag-value.js";
export {
  type DecodeResult,
  fromSpdxShape,
  type SpdxDecodeOptions,
  SUPPORTED_SPDX_VERSIONS,
} from "./to-model.js";

/** Encoded text plus anything the target format could not express. */
export interface EncodeResult {
  readonly text: string;
  readonly warnings: readonly string[];
}

/**
 * Encodes a document as SPDX 2.3 JSON (2-space indent, trailing newline).
 * @example encodeSpdxJson(doc).text.startsWith('{\n  "spdxVersion": "SPDX-2.3"') // true
 */
export function encodeSpdxJson(doc: Document, options?: SpdxEncodeOptions): EncodeResult {
  const { json, warnings } = toSpdxShape(doc, options);
  return { text: `${JSON.stringify(json, null, 2)}\n`, warnings };
}

/**
 * Encodes a document as SPDX 2.3 tag-value.
 * @example encodeSpdxTagValue(doc).text.startsWith("SPDXVersion: SPDX-2.3") // true
 */
export function encodeSpdxTagValue(doc: Document, options?: SpdxEncodeOptions): EncodeResult {
  const shape = toSpdxShape(doc, options);
  const { text, warnings } = renderTagValue(shape.json);
  return { text, warnings: [...shape.warnings, ...warnings] };
}

/**
 * Decodes SPDX 2.2/2.3 JSON text.
 * @example decodeSpdxJson(text, { file: "sbom.spdx.json" }).document
 */
export function decodeSpdxJson(text: string, options: SpdxDecodeOptions = {}): DecodeResult {
  return fromSpdxShape(parseJson(text, options.file), options);
}

/**
 * Decodes SPDX 2.2/2.3 tag-value text.
 * @example decodeSpdxTagValue("SPDXVersion: SPDX-2.3\n…").document
 */
export function decodeSpdxTagValue(text: string, options: SpdxDecodeOptions = {}): DecodeResult {
  const { json, warnings } = parseTagValue(text, options.file);
  const result = fromSpdxShape(json, options);
  return { document: result.document, warnings: [...warnings, ...result.warnings] };
}
