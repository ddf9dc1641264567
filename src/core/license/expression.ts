// SPDX license expressions for the PEP 639 `License-Expression` field: validation and canonical form
// exactly as packaging 26.2's `canonicalize_license_expression` (PEP 639; SPDX spec v2.3 Annex D).
import { PysbomError } from "../../errors.js";
import { DEPRECATED_LICENSES, EXCEPTIONS, LICENSES } from "./spdx-list.js";

/** A license expression in canonical form (what {@link canonicalizeLicenseExpression} returns). */
export type NormalizedLicenseExpression = string & { readonly __brand: "NormalizedLicenseExpression" };

/** An SPDX license id from the list, with `+` ("or later") when written `GPL-2.0+`. */
export interface LicenseIdNode {
  readonly type: "license";
  /** Canonical id, e.g. `Apache-2.0`. */
  readonly id: string;
  /** True for the `+` operator (`GPL-2.0+`). */
  readonly orLater: boolean;
}

/** A user-defined `LicenseRef-<idstring>` (PEP 639 allows any `[A-Za-z0-9.-]` idstring). */
export interface LicenseRefNode {
  readonly type: "license-ref";
  /** The reference with its prefix spelled `LicenseRef-`, e.g. `LicenseRef-Proprietary`. */
  readonly id: string;
}

/** An SPDX license exception id, the right operand of `WITH`. */
export interface LicenseExceptionNode {
  readonly type: "exception";
  /** Canonical id, e.g. `LLVM-exception`. */
  readonly id: string;
}

/**
 * `license WITH exception`. packaging also accepts a group on either side (`(MIT OR ISC) WITH X`,
 * `MIT WITH (ISC)`), so both operands are general nodes; `exception` is an {@link LicenseExceptionNode}
 * whenever the operand right after `WITH` is a bare identifier.
 */
export interface LicenseWithNode {
  readonly type: "with";
  readonly license: LicenseExpressionNode;
  readonly exception: LicenseExpressionNode;
}

/** `left AND right` / `left OR right` (left-associative; SPDX precedence `WITH` > `AND` > `OR`). */
export interface LicenseBinaryNode {
  readonly type: "and" | "or";
  readonly left: LicenseExpressionNode;
  readonly right: LicenseExpressionNode;
}

/** Parentheses as written: packaging keeps redundant ones (`( MIT )` canonicalises to `(MIT)`). */
export interface LicenseGroupNode {
  readonly type: "group";
  readonly expression: LicenseExpressionNode;
}

/** The syntax tree of a license expression. */
export type LicenseExpressionNode =
  | LicenseIdNode
  | LicenseRefNode
  | LicenseExceptionNode
  | LicenseWithNode
  | LicenseBinaryNode
  | LicenseGroupNode;

// packaging tokenises with Python's `str.split()`, whose whitespace is this set (not JS `\s`: it adds
// \x1c-\x1f and \x85, and lacks \ufeff).
const PY_WHITESPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
// packaging's `license_ref_allowed`, applied to the lowercased `licenseref-…` token.
const LICENSE_REF_ALLOWED = /^[A-Za-z0-9.-]*$/;
const LICENSE_REF_PREFIX = "licenseref-";
// packaging checks the syntax by compiling a Python expression; CPython's tokenizer rejects more than
// 200 nested parentheses (MAXLEVEL), so `(`×201 MIT `)`×201 is invalid there and here.
const MAX_NESTING = 200;

interface ParseState {
  readonly raw: string;
  readonly tokens: readonly string[];
  readonly lower: readonly string[];
  /** Lowercased `licenseref-…` token → `LicenseRef-` + its original suffix (the last spelling wins). */
  readonly refs: ReadonlyMap<string, string>;
  pos: number;
  depth: number;
  /** First unknown-identifier error; packaging reports syntax errors before these. */
  idError: string | undefined;
}

// Messages quote at most this many characters of the input.
const MESSAGE_INPUT_LIMIT = 200;

function quote(s: string): string {
  return s.length > MESSAGE_INPUT_LIMIT
    ? `${JSON.stringify(s.slice(0, MESSAGE_INPUT_LIMIT))}… (${s.length} characters)`
    : JSON.stringify(s);
}

function invalid(message: string): PysbomError {
  return new PysbomError("INVALID_LICENSE", message);
}

function syntaxError(s: ParseState): PysbomError {
  return invalid(`Invalid license expression: ${quote(s.raw)}`);
}

function isOperator(token: string | undefined): boolean {
  return token === "and" || token === "or" || token === "with" || token === "(" || token === ")";
}

function parseOr(s: ParseState): LicenseExpressionNode {
  let left = parseAnd(s);
  while (s.lower[s.pos] === "or") {
    s.pos++;
    left = { type: "or", left, right: parseAnd(s) };
  }
  return left;
}

function parseAnd(s: ParseState): LicenseExpressionNode {
  let left = parseWith(s);
  while (s.lower[s.pos] === "and") {
    s.pos++;
    left = { type: "and", left, right: parseWith(s) };
  }
  return left;
}

