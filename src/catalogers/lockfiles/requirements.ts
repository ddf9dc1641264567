// pip requirements files, read as pip 24 reads them (pip/_internal/req/req_file.py, constructors.py):
// Python line splitting, `\` continuations, `#` comments, `-r`/`-c` includes, `-e`, per-requirement
// `--hash`, index options (recorded, never contacted), PEP 508 lines, URLs and paths; plus pip-compile's
// `# via` annotations, which record the dependency graph.

import { tryParseSdistFilename, tryParseWheelFilename } from "../../core/filenames.js";
import { canonicalizeName, isValidName } from "../../core/names.js";
import { tryParseSpecifierSet } from "../../core/pep440/index.js";
import { isPythonWhitespace, pythonStrip } from "../../core/pep440/version.js";
import { formatMarker, type Requirement, tryParseRequirement } from "../../core/pep508/index.js";
import { isPysbomError } from "../../errors.js";
import type { Checksum, Property } from "../../model/index.js";
import type { Resolver } from "../../sources/resolver.js";
import {
  addChecksums,
  asString,
  asTable,
  at,
  baseOf,
  checkNameVersion,
  checksumFromText,
  checksumOf,
  dirOf,
  exactPin,
  isCommitId,
  joinRelative,
  markerOrUnknown,
  parseToml,
  redactUrl,
  urlFileName,
} from "./common.js";
import { decodeText } from "./text.js";
import { type EdgeKind, emptyParsed, type LockPackage, type LockSource, type ParsedFile } from "./types.js";

// ---------------------------------------------------------------------------------------------------
// Lines: Python's str.splitlines, pip's join_lines / ignore_comments, pip-compile annotations.

/** Options pip accepts on a requirements-file line (SUPPORTED_OPTIONS + SUPPORTED_OPTIONS_REQ). */
export interface LineOptions {
  readonly requirements: string[];
  readonly constraints: string[];
  readonly editables: string[];
  indexUrl?: string | undefined;
  readonly extraIndexUrls: string[];
  noIndex: boolean;
  readonly findLinks: string[];
  readonly trustedHosts: string[];
  /** `--hash` values as written (`sha256:…`). */
  readonly hashes: string[];
  readonly other: string[];
}

/** One logical line (continuations joined) that is not blank or a comment. */
export interface RequirementsLine {
  /** First physical line (1-based), as pip numbers it. */
  readonly line: number;
  /** The requirement part (before the first `-` option token); "" for option-only lines. */
  readonly args: string;
  readonly options: LineOptions;
  /** Why the options could not be parsed (pip stops with RequirementsFileParseError). */
  readonly error?: string | undefined;
  /** pip-compile `# via` items that follow the line (or trail it). */
  via?: string[] | undefined;
}

// Python str.splitlines() boundaries: \n \r \r\n \v \f \x1c \x1d \x1e \x85 \u2028 \u2029.
function isLineBreak(c: number): boolean {
  return (
    c === 10 ||
    c === 13 ||
    c === 11 ||
    c === 12 ||
    c === 0x1c ||
    c === 0x1d ||
    c === 0x1e ||
    c === 0x85 ||
    c === 0x2028 ||
    c === 0x2029
  );
}

const LINE_BREAKS = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

/** Python's `str.splitlines()`. */
export function splitPythonLines(text: string): string[] {
  if (text === "") return [];
  const out = text.split(LINE_BREAKS);
  // A final line break ends the last line; it does not start an empty one.
  if (isLineBreak(text.charCodeAt(text.length - 1))) out.pop();
  return out;
}

// pip COMMENT_RE = r"(^|\s+)#.*$" with re.match: the line starts with optional whitespace and `#`.
function isCommentLine(line: string): boolean {
  let i = 0;
  while (i < line.length && isPythonWhitespace(line.charCodeAt(i))) i++;
  return i < line.length && line.charCodeAt(i) === 35;
}

// COMMENT_RE.sub("", line): cut at the whitespace run before the first `#` that starts the line or
// follows whitespace. Returns the kept part and the comment (from `#`).
function splitComment(line: string): { code: string; comment?: string } {
  let from = 0;
  for (;;) {
    const i = line.indexOf("#", from);
    if (i === -1) return { code: line };
    if (i === 0) return { code: "", comment: line };
    if (isPythonWhitespace(line.charCodeAt(i - 1))) {
      let j = i - 1;
      while (j > 0 && isPythonWhitespace(line.charCodeAt(j - 1))) j--;
      return { code: line.slice(0, j), comment: line.slice(i) };
    }
    from = i + 1;
  }
}

// str.strip("\\")
function stripBackslashes(line: string): string {
  let a = 0;
  let b = line.length;
  while (a < b && line.charCodeAt(a) === 92) a++;
  while (b > a && line.charCodeAt(b - 1) === 92) b--;
  return line.slice(a, b);
}

interface LogicalLine {
  line: number;
  text: string;
}

