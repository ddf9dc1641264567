// JSON exactly as CPython's tools read and write it: `json.loads` (ints stay exact, floats keep Python's
// repr, NaN/Infinity accepted) and `json.dumps(data, indent=2, sort_keys=True)` (keys in code-point order,
// ASCII escaping, no trailing newline), so `pysbom cpython update` rewrites Misc/*.spdx.json byte for byte.
import { PysbomError } from "../../errors.js";

/** A JSON number as Python holds it: an `int` (exact digits) or a `float` (its Python `repr`). */
export class PyNumber {
  /** `int` or `float` (Python's type after `json.loads`). */
  readonly kind: "int" | "float";
  /** What Python's `json.dumps` writes for it. */
  readonly repr: string;

  constructor(kind: "int" | "float", repr: string) {
    this.kind = kind;
    this.repr = repr;
  }
}

/** A JSON object with a null prototype, so any key (even `__proto__`) is an ordinary member. */
export interface PyObject {
  [key: string]: PyJson;
}

/** A value as `json.loads` returns it. */
export type PyJson = null | boolean | string | PyNumber | PyJson[] | PyObject;

/** An empty {@link PyObject}. */
export function pyObject(): PyObject {
  return Object.create(null) as PyObject;
}

/** True for a JSON object (not an array, string, number…). */
export function isPyObject(v: unknown): v is PyObject {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof PyNumber);
}

/**
 * Compares strings by Unicode code point, as Python's `sorted()` does (JS `<` compares UTF-16 code units,
 * which orders U+E000–U+FFFF after astral characters).
 * @example ["\u{1F600}", "\uFFFD"].sort(compareCodePoints) // ["\uFFFD", "\u{1F600}"]
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return unitKey(x) - unitKey(y);
  }
  return a.length - b.length;
}

// Surrogates (astral characters) sort after every other BMP unit; the rest keep their relative order.
function unitKey(c: number): number {
  if (c >= 0xe000) return c - 0x800;
  if (c >= 0xd800) return c + 0x2000;
  return c;
}

/**
 * Python's `repr(float)` (the shortest round-trip digits, exponent form when the decimal point is more than
 * 16 places right or 4 places left), plus `json`'s `NaN` / `Infinity` spellings.
 * @example pythonFloatRepr(1e16) // "1e+16"; pythonFloatRepr(100) // "100.0"
 */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Number.POSITIVE_INFINITY) return "Infinity";
  if (x === Number.NEGATIVE_INFINITY) return "-Infinity";
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  const [mantissa, exp] = Math.abs(x).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const decpt = Number(exp) + 1;
  if (x === 0) return `${sign}0.0`;
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) return `${sign}0.${"0".repeat(-decpt)}${digits}`;
    if (decpt >= digits.length) return `${sign}${digits}${"0".repeat(decpt - digits.length)}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  const e = decpt - 1;
  const frac = digits.length > 1 ? `.${digits.slice(1)}` : "";
  return `${sign}${digits[0]}${frac}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}

const MAX_DEPTH = 256;

class Parser {
  readonly text: string;
  readonly file: string;
  pos = 0;

  constructor(text: string, file: string) {
    this.text = text;
    this.file = file;
  }

  fail(message: string, at = this.pos): never {
    let line = 1;
    let col = 1;
    for (let i = 0; i < at && i < this.text.length; i++) {
      if (this.text.charCodeAt(i) === 10) {
        line++;
        col = 1;
      } else col++;
    }
    throw new PysbomError("INVALID_JSON", `${this.file}:${line}:${col}: invalid JSON: ${message}`, {
      location: { file: this.file, line, column: col },
    });
  }

