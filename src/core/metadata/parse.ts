// Lenient reader of core metadata files (METADATA, PKG-INFO): RFC 822 headers plus a body, as
// packaging's `parse_email` (compat32 email parser) reads them; never throws. Spec: core metadata.
import { FIELDS_BY_HEADER, type RawMetadata } from "./fields.js";
import type { MetadataProblem } from "./problems.js";

/** The result of {@link parseRawMetadata}. */
export interface RawMetadataResult {
  /** The known fields. */
  readonly raw: RawMetadata;
  /** Fields the specification does not define, by lowercased header name, every value in file order. */
  readonly unparsed: Readonly<Record<string, string[]>>;
  /** What went wrong while reading; the file is read as far as possible regardless. */
  readonly problems: readonly MetadataProblem[];
}

interface Line {
  readonly start: number;
  readonly end: number;
  /** Offset just past the line terminator (`\r\n`, `\r` or `\n`, as Python's email parser splits). */
  readonly next: number;
}

interface Header {
  readonly name: string;
  readonly lines: string[];
  readonly lineNumbers: number[];
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const utf8Lenient = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/** Decodes UTF-8; invalid sequences become U+FFFD and the 0-based numbers of their lines are returned. */
function decode(bytes: Uint8Array): { text: string; badLines: Set<number> } {
  const badLines = new Set<number>();
  try {
    return { text: utf8.decode(bytes), badLines };
  } catch {
    // Decode line by line to say which lines (so which fields) hold invalid bytes. CR and LF never
    // occur inside a UTF-8 multi-byte sequence, so splitting the bytes there is safe.
    const parts: string[] = [];
    let start = 0;
    let lineNo = 0;
    for (let i = 0; i <= bytes.length; i++) {
      const b = bytes[i];
      if (i < bytes.length && b !== 0x0a && b !== 0x0d) continue;
      const chunk = bytes.subarray(start, i);
      try {
        parts.push(utf8.decode(chunk));
      } catch {
        parts.push(utf8Lenient.decode(chunk));
        badLines.add(lineNo);
      }
      if (i === bytes.length) break;
      const crlf = b === 0x0d && bytes[i + 1] === 0x0a;
      parts.push(crlf ? "\r\n" : b === 0x0d ? "\r" : "\n");
      if (crlf) i++;
      start = i + 1;
      lineNo++;
    }
    return { text: parts.join(""), badLines };
  }
}

function* lines(text: string, from: number): Generator<Line> {
  let start = from;
  while (start < text.length) {
    let end = start;
    while (end < text.length) {
      const c = text.charCodeAt(end);
      if (c === 0x0a || c === 0x0d) break;
      end++;
    }
    let next = end;
    if (text.charCodeAt(end) === 0x0d) next++;
    if (text.charCodeAt(next) === 0x0a) next++;
    yield { start, end, next };
    start = next;
  }
}

// RFC 822 field names as Python's email parser accepts them (`headerRE`): printable ASCII except ':'.
function isHeaderName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

// textwrap.dedent: remove the longest common leading run of spaces/tabs; whitespace-only lines become "".
function dedent(lines: readonly string[]): string[] {
  let margin: string | undefined;
  const cleaned = lines.map((line) => (/^[ \t]*$/.test(line) ? "" : line));
  for (const line of cleaned) {
    if (line === "") continue;
    let n = 0;
    while (n < line.length && (line[n] === " " || line[n] === "\t")) n++;
    const indent = line.slice(0, n);
    if (margin === undefined) margin = indent;
    else {
      let k = 0;
      while (k < margin.length && k < indent.length && margin[k] === indent[k]) k++;
      margin = margin.slice(0, k);
    }
  }
  const cut = margin?.length ?? 0;
  return cleaned.map((line) => line.slice(cut));
}

/**
 * Joins a header's physical lines. Folded values keep their line breaks (normalised to `\n`) and the
 * continuation lines are de-indented together, as setuptools' `rfc822_unescape` undoes its
 * `rfc822_escape` (8 spaces). For Description, the spec's `       |` continuation prefix is removed too.
 */
function unfold(header: Header, isDescription: boolean): string {
  const [first, ...rest] = header.lines;
  if (rest.length === 0) return first!;
  let body = dedent(rest);
  if (isDescription && body.every((line) => line === "" || line.startsWith("|")))
    body = body.map((line) => line.slice(1));
  return [first, ...body].join("\n");
}

/**
 * Reads a METADATA / PKG-INFO file without validating it, and never throws.
 *
 * Follows packaging's `parse_email` (Python's compat32 email parser): header names are
 * case-insensitive; lines starting with a space or tab continue the previous header; the first empty
 * line ends the headers and the rest is the body, used as Description; a line that is not a header
 * (no `name:`) also ends the headers and starts the body. Differences, all reported as problems:
 * bytes that are not UTF-8 are decoded with U+FFFD (packaging moves such fields to "unparsed"); a
 * repeated single-use field keeps its first value (packaging drops both); when Description is both a
 * header and the body, the body wins; a leading UTF-8 BOM is skipped.
 * @example
 * const { raw, problems } = parseRawMetadata("Metadata-Version: 2.1\nName: foo\nVersion: 1.0\n\nHello\n");
 * // raw: { metadataVersion: "2.1", name: "foo", version: "1.0", description: "Hello\n" }, problems: []
 */
export function parseRawMetadata(input: Uint8Array | string): RawMetadataResult {
  const problems: MetadataProblem[] = [];
  let text: string;
  let badLines = new Set<number>();
  if (typeof input === "string") text = input;
  else ({ text, badLines } = decode(input));
  if (text.charCodeAt(0) === 0xfeff) {
    problems.push({ field: "", code: "byte-order-mark", message: "the file starts with a byte order mark" });
    text = text.slice(1);
  }

  const headers: Header[] = [];
  let current: Header | undefined;
  let bodyStart = text.length;
  let bodyLine = -1;
  let lineNo = 0;
  for (const line of lines(text, 0)) {
    const content = text.slice(line.start, line.end);
    if (content === "") {
      // RFC 822: an empty line separates the headers from the body.
      bodyStart = line.next;
      bodyLine = lineNo + 1;
      break;
    }
    const c = content.charCodeAt(0);
    if (c === 0x20 || c === 0x09) {
      if (current) {
        current.lines.push(content);
        current.lineNumbers.push(lineNo);
      } else
        problems.push({
          field: "",
          code: "orphan-continuation",
          message: `line ${lineNo + 1} continues a header, but no header precedes it; ignored`,
        });
      lineNo++;
      continue;
    }
    // Any non-continuation line closes the header before it (so orphans continuation lines that follow).
    current = undefined;
    if (content.startsWith("From ")) {
      // An mbox "From " envelope line: Python's parser skips it (silently on the first line).
      if (lineNo > 0)
        problems.push({
          field: "",
          code: "malformed-header",
          message: `line ${lineNo + 1} is an mbox "From " line; ignored`,
        });
      lineNo++;
      continue;
    }
    const colon = content.indexOf(":");
    if (colon === 0) {
      // Python's parser ignores a line with an empty field name.
      problems.push({
        field: "",
        code: "malformed-header",
        message: `line ${lineNo + 1} has no field name; ignored`,
      });
      lineNo++;
      continue;
    }
    const name = colon > 0 ? content.slice(0, colon) : "";
    if (!isHeaderName(name)) {
      problems.push({
        field: "",
        code: "malformed-header",
        message: `line ${lineNo + 1} is not a "Name: value" header; it and all that follows are read as the body (Description)`,
      });
      bodyStart = line.start;
      bodyLine = lineNo;
      break;
    }
    // compat32 `header_source_parse`: the value starts after the colon, leading spaces/tabs removed.
    current = { name, lines: [content.slice(colon + 1).replace(/^[ \t]+/, "")], lineNumbers: [lineNo] };
    headers.push(current);
    lineNo++;
  }

  const raw: RawMetadata = {};
  const unparsed: Record<string, string[]> = Object.create(null);
  const store = raw as Record<string, string | string[] | undefined>;
  for (const header of headers) {
    const key = header.name.toLowerCase();
    const field = FIELDS_BY_HEADER.get(key);
    const display = field?.header ?? header.name;
    if (header.lineNumbers.some((n) => badLines.has(n)))
      problems.push({
        field: display,
        code: "invalid-utf8",
        message: `${display} is not valid UTF-8; invalid bytes were replaced with U+FFFD`,
      });
    const value = unfold(header, key === "description");
    if (field === undefined) {
      const values = unparsed[key] ?? [];
      values.push(value);
      unparsed[key] = values;
      continue;
    }
    if (field.kind === "multiple") {
      const values = (store[field.key] as string[] | undefined) ?? [];
      values.push(value);
      store[field.key] = values;
      continue;
    }
    if (store[field.key] !== undefined) {
      problems.push({
        field: display,
        code: "duplicate-field",
        message: `${display} may appear once; the first value is kept and ${JSON.stringify(value)} ignored`,
      });
      continue;
    }
    // packaging's `_parse_keywords`: the Keywords string split on commas, each item stripped.
    store[field.key] = field.kind === "keywords" ? value.split(",").map((k) => k.trim()) : value;
  }

  // The body is the Description (metadata 2.1+; packaging reads it for every version).
  const body = text.slice(bodyStart);
  if (body !== "") {
    if (raw.description !== undefined)
      problems.push({
        field: "Description",
        code: "duplicate-field",
        message: "Description is both a header and the message body; the body is kept",
      });
    raw.description = body;
    if (bodyLine >= 0 && [...badLines].some((n) => n >= bodyLine))
      problems.push({
        field: "Description",
        code: "invalid-utf8",
        message: "Description is not valid UTF-8; invalid bytes were replaced with U+FFFD",
      });
  }
  return { raw, unparsed, problems };
}