// pip join_lines: a line ending in `\` (and not a comment) continues on the next; a comment line ends
// the continuation (and is appended, then stripped as a comment).
function joinLines(lines: readonly string[]): LogicalLine[] {
  const out: LogicalLine[] = [];
  let primary = 0;
  let parts: string[] = [];
  for (let k = 0; k < lines.length; k++) {
    let line = lines[k]!;
    const number = k + 1;
    const comment = isCommentLine(line);
    if (!line.endsWith("\\") || comment) {
      if (comment) line = ` ${line}`;
      if (parts.length > 0) {
        parts.push(line);
        out.push({ line: primary, text: parts.join("") });
        parts = [];
      } else out.push({ line: number, text: line });
    } else {
      if (parts.length === 0) primary = number;
      parts.push(stripBackslashes(line));
    }
  }
  if (parts.length > 0) out.push({ line: primary, text: parts.join("") });
  return out;
}

// posix shlex.split (whitespace_split, no comments); undefined on an unclosed quote or trailing `\`.
function shlexSplit(s: string): string[] | undefined {
  // Without quotes or backslashes, posix shlex only splits on whitespace.
  if (!/["'\\]/.test(s)) return s.split(/[ \t\r\n]+/).filter((t) => t !== "");
  const out: string[] = [];
  let token = "";
  let inToken = false;
  let quote: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else token += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === "\\" && (s[i + 1] === '"' || s[i + 1] === "\\")) token += s[++i];
      else if (c === "\\" && i + 1 >= s.length) return undefined;
      else token += c;
    } else if (c === " " || c === "\t" || c === "\r" || c === "\n") {
      if (inToken) out.push(token);
      token = "";
      inToken = false;
    } else if (c === "'" || c === '"') {
      quote = c;
      inToken = true;
    } else if (c === "\\") {
      if (i + 1 >= s.length) return undefined;
      token += s[++i];
      inToken = true;
    } else {
      token += c;
      inToken = true;
    }
  }
  if (quote !== undefined) return undefined;
  if (inToken) out.push(token);
  return out;
}

type Dest = keyof Pick<
  LineOptions,
  | "requirements"
  | "constraints"
  | "editables"
  | "indexUrl"
  | "extraIndexUrls"
  | "noIndex"
  | "findLinks"
  | "trustedHosts"
  | "hashes"
  | "other"
>;

interface OptionSpec {
  readonly names: readonly string[];
  readonly dest: Dest;
  readonly value: boolean;
}

// pip 24 cmdoptions used by req_file.build_parser (SUPPORTED_OPTIONS + SUPPORTED_OPTIONS_REQ).
const OPTION_SPECS: readonly OptionSpec[] = [
  { names: ["-i", "--index-url", "--pypi-url"], dest: "indexUrl", value: true },
  { names: ["--extra-index-url"], dest: "extraIndexUrls", value: true },
  { names: ["--no-index"], dest: "noIndex", value: false },
  { names: ["-c", "--constraint"], dest: "constraints", value: true },
  { names: ["-r", "--requirement"], dest: "requirements", value: true },
  { names: ["-e", "--editable"], dest: "editables", value: true },
  { names: ["-f", "--find-links"], dest: "findLinks", value: true },
  { names: ["--no-binary"], dest: "other", value: true },
  { names: ["--only-binary"], dest: "other", value: true },
  { names: ["--prefer-binary"], dest: "other", value: false },
  { names: ["--require-hashes"], dest: "other", value: false },
  { names: ["--pre"], dest: "other", value: false },
  { names: ["--trusted-host"], dest: "trustedHosts", value: true },
  { names: ["--use-feature"], dest: "other", value: true },
  { names: ["--global-option"], dest: "other", value: true },
  { names: ["--hash"], dest: "hashes", value: true },
  { names: ["-C", "--config-settings"], dest: "other", value: true },
];
const SHORT = new Map<string, OptionSpec>();
const LONG = new Map<string, OptionSpec>();
for (const spec of OPTION_SPECS) for (const n of spec.names) (n.startsWith("--") ? LONG : SHORT).set(n, spec);
const LONG_NAMES = [...LONG.keys()];
const STRONG_HASHES = ["sha256", "sha384", "sha512"];

// Shared by the (many) lines without options; never modified.
const NO_OPTIONS: LineOptions = Object.freeze({
  requirements: Object.freeze([]) as unknown as string[],
  constraints: Object.freeze([]) as unknown as string[],
  editables: Object.freeze([]) as unknown as string[],
  extraIndexUrls: Object.freeze([]) as unknown as string[],
  noIndex: false,
  findLinks: Object.freeze([]) as unknown as string[],
  trustedHosts: Object.freeze([]) as unknown as string[],
  hashes: Object.freeze([]) as unknown as string[],
  other: Object.freeze([]) as unknown as string[],
}) as LineOptions;

function emptyOptions(): LineOptions {
  return {
    requirements: [],
    constraints: [],
    editables: [],
    extraIndexUrls: [],
    noIndex: false,
    findLinks: [],
    trustedHosts: [],
    hashes: [],
    other: [],
  };
}