function parseWith(s: ParseState): LicenseExpressionNode {
  let license = parsePrimary(s, false);
  while (s.lower[s.pos] === "with") {
    s.pos++;
    license = { type: "with", license, exception: parsePrimary(s, true) };
  }
  return license;
}

function parsePrimary(s: ParseState, afterWith: boolean): LicenseExpressionNode {
  const token = s.lower[s.pos];
  if (token === "(") {
    if (++s.depth > MAX_NESTING) throw syntaxError(s);
    s.pos++;
    const expression = parseOr(s);
    if (s.lower[s.pos] !== ")") throw syntaxError(s);
    s.pos++;
    s.depth--;
    return { type: "group", expression };
  }
  if (token === undefined || isOperator(token)) throw syntaxError(s);
  s.pos++;
  return resolveIdentifier(s, token, afterWith);
}

// packaging's final pass: the token right after WITH must be an exception; any other identifier is a
// `LicenseRef-` or a license id from the list, optionally followed by `+`.
function resolveIdentifier(s: ParseState, token: string, afterWith: boolean): LicenseExpressionNode {
  const fail = (message: string): LicenseExpressionNode => {
    s.idError ??= message;
    return { type: "license-ref", id: "LicenseRef-" };
  };
  if (afterWith) {
    const id = EXCEPTIONS.get(token);
    return id === undefined ? fail(`Unknown license exception: ${quote(token)}`) : { type: "exception", id };
  }
  const orLater = token.endsWith("+");
  const base = orLater ? token.slice(0, -1) : token;
  if (base.startsWith(LICENSE_REF_PREFIX)) {
    if (!LICENSE_REF_ALLOWED.test(base)) return fail(`Invalid licenseref: ${quote(base)}`);
    // SPDX Annex D allows `+` only after a license id; packaging crashes (KeyError) on `LicenseRef-X+`
    // unless `LicenseRef-X` also appears elsewhere. We reject it always.
    if (orLater) return fail(`Invalid licenseref: ${quote(token)} ('+' follows only license ids)`);
    return {
      type: "license-ref",
      id: s.refs.get(base) ?? `LicenseRef-${base.slice(LICENSE_REF_PREFIX.length)}`,
    };
  }
  const id = LICENSES.get(base);
  return id === undefined ? fail(`Unknown license: ${quote(base)}`) : { type: "license", id, orLater };
}

function tokenize(raw: string): string[] {
  // packaging pads parentheses so that splitting on whitespace tokenises the expression.
  return raw
    .replaceAll("(", " ( ")
    .replaceAll(")", " ) ")
    .split(PY_WHITESPACE)
    .filter((t) => t !== "");
}

/**
 * Parses a license expression into a syntax tree with canonical ids; throws `INVALID_LICENSE` when
 * the syntax is wrong or an id is unknown.
 * @example
 * parseLicenseExpression("mit or apache-2.0")
 * // { type: "or", left: { type: "license", id: "MIT", orLater: false },
 * //   right: { type: "license", id: "Apache-2.0", orLater: false } }
 */
export function parseLicenseExpression(expression: string): LicenseExpressionNode {
  const tokens = tokenize(expression);
  const lower = tokens.map((t) => t.toLowerCase());
  const refs = new Map<string, string>();
  for (let i = 0; i < tokens.length; i++)
    if (lower[i]!.startsWith(LICENSE_REF_PREFIX))
      refs.set(lower[i]!, `LicenseRef-${tokens[i]!.slice(LICENSE_REF_PREFIX.length)}`);
  const s: ParseState = { raw: expression, tokens, lower, refs, pos: 0, depth: 0, idError: undefined };
  if (tokens.length === 0) throw syntaxError(s);
  const node = parseOr(s);
  if (s.pos !== tokens.length) throw syntaxError(s);
  if (s.idError !== undefined) throw invalid(s.idError);
  return node;
}

/**
 * Like {@link parseLicenseExpression} but returns `undefined` for an invalid expression.
 * @example tryParseLicenseExpression("MIT AND") // undefined
 */
export function tryParseLicenseExpression(expression: string): LicenseExpressionNode | undefined {
  try {
    return parseLicenseExpression(expression);
  } catch {
    return undefined;
  }
}

/**
 * Formats a syntax tree in canonical form: operators uppercase, single spaces, parentheses as parsed.
 * @example formatLicenseExpression(parseLicenseExpression("( mit )")) // "(MIT)"
 */
export function formatLicenseExpression(node: LicenseExpressionNode): NormalizedLicenseExpression {
  return format(node) as NormalizedLicenseExpression;
}

