// VEX in: OpenVEX (v0.2.0, and the older string forms of `vulnerability` / `products`) and CycloneDX VEX
// (`vulnerabilities[].analysis`), read into one statement shape. A statement suppresses a finding when its
// vulnerability is one of the finding's ids or aliases, it applies to the finding's component, and its
// status is `not_affected` or `fixed`; among several applicable statements the latest decides (OpenVEX
// §"Statement timestamps", later statements in a document override earlier ones).
import { tryParseCpe } from "../core/cpe.js";
import { canonicalizeName } from "../core/names.js";
import { tryParseVersion, versionsEqual } from "../core/pep440/index.js";
import { tryParsePurl } from "../core/purl.js";
import { PysbomError } from "../errors.js";
import { parseJson } from "../formats/json.js";

/** OpenVEX statuses (CycloneDX analysis states are mapped onto them). */
export type VexStatus = "not_affected" | "affected" | "fixed" | "under_investigation";

/** What a statement is about: a purl, a CPE 2.3 name, or a reference (bom-ref / `@id`). */
export interface VexProduct {
  readonly purl?: string | undefined;
  readonly cpe?: string | undefined;
  readonly ref?: string | undefined;
}

/** One VEX statement, from either format. */
export interface VexStatement {
  /** The file it came from. */
  readonly file: string;
  readonly format: "openvex" | "cyclonedx";
  readonly vulnerability: string;
  readonly aliases: readonly string[];
  /**
   * The products it is about; `subcomponents` (OpenVEX) narrow a product to components inside it. Undefined:
   * every component.
   */
  readonly products?: readonly {
    readonly product: VexProduct;
    readonly subcomponents: readonly VexProduct[];
  }[];
  readonly status: VexStatus;
  readonly justification?: string | undefined;
  /** OpenVEX `impact_statement` / `status_notes`, CycloneDX `analysis.detail`. */
  readonly impact?: string | undefined;
  /** CycloneDX `analysis.state` as written. */
  readonly state?: string | undefined;
  readonly timestamp?: string | undefined;
  /** Position in the file (later statements win ties). */
  readonly order: number;
}

// CycloneDX analysis states → OpenVEX statuses (CISA "VEX Status Justifications" / CycloneDX VEX mapping).
const CDX_STATE: Record<string, VexStatus> = {
  not_affected: "not_affected",
  false_positive: "not_affected",
  resolved: "fixed",
  resolved_with_pedigree: "fixed",
  exploitable: "affected",
  in_triage: "under_investigation",
};
const STATUSES: readonly VexStatus[] = ["not_affected", "affected", "fixed", "under_investigation"];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

function bad(file: string, message: string, pointer?: string): PysbomError {
  return new PysbomError("INVALID_DOCUMENT", `${file}: ${message}`, { location: { file, pointer } });
}

/** A product from an OpenVEX `@id` / `identifiers`, or a bare string. */
function openVexProduct(v: unknown): VexProduct | undefined {
  if (typeof v === "string") return classify(v);
  if (!isObj(v)) return undefined;
  const ids = isObj(v.identifiers) ? v.identifiers : {};
  const fromId = str(v["@id"]) !== undefined ? classify(str(v["@id"])!) : {};
  const p: VexProduct = {
    purl: str(ids.purl) ?? fromId.purl,
    // The spec's label is `cpe23`; its JSON schema spells it `@cpe23`: accept both.
    cpe: str(ids.cpe23) ?? str(ids["@cpe23"]) ?? fromId.cpe,
    ref: fromId.ref,
  };
  return (p.purl ?? p.cpe ?? p.ref) ? p : undefined;
}

/** A string identifier as purl, CPE 2.3 or opaque reference. */
function classify(s: string): VexProduct {
  if (s.startsWith("pkg:")) return { purl: s, ref: s };
  if (s.startsWith("cpe:2.3:")) return { cpe: s, ref: s };
  return { ref: s };
}

