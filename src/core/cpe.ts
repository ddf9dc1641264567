// CPE 2.3 formatted-string binding (NISTIR 7695 §6.2: bind/unbind of a WFN to `cpe:2.3:…`), validated by the
// `cpe23Type` pattern of the official CPE 2.3 naming schema (cpe-naming_2.3.xsd, also in SPDX 2.3 and CycloneDX).
//
// pysbom never guesses a vendor or product from a package name: a CPE only ever comes from curated data (an
// SBOM being read, CPython's own SBOM files, a maintained mapping table). This module only parses and binds.
import { PysbomError } from "../errors.js";

/** A CPE 2.3 formatted string that has been validated (and re-bound) by this module. */
export type Cpe23 = string & { readonly __brand: "Cpe23" };

/** The `part` attribute: application, operating system, hardware, or the logical values ANY/NA. */
export type CpePart = "a" | "o" | "h" | "*" | "-";

/**
 * The eleven attributes of a CPE name as plain, unescaped values.
 *
 * Each value is `"*"` (logical ANY), `"-"` (logical NA), or a literal string. Inside a literal, an unescaped
 * `?` run or a single unescaped `*` at the very start or end is a wildcard (NISTIR 7695 §5.3.2); a backslash
 * escapes the next character, so a literal asterisk, question mark or backslash is written `\*`, `\?`, `\\`.
 * Every other character stands for itself (`tcl/tk`, not `tcl\/tk`): {@link formatCpe} adds the escaping.
 */
export interface Cpe {
  readonly part: CpePart;
  readonly vendor: string;
  readonly product: string;
  readonly version: string;
  readonly update: string;
  readonly edition: string;
  readonly language: string;
  readonly swEdition: string;
  readonly targetSw: string;
  readonly targetHw: string;
  readonly other: string;
}

/** Logical value ANY (bound as `*`). */
export const CPE_ANY = "*";
/** Logical value NA, "not applicable" (bound as `-`). */
export const CPE_NA = "-";

const PREFIX = "cpe:2.3:";
// Attribute order of the formatted string (NISTIR 7695 §6.2.1).
const FIELDS = [
  "part",
  "vendor",
  "product",
  "version",
  "update",
  "edition",
  "language",
  "swEdition",
  "targetSw",
  "targetHw",
  "other",
] as const;

// One attribute of the cpe23Type pattern, anchored: `(\?*|\*?)([a-zA-Z0-9\-\._]|(\\[\\\*\?!"#$%&'\(\)\+,/:;
// <=>@\[\]\^`\{\|}~]))+(\?*|\*?)|[\*\-]`. Linear: the body never matches an unescaped `?` or `*`, so the
// prefix, body and suffix cannot trade characters.
const FS_VALUE = /^(?:[*-]|(?:\?*|\*?)(?:[A-Za-z0-9._-]|\\[\\*?!"#$%&'()+,/:;<=>@[\]^`{|}~])+(?:\?*|\*?))$/;
// The language attribute of the same pattern (an RFC 5646 language tag subset).
const FS_LANGUAGE = /^(?:[*-]|[A-Za-z]{2,3}(?:-(?:[A-Za-z]{2}|[0-9]{3}))?)$/;
// Characters that bind unquoted (NISTIR 7695 §6.2.2.2 process_quoted_chars: `.`, `-`, `_` lose their quoting).
const UNQUOTED = /^[A-Za-z0-9._-]$/;

function invalid(message: string): never {
  throw new PysbomError("INVALID_CPE", message);
}

/** Splits the part after `cpe:2.3:` on unescaped colons; `undefined` on a dangling backslash. */
function splitFields(rest: string): string[] | undefined {
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if (c === 0x5c) {
      if (i + 1 >= rest.length) return undefined;
      i++;
    } else if (c === 0x3a) {
      fields.push(rest.slice(start, i));
      start = i + 1;
      // More than 11 fields: stop early instead of splitting a hostile string to the end.
      if (fields.length > FIELDS.length) return fields;
    }
  }
  fields.push(rest.slice(start));
  return fields;
}

// Unbinding (NISTIR 7695 §6.2.3 unbind_value_fs): escapes the formatted string needs only for punctuation are
// dropped; `\*`, `\?`, `\\` stay, because in our values an unescaped `*`/`?` is a wildcard.
function unbindValue(fs: string): string {
  if (fs === "*" || fs === "-") return fs;
  let out = "";
  for (let i = 0; i < fs.length; i++) {
    const c = fs[i]!;
    if (c === "\\") {
      const next = fs[++i]!;
      out += next === "*" || next === "?" || next === "\\" ? c + next : next;
    } else {
      out += c;
    }
  }
  return out;
}

type Token = { readonly wild: boolean; readonly ch: string };

function tokenize(value: string, field: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === "\\") {
      if (i + 1 >= value.length) invalid(`CPE ${field}: dangling backslash in ${JSON.stringify(value)}`);
      tokens.push({ wild: false, ch: value[++i]! });
    } else {
      tokens.push({ wild: c === "*" || c === "?", ch: c });
    }
  }
  return tokens;
}

