// The one error type of pysbom, with a code from a documented union (STYLE.md "Errors").

/**
 * Every error code pysbom raises. The CLI maps them to exit codes:
 * - `USAGE` → 2
 * - `INPUT_*`, `UNSUPPORTED_*`, `INVALID_*`, `LIMIT_EXCEEDED`, `NETWORK` → 3 (unreadable or unsupported
 *   input), and `OUTPUT_UNWRITABLE` → 3 (an output that cannot be written)
 * - `FINDINGS`, `CHECK_FAILED` → 1
 * - `INTERNAL` → 70
 */
export type ErrorCode =
  | "USAGE"
  | "INPUT_NOT_FOUND"
  | "INPUT_UNREADABLE"
  | "INVALID_JSON"
  | "INVALID_TOML"
  | "INVALID_DOCUMENT"
  | "INVALID_VERSION"
  | "INVALID_SPECIFIER"
  | "INVALID_NAME"
  | "INVALID_REQUIREMENT"
  | "INVALID_MARKER"
  | "UNDEFINED_MARKER_VARIABLE"
  | "INVALID_LICENSE"
  | "INVALID_FILENAME"
  | "INVALID_METADATA"
  | "INVALID_PURL"
  | "INVALID_CPE"
  | "UNSUPPORTED_FORMAT"
  | "UNSUPPORTED_VERSION"
  | "LIMIT_EXCEEDED"
  | "OUTPUT_UNWRITABLE"
  | "CHECK_FAILED"
  | "FINDINGS"
  | "NETWORK"
  | "INTERNAL";

/** Where in an input a problem is: a file, and a JSON pointer or a line/column when known. */
export interface ErrorLocation {
  readonly file?: string;
  readonly pointer?: string;
  readonly line?: number;
  readonly column?: number;
}

/**
 * An expected failure with a stable code.
 * @example
 * throw new PysbomError("INVALID_VERSION", "Invalid version: '1.0.x'");
 */
export class PysbomError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation | undefined;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; location?: ErrorLocation }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "PysbomError";
    this.code = code;
    this.location = options?.location;
  }
}

/** True when `e` is a PysbomError, optionally with one of the given codes. */
export function isPysbomError(e: unknown, ...codes: ErrorCode[]): e is PysbomError {
  return e instanceof PysbomError && (codes.length === 0 || codes.includes(e.code));
}

/** Formats a location as `file:line:column` or `file#/pointer` for messages. */
export function formatLocation(loc: ErrorLocation | undefined): string {
  if (!loc) return "";
  let s = loc.file ?? "";
  if (loc.line !== undefined)
    s += `${s ? ":" : "line "}${loc.line}${loc.column !== undefined ? `:${loc.column}` : ""}`;
  if (loc.pointer !== undefined) s += `${s ? " at " : ""}${loc.pointer === "" ? "/" : loc.pointer}`;
  return s;
}

/** The exit code the CLI uses for an error code (see README "Exit codes"). */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case "USAGE":
      return 2;
    case "FINDINGS":
    case "CHECK_FAILED":
      return 1;
    case "INTERNAL":
      return 70;
    default:
      return 3;
  }
}
