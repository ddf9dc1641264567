// PEP 508 environment markers: tokenizer, parser, normalised string form and evaluation, exact to Python
// `packaging` 26.2 (spec: https://packaging.python.org/en/latest/specifications/dependency-specifiers/,
// "Environment Markers"; PEP 685 for `extra` normalisation).
import type { ErrorCode } from "../../errors.js";
import { canonicalizeName } from "../names.js";
import { SPECIFIER_PATTERN, specifierContains, tryParseSpecifier } from "../pep440/specifier.js";
import { PackagingError, pythonRepr } from "../pep440/version.js";

/** A marker variable, after packaging's aliasing (`os.name` → `os_name`, `python_implementation` → …). */
export type MarkerVariableName =
  | "python_version"
  | "python_full_version"
  | "os_name"
  | "sys_platform"
  | "platform_release"
  | "platform_system"
  | "platform_version"
  | "platform_machine"
  | "platform_python_implementation"
  | "implementation_name"
  | "implementation_version"
  | "extra"
  | "extras"
  | "dependency_groups";

/** A marker comparison operator. */
export type MarkerOperator = "in" | "not in" | "===" | "==" | "~=" | "!=" | "<=" | ">=" | "<" | ">";

/** One side of a comparison: an environment variable or a (decoded) quoted string. */
export type MarkerOperand =
  | { readonly kind: "variable"; readonly name: MarkerVariableName }
  | { readonly kind: "value"; readonly value: string };

/** `lhs op rhs`, e.g. `python_version >= "3.8"`. */
export interface MarkerComparison {
  readonly kind: "comparison";
  readonly lhs: MarkerOperand;
  readonly op: MarkerOperator;
  readonly rhs: MarkerOperand;
}

/** A parenthesised sub-expression (an array) or a comparison. */
export type MarkerAtom = MarkerComparison | MarkerList;

/** packaging's marker list: atoms joined by `"and"` / `"or"` (`and` binds tighter), as written. */
export type MarkerList = readonly (MarkerAtom | "and" | "or")[];

/** A parsed marker expression. */
export interface Marker {
  readonly items: MarkerList;
}

/** The values markers are evaluated against (PEP 508 "Environment Markers"; `extras` and
 * `dependency_groups` are the set-valued variables of PEP 751 lock files). */
export interface MarkerEnvironment {
  readonly implementation_name: string;
  readonly implementation_version: string;
  readonly os_name: string;
  readonly platform_machine: string;
  readonly platform_release: string;
  readonly platform_system: string;
  readonly platform_version: string;
  readonly python_full_version: string;
  readonly platform_python_implementation: string;
  readonly python_version: string;
  readonly sys_platform: string;
  readonly extra: string;
  readonly extras: readonly string[];
  readonly dependency_groups: readonly string[];
}

/** Options of {@link evaluateMarker}. */
export interface EvaluateMarkerOptions {
  /**
   * Evaluate once per requested extra (with `extra` set to it, PEP 685-normalised) and return true if
   * any evaluation is true, as pip does; an empty list evaluates with `extra == ""`.
   */
  readonly extras?: readonly string[];
  /**
   * packaging's evaluation context: `"metadata"` (default: `extra` defaults to `""`), `"lock_file"`
   * (`extras` and `dependency_groups` default to empty sets) or `"requirement"` (no defaults).
   */
  readonly context?: "metadata" | "lock_file" | "requirement";
}

// Python's `sys.getrecursionlimit()` (1000) stops packaging's recursive-descent parser at 493 nested
// parentheses (it raises RecursionError); we stop at the same depth with a clear error instead.
const MAX_NESTING = 492;
const MESSAGE_SOURCE_LIMIT = 1000;

/** @internal a syntax error as packaging's ParserSyntaxError renders it (message, source, caret). */
export class MarkerSyntaxError extends Error {
  constructor(
    message: string,
    readonly source: string,
    readonly span: readonly [number, number],
    readonly pythonError = "ParserSyntaxError",
  ) {
    super(message);
  }