// Binding (NISTIR 7695 §6.2.2 bind_value_for_fs): ANY → `*`, NA → `-`, otherwise every printable character
// other than alphanumerics, `.`, `-`, `_` is quoted with `\`; unquoted `*`/`?` are wildcards, which §5.3.2
// allows only as a leading/trailing run of `?` or a single leading/trailing `*`.
function bindValue(value: string, field: string): string {
  if (value === "*" || value === "-") return value;
  if (value === "") invalid(`CPE ${field} is empty (use "*" for ANY or "-" for NA)`);
  const tokens = tokenize(value, field);
  let lo = 0;
  let hi = tokens.length;
  if (tokens[0]?.wild && tokens[0].ch === "*") lo = 1;
  else while (lo < hi && tokens[lo]!.wild && tokens[lo]!.ch === "?") lo++;
  if (hi > lo && tokens[hi - 1]!.wild && tokens[hi - 1]!.ch === "*") hi--;
  else while (hi > lo && tokens[hi - 1]!.wild && tokens[hi - 1]!.ch === "?") hi--;
  if (lo >= hi) invalid(`CPE ${field} ${JSON.stringify(value)} has wildcards but no characters`);
  let out = "";
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.wild) {
      if (i >= lo && i < hi)
        invalid(
          `CPE ${field} ${JSON.stringify(value)}: an unescaped ${t.ch} is only allowed at the start or end`,
        );
      out += t.ch;
      continue;
    }
    const code = t.ch.charCodeAt(0);
    // WFN values are printable ASCII without whitespace (NISTIR 7695 §5.3.2).
    if (code < 0x21 || code > 0x7e)
      invalid(`CPE ${field} ${JSON.stringify(value)} contains a character a CPE cannot hold`);
    out += UNQUOTED.test(t.ch) ? t.ch : `\\${t.ch}`;
  }
  if (out === "-") invalid(`CPE ${field}: a literal "-" would bind as NA`);
  return out;
}

function parseOrError(s: string): Cpe | string {
  if (!s.startsWith(PREFIX)) return `CPE must start with "${PREFIX}"`;
  const fields = splitFields(s.slice(PREFIX.length));
  if (fields === undefined) return "CPE ends with a dangling backslash";
  if (fields.length !== FIELDS.length)
    return `CPE 2.3 formatted string needs ${FIELDS.length} attributes after "${PREFIX}"`;
  const [part, vendor, product, version, update, edition, language, swEdition, targetSw, targetHw, other] =
    fields as [string, string, string, string, string, string, string, string, string, string, string];
  if (!/^[aho*-]$/.test(part)) return `CPE part must be one of a, o, h, *, - (got ${JSON.stringify(part)})`;
  if (!FS_LANGUAGE.test(language)) return `CPE language ${JSON.stringify(language)} is not a language tag`;
  for (let i = 1; i < FIELDS.length; i++) {
    if (i !== 6 && !FS_VALUE.test(fields[i]!))
      return `CPE ${FIELDS[i]} ${JSON.stringify(fields[i]!.slice(0, 200))} is not a valid attribute value`;
  }
  return {
    part: part as CpePart,
    vendor: unbindValue(vendor),
    product: unbindValue(product),
    version: unbindValue(version),
    update: unbindValue(update),
    edition: unbindValue(edition),
    language,
    swEdition: unbindValue(swEdition),
    targetSw: unbindValue(targetSw),
    targetHw: unbindValue(targetHw),
    other: unbindValue(other),
  };
}