function store(
  opts: LineOptions,
  spec: OptionSpec,
  name: string,
  value: string | undefined,
): string | undefined {
  switch (spec.dest) {
    case "indexUrl":
      opts.indexUrl = value;
      return undefined;
    case "noIndex":
      opts.noIndex = true;
      return undefined;
    case "hashes": {
      const v = value ?? "";
      const colon = v.indexOf(":");
      if (colon === -1)
        return `Arguments to ${name} must be a hash name followed by a value, like --hash=sha256:abcde...`;
      if (!STRONG_HASHES.includes(v.slice(0, colon)))
        return `Allowed hash algorithms for ${name} are ${STRONG_HASHES.join(", ")}.`;
      opts.hashes.push(v);
      return undefined;
    }
    case "other":
      opts.other.push(value === undefined ? name : `${name}=${value}`);
      return undefined;
    default:
      (opts[spec.dest] as string[]).push(value ?? "");
      return undefined;
  }
}

// optparse: long options by exact name or unique prefix, `--x=v` or `--x v`; short options clustered
// (`-rfile`, `-r file`); other tokens are positional and ignored.
function parseOptions(tokens: readonly string[]): { options: LineOptions; error?: string } {
  const opts = emptyOptions();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === "--") break;
    if (t.startsWith("--")) {
      const eq = t.indexOf("=");
      const written = eq === -1 ? t : t.slice(0, eq);
      let name = written;
      if (!LONG.has(name)) {
        const matches = LONG_NAMES.filter((n) => n.startsWith(written));
        if (matches.length === 0) return { options: opts, error: `no such option: ${written}` };
        if (matches.length > 1)
          return { options: opts, error: `ambiguous option: ${written} (${matches.join(", ")}?)` };
        name = matches[0]!;
      }
      const spec = LONG.get(name)!;
      let value: string | undefined;
      if (spec.value) {
        if (eq !== -1) value = t.slice(eq + 1);
        else if (i + 1 < tokens.length) value = tokens[++i];
        else return { options: opts, error: `${name} option requires 1 argument` };
      } else if (eq !== -1) return { options: opts, error: `${name} option does not take a value` };
      const err = store(opts, spec, name, value);
      if (err) return { options: opts, error: err };
    } else if (t.startsWith("-") && t.length > 1) {
      for (let j = 1; j < t.length; j++) {
        const name = `-${t[j]}`;
        const spec = SHORT.get(name);
        if (!spec) return { options: opts, error: `no such option: ${name}` };
        if (!spec.value) {
          const err = store(opts, spec, name, undefined);
          if (err) return { options: opts, error: err };
          continue;
        }
        let value = t.slice(j + 1);
        if (value === "") {
          if (i + 1 >= tokens.length) return { options: opts, error: `${name} option requires 1 argument` };
          value = tokens[++i]!;
        }
        const err = store(opts, spec, name, value);
        if (err) return { options: opts, error: err };
        break;
      }
    }
  }
  return { options: opts };
}

// pip break_args_options: tokens split on " " until the first that starts with "-".
function breakArgsOptions(line: string): { args: string; options: string } {
  if (line.charCodeAt(0) !== 45 && !line.includes(" -")) return { args: line, options: "" };
  const tokens = line.split(" ");
  let k = 0;
  while (k < tokens.length && !tokens[k]!.startsWith("-")) k++;
  return { args: tokens.slice(0, k).join(" "), options: tokens.slice(k).join(" ") };
}

const VIA = /^#\s*via\b\s*(.*)$/;
const VIA_ITEM = /^#\s{2,}(\S.*)$/;

