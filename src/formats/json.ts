// JSON input handling shared by the decoders: strict UTF-8, parse errors with line and column, a nesting
// bound, and typed field access that names the JSON pointer of whatever is wrong.
import { PysbomError } from "../errors.js";

/** Deepest nesting accepted in an input document (arrays and objects). */
export const MAX_JSON_DEPTH = 256;

/**
 * Decodes bytes as UTF-8 (a leading BOM is dropped); invalid UTF-8 is an `INPUT_UNREADABLE` error.
 * @example decodeUtf8(new TextEncoder().encode("{}"), "a.json") // "{}"
 */
export function decodeUtf8(bytes: Uint8Array, file?: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (cause) {
    const offset = firstInvalidUtf8(bytes);
    throw new PysbomError(
      "INPUT_UNREADABLE",
      `${file ?? "input"}: not valid UTF-8 (bad byte at offset ${offset})`,
      {
        cause,
        location: file === undefined ? undefined : { file },
      },
    );
  }
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min = 0x80;
    let max = 0xbf;
    if (b < 0x80) need = 0;
    else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) min = 0xa0;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) min = 0x90;
      if (b === 0xf4) max = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

/** 1-based line and column of a UTF-16 offset in `text`. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * `JSON.parse` with a useful error: `INVALID_JSON` naming the file, line and column.
 * @example parseJson('{"a": 1}', "a.json") // { a: 1 }
 */
export function parseJson(text: string, file?: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    const msg = cause instanceof Error ? cause.message : String(cause);
    const pos = /at position (\d+)/.exec(msg);
    const offset = pos ? Number(pos[1]) : /end of JSON input/.test(msg) ? text.length : firstNonSpace(text);
    const { line, column } = lineColumnAt(text, offset);
    const detail = msg
      .replace(/\s*in JSON at position \d+.*$/s, "")
      .replace(/, ".*" is not valid JSON$/s, "");
    throw new PysbomError("INVALID_JSON", `${file ?? "input"}:${line}:${column}: invalid JSON: ${detail}`, {
      cause,
      location: { file, line, column },
    });
  }
  checkDepth(value, file);
  return value;
}

function firstNonSpace(text: string): number {
  const m = /\S/.exec(text);
  return m ? m.index : 0;
}

/** Throws `LIMIT_EXCEEDED` when `value` nests deeper than {@link MAX_JSON_DEPTH} (iterative, no recursion). */
export function checkDepth(value: unknown, file?: string, max = MAX_JSON_DEPTH): void {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth > max)
      throw new PysbomError("LIMIT_EXCEEDED", `${file ?? "input"}: JSON nested deeper than ${max} levels`, {
        location: file === undefined ? undefined : { file },
      });
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
    }
  }
}

/** Escapes one JSON pointer reference token (RFC 6901). */
export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Appends a token to a JSON pointer. */
export function childPointer(pointer: string, token: string | number): string {
  return `${pointer}/${pointerToken(token)}`;
}

/** Plain JSON object type. */
export type JsonObject = Record<string, unknown>;

/**
 * Typed access to decoded JSON; every failure is an `INVALID_DOCUMENT` error with the file and JSON pointer
 * of the offending value and what was expected there.
 */
export class JsonReader {
  readonly file: string | undefined;

  constructor(file?: string) {
    this.file = file;
  }

  /** Throws the reader's error for `pointer`. */
  fail(pointer: string, message: string): never {
    throw new PysbomError("INVALID_DOCUMENT", `${this.file ?? "input"} at ${pointer || "/"}: ${message}`, {
      location: { file: this.file, pointer },
    });
  }

  object(value: unknown, pointer: string): JsonObject {
    if (value === null || typeof value !== "object" || Array.isArray(value))
      this.fail(pointer, `expected an object, found ${describe(value)}`);
    return value as JsonObject;
  }

  array(value: unknown, pointer: string): unknown[] {
    if (!Array.isArray(value)) this.fail(pointer, `expected an array, found ${describe(value)}`);
    return value;
  }

  /** An optional string member. */
  str(obj: JsonObject, key: string, pointer: string): string | undefined {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string")
      this.fail(childPointer(pointer, key), `expected a string, found ${describe(v)}`);
    return v;
  }

  /** A required string member. */
  reqStr(obj: JsonObject, key: string, pointer: string): string {
    const v = this.str(obj, key, pointer);
    if (v === undefined) this.fail(pointer, `missing required member "${key}"`);
    return v;
  }

  bool(obj: JsonObject, key: string, pointer: string): boolean | undefined {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (typeof v !== "boolean")
      this.fail(childPointer(pointer, key), `expected true or false, found ${describe(v)}`);
    return v;
  }

  /** An optional array member (each item checked by the caller). */
  arr(obj: JsonObject, key: string, pointer: string): unknown[] | undefined {
    const v = obj[key];
    if (v === undefined) return undefined;
    return this.array(v, childPointer(pointer, key));
  }

  /** An optional array of strings. */
  strArr(obj: JsonObject, key: string, pointer: string): string[] | undefined {
    const a = this.arr(obj, key, pointer);
    if (a === undefined) return undefined;
    a.forEach((v, i) => {
      if (typeof v !== "string")
        this.fail(childPointer(childPointer(pointer, key), i), `expected a string, found ${describe(v)}`);
    });
    return a as string[];
  }

  /** An optional object member. */
  obj(obj: JsonObject, key: string, pointer: string): JsonObject | undefined {
    const v = obj[key];
    if (v === undefined) return undefined;
    return this.object(v, childPointer(pointer, key));
  }
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}

/** Members of `obj` whose keys are not in `known`, or undefined when there are none. */
export function extraMembers(obj: JsonObject, known: ReadonlySet<string>): JsonObject | undefined {
  let out: JsonObject | undefined;
  for (const [k, v] of Object.entries(obj)) {
    if (known.has(k)) continue;
    out ??= {};
    out[k] = v;
  }
  return out;
}
