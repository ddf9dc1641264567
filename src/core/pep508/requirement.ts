// PEP 508 dependency specifiers (`name[extras] (specifiers) @ url ; marker`), parsed and printed
// exactly as Python `packaging` 26.2's `Requirement` (spec: "Dependency specifiers", "Grammar").
import {
  canonicalSpecifierSet,
  formatSpecifierSet,
  parseSpecifierSet,
  type SpecifierSet,
} from "../pep440/specifier.js";
import { PackagingError } from "../pep440/version.js";
import {
  formatMarker,
  type Marker,
  type MarkerList,
  MarkerSyntaxError,
  normalizeExtraValues,
  parseMarkerList,
  Tokenizer,
  toPackagingError,
} from "./marker.js";

/** A parsed requirement such as `requests[socks]>=2.8.1,==2.8.*; python_version < "3.13"`. */
export interface Requirement {
  /** The name as written (use `canonicalizeName` from `core/names` to compare names). */
  readonly name: string;
  /** Extras as written, deduplicated and sorted (packaging keeps a set and prints it sorted). */
  readonly extras: readonly string[];
  /** The specifier set as `str(SpecifierSet)` prints it (sorted, deduplicated; `""` when none). */
  readonly specifier: string;
  /** The same specifier set, parsed, its specifiers in that printed order. */
  readonly specifierSet: SpecifierSet;
  /** The URL of a direct reference (`name @ url`). */
  readonly url?: string;
  readonly marker?: Marker;
}

function requirementMarker(t: Tokenizer, spanStart: number, expected: string): MarkerList {
  if (!t.takeChar(";")) throw t.error(`Expected ${expected} or end`, spanStart, t.position);
  const marker = parseMarkerList(t);
  t.take("WS");
  return marker;
}

// `version_many = (SPECIFIER (WS? COMMA WS? SPECIFIER)*)?`
function versionMany(t: Tokenizer): string {
  let out = "";
  for (;;) {
    const start = t.position;
    const spec = t.take("SPECIFIER");
    if (spec === undefined) break;
    out += spec;
    if (t.peek("VERSION_PREFIX_TRAIL") !== undefined)
      throw t.error(".* suffix can only be used with `==` or `!=` operators", start, t.position + 1);
    if (t.peek("VERSION_LOCAL_LABEL_TRAIL") !== undefined)
      throw t.error("Local version label can only be used with `==` or `!=` operators", start, t.position);
    t.take("WS");
    if (!t.takeChar(",")) break;
    out += ",";
    t.take("WS");
  }
  return out;
}

// `extras = (LEFT_BRACKET wsp* extras_list? wsp* RIGHT_BRACKET)?`
function extrasOf(t: Tokenizer): string[] {
  if (t.source[t.position] !== "[") return [];
  return t.enclosed("[", "]", ["LEFT_BRACKET", "RIGHT_BRACKET"], "extras", () => {
    t.take("WS");
    const extras: string[] = [];
    const first = t.take("IDENTIFIER");
    if (first !== undefined) {
      extras.push(first);
      for (;;) {
        t.take("WS");
        if (t.peek("IDENTIFIER") !== undefined) throw t.error("Expected comma between extra names");
        if (!t.takeChar(",")) break;
        t.take("WS");
        extras.push(t.expect("IDENTIFIER", "extra name after comma"));
      }
    }
    t.take("WS");
    return extras;
  });
}