  render(): string {
    if (this.pythonError !== "ParserSyntaxError") return this.message;
    if (this.source.length > MESSAGE_SOURCE_LIMIT)
      return `${this.message} at position ${this.span[0]} of a ${this.source.length}-character input`;
    const [a, b] = this.span;
    return `${this.message}\n    ${this.source}\n    ${" ".repeat(a)}${"~".repeat(b - a)}^`;
  }
}

/** Turns a parser failure into the PysbomError the public functions throw. @internal */
export function toPackagingError(e: unknown, code: ErrorCode, pythonError: string): unknown {
  if (!(e instanceof MarkerSyntaxError)) return e;
  return new PackagingError(
    code,
    e.render(),
    e.pythonError === "ParserSyntaxError" ? pythonError : e.pythonError,
    { cause: e },
  );
}

// --- tokenizer: packaging's `_tokenizer.DEFAULT_RULES` -------------------------------------------------
// Python's `\b` is Unicode-aware (a word character is a letter, a number or "_"), so it is spelled out
// with lookarounds; JavaScript's `\b` would be ASCII-only.
const W = "[\\p{L}\\p{N}_]";
const B_START = `(?<!${W})`;
const B_END = `(?!${W})`;
const B_ANY = `(?:(?<=${W})(?!${W})|(?<!${W})(?=${W}))`;
const RULES = {
  BOOLOP: new RegExp(`${B_START}(?:or|and)${B_END}`, "uy"),
  IN: new RegExp(`${B_START}in${B_END}`, "uy"),
  NOT: new RegExp(`${B_START}not${B_END}`, "uy"),
  VARIABLE: new RegExp(
    `${B_START}(?:python_version|python_full_version|os[._]name|sys[._]platform|platform_(?:release|system)` +
      `|platform[._](?:version|machine|python_implementation)|python_implementation|implementation_(?:name|version)` +
      `|extras?|dependency_groups)${B_END}`,
    "uy",
  ),
  SPECIFIER: new RegExp(SPECIFIER_PATTERN, "iy"),
  URL: /[^ \t]+/y,
  IDENTIFIER: new RegExp(`${B_START}[a-zA-Z0-9][a-zA-Z0-9._-]*${B_ANY}`, "uy"),
  VERSION_PREFIX_TRAIL: /\.\*/y,
  VERSION_LOCAL_LABEL_TRAIL: /\+[a-z0-9]+(?:[-_.][a-z0-9]+)*/y,
  WS: /[ \t]+/y,
} as const;
type RuleName = keyof typeof RULES;

/** @internal a position in the source with packaging's token checks. */
export class Tokenizer {
  position = 0;
  depth = 0;

  constructor(readonly source: string) {}

  /** The text of token `name` at the current position, or undefined (does not advance). */
  peek(name: RuleName): string | undefined {
    const re = RULES[name];
    re.lastIndex = this.position;
    const m = re.exec(this.source);
    return m ? m[0] : undefined;
  }

  /** Consumes token `name` when present and returns its text. */
  take(name: RuleName): string | undefined {
    const t = this.peek(name);
    if (t !== undefined) this.position += t.length;
    return t;
  }

  takeChar(ch: string): boolean {
    if (this.source[this.position] !== ch) return false;
    this.position++;
    return true;
  }

  /** Python's `$`: the end, or just before a final newline. */
  atEnd(): boolean {
    const rest = this.source.length - this.position;
    return rest === 0 || (rest === 1 && this.source[this.position] === "\n");
  }

  expect(name: RuleName, expected: string): string {
    const t = this.take(name);
    if (t === undefined) throw this.error(`Expected ${expected}`);
    return t;
  }

  expectEnd(expected: string): void {
    if (!this.atEnd()) throw this.error(`Expected ${expected}`);
  }

  error(message: string, start = this.position, end = this.position): MarkerSyntaxError {
    return new MarkerSyntaxError(message, this.source, [start, end]);
  }