function parseOpenVex(doc: Obj, file: string): VexStatement[] {
  if (!Array.isArray(doc.statements)) throw bad(file, `OpenVEX document without "statements"`, "/statements");
  const docTime = str(doc.timestamp);
  return doc.statements.map((s, i): VexStatement => {
    const where = `/statements/${i}`;
    if (!isObj(s)) throw bad(file, "statement is not an object", where);
    const vuln = s.vulnerability;
    const name =
      typeof vuln === "string" ? vuln : isObj(vuln) ? (str(vuln.name) ?? str(vuln["@id"])) : undefined;
    if (!name) throw bad(file, "statement without a vulnerability name", `${where}/vulnerability`);
    const aliases =
      isObj(vuln) && Array.isArray(vuln.aliases) ? vuln.aliases.filter((a) => typeof a === "string") : [];
    const status = s.status as VexStatus;
    if (!STATUSES.includes(status))
      throw bad(
        file,
        `unknown status ${JSON.stringify(s.status)} (expected ${STATUSES.join(", ")})`,
        `${where}/status`,
      );
    const products = Array.isArray(s.products)
      ? s.products.flatMap((p) => {
          const product = openVexProduct(p);
          if (!product) return [];
          const subs = isObj(p) && Array.isArray(p.subcomponents) ? p.subcomponents : [];
          return [{ product, subcomponents: subs.map(openVexProduct).filter((x) => x !== undefined) }];
        })
      : undefined;
    return {
      file,
      format: "openvex",
      vulnerability: name,
      aliases: aliases as string[],
      products,
      status,
      justification: str(s.justification),
      impact: str(s.impact_statement) ?? str(s.status_notes),
      timestamp: str(s.last_updated) ?? str(s.timestamp) ?? str(doc.last_updated) ?? docTime,
      order: i,
    };
  });
}

/** A CycloneDX `affects[].ref`: a bom-ref, a BOM-Link (`urn:cdx:serial/version#ref`), or a purl. */
function cdxRef(ref: string, purlOf: ReadonlyMap<string, string>): VexProduct {
  const link = /^urn:cdx:[^#]*#(.+)$/.exec(ref);
  const local = link ? decodeURIComponent(link[1]!) : ref;
  return { ref: local, purl: purlOf.get(local) ?? (local.startsWith("pkg:") ? local : undefined) };
}

function parseCycloneDxVex(doc: Obj, file: string): VexStatement[] {
  if (!Array.isArray(doc.vulnerabilities))
    throw bad(file, `CycloneDX document without "vulnerabilities"`, "/vulnerabilities");
  const purlOf = new Map<string, string>();
  const walk = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const c of list) {
      if (!isObj(c)) continue;
      if (str(c["bom-ref"]) && str(c.purl)) purlOf.set(c["bom-ref"] as string, c.purl as string);
      walk(c.components);
    }
  };
  walk(doc.components);
  if (isObj(doc.metadata) && isObj(doc.metadata.component)) walk([doc.metadata.component]);
  const out: VexStatement[] = [];
  doc.vulnerabilities.forEach((v, i) => {
    if (!isObj(v) || !isObj(v.analysis) || str(v.id) === undefined) return;
    const state = str(v.analysis.state);
    const status = state ? CDX_STATE[state] : undefined;
    if (!status) return;
    const refs = Array.isArray(v.references) ? v.references : [];
    const affects = Array.isArray(v.affects) ? v.affects : undefined;
    out.push({
      file,
      format: "cyclonedx",
      vulnerability: v.id as string,
      aliases: refs.map((r) => (isObj(r) ? str(r.id) : undefined)).filter((x) => x !== undefined),
      products: affects
        ?.map((a) => (isObj(a) && str(a.ref) ? cdxRef(a.ref as string, purlOf) : undefined))
        .filter((p) => p !== undefined)
        .map((product) => ({ product, subcomponents: [] })),
      status,
      state,
      justification: str(v.analysis.justification),
      impact: str(v.analysis.detail),
      timestamp: str(v.analysis.lastUpdated) ?? str(v.updated) ?? str(v.published),
      order: i,
    });
  });
  return out;
}

/**
 * Reads an OpenVEX or CycloneDX VEX document. `INVALID_JSON` / `INVALID_DOCUMENT` for bad input,
 * `UNSUPPORTED_FORMAT` for JSON that is neither.
 * @example parseVex(readFileSync("vex.json", "utf8"), "vex.json")[0].status // "not_affected"
 */