/**
 * Parses a CPE 2.3 formatted string into unescaped attribute values; throws `INVALID_CPE`.
 * @example
 * parseCpe("cpe:2.3:a:tcl_tk:tcl_tk:8.6.13.1:*:*:*:*:*:*:*").version // "8.6.13.1"
 * parseCpe("cpe:2.3:a:foo:bar\\/baz:1.0:*:*:*:*:*:*:*").product     // "bar/baz"
 */
export function parseCpe(s: string): Cpe {
  const r = parseOrError(s);
  if (typeof r === "string") throw new PysbomError("INVALID_CPE", `${r}: ${JSON.stringify(s.slice(0, 200))}`);
  return r;
}

/**
 * Like {@link parseCpe} but returns `undefined` for an invalid CPE.
 * @example tryParseCpe("cpe:/a:python:python:3.12") // undefined (CPE 2.2 URI binding)
 */
export function tryParseCpe(s: string): Cpe | undefined {
  const r = parseOrError(s);
  return typeof r === "string" ? undefined : r;
}

/**
 * True when `s` matches the CPE 2.3 formatted-string pattern (`cpe23Type`).
 * @example isValidCpe("cpe:2.3:a:python:python:3.12.0:*:*:*:*:*:*:*") // true
 */
export function isValidCpe(s: string): s is Cpe23 {
  return typeof parseOrError(s) !== "string";
}

/**
 * Binds attribute values to a CPE 2.3 formatted string, quoting special characters; throws `INVALID_CPE`
 * for values a CPE cannot hold (empty, whitespace, non-ASCII, a wildcard in the middle, a bad language tag).
 * @example
 * formatCpe({ ...parseCpe("cpe:2.3:a:x:y:1:*:*:*:*:*:*:*"), product: "tcl/tk" })
 * // "cpe:2.3:a:x:tcl\\/tk:1:*:*:*:*:*:*:*"
 */
export function formatCpe(cpe: Cpe): Cpe23 {
  if (!/^[aho*-]$/.test(cpe.part))
    invalid(`CPE part must be one of a, o, h, *, - (got ${JSON.stringify(cpe.part)})`);
  if (!FS_LANGUAGE.test(cpe.language))
    invalid(`CPE language ${JSON.stringify(cpe.language)} is not a language tag`);
  let out = PREFIX + cpe.part;
  for (let i = 1; i < FIELDS.length; i++) {
    const field = FIELDS[i]!;
    out += `:${i === 6 ? cpe.language : bindValue(cpe[field], field)}`;
  }
  return out as Cpe23;
}

/** Attributes for {@link cpe}: `part`, `vendor` and `product` are required, the rest default to ANY. */
export interface CpeInit {
  readonly part: CpePart;
  readonly vendor: string;
  readonly product: string;
  readonly version?: string;
  readonly update?: string;
  readonly edition?: string;
  readonly language?: string;
  readonly swEdition?: string;
  readonly targetSw?: string;
  readonly targetHw?: string;
  readonly other?: string;
}

/**
 * Builds a CPE 2.3 formatted string from curated attributes (omitted ones are ANY, NISTIR 7695 §5.2).
 * @example
 * cpe({ part: "a", vendor: "python", product: "python", version: "3.13.0a5" })
 * // "cpe:2.3:a:python:python:3.13.0a5:*:*:*:*:*:*:*"
 */
export function cpe(init: CpeInit): Cpe23 {
  return formatCpe({
    part: init.part,
    vendor: init.vendor,
    product: init.product,
    version: init.version ?? CPE_ANY,
    update: init.update ?? CPE_ANY,
    edition: init.edition ?? CPE_ANY,
    language: init.language ?? CPE_ANY,
    swEdition: init.swEdition ?? CPE_ANY,
    targetSw: init.targetSw ?? CPE_ANY,
    targetHw: init.targetHw ?? CPE_ANY,
    other: init.other ?? CPE_ANY,
  });
}

/**
 * Replaces the version attribute of a CPE 2.3 formatted string, quoting it as needed (what CPython's
 * `sbom.py` does for the Windows externals, but by parsing rather than with a regex over raw colons).
 * @example
 * withCpeVersion("cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*", "3.0.16")
 * // "cpe:2.3:a:openssl:openssl:3.0.16:*:*:*:*:*:*:*"
 */
export function withCpeVersion(cpe: string, version: string): Cpe23 {
  return formatCpe({ ...parseCpe(cpe), version });
}