  /** packaging's `enclosing_tokens`: optional open token, body, then the matching close token. */
  enclosed<T>(open: string, close: string, names: [string, string], around: string, body: () => T): T {
    const openPosition = this.takeChar(open) ? this.position - 1 : undefined;
    const result = body();
    if (openPosition !== undefined && !this.takeChar(close))
      throw this.error(`Expected matching ${names[1]} for ${names[0]}, after ${around}`, openPosition);
    return result;
  }
}

// --- quoted strings: packaging decodes them with `ast.literal_eval` ------------------------------------
const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};
const HEX = /^[0-9a-fA-F]+$/;

function literalError(t: Tokenizer, message: string, pythonError: string): MarkerSyntaxError {
  return new MarkerSyntaxError(message, t.source, [t.position, t.position], pythonError);
}

/**
 * Decodes a quoted-string token as Python's `ast.literal_eval` does: backslash escapes, line
 * continuations, and the same failures (`SyntaxError` for an unterminated or malformed literal).
 * `\N{NAME}` escapes need Unicode's name table and are rejected (packaging would accept valid names).
 */
function decodePythonString(token: string, t: Tokenizer): string {
  if (token.includes("\0"))
    throw literalError(t, "source code string cannot contain null bytes", "SyntaxError");
  if (/\p{Cs}/u.test(token))
    throw literalError(
      t,
      "'utf-8' codec can't encode surrogates: surrogates not allowed",
      "UnicodeEncodeError",
    );
  // Python's tokenizer reads "\r\n" and "\r" as newlines; a raw newline ends a one-line string early.
  const body = token.slice(1, -1).replace(/\r\n?/g, "\n");
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === "\n")
      throw literalError(
        t,
        "unterminated string literal (detected at line 1) (<unknown>, line 1)",
        "SyntaxError",
      );
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const c = body[++i];
    if (c === undefined)
      // The backslash escapes the closing quote, so the literal never ends.
      throw literalError(
        t,
        "unterminated string literal (detected at line 1) (<unknown>, line 1)",
        "SyntaxError",
      );
    if (c === "\n") continue; // line continuation
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) {
      out += simple;
    } else if (c >= "0" && c <= "7") {
      let k = i;
      while (k < i + 3 && k < body.length && body[k]! >= "0" && body[k]! <= "7") k++;
      out += String.fromCodePoint(Number.parseInt(body.slice(i, k), 8));
      i = k - 1;
    } else if (c === "x" || c === "u" || c === "U") {
      const width = c === "x" ? 2 : c === "u" ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + width);
      if (hex.length !== width || !HEX.test(hex))
        throw literalError(
          t,
          `(unicode error) 'unicodeescape' codec can't decode: truncated \\${c} escape`,
          "SyntaxError",
        );
      const cp = Number.parseInt(hex, 16);
      if (cp > 0x10ffff)
        throw literalError(
          t,
          "(unicode error) 'unicodeescape' codec can't decode: illegal Unicode character",
          "SyntaxError",
        );
      out += String.fromCodePoint(cp);
      i += width;
    } else if (c === "N") {
      throw literalError(t, "\\N{...} escapes in marker strings are not supported", "SyntaxError");
    } else {
      out += `\\${c}`; // unknown escapes stay as written (Python warns, keeps them)
    }
  }
  return out;
}

function takeQuotedString(t: Tokenizer): string | undefined {
  const q = t.source[t.position];
  if (q !== "'" && q !== '"') return undefined;
  const end = t.source.indexOf(q, t.position + 1);
  if (end < 0) return undefined;
  const token = t.source.slice(t.position, end + 1);
  const value = decodePythonString(token, t);
  t.position = end + 1;
  return value;
}

// --- marker grammar: packaging's `_parser.py` ----------------------------------------------------------
const OPERATORS = ["===", "==", "~=", "!=", "<=", ">=", "<", ">"] as const;