export function parseVex(text: string, file: string): VexStatement[] {
  const doc = parseJson(text, file);
  if (
    isObj(doc) &&
    typeof doc["@context"] === "string" &&
    doc["@context"].startsWith("https://openvex.dev/ns")
  )
    return parseOpenVex(doc, file);
  if (isObj(doc) && doc.bomFormat === "CycloneDX") return parseCycloneDxVex(doc, file);
  throw new PysbomError(
    "UNSUPPORTED_FORMAT",
    `${file}: neither OpenVEX ("@context": "https://openvex.dev/ns/…") nor CycloneDX VEX`,
    { location: { file } },
  );
}

/** The component a finding is about, as VEX statements can name it. */
export interface VexSubject {
  readonly purl?: string | undefined;
  readonly cpes: readonly string[];
  readonly bomRef?: string | undefined;
  /** purls / CPEs / bom-refs of the SBOM's described root(s): a statement about the whole product applies. */
  readonly roots: readonly VexProduct[];
}

function purlMatches(want: string, have: string | undefined): boolean {
  if (have === undefined) return false;
  const a = tryParsePurl(want);
  const b = tryParsePurl(have);
  if (!a || !b) return want === have;
  if (a.type.toLowerCase() !== b.type.toLowerCase()) return false;
  const pypi = a.type.toLowerCase() === "pypi";
  if (pypi ? canonicalizeName(a.name) !== canonicalizeName(b.name) : a.name !== b.name) return false;
  if ((a.namespace ?? "") !== (b.namespace ?? "")) return false;
  if (a.version === undefined) return true; // a statement without version covers every version
  if (b.version === undefined) return false;
  if (pypi) {
    const va = tryParseVersion(a.version);
    const vb = tryParseVersion(b.version);
    if (va && vb) return versionsEqual(va, vb);
  }
  return a.version === b.version;
}

function cpeMatches(want: string, have: readonly string[]): boolean {
  const a = tryParseCpe(want);
  if (!a) return false;
  return have.some((h) => {
    const b = tryParseCpe(h) ?? undefined;
    if (!b) return false;
    const any = (x: string) => x === "*" || x === "";
    return (
      a.vendor === b.vendor &&
      a.product === b.product &&
      (any(a.version) || a.version === b.version) &&
      (any(a.update) || a.update === b.update)
    );
  });
}

function productMatches(
  p: VexProduct,
  s: { purl?: string | undefined; cpes: readonly string[]; bomRef?: string | undefined },
): boolean {
  if (p.purl !== undefined && purlMatches(p.purl, s.purl)) return true;
  if (p.cpe !== undefined && cpeMatches(p.cpe, s.cpes)) return true;
  return p.ref !== undefined && s.bomRef !== undefined && p.ref === s.bomRef;
}

function applies(st: VexStatement, subject: VexSubject): boolean {
  if (st.products === undefined || st.products.length === 0) return true;
  return st.products.some(({ product, subcomponents }) =>
    // With subcomponents the statement is about those components (inside the product); without, about the
    // product itself, which may be the component or the whole SBOM's subject.
    subcomponents.length > 0
      ? subcomponents.some((c) => productMatches(c, subject))
      : productMatches(product, subject) || subject.roots.some((r) => productOverlap(product, r)),
  );
}

function productOverlap(p: VexProduct, root: VexProduct): boolean {
  return productMatches(p, { purl: root.purl, cpes: root.cpe ? [root.cpe] : [], bomRef: root.ref });
}

/**
 * The statement that decides for a finding (ids = the finding's ids and aliases), or undefined when no
 * statement applies: the latest by timestamp, then the later one in its file.
 * @example decidingStatement(statements, new Set(["CVE-2024-1"]), subject)?.status
 */
export function decidingStatement(
  statements: readonly VexStatement[],
  ids: ReadonlySet<string>,
  subject: VexSubject,
): VexStatement | undefined {
  let best: VexStatement | undefined;
  for (const st of statements) {
    if (!ids.has(st.vulnerability) && !st.aliases.some((a) => ids.has(a))) continue;
    if (!applies(st, subject)) continue;
    if (!best) best = st;
    else {
      const t = Date.parse(st.timestamp ?? "") || 0;
      const tb = Date.parse(best.timestamp ?? "") || 0;
      if (t > tb || (t === tb && (st.file !== best.file || st.order > best.order))) best = st;
    }
  }
  return best;
}

/** True for statuses that suppress a finding. */
export function suppresses(status: VexStatus): boolean {
  return status === "not_affected" || status === "fixed";
}