function viaItems(rest: string): string[] {
  return rest
    .split(/,\s+/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/**
 * Splits a requirements file into logical lines as pip does (continuations joined, comments and blank
 * lines dropped, options parsed), attaching pip-compile `# via` annotations to the line they follow.
 * Linear in the size of the text.
 * @example parseRequirementsText("requests==2.31.0 \\\n  --hash=sha256:…\n    # via -r requirements.in\n")
 */
export function parseRequirementsText(text: string): RequirementsLine[] {
  const out: RequirementsLine[] = [];
  let target: RequirementsLine | undefined;
  let viaOpen = false;
  for (const logical of joinLines(splitPythonLines(text))) {
    const { code, comment } = splitComment(logical.text);
    const stripped = pythonStrip(code);
    if (stripped === "") {
      const c = comment === undefined ? undefined : pythonStrip(comment);
      if (c === undefined || c === "") {
        target = undefined;
        viaOpen = false;
        continue;
      }
      const via = target ? VIA.exec(c) : null;
      if (via && target) {
        viaOpen = true;
        target.via ??= [];
        target.via.push(...viaItems(via[1]!));
        continue;
      }
      const item = viaOpen ? VIA_ITEM.exec(c) : null;
      if (item && target) target.via!.push(item[1]!.trim());
      else viaOpen = false;
      continue;
    }
    const { args, options } = breakArgsOptions(stripped);
    const tokens = options === "" ? [] : shlexSplit(options);
    const parsed: RequirementsLine =
      tokens !== undefined && tokens.length === 0
        ? { line: logical.line, args, options: NO_OPTIONS }
        : tokens === undefined
          ? {
              line: logical.line,
              args,
              options: emptyOptions(),
              error: `Could not split options: ${options}`,
            }
          : (() => {
              const r = parseOptions(tokens);
              return { line: logical.line, args, options: r.options, ...(r.error ? { error: r.error } : {}) };
            })();
    out.push(parsed);
    const isReq = args !== "" || parsed.options.editables.length > 0;
    target = isReq ? parsed : undefined;
    viaOpen = false;
    // pip-compile --annotation-style=line: `pkg==1  # via a, b`.
    const inline = comment === undefined ? null : VIA.exec(pythonStrip(comment));
    if (isReq && inline) parsed.via = viaItems(inline[1]!);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Requirement arguments: pip's parse_req_from_line / parse_editable.

/** What a requirement argument names. */
export type RequirementArg =
  | { readonly kind: "requirement"; readonly req: Requirement }
  | {
      readonly kind: "url";
      readonly url: string;
      readonly name?: string | undefined;
      readonly version?: string | undefined;
      readonly marker?: string | undefined;
      readonly extras: readonly string[];
    }
  | {
      readonly kind: "path";
      readonly path: string;
      readonly name?: string | undefined;
      readonly version?: string | undefined;
      readonly marker?: string | undefined;
    }
  | { readonly kind: "error"; readonly message: string };

const VCS_SCHEMES = ["git", "hg", "svn", "bzr"];
const ARCHIVE = /\.(?:zip|whl|tar\.gz|tgz|tar|tar\.bz2|tbz|tar\.xz|txz|tlz|tar\.lz|tar\.lzma)$/i;

// pip vcs.is_url: the scheme is http(s)/file/ftp or one of the VCS schemes (`git+https`…).
function isUrl(s: string): boolean {
  const colon = s.indexOf(":");
  if (colon === -1) return false;
  const scheme = s.slice(0, colon).toLowerCase();
  if (["http", "https", "file", "ftp"].includes(scheme)) return true;
  const [vcs, transport] = scheme.split("+", 2);
  if (!VCS_SCHEMES.includes(vcs!)) return false;
  return transport === undefined || /^[a-z][a-z0-9.-]*$/.test(transport);
}

function looksLikePath(name: string): boolean {
  return name.includes("/") || name.includes("\\") || name.startsWith(".");
}

function stripExtras(path: string): { path: string; extras?: string } {
  const m = /^(.+)(\[[^\]]+\])$/s.exec(path);
  return m ? { path: m[1]!, extras: m[2]! } : { path };
}

/** pip Link.egg_fragment: `#egg=name` (or `&egg=`). */
function eggFragment(url: string): string | undefined {
  const hash = url.indexOf("#");
  if (hash === -1) return undefined;
  const m = /(?:^|&)egg=([^&]*)/.exec(url.slice(hash + 1));
  return m?.[1] ? m[1] : undefined;
}

function fromFileName(
  file: string | undefined,
  name: string | undefined,
): { name?: string; version?: string } | undefined {
  if (!file) return undefined;
  const w = file.toLowerCase().endsWith(".whl") ? tryParseWheelFilename(file) : undefined;
  if (w) return { name: name ?? w.name, version: w.version };
  const s = tryParseSdistFilename(file);
  if (s && (name === undefined || canonicalizeName(name) === s.name))
    return { name: name ?? s.name, version: s.version };
  return undefined;
}

/**
 * Classifies a requirement argument as pip does: a PEP 508 requirement, a URL (named by `#egg=` or its
 * wheel filename), or a local path (directory or archive). `editable` for `-e` values.
 * @example parseRequirementArg("requests[socks]==2.31.0; python_version >= '3.8'", false).kind // "requirement"
 */
export function parseRequirementArg(arg: string, editable: boolean): RequirementArg {
  if (editable) {
    const { path, extras } = stripExtras(arg);
    let url = path;
    const lower = url.toLowerCase();
    for (const vcs of VCS_SCHEMES)
      if (lower.startsWith(`${vcs}:`)) {
        url = `${vcs}+${url}`;
        break;
      }
    if (isUrl(url) && !url.toLowerCase().startsWith("file:")) {
      const scheme = url.slice(0, url.indexOf(":")).toLowerCase();
      if (!VCS_SCHEMES.includes(scheme.split("+")[0]!))
        return {
          kind: "error",
          message: `${arg} is not a valid editable requirement: it should be a path to a local project or a VCS URL`,
        };
      const name = eggFragment(url);
      if (!name)
        return {
          kind: "error",
          message: `could not detect the requirement name for ${JSON.stringify(arg)}; specify one with #egg=your_package_name`,
        };
      return { kind: "url", url, name, extras: extras ? [extras] : [] };
    }
    const p = url.toLowerCase().startsWith("file:") ? url.replace(/^file:(\/\/)?/i, "") : url;
    return { kind: "path", path: p.split("#", 1)[0]!, name: eggFragment(url) };
  }
  let text = arg;
  let markerText: string | undefined;
  const sep = isUrl(text) ? "; " : ";";
  const si = text.indexOf(sep);
  if (si !== -1) {
    markerText = pythonStrip(text.slice(si + sep.length)) || undefined;
    text = text.slice(0, si);
  }
  text = pythonStrip(text);
  if (isUrl(text)) {
    const name = eggFragment(text);
    const file = urlFileName(text.split("#", 1)[0]!);
    const scheme = text.slice(0, text.indexOf(":")).toLowerCase();
    const isVcs = VCS_SCHEMES.includes(scheme.split("+")[0]!);
    const parsed = isVcs ? undefined : fromFileName(file, name);
    if (!isVcs && file?.toLowerCase().endsWith(".whl") && !parsed)
      return { kind: "error", message: `${file} is not a valid wheel filename` };
    return {
      kind: "url",
      url: text,
      name: parsed?.name ?? name,
      version: parsed?.version,
      marker: markerText,
      extras: [],
    };
  }
  const { path, extras } = stripExtras(text);
  // pip checks the filesystem here; statically, anything that looks like a path or an archive is one,
  // unless it is `name @ url` (the part before "@" does not look like a path).
  const at = text.indexOf("@");
  const nameAtUrl = at !== -1 && !looksLikePath(text.slice(0, at));
  if (!nameAtUrl && (looksLikePath(text) || ARCHIVE.test(path))) {
    const parsed = ARCHIVE.test(path) ? fromFileName(baseOf(path.replace(/\\/g, "/")), undefined) : undefined;
    void extras;
    return { kind: "path", path, name: parsed?.name, version: parsed?.version, marker: markerText };
  }
  const full = markerText === undefined ? text : `${text}; ${markerText}`;
  const req = tryParseRequirement(full);
  if (!req) {
    const hint =
      text.includes("=") && !/[<>!~=]=|[<>]/.test(text)
        ? " (= is not a valid operator; did you mean ==?)"
        : "";
    return { kind: "error", message: `invalid requirement ${JSON.stringify(full)}${hint}` };
  }
  return { kind: "requirement", req };
}

// ---------------------------------------------------------------------------------------------------
// Direct references (URLs, VCS) as lock sources.

/**
 * The source a direct-reference URL names: a VCS checkout (`git+https://host/repo@rev#subdirectory=x`)
 * or an archive URL. Credentials are redacted.
 */
export function sourceOfUrl(url: string): LockSource {
  const clean = redactUrl(url);
  const scheme = clean.slice(0, clean.indexOf(":")).toLowerCase();
  const vcs = scheme.split("+")[0]!;
  const hash = clean.indexOf("#");
  const fragment = hash === -1 ? "" : clean.slice(hash + 1);
  const sub = /(?:^|&)subdirectory=([^&]*)/.exec(fragment)?.[1];
  if (VCS_SCHEMES.includes(vcs)) {
    const body = hash === -1 ? clean : clean.slice(0, hash);
    // pip: the revision is after the last "@" in the path (not in the user info).
    const schemeEnd = body.indexOf("://");
    const pathStart = schemeEnd === -1 ? 0 : body.indexOf("/", schemeEnd + 3);
    const at = body.lastIndexOf("@");
    let repo = body;
    let ref: string | undefined;
    if (at !== -1 && pathStart !== -1 && at > pathStart) {
      repo = body.slice(0, at);
      ref = body.slice(at + 1);
    }
    const plain = repo.replace(/^[a-z]+\+/i, "");
    return {
      kind: "git",
      url: vcs === "git" ? plain : repo,
      ...(isCommitId(ref) ? { commit: ref!.toLowerCase() } : {}),
      ...(ref !== undefined && !isCommitId(ref) ? { ref } : {}),
      ...(sub ? { subdirectory: sub } : {}),
    };
  }
  return {
    kind: "url",
    url: hash === -1 ? clean : clean.slice(0, hash),
    ...(sub ? { subdirectory: sub } : {}),
  };
}

function urlChecksums(url: string): Checksum[] {
  const hash = url.indexOf("#");
  if (hash === -1) return [];
  const out: Checksum[] = [];
  for (const m of url.slice(hash + 1).matchAll(/(?:^|&)(sha1|sha224|sha384|sha256|sha512|md5)=([^&]*)/g)) {
    const c = checksumOf(m[1]!, m[2]!);
    if (c) out.push(c);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Reading a requirements file with its includes into packages, edges and requirements.

/** How a requirements file is read. */
export interface RequirementsReadOptions {
  /** Root-relative directory of the project the file belongs to; includes may not leave it… */
  readonly projectDir: string;
  /** …unless this is set (`--allow-outside`). */
  readonly allowOutside: boolean;
  /** Scope of the packages the file installs. */
  readonly kind: EdgeKind;
  readonly group?: string | undefined;
  /** Largest file read (bytes). */
  readonly maxBytes?: number | undefined;
}

const MAX_INCLUDE_DEPTH = 64;

interface Context {
  readonly resolver: Resolver;
  readonly opts: RequirementsReadOptions;
  readonly out: ParsedFile;
  /** Files on the current include chain (cycle detection). */
  readonly chain: string[];
  /** Files already read in this context, as requirements or as constraints (read each once). */
  readonly done: Set<string>;
  /** Constraint pins by canonical name. */
  readonly constraints: Map<string, { version: string; file: string; line: number; checksums: Checksum[] }>;
  /** Lines that install something, for resolving `# via` edges afterwards. */
  readonly installed: { index: number; via: string[] | undefined; marker: string | undefined }[];
  /** Unpinned requirement lines waiting for the constraints. */
  readonly pending: {
    req: Requirement;
    file: string;
    line: number;
    marker: string | undefined;
    hashes: Checksum[];
  }[];
  indexUrl?: string | undefined;
  extraIndex: boolean;
}

function propertyOnce(list: Property[], name: string, value: string): void {
  if (!list.some((p) => p.name === name && p.value === value)) list.push({ name, value });
}

function isUnder(path: string, dir: string): boolean {
  return dir === "" || path === dir || path.startsWith(`${dir}/`);
}

async function readInclude(
  ctx: Context,
  fromFile: string,
  line: number,
  written: string,
  constraint: boolean,
): Promise<void> {
  const flag = constraint ? "-c" : "-r";
  const where = at(fromFile, line);
  if (/^(https?|file):/i.test(written)) {
    ctx.out.unknowns.push({
      location: where,
      code: "lock/remote-include",
      message: `${flag} ${redactUrl(written)}: remote requirements files are not fetched`,
    });
    return;
  }
  const target = written.startsWith("/") ? undefined : joinRelative(dirOf(fromFile), written);
  if (target === undefined) {
    ctx.out.unknowns.push({
      location: where,
      code: "lock/include-outside-root",
      message: `${flag} ${written}: leads outside the scanned directory, which pysbom does not read${ctx.opts.allowOutside ? " even with --allow-outside" : ""}; scan a directory that contains both files`,
    });
    return;
  }
  if (!isUnder(target, ctx.opts.projectDir) && !ctx.opts.allowOutside) {
    ctx.out.unknowns.push({
      location: where,
      code: "lock/include-outside-project",
      message: `${flag} ${written}: ${target} is outside the project directory ${ctx.opts.projectDir || "."}; refused (pass --allow-outside to follow it)`,
    });
    return;
  }
  if (ctx.chain.includes(target)) {
    ctx.out.unknowns.push({
      location: where,
      code: "lock/include-cycle",
      message: `${flag} ${written}: include cycle ${[...ctx.chain.slice(ctx.chain.indexOf(target)), target].join(" -> ")}`,
    });
    return;
  }
  if (ctx.chain.length >= MAX_INCLUDE_DEPTH) {
    ctx.out.unknowns.push({
      location: where,
      code: "lock/include-depth",
      message: `${flag} ${written}: includes nested deeper than ${MAX_INCLUDE_DEPTH} files`,
    });
    return;
  }
  const key = `${constraint ? "c" : "r"}:${target}`;
  if (ctx.done.has(key)) return;
  ctx.done.add(key);
  let text: string;
  try {
    text = decodeText(await ctx.resolver.readBytes(target, { maxBytes: ctx.opts.maxBytes }));
  } catch (e) {
    if (!isPysbomError(e)) throw e;
    ctx.out.unknowns.push({
      location: where,
      code: "lock/include-unreadable",
      message: `${flag} ${written}: ${e.message}`,
    });
    return;
  }
  await readLines(ctx, target, text, constraint);
}

function addPackage(ctx: Context, pkg: LockPackage): number {
  ctx.out.packages.push(pkg);
  return ctx.out.packages.length - 1;
}

function registrySource(_ctx: Context): LockSource {
  return { kind: "registry" };
}

async function readLines(ctx: Context, file: string, text: string, constraint: boolean): Promise<void> {
  ctx.chain.push(file);
  const unknowns = ctx.out.unknowns;
  for (const l of parseRequirementsText(text)) {
    const where = at(file, l.line);
    if (l.error !== undefined) {
      unknowns.push({ location: where, code: "lock/invalid-line", message: `invalid line: ${l.error}` });
      continue;
    }
    const o = l.options;
    const isReq = l.args !== "" || o.editables.length > 0;
    if (!isReq) {
      if (o.indexUrl !== undefined) {
        ctx.indexUrl = redactUrl(o.indexUrl);
        propertyOnce(ctx.out.rootProperties, "pysbom:lock:index-url", ctx.indexUrl);
      }
      for (const u of o.extraIndexUrls) {
        ctx.extraIndex = true;
        propertyOnce(ctx.out.rootProperties, "pysbom:lock:extra-index-url", redactUrl(u));
      }
      for (const u of o.findLinks)
        propertyOnce(ctx.out.rootProperties, "pysbom:lock:find-links", redactUrl(u));
      if (o.noIndex) propertyOnce(ctx.out.rootProperties, "pysbom:lock:no-index", "true");
      // pip follows only the first -r (else the first -c) of an option line.
      if (o.requirements.length > 0) await readInclude(ctx, file, l.line, o.requirements[0]!, false);
      else if (o.constraints.length > 0) await readInclude(ctx, file, l.line, o.constraints[0]!, true);
      continue;
    }
    const editable = l.args === "";
    const argText = editable ? o.editables[0]! : l.args;
    if (/\$\{[A-Z0-9_]+\}/.test(argText))
      unknowns.push({
        location: where,
        code: "lock/environment-variable",
        message: `${argText}: environment variables are not expanded (pysbom does not read the environment)`,
      });
    const arg = parseRequirementArg(argText, editable);
    if (arg.kind === "error") {
      unknowns.push({ location: where, code: "lock/invalid-requirement", message: arg.message });
      continue;
    }
    const checksums: Checksum[] = [];
    const seen = new Set<string>();
    for (const h of o.hashes) {
      const c = checksumFromText(h);
      if (c) addChecksums(checksums, [c], seen);
      else
        unknowns.push({
          location: where,
          code: "lock/invalid-hash",
          message: `--hash=${h}: not a valid digest`,
        });
    }
    if (constraint) {
      // Constraints only restrict versions: keep exact pins for the requirements that name them.
      if (arg.kind === "requirement" && arg.req.url === undefined) {
        const pin = exactPin(arg.req.specifierSet);
        if (pin !== undefined)
          ctx.constraints.set(canonicalizeName(arg.req.name), {
            version: pin,
            file,
            line: l.line,
            checksums,
          });
      }
      continue;
    }
    if (arg.kind === "requirement" && arg.req.url === undefined) {
      const marker = markerOrUnknown(markerText(arg.req), where, unknowns);
      const pin = exactPin(arg.req.specifierSet);
      if (pin === undefined) {
        ctx.pending.push({ req: arg.req, file, line: l.line, marker, hashes: checksums });
        continue;
      }
      const arbitrary = arg.req.specifierSet.specifiers.some((s) => s.operator === "===");
      const bad = checkNameVersion(arg.req.name, arbitrary ? undefined : pin, where);
      if (bad) {
        unknowns.push(bad);
        continue;
      }
      const index = addPackage(ctx, {
        name: arg.req.name,
        version: pin,
        source: registrySource(ctx),
        artifacts: checksums.length > 0 ? [{ checksums }] : [],
        file,
        line: l.line,
        markers: marker === undefined ? [] : [marker],
        groups: [],
      });
      ctx.installed.push({ index, via: l.via, marker });
      continue;
    }
    await directReference(ctx, arg, file, l, checksums, editable);
  }
  ctx.chain.pop();
}

function markerText(req: Requirement): string | undefined {
  return req.marker === undefined ? undefined : formatMarker(req.marker);
}

async function directReference(
  ctx: Context,
  arg: RequirementArg,
  file: string,
  l: RequirementsLine,
  checksums: Checksum[],
  editable: boolean,
): Promise<void> {
  const where = at(file, l.line);
  const unknowns = ctx.out.unknowns;
  let name: string | undefined;
  let version: string | undefined;
  let source: LockSource;
  let marker: string | undefined;
  const artifactChecksums = [...checksums];
  if (arg.kind === "requirement") {
    name = arg.req.name;
    marker = markerOrUnknown(markerText(arg.req), where, unknowns);
    source = sourceOfUrl(arg.req.url!);
    const fromFile = source.kind === "url" ? fromFileName(urlFileName(source.url!), name) : undefined;
    version = fromFile?.version;
    addChecksums(artifactChecksums, urlChecksums(arg.req.url!));
  } else if (arg.kind === "url") {
    name = arg.name;
    version = arg.version;
    marker = markerOrUnknown(arg.marker, where, unknowns);
    source = sourceOfUrl(arg.url);
    if (editable && source.kind === "git") source = { ...source };
    addChecksums(artifactChecksums, urlChecksums(arg.url));
  } else if (arg.kind === "path") {
    marker = markerOrUnknown(arg.marker, where, unknowns);
    const local = joinRelative(dirOf(file), arg.path.replace(/\\/g, "/"));
    if (local === undefined) {
      unknowns.push({
        location: where,
        code: "lock/local-requirement",
        message: `${arg.path}: a local path outside the scanned directory`,
      });
      return;
    }
    const isArchive = ARCHIVE.test(arg.path);
    if (!isArchive && local === ctx.opts.projectDir) return; // `-e .`: the project itself, the SBOM's root
    name = arg.name;
    version = arg.version;
    if (!isArchive && name === undefined) {
      const project = await localProject(ctx.resolver, local);
      name = project?.name;
      version = project?.version;
    }
    source = { kind: isArchive ? "path" : editable ? "editable" : "directory", path: local };
  } else return;
  if (name === undefined) {
    unknowns.push({
      location: where,
      code: "lock/unnamed-requirement",
      message: `${arg.kind === "path" ? arg.path : redactUrl(arg.kind === "url" ? arg.url : "")}: the requirement does not name its project (add #egg=name or use name @ url)`,
    });
    return;
  }
  const bad = checkNameVersion(name, version, where);
  if (bad) {
    unknowns.push(bad);
    return;
  }
  if (source.kind === "git" && source.commit === undefined)
    unknowns.push({
      location: where,
      code: "lock/unpinned-vcs",
      message: `${name}: VCS reference ${source.ref ?? "(none)"} is not a commit id`,
    });
  if ((source.kind === "directory" || source.kind === "editable") && source.path !== undefined) {
    const locals = (ctx.out.localProjects ?? new Map()) as Map<string, number>;
    ctx.out.localProjects = locals;
    if (!locals.has(source.path)) locals.set(source.path, ctx.out.packages.length);
  }
  const fileName =
    source.kind === "url"
      ? urlFileName(source.url!)
      : source.kind === "path"
        ? baseOf(source.path!)
        : undefined;
  const index = addPackage(ctx, {
    name,
    version,
    source,
    artifacts:
      artifactChecksums.length > 0 || fileName !== undefined
        ? [{ fileName, url: source.kind === "url" ? source.url : undefined, checksums: artifactChecksums }]
        : [],
    file,
    line: l.line,
    markers: marker === undefined ? [] : [marker],
    groups: [],
  });
  ctx.installed.push({ index, via: l.via, marker });
}

/** Name and static version of a local project directory (its pyproject.toml), read statically. */
async function localProject(
  resolver: Resolver,
  dir: string,
): Promise<{ name: string; version?: string | undefined } | undefined> {
  const path = dir === "" ? "pyproject.toml" : `${dir}/pyproject.toml`;
  try {
    const doc = parseToml(decodeText(await resolver.readBytes(path, { maxBytes: 4 * 1024 * 1024 })), path);
    const project = asTable(doc.project);
    const poetry = asTable(asTable(doc.tool)?.poetry);
    const name = asString(project?.name) ?? asString(poetry?.name);
    if (name === undefined || !isValidName(name)) return undefined;
    const version = asString(project?.version) ?? asString(poetry?.version);
    return { name, version };
  } catch (e) {
    if (isPysbomError(e)) return undefined;
    throw e;
  }
}

// pip-compile `# via` items: `-r file` / `-c file` and `name (pyproject.toml)` mean the project itself.
function viaParent(item: string): { root: true } | { name: string } | undefined {
  if (/^-[rc]\s/.test(item) || /^--(requirement|constraint)[\s=]/.test(item)) return { root: true };
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?(\s+\((.*)\))?$/.exec(item);
  if (!m) return undefined;
  if (m[4] !== undefined) return { root: true };
  return isValidName(m[1]!) ? { name: m[1]! } : undefined;
}

/**
 * Reads a requirements file and everything it includes (`-r`, `-c`), relative to the including file,
 * with cycles and escapes reported as Unknowns. Exact pins (and direct references) become packages;
 * other requirements become project requirements, unless a constraints file pins them.
 */
export async function readRequirementsFile(
  resolver: Resolver,
  file: string,
  text: string,
  opts: RequirementsReadOptions,
): Promise<ParsedFile> {
  const out = emptyParsed(file, "requirements", false);
  const ctx: Context = {
    resolver,
    opts,
    out,
    chain: [],
    done: new Set([`r:${file}`]),
    constraints: new Map(),
    installed: [],
    pending: [],
    extraIndex: false,
  };
  await readLines(ctx, file, text, false);
  // pip uses `--index-url` for the whole run: with no extra index, every registry package comes from it.
  if (ctx.indexUrl !== undefined && !ctx.extraIndex)
    for (let i = 0; i < out.packages.length; i++)
      if (out.packages[i]!.source.kind === "registry")
        out.packages[i] = { ...out.packages[i]!, source: { kind: "registry", url: ctx.indexUrl } };
  // Unpinned requirements: a constraints file may pin them; otherwise the project must.
  for (const p of ctx.pending) {
    const c = ctx.constraints.get(canonicalizeName(p.req.name));
    if (c && (p.req.specifier === "" || tryParseSpecifierSet(p.req.specifier) !== undefined)) {
      const bad = checkNameVersion(p.req.name, c.version, at(p.file, p.line));
      if (bad) {
        out.unknowns.push(bad);
        continue;
      }
      const checksums = [...c.checksums];
      addChecksums(checksums, p.hashes);
      const index = addPackage(ctx, {
        name: p.req.name,
        version: c.version,
        source: registrySource(ctx),
        artifacts: checksums.length > 0 ? [{ checksums }] : [],
        file: c.file,
        line: c.line,
        markers: p.marker === undefined ? [] : [p.marker],
        groups: [],
      });
      ctx.installed.push({ index, via: undefined, marker: p.marker });
      continue;
    }
    out.requirements.push({
      text: p.req.specifier ? `${p.req.name}${p.req.specifier}` : p.req.name,
      name: p.req.name,
      specifier: p.req.specifier,
      marker: p.marker,
      kind: opts.kind,
      group: opts.group,
      file: p.file,
      line: p.line,
    });
  }
  // The graph: pip-compile `# via` annotations give each package's dependants; a package without
  // annotations (or named by `-r file`) hangs from the project root.
  const byName = new Map<string, number[]>();
  for (const inst of ctx.installed) {
    const key = canonicalizeName(out.packages[inst.index]!.name);
    const list = byName.get(key) ?? [];
    list.push(inst.index);
    byName.set(key, list);
  }
  let annotated = false;
  for (const inst of ctx.installed) {
    let rooted = inst.via === undefined || inst.via.length === 0;
    for (const item of inst.via ?? []) {
      annotated = true;
      const parent = viaParent(item);
      if (parent === undefined) continue;
      if ("root" in parent) {
        rooted = true;
        continue;
      }
      const parents = byName.get(canonicalizeName(parent.name));
      if (!parents) {
        rooted = true;
        continue;
      }
      for (const from of parents)
        if (from !== inst.index)
          out.edges.push({ from, to: inst.index, kind: "runtime", marker: inst.marker });
    }
    if (rooted)
      out.rootEdges.push({ to: inst.index, kind: opts.kind, group: opts.group, marker: inst.marker });
  }
  if (annotated) (out as { hasGraph: boolean }).hasGraph = true;
  return out;
}