function parseMarkerVar(t: Tokenizer): MarkerOperand {
  const variable = t.take("VARIABLE");
  if (variable !== undefined) {
    const name = variable.replace(/\./g, "_");
    return {
      kind: "variable",
      name: (name === "python_implementation"
        ? "platform_python_implementation"
        : name) as MarkerVariableName,
    };
  }
  const value = takeQuotedString(t);
  if (value !== undefined) return { kind: "value", value };
  throw t.error("Expected a marker variable or quoted string");
}

function parseMarkerOp(t: Tokenizer): MarkerOperator {
  if (t.take("IN") !== undefined) return "in";
  if (t.take("NOT") !== undefined) {
    t.expect("WS", "whitespace after 'not'");
    t.expect("IN", "'in' after 'not'");
    return "not in";
  }
  for (const op of OPERATORS)
    if (t.source.startsWith(op, t.position)) {
      t.position += op.length;
      return op;
    }
  throw t.error("Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in");
}

function parseMarkerItem(t: Tokenizer): MarkerComparison {
  t.take("WS");
  const lhs = parseMarkerVar(t);
  t.take("WS");
  const op = parseMarkerOp(t);
  t.take("WS");
  const rhs = parseMarkerVar(t);
  t.take("WS");
  return { kind: "comparison", lhs, op, rhs };
}

function parseMarkerAtom(t: Tokenizer): MarkerAtom {
  t.take("WS");
  let atom: MarkerAtom;
  if (t.source[t.position] === "(") {
    if (++t.depth > MAX_NESTING)
      throw new MarkerSyntaxError(
        `Marker nested deeper than ${MAX_NESTING} parentheses (packaging fails with RecursionError)`,
        t.source,
        [t.position, t.position],
        "RecursionError",
      );
    atom = t.enclosed("(", ")", ["LEFT_PARENTHESIS", "RIGHT_PARENTHESIS"], "marker expression", () => {
      t.take("WS");
      const inner = parseMarkerList(t);
      t.take("WS");
      return inner;
    });
    t.depth--;
  } else {
    atom = parseMarkerItem(t);
  }
  t.take("WS");
  return atom;
}

/** `marker = marker_atom (BOOLOP marker_atom)*` @internal */
export function parseMarkerList(t: Tokenizer): MarkerList {
  const items: (MarkerAtom | "and" | "or")[] = [parseMarkerAtom(t)];
  for (let op = t.take("BOOLOP"); op !== undefined; op = t.take("BOOLOP"))
    items.push(op as "and" | "or", parseMarkerAtom(t));
  return items;
}

// PEP 685: `extra` values are compared normalised. packaging normalises the other operand of a
// top-level `extra` comparison only (not inside parentheses), and turns it into a value even when it is
// a variable; we reproduce that.
function operandText(o: MarkerOperand): string {
  return o.kind === "value" ? o.value : o.name;
}

/** packaging's `_normalize_extra_values`. @internal */
export function normalizeExtraValues(items: MarkerList): MarkerList {
  return items.map((item) => {
    if (typeof item === "string" || Array.isArray(item)) return item;
    const c = item as MarkerComparison;
    if (c.lhs.kind === "variable" && c.lhs.name === "extra")
      return { ...c, rhs: { kind: "value", value: canonicalizeName(operandText(c.rhs)) } };
    if (c.rhs.kind === "variable" && c.rhs.name === "extra")
      return { ...c, lhs: { kind: "value", value: canonicalizeName(operandText(c.lhs)) } };
    return c;
  });
}

function scanMarker(s: string): Marker {
  const t = new Tokenizer(s);
  const items = parseMarkerList(t);
  t.expectEnd("end of marker expression");
  return { items: normalizeExtraValues(items) };
}

/**
 * Parses a PEP 508 marker like `packaging.markers.Marker`. Throws `INVALID_MARKER` (a
 * {@link PackagingError} whose `pythonError` is `InvalidMarker`, or `SyntaxError` for a malformed
 * quoted string, or `RecursionError` past 492 nested parentheses).
 * @example formatMarker(parseMarker("python_version>='3.8' and os.name=='nt'"))
 * // 'python_version >= "3.8" and os_name == "nt"'
 */