function scanRequirement(s: string): Requirement {
  const t = new Tokenizer(s);
  t.take("WS");
  const name = t.expect("IDENTIFIER", "package name at the start of dependency specifier");
  t.take("WS");
  const extras = extrasOf(t);
  t.take("WS");
  let url = "";
  let specifier = "";
  let marker: MarkerList | undefined;
  if (t.takeChar("@")) {
    t.take("WS");
    const urlStart = t.position;
    url = t.expect("URL", "URL after @");
    if (!t.atEnd()) {
      t.expect("WS", "whitespace after URL");
      if (!t.atEnd()) marker = requirementMarker(t, urlStart, "semicolon (after URL and whitespace)");
    }
  } else {
    const specStart = t.position;
    specifier = t.enclosed("(", ")", ["LEFT_PARENTHESIS", "RIGHT_PARENTHESIS"], "version specifier", () => {
      t.take("WS");
      const text = versionMany(t);
      t.take("WS");
      return text;
    });
    t.take("WS");
    if (!t.atEnd())
      marker = requirementMarker(
        t,
        specStart,
        specifier
          ? "comma (within version specifier), semicolon (after version specifier)"
          : "semicolon (after name with no version specifier)",
      );
  }
  t.expectEnd("end of dependency specifier");

  // packaging builds `SpecifierSet(text)`, which can still fail: `===a,b` is one SPECIFIER token
  // (an arbitrary version may contain commas) but "b" is not a specifier. It raises InvalidSpecifier.
  const specifierSet = canonicalSpecifierSet(parseSpecifierSet(specifier));
  const req: {
    name: string;
    extras: string[];
    specifier: string;
    specifierSet: SpecifierSet;
    url?: string;
    marker?: Marker;
  } = {
    name,
    extras: [...new Set(extras)].sort(),
    specifier: formatSpecifierSet(specifierSet),
    specifierSet,
  };
  if (url) req.url = url;
  if (marker !== undefined) req.marker = { items: normalizeExtraValues(marker) };
  return req;
}

/**
 * Parses a PEP 508 requirement like `packaging.requirements.Requirement`. Throws
 * `INVALID_REQUIREMENT`, a {@link PackagingError} whose `pythonError` names what packaging raises
 * (`InvalidRequirement`; `InvalidSpecifier` for `name===a,b`; `SyntaxError` for a malformed quoted
 * string in the marker).
 * @example
 * const r = parseRequirement("requests [security,tests] >= 2.8.1, == 2.8.* ; python_version < '2.7'");
 * r.extras // ["security", "tests"]; r.specifier // "==2.8.*,>=2.8.1"
 */
export function parseRequirement(s: string): Requirement {
  try {
    return scanRequirement(s);
  } catch (e) {
    if (e instanceof PackagingError && e.code === "INVALID_SPECIFIER")
      throw new PackagingError("INVALID_REQUIREMENT", e.message, e.pythonError, { cause: e });
    throw toPackagingError(e, "INVALID_REQUIREMENT", "InvalidRequirement");
  }
}

/**
 * Like {@link parseRequirement} but returns `undefined` when invalid.
 * @example tryParseRequirement("foo>=1.0 # comment") // undefined
 */
export function tryParseRequirement(s: string): Requirement | undefined {
  try {
    return scanRequirement(s);
  } catch (e) {
    if (e instanceof MarkerSyntaxError || e instanceof PackagingError) return undefined;
    throw e;
  }
}

/**
 * True when `s` is a valid requirement.
 * @example isValidRequirement("foo @ https://example.com/foo.whl") // true
 */
export function isValidRequirement(s: string): boolean {
  return tryParseRequirement(s) !== undefined;
}

/**
 * The requirement as `str(Requirement)` prints it: name as written, sorted extras, canonical
 * specifier set, ` @ url`, and `; marker` in normal form.
 * @example formatRequirement(parseRequirement("Foo [b,a] (>=1,<2) ; os_name=='nt'"))
 * // 'Foo[a,b]<2,>=1; os_name == "nt"'
 */
export function formatRequirement(req: Requirement): string {
  let s = req.name;
  if (req.extras.length > 0) s += `[${req.extras.join(",")}]`;
  s += req.specifier;
  if (req.url) s += ` @ ${req.url}${req.marker ? " " : ""}`;
  if (req.marker) s += `; ${formatMarker(req.marker)}`;
  return s;
}
