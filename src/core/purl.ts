// Package URLs: parse, normalise and build canonical `pkg:` strings per the purl specification (ECMA-427;
// package-url/purl-spec docs "Rules for each purl component", "Character encoding", how-to-parse/how-to-build)
// with the type rules of types/pypi-, generic- and github-definition.json. Other types are handled generically.
import { PysbomError } from "../errors.js";
import { canonicalizeName } from "./names.js";
import { formatVersion, tryParseVersion } from "./pep440/version.js";

/** The seven components of a package URL as plain, percent-decoded data. */
export interface PackageURL {
  readonly type: string;
  readonly namespace?: string;
  readonly name: string;
  readonly version?: string;
  readonly qualifiers?: Readonly<Record<string, string>>;
  readonly subpath?: string;
}

/** A canonical purl string, as produced by {@link formatPurl}. */
export type Purl = string & { readonly __brand: "Purl" };

// "type": ASCII letters, digits, `.` and `-`, starting with a letter; never percent-encoded; lowercase canonical.
const TYPE = /^[A-Za-z][A-Za-z0-9.-]*$/;
// Qualifier "key": ASCII letters, digits, `.`, `-`, `_`, starting with a letter; never percent-encoded.
const KEY = /^[A-Za-z][A-Za-z0-9._-]*$/;
// Characters "Character encoding" leaves alone besides what encodeURIComponent keeps (`A-Za-z0-9-_.~`):
// encodeURIComponent also keeps `!'()*`, which are not in the purl "allowed set", so those are encoded here.
const URI_COMPONENT_EXTRA = /[!'()*]/g;
const ENCODED_COLON = /%3A/g;
// With the `u` flag this matches only unpaired surrogates, which have no UTF-8 form.
const LONE_SURROGATE = /\p{Cs}/u;

function invalid(message: string, input?: string): never {
  const where =
    input === undefined ? "" : `: ${JSON.stringify(input.length > 200 ? `${input.slice(0, 200)}…` : input)}`;
  throw new PysbomError("INVALID_PURL", message + where);
}

// "Character encoding": UTF-8, then every octet outside the allowed set (ASCII alphanumerics and `.-_~`) is
// percent-encoded with uppercase hex, except the colon, which "MUST NOT be percent-encoded" anywhere.
function encode(s: string): string {
  let out: string;
  try {
    out = encodeURIComponent(s);
  } catch {
    invalid("purl component is not well-formed Unicode (lone surrogate)");
  }
  return out
    .replace(URI_COMPONENT_EXTRA, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(ENCODED_COLON, ":");
}

function decode(s: string, what: string): string {
  if (!s.includes("%")) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    invalid(`purl ${what} has a bad percent-encoding or is not UTF-8`, s);
  }
}

interface Parts {
  readonly type: string;
  readonly namespace: readonly string[];
  readonly name: string;
  readonly version: string | undefined;
  readonly qualifiers: readonly (readonly [string, string])[];
  readonly subpath: readonly string[];
}

// Validation and normalisation shared by parsing and building; type rules from the purl-spec type definitions.
function canonical(p: Parts): PackageURL {
  if (!TYPE.test(p.type))
    invalid("purl type must be ASCII letters, digits, '.' or '-', starting with a letter", p.type);
  const type = p.type.toLowerCase();
  // namespace/subpath: empty segments are not significant; subpath `.` and `..` segments are discarded.
  let namespace = p.namespace.filter((s) => s !== "");
  const subpath = p.subpath.filter((s) => s !== "" && s !== "." && s !== "..");
  let name = p.name;
  let version = p.version === "" ? undefined : p.version;
  if (name === "") invalid("purl name is required");

  if (type === "pypi") {
    // pypi-definition.json: namespace prohibited; name case-insensitive with runs of `-`, `_`, `.` replaced by
    // one `-` (PEP 503); version case_sensitive=false, and "if false, the canonical form shall be lowercased".
    if (namespace.length > 0) invalid("pypi purls have no namespace", namespace.join("/"));
    name = canonicalizeName(name);
    version = version?.toLowerCase();
  } else if (type === "github") {
    // github-definition.json: namespace (user or organisation) required; namespace and name lowercased.
    if (namespace.length === 0) invalid("github purls need a namespace (user or organization)", name);
    namespace = namespace.map((s) => s.toLowerCase());
    name = name.toLowerCase();
  }

  const byKey = new Map<string, string>();
  for (const [k, v] of p.qualifiers) {
    if (!KEY.test(k))
      invalid("purl qualifier key must be ASCII letters, digits, '.', '-', '_', starting with a letter", k);
    if (typeof v !== "string") invalid(`purl qualifier ${k} must be a string`);
    // "a key=value pair with an empty value is the same as if no key=value pair exists for this key".
    if (v === "") continue;
    const key = k.toLowerCase();
    if (byKey.has(key)) invalid("purl qualifier keys must be unique", k);
    byKey.set(key, v);
  }
  // "Sort this list of qualifier strings lexicographically" (keys are ASCII, so code-unit order is enough).
  const qualifiers: Record<string, string> = {};
  for (const k of [...byKey.keys()].sort()) qualifiers[k] = byKey.get(k)!;

  return {
    type,
    ...(namespace.length > 0 ? { namespace: namespace.join("/") } : {}),
    name,
    ...(version !== undefined ? { version } : {}),
    ...(byKey.size > 0 ? { qualifiers } : {}),
    ...(subpath.length > 0 ? { subpath: subpath.join("/") } : {}),
  };
}

function fromComponents(p: PackageURL): PackageURL {
  if (typeof p.type !== "string" || p.type === "") invalid("purl type is required");
  if (typeof p.name !== "string") invalid("purl name is required");
  return canonical({
    type: p.type,
    namespace: p.namespace === undefined ? [] : p.namespace.split("/"),
    name: p.name,
    version: p.version,
    qualifiers: Object.entries(p.qualifiers ?? {}),
    subpath: p.subpath === undefined ? [] : p.subpath.split("/"),
  });
}

/**
 * The canonical components of `p`: lowercase type and keys, type rules applied, empty parts dropped, qualifiers
 * sorted, `.`/`..` subpath segments removed. Throws `INVALID_PURL` for components no purl can carry.
 * @example normalizePurl({ type: "PyPI", name: "Zope.Interface" }) // { type: "pypi", name: "zope-interface" }
 */
export function normalizePurl(p: PackageURL): PackageURL {
  return fromComponents(p);
}

/**
 * Builds the canonical purl string (the spec's "How to build"); throws `INVALID_PURL`.
 * @example
 * formatPurl({ type: "generic", name: "openssl", version: "1.1.10g", qualifiers: { checksum: "sha256:de4d" } })
 * // "pkg:generic/openssl@1.1.10g?checksum=sha256:de4d"
 */
export function formatPurl(p: PackageURL): Purl {
  const c = fromComponents(p);
  let s = `pkg:${c.type}/`;
  if (c.namespace !== undefined) s += `${c.namespace.split("/").map(encode).join("/")}/`;
  s += encode(c.name);
  if (c.version !== undefined) s += `@${encode(c.version)}`;
  if (c.qualifiers !== undefined)
    s += `?${Object.entries(c.qualifiers)
      .map(([k, v]) => `${k}=${encode(v)}`)
      .join("&")}`;
  if (c.subpath !== undefined) s += `#${c.subpath.split("/").map(encode).join("/")}`;
  return s as Purl;
}

// The spec's "How to parse", right to left; each component is percent-decoded, then normalised.
function parse(s: string): PackageURL {
  if (typeof s !== "string") invalid("purl must be a string");
  if (LONE_SURROGATE.test(s)) invalid("purl is not well-formed Unicode (lone surrogate)");
  let rest = s;
  let subpath: string[] = [];
  const hash = rest.lastIndexOf("#");
  if (hash >= 0) {
    subpath = rest
      .slice(hash + 1)
      .split("/")
      .map((seg) => decode(seg, "subpath"));
    if (subpath.some((seg) => seg.includes("/")))
      invalid("purl subpath segments must not contain an encoded '/'", s);
    rest = rest.slice(0, hash);
  }
  const qualifiers: [string, string][] = [];
  const question = rest.lastIndexOf("?");
  if (question >= 0) {
    for (const pair of rest.slice(question + 1).split("&")) {
      if (pair === "") continue;
      const eq = pair.indexOf("=");
      if (eq < 0) invalid("purl qualifier is not key=value", pair);
      qualifiers.push([pair.slice(0, eq), decode(pair.slice(eq + 1), "qualifier value")]);
    }
    rest = rest.slice(0, question);
  }
  const colon = rest.indexOf(":");
  if (colon < 0 || rest.slice(0, colon).toLowerCase() !== "pkg")
    invalid('purl must start with the scheme "pkg:"', s);
  rest = rest.slice(colon + 1);
  // "purl parsers MUST accept URLs where the scheme and colon are followed by one or more slash characters".
  let start = 0;
  while (rest.charCodeAt(start) === 0x2f) start++;
  const slash = rest.indexOf("/", start);
  if (slash < 0) invalid("purl needs a type and a name", s);
  const type = rest.slice(start, slash);
  rest = rest.slice(slash + 1);
  let version: string | undefined;
  const at = rest.lastIndexOf("@");
  if (at >= 0) {
    version = decode(rest.slice(at + 1), "version");
    rest = rest.slice(0, at);
  }
  let end = rest.length;
  while (end > 0 && rest.charCodeAt(end - 1) === 0x2f) end--;
  rest = rest.slice(0, end);
  const lastSlash = rest.lastIndexOf("/");
  const name = decode(rest.slice(lastSlash + 1), "name");
  const namespace =
    lastSlash < 0
      ? []
      : rest
          .slice(0, lastSlash)
          .split("/")
          .map((seg) => decode(seg, "namespace"));
  if (namespace.some((seg) => seg.includes("/")))
    invalid("purl namespace segments must not contain an encoded '/'", s);
  if (name === "") invalid("purl name is required", s);
  return canonical({ type, namespace, name, version, qualifiers, subpath });
}

/**
 * Parses a purl into canonical, percent-decoded components; throws `INVALID_PURL`.
 * @example
 * parsePurl("pkg:PYPI/Django_package@1.11.1.dev1")
 * // { type: "pypi", name: "django-package", version: "1.11.1.dev1" }
 */
export function parsePurl(s: string): PackageURL {
  return parse(s);
}

/**
 * Like {@link parsePurl} but returns `undefined` for an invalid purl.
 * @example tryParsePurl("pkg:github/purl-spec") // undefined (github needs a namespace)
 */
export function tryParsePurl(s: string): PackageURL | undefined {
  try {
    return parse(s);
  } catch (e) {
    if (e instanceof PysbomError) return undefined;
    throw e;
  }
}

/**
 * True when `s` parses as a purl (not necessarily in canonical form; see {@link isCanonicalPurl}).
 * @example isValidPurl("pkg:generic/openssl@1.1.10g") // true; isValidPurl("pkg:3nginx/nginx") // false
 */
export function isValidPurl(s: string): boolean {
  return tryParsePurl(s) !== undefined;
}

/**
 * Parses and re-builds a purl in canonical form; throws `INVALID_PURL`.
 * @example canonicalizePurl("pkg:generic/a?b=1&a=2") // "pkg:generic/a?a=2&b=1"
 */
export function canonicalizePurl(s: string): Purl {
  return formatPurl(parse(s));
}

/**
 * True when `s` is a valid purl already in canonical form.
 * @example isCanonicalPurl("pkg:pypi/django@1.11.1") // true; isCanonicalPurl("pkg:PYPI/Django") // false
 */
export function isCanonicalPurl(s: string): s is Purl {
  const p = tryParsePurl(s);
  return p !== undefined && formatPurl(p) === s;
}

/** Qualifiers pysbom sets on `pkg:pypi` purls (`file_name` from pypi-definition.json, the rest common keys). */
export interface PypiQualifiers {
  /** The distribution file, e.g. `Django-1.11.1-py2.py3-none-any.whl` (case-sensitive). */
  readonly file_name?: string;
  readonly vcs_url?: string;
  readonly download_url?: string;
  readonly repository_url?: string;
}

/**
 * A canonical `pkg:pypi` purl. The name is PEP 503-normalised; a valid PEP 440 version is normalised
 * (`1.0.0-RC1` → `1.0.0rc1`), any other version is kept (then lowercased, as the pypi type requires).
 * @example
 * pypiPurl({ name: "Django", version: "1.11.1", qualifiers: { file_name: "Django-1.11.1.tar.gz" } })
 * // "pkg:pypi/django@1.11.1?file_name=Django-1.11.1.tar.gz"
 */
export function pypiPurl(init: {
  readonly name: string;
  readonly version?: string;
  readonly qualifiers?: PypiQualifiers;
}): Purl {
  const parsed = init.version === undefined ? undefined : tryParseVersion(init.version);
  const version = parsed === undefined ? init.version : formatVersion(parsed);
  return formatPurl({
    type: "pypi",
    name: init.name,
    ...(version !== undefined ? { version } : {}),
    ...(init.qualifiers ? { qualifiers: pickStrings(init.qualifiers) } : {}),
  });
}

/**
 * A canonical `pkg:generic` purl (no type rules; components are only percent-encoded).
 * @example
 * genericPurl({ name: "bitwarderl", qualifiers: { vcs_url: "git+https://git.fsfe.org/dxtr/bitwarderl@cc55108da32" } })
 * // "pkg:generic/bitwarderl?vcs_url=git%2Bhttps:%2F%2Fgit.fsfe.org%2Fdxtr%2Fbitwarderl%40cc55108da32"
 */
export function genericPurl(init: Omit<PackageURL, "type">): Purl {
  return formatPurl({ ...init, type: "generic" });
}

/**
 * A canonical `pkg:github` purl: namespace (owner) and name are lowercased.
 * @example
 * githubPurl({ namespace: "Package-url", name: "purl-Spec", version: "244fd47e07d1004" })
 * // "pkg:github/package-url/purl-spec@244fd47e07d1004"
 */
export function githubPurl(
  init: Omit<PackageURL, "type" | "namespace"> & { readonly namespace: string },
): Purl {
  return formatPurl({ ...init, type: "github" });
}

function pickStrings(q: PypiQualifiers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ["file_name", "vcs_url", "download_url", "repository_url"] as const) {
    const v = q[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}