  ws(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++;
      else break;
    }
  }

  value(depth: number): PyJson {
    if (depth > MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels`);
    this.ws();
    const t = this.text;
    const c = t[this.pos];
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"') return this.string();
    if (t.startsWith("null", this.pos)) return this.word("null", null);
    if (t.startsWith("true", this.pos)) return this.word("true", true);
    if (t.startsWith("false", this.pos)) return this.word("false", false);
    if (t.startsWith("NaN", this.pos)) return this.word("NaN", new PyNumber("float", "NaN"));
    if (t.startsWith("Infinity", this.pos)) return this.word("Infinity", new PyNumber("float", "Infinity"));
    if (t.startsWith("-Infinity", this.pos))
      return this.word("-Infinity", new PyNumber("float", "-Infinity"));
    return this.number();
  }

  word<T>(w: string, v: T): T {
    this.pos += w.length;
    return v;
  }

  number(): PyNumber {
    // json.scanner NUMBER_RE: (-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?
    const m = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
    m.lastIndex = this.pos;
    const r = m.exec(this.text);
    if (!r) this.fail("expecting value");
    this.pos += r[0].length;
    if (r[1] === undefined && r[2] === undefined) return new PyNumber("int", BigInt(r[0]).toString());
    return new PyNumber("float", pythonFloatRepr(Number(r[0])));
  }

  string(): string {
    const t = this.text;
    const start = this.pos;
    this.pos++;
    let out = "";
    let chunk = this.pos;
    for (;;) {
      if (this.pos >= t.length) this.fail("unterminated string", start);
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail("invalid control character in string");
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += t.slice(chunk, this.pos);
      const e = t[this.pos + 1];
      this.pos += 2;
      switch (e) {
        case '"':
          out += '"';
          break;
        case "\\":
          out += "\\";
          break;
        case "/":
          out += "/";
          break;
        case "b":
          out += "\b";
          break;
        case "f":
          out += "\f";
          break;
        case "n":
          out += "\n";
          break;
        case "r":
          out += "\r";
          break;
        case "t":
          out += "\t";
          break;
        case "u": {
          const hex = t.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("invalid \\uXXXX escape", this.pos - 2);
          out += String.fromCharCode(Number.parseInt(hex, 16));
          this.pos += 4;
          break;
        }
        default:
          this.fail("invalid escape", this.pos - 2);
      }
      chunk = this.pos;
    }
  }

  array(depth: number): PyJson[] {
    this.pos++;
    const out: PyJson[] = [];
    this.ws();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1));
      this.ws();
      const c = this.text[this.pos++];
      if (c === "]") return out;
      if (c !== ",") this.fail("expecting ',' delimiter", this.pos - 1);
    }
  }

  object(depth: number): PyObject {
    this.pos++;
    const out = pyObject();
    this.ws();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.text[this.pos] !== '"') this.fail("expecting property name enclosed in double quotes");
      const key = this.string();
      this.ws();
      if (this.text[this.pos++] !== ":") this.fail("expecting ':' delimiter", this.pos - 1);
      out[key] = this.value(depth + 1);
      this.ws();
      const c = this.text[this.pos++];
      if (c === "}") return out;
      if (c !== ",") this.fail("expecting ',' delimiter", this.pos - 1);
    }
  }
}

/**
 * Parses JSON text as Python's `json.loads` does (a later duplicate key wins; numbers keep their Python
 * type). Errors are `INVALID_JSON` with the line and column.
 * @example (parsePyJson('{"a": 1.0}') as PyObject).a // PyNumber { kind: "float", repr: "1.0" }
 */
export function parsePyJson(text: string, file = "input"): PyJson {
  const p = new Parser(text, file);
  const v = p.value(0);
  p.ws();
  if (p.pos !== text.length) p.fail("extra data");
  return v;
}

/**
 * Decodes bytes as `json.loads(bytes)` does for UTF-8 input (a UTF-8 BOM is allowed) and parses them.
 * @example parsePyJsonBytes(new TextEncoder().encode("[]")) // []
 */
export function parsePyJsonBytes(bytes: Uint8Array, file = "input"): PyJson {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (cause) {
    throw new PysbomError("INPUT_UNREADABLE", `${file}: not valid UTF-8`, { cause, location: { file } });
  }
  return parsePyJson(text, file);
}

const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function escapeString(s: string): string {
  if (PLAIN_ASCII.test(s)) return `"${s}"`;
  let out = '"';
  let chunk = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // ensure_ascii: everything outside ' '..'~', plus '"' and '\\', is escaped.
    if (c >= 0x20 && c <= 0x7e && c !== 0x22 && c !== 0x5c) continue;
    out += s.slice(chunk, i);
    chunk = i + 1;
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += "\\\\";
        break;
      case 0x0a:
        out += "\\n";
        break;
      case 0x0d:
        out += "\\r";
        break;
      case 0x09:
        out += "\\t";
        break;
      case 0x08:
        out += "\\b";
        break;
      case 0x0c:
        out += "\\f";
        break;
      default:
        out += `\\u${c.toString(16).padStart(4, "0")}`;
    }
  }
  return `${out}${s.slice(chunk)}"`;
}

/**
 * Serialises like Python's `json.dumps(value, indent=2, sort_keys=True)`: no trailing newline.
 * @example dumpPyJson({ b: [], a: "é" }) // '{\n  "a": "\\u00e9",\n  "b": []\n}'
 */
export function dumpPyJson(value: PyJson | unknown): string {
  const parts: string[] = [];
  write(value as PyJson, "", parts);
  return parts.join("");
}

function write(v: PyJson, indent: string, out: string[]): void {
  if (v === null) out.push("null");
  else if (v === true) out.push("true");
  else if (v === false) out.push("false");
  else if (typeof v === "string") out.push(escapeString(v));
  else if (typeof v === "number")
    out.push(Number.isInteger(v) && Math.abs(v) < 2 ** 53 ? String(v) : pythonFloatRepr(v));
  else if (v instanceof PyNumber) out.push(v.repr);
  else if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push("[]");
      return;
    }
    const inner = `${indent}  `;
    out.push("[");
    v.forEach((item, i) => {
      out.push(i === 0 ? `\n${inner}` : `,\n${inner}`);
      write(item, inner, out);
    });
    out.push(`\n${indent}]`);
  } else if (typeof v === "object") {
    const keys = Object.keys(v).sort(compareCodePoints);
    if (keys.length === 0) {
      out.push("{}");
      return;
    }
    const inner = `${indent}  `;
    out.push("{");
    keys.forEach((k, i) => {
      out.push(i === 0 ? `\n${inner}` : `,\n${inner}`);
      out.push(escapeString(k), ": ");
      write((v as PyObject)[k]!, inner, out);
    });
    out.push(`\n${indent}}`);
  } else throw new PysbomError("INTERNAL", `cannot serialise a ${typeof v} as JSON`);
}

/**
 * Python's `repr()` of a string (quotes chosen as Python does), for messages that quote CPython's.
 * @example pyRepr("it's") // "\"it's\""
 */
export function pyRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === q) out += `\\${q}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${q}${out}${q}`;
}

/**
 * A Python set literal of strings in sorted order (Python's own order depends on the hash seed).
 * @example pySetRepr(["b", "a"]) // "{'a', 'b'}"
 */
export function pySetRepr(items: Iterable<string>): string {
  const list = [...new Set(items)].sort(compareCodePoints);
  return list.length === 0 ? "set()" : `{${list.map(pyRepr).join(", ")}}`;
}