export function parseMarker(s: string): Marker {
  try {
    return scanMarker(s);
  } catch (e) {
    throw toPackagingError(e, "INVALID_MARKER", "InvalidMarker");
  }
}

/**
 * Like {@link parseMarker} but returns `undefined` when invalid.
 * @example tryParseMarker("python_version < 3.8") // undefined (the version must be quoted)
 */
export function tryParseMarker(s: string): Marker | undefined {
  try {
    return scanMarker(s);
  } catch (e) {
    if (e instanceof MarkerSyntaxError) return undefined;
    throw e;
  }
}

/**
 * True when `s` is a valid marker.
 * @example isValidMarker('extra == "test"') // true
 */
export function isValidMarker(s: string): boolean {
  return tryParseMarker(s) !== undefined;
}

function formatOperand(o: MarkerOperand): string {
  // packaging writes values in double quotes without escaping.
  return o.kind === "value" ? `"${o.value}"` : o.name;
}

function formatAtom(atom: MarkerAtom | "and" | "or", first: boolean): string {
  if (typeof atom === "string") return atom;
  if (!Array.isArray(atom)) {
    const c = atom as MarkerComparison;
    return `${formatOperand(c.lhs)} ${c.op} ${formatOperand(c.rhs)}`;
  }
  const list = atom as MarkerList;
  // A one-item list is printed without parentheses, and as if it were at top level (packaging's
  // `_format_marker`, which therefore prints "((a or b)) and c" as "a or b and c").
  if (list.length === 1 && typeof list[0] !== "string") return formatAtom(list[0]!, true);
  const inner = list.map((m) => formatAtom(m, false)).join(" ");
  return first ? inner : `(${inner})`;
}

/**
 * The normalised string form, as `str(Marker)`: single spaces, double quotes, aliases resolved,
 * redundant parentheses dropped.
 * @example formatMarker(parseMarker("(extra=='Dev_Tools')")) // 'extra == "Dev_Tools"'
 */
export function formatMarker(marker: Marker): string {
  return formatAtom(marker.items, true);
}

// --- evaluation: packaging's `Marker.evaluate` ---------------------------------------------------------
const VERSION_VARIABLES = new Set([
  "implementation_version",
  "platform_release",
  "python_full_version",
  "python_version",
]);
const SET_VARIABLES = new Set(["extras", "dependency_groups"]);

type EnvValue = string | ReadonlySet<string>;

function pyReprValue(v: EnvValue): string {
  return typeof v === "string" ? pythonRepr(v) : `{${[...v].map(pythonRepr).join(", ")}}`;
}

function evalOp(lhs: string, op: MarkerOperator, rhs: EnvValue, key: string): boolean {
  if (VERSION_VARIABLES.has(key) && typeof rhs === "string") {
    // PEP 508: version-like variables compare as PEP 440 specifiers when the text forms one
    // (`python_version >= "3.8"` is `Specifier(">=3.8").contains(python_version)`).
    const spec = tryParseSpecifier(op + rhs);
    if (spec !== undefined) return specifierContains(spec, lhs, { prereleases: true });
  }
  switch (op) {
    case "in":
      return typeof rhs === "string" ? rhs.includes(lhs) : rhs.has(lhs);
    case "not in":
      return typeof rhs === "string" ? !rhs.includes(lhs) : !rhs.has(lhs);
    case "<":
    case ">":
      return false;
    case "<=":
    case "==":
    case ">=":
      return lhs === rhs;
    case "!=":
      return lhs !== rhs;
    default:
      throw new PackagingError(
        "INVALID_MARKER",
        `Undefined <Op(${pythonRepr(op)})> on ${pythonRepr(lhs)} and ${pyReprValue(rhs)}.`,
        "UndefinedComparison",
      );
  }
}

