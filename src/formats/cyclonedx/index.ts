// CycloneDX JSON codecs (write 1.5/1.6/1.7, read 1.4-1.7).
export { type CycloneDxVersion, READABLE_CYCLONEDX_VERSIONS } from "./common.js";
export { type CycloneDxDecodeOptions, decodeCycloneDxJson, fromCycloneDxObject } from "./decode.js";
export {
  allocateBomRefs,
  type CycloneDxEncodeOptions,
  type CycloneDxEncodeResult,
  encodeCycloneDxJson,
  toCycloneDxObject,
} from "./encode.js";