// Iterative (explicit stack): a long `A AND B AND …` chain is a left spine as deep as it is long.
function format(root: LicenseExpressionNode): string {
  const out: string[] = [];
  const stack: (LicenseExpressionNode | string)[] = [root];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === "string") {
      out.push(item);
      continue;
    }
    switch (item.type) {
      case "license":
        out.push(item.orLater ? `${item.id}+` : item.id);
        break;
      case "license-ref":
      case "exception":
        out.push(item.id);
        break;
      case "with":
        stack.push(item.exception, " WITH ", item.license);
        break;
      case "and":
        stack.push(item.right, " AND ", item.left);
        break;
      case "or":
        stack.push(item.right, " OR ", item.left);
        break;
      case "group":
        stack.push(")", item.expression, "(");
        break;
    }
  }
  return out.join("");
}

/**
 * Validates a license expression and returns its canonical form (packaging's
 * `canonicalize_license_expression`); throws `INVALID_LICENSE` otherwise.
 * @example canonicalizeLicenseExpression("mit and (apache-2.0 or bsd-2-clause)")
 * // "MIT AND (Apache-2.0 OR BSD-2-Clause)"
 */
export function canonicalizeLicenseExpression(expression: string): NormalizedLicenseExpression {
  return formatLicenseExpression(parseLicenseExpression(expression));
}

/**
 * Like {@link canonicalizeLicenseExpression} but returns `undefined` for an invalid expression.
 * @example tryCanonicalizeLicenseExpression("Not-A-License") // undefined
 */
export function tryCanonicalizeLicenseExpression(
  expression: string,
): NormalizedLicenseExpression | undefined {
  const node = tryParseLicenseExpression(expression);
  return node === undefined ? undefined : formatLicenseExpression(node);
}

/**
 * True when `expression` is a valid PEP 639 license expression.
 * @example isValidLicenseExpression("GPL-2.0-only WITH Classpath-exception-2.0") // true
 */
export function isValidLicenseExpression(expression: string): boolean {
  return tryParseLicenseExpression(expression) !== undefined;
}

function collect(
  expression: string | LicenseExpressionNode,
  pick: (node: LicenseIdNode | LicenseRefNode | LicenseExceptionNode) => string | undefined,
): string[] {
  const root = typeof expression === "string" ? parseLicenseExpression(expression) : expression;
  const seen = new Set<string>();
  // Explicit stack (not recursion): an AND chain can be a very deep left spine.
  const stack: LicenseExpressionNode[] = [root];
  const order: string[] = [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    switch (node.type) {
      case "with":
        stack.push(node.exception, node.license);
        break;
      case "and":
      case "or":
        stack.push(node.right, node.left);
        break;
      case "group":
        stack.push(node.expression);
        break;
      default: {
        const id = pick(node);
        if (id !== undefined && !seen.has(id)) {
          seen.add(id);
          order.push(id);
        }
      }
    }
  }
  return order;
}

/**
 * The distinct license ids and `LicenseRef-` ids an expression refers to, in order of appearance
 * (without `+` and without exceptions). SBOM encoders use it to find the `LicenseRef-` entries they
 * must declare. Throws `INVALID_LICENSE` for an invalid expression string.
 * @example licenseIdsOf("mit OR (LicenseRef-Foo AND MIT) OR GPL-2.0+") // ["MIT", "LicenseRef-Foo", "GPL-2.0"]
 */
export function licenseIdsOf(expression: string | LicenseExpressionNode): string[] {
  return collect(expression, (n) => (n.type === "exception" ? undefined : n.id));
}

/**
 * The distinct exception ids an expression uses after `WITH`, in order of appearance.
 * @example exceptionIdsOf("GPL-2.0-only WITH classpath-exception-2.0") // ["Classpath-exception-2.0"]
 */
export function exceptionIdsOf(expression: string | LicenseExpressionNode): string[] {
  return collect(expression, (n) => (n.type === "exception" ? n.id : undefined));
}

/**
 * The canonical spelling of an SPDX license id (current or deprecated), matched case-insensitively.
 * @example canonicalLicenseId("apache-2.0") // "Apache-2.0"; canonicalLicenseId("Apache 2") // undefined
 */
export function canonicalLicenseId(id: string): string | undefined {
  return LICENSES.get(id.toLowerCase());
}

/**
 * True when `id` is on the SPDX license list (current or deprecated), case-insensitively.
 * @example isKnownLicenseId("mit") // true; isKnownLicenseId("LicenseRef-Foo") // false
 */
export function isKnownLicenseId(id: string): boolean {
  return LICENSES.has(id.toLowerCase());
}

/**
 * True when `id` is a deprecated SPDX license id (e.g. `GPL-2.0`, superseded by `GPL-2.0-only`).
 * @example isDeprecatedLicenseId("GPL-2.0") // true; isDeprecatedLicenseId("GPL-2.0-only") // false
 */
export function isDeprecatedLicenseId(id: string): boolean {
  return DEPRECATED_LICENSES.has(id.toLowerCase());
}

/**
 * The canonical spelling of an SPDX license exception id, matched case-insensitively.
 * @example canonicalExceptionId("llvm-exception") // "LLVM-exception"
 */
export function canonicalExceptionId(id: string): string | undefined {
  return EXCEPTIONS.get(id.toLowerCase());
}