function lookup(env: ReadonlyMap<string, EnvValue>, key: string): EnvValue {
  const v = env.get(key);
  if (v === undefined)
    throw new PackagingError(
      "UNDEFINED_MARKER_VARIABLE",
      `Marker variable ${pythonRepr(key)} is not defined in the environment`,
      "KeyError",
    );
  return v;
}

function evaluateList(items: MarkerList, env: ReadonlyMap<string, EnvValue>): boolean {
  // `and` binds tighter than `or`; like packaging, every atom is evaluated (errors are not skipped).
  const groups: boolean[][] = [[]];
  for (const item of items) {
    if (item === "or") groups.push([]);
    else if (item === "and") continue;
    else if (Array.isArray(item)) groups[groups.length - 1]!.push(evaluateList(item as MarkerList, env));
    else {
      const c = item as MarkerComparison;
      let key: string;
      let lhs: EnvValue;
      let rhs: EnvValue;
      if (c.lhs.kind === "variable") {
        key = c.lhs.name;
        lhs = lookup(env, key);
        rhs = operandText(c.rhs);
      } else {
        lhs = c.lhs.value;
        key = operandText(c.rhs);
        rhs = lookup(env, key);
      }
      if (typeof lhs !== "string")
        throw new PackagingError("INVALID_MARKER", "lhs must be a string", "AssertionError");
      if (SET_VARIABLES.has(key)) {
        lhs = canonicalizeName(lhs);
        rhs =
          typeof rhs === "string" ? canonicalizeName(rhs) : new Set([...rhs].map((x) => canonicalizeName(x)));
      }
      groups[groups.length - 1]!.push(evalOp(lhs, c.op, rhs, key));
    }
  }
  return groups.some((g) => g.every(Boolean));
}

function environmentMap(env: Partial<MarkerEnvironment>, context: string): Map<string, EnvValue> {
  const map = new Map<string, EnvValue>();
  if (context === "lock_file") {
    map.set("extras", new Set());
    map.set("dependency_groups", new Set());
  } else if (context === "metadata") map.set("extra", "");
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) continue;
    map.set(k, typeof v === "string" ? v : new Set(v as readonly string[]));
  }
  const extra = map.get("extra");
  if (typeof extra === "string") map.set("extra", extra ? canonicalizeName(extra) : "");
  // packaging's `_repair_python_full_version`: untagged CPython builds report e.g. "3.13.0+".
  const full = map.get("python_full_version");
  if (typeof full === "string" && full.endsWith("+")) map.set("python_full_version", `${full}local`);
  return map;
}

/**
 * Evaluates a marker against an environment, as packaging 26.2's `Marker.evaluate(env, context)`.
 * Version-like variables compare as PEP 440 versions when both sides allow it, else as strings;
 * `extra` is PEP 685-normalised. Throws `UNDEFINED_MARKER_VARIABLE` (pythonError `KeyError`) for a
 * variable missing from `env` (core code has no running interpreter to default from), and
 * `INVALID_MARKER` with pythonError `UndefinedComparison` for e.g. `os_name ~= "3"`.
 * @example
 * const env = { python_version: "3.12", sys_platform: "linux" };
 * evaluateMarker(parseMarker('python_version >= "3.8" and sys_platform == "linux"'), env) // true
 * evaluateMarker(parseMarker('extra == "Socks"'), env, { extras: ["socks"] }) // true
 */
export function evaluateMarker(
  marker: Marker,
  env: Partial<MarkerEnvironment>,
  opts?: EvaluateMarkerOptions,
): boolean {
  const map = environmentMap(env, opts?.context ?? "metadata");
  if (opts?.extras === undefined) return evaluateList(marker.items, map);
  for (const extra of opts.extras.length > 0 ? opts.extras : [""]) {
    map.set("extra", extra ? canonicalizeName(extra) : "");
    if (evaluateList(marker.items, map)) return true;
  }
  return false;
}
