// The 0-10 quality score: six categories (structure, identification, provenance, integrity, licensing,
// dependencies), each the mean share of elements passing its checks times 10, and the score the mean of
// the categories — in the spirit of sbomqs and eBay's sbom-scorecard, but computed only from what layers
// 1-3 already establish, so the same document always gets the same score.
import type { QualityScore, ScoreCategory, ScoreCheck, ValidationFinding } from "./types.js";
import type { ComponentView, DocumentView } from "./view.js";

const STRONG = new Set([
  "SHA-256",
  "SHA-384",
  "SHA-512",
  "SHA3-256",
  "SHA3-384",
  "SHA3-512",
  "BLAKE2b-256",
  "BLAKE2b-384",
  "BLAKE2b-512",
  "BLAKE3",
]);

const round1 = (x: number): number => Math.round(x * 10) / 10;
const round4 = (x: number): number => Math.round(x * 10000) / 10000;

function share(
  name: string,
  components: readonly ComponentView[],
  pass: (c: ComponentView) => boolean,
): ScoreCheck {
  const n = components.length;
  const ok = components.filter(pass).length;
  return { name, ratio: n === 0 ? 1 : round4(ok / n), detail: `${ok}/${n} components` };
}

function flag(name: string, ok: boolean, detail: string): ScoreCheck {
  return { name, ratio: ok ? 1 : 0, detail };
}

function category(name: string, checks: ScoreCheck[]): ScoreCategory {
  const mean = checks.reduce((s, c) => s + c.ratio, 0) / checks.length;
  return { name, score: round1(mean * 10), checks };
}

/**
 * Scores a document from its view and its layer 1-2 findings.
 * @example qualityScore(view, findings).score // 7.4
 */
export function qualityScore(view: DocumentView, findings: readonly ValidationFinding[]): QualityScore {
  const cs = view.components;
  const schemaErrors = findings.filter(
    (f) => (f.layer === "schema" || f.layer === "syntax") && f.severity === "error",
  ).length;
  const pointers = new Set(cs.map((c) => c.pointer));
  const semanticBad = new Set<string>();
  let documentSemantic = false;
  for (const f of findings) {
    if (f.layer !== "semantic" || f.severity !== "error") continue;
    // The innermost component the finding's pointer is inside.
    let at = f.path;
    while (at !== "" && !pointers.has(at)) at = at.slice(0, at.lastIndexOf("/"));
    if (at !== "") semanticBad.add(at);
    else documentSemantic = true;
  }
  const elements = cs.length + 1;
  const semanticOk = elements - semanticBad.size - (documentSemantic ? 1 : 0);
  const categories = [
    category("structure", [
      flag(
        "schema-valid",
        schemaErrors === 0,
        schemaErrors === 0 ? "no schema errors" : `${schemaErrors} schema error(s)`,
      ),
      {
        name: "semantically-valid",
        ratio: semanticOk / elements,
        detail: `${semanticOk}/${elements} elements`,
      },
    ]),
    category("identification", [
      share("name", cs, (c) => c.hasName),
      share("version", cs, (c) => c.version === "present"),
      share("purl-cpe-swid", cs, (c) => c.globalIds > 0),
    ]),
    category("provenance", [
      share("supplier", cs, (c) => c.supplier === "present"),
      flag("author", view.anyAuthor, view.anyAuthor ? "present" : "missing"),
      flag("tool", view.tool, view.tool ? "present" : "missing"),
      flag("timestamp", view.timestamp, view.timestamp ? "present" : "missing"),
    ]),
    category("integrity", [
      share("hash", cs, (c) => c.hashes.length > 0),
      share("strong-hash", cs, (c) => c.hashes.some((h) => STRONG.has(h))),
    ]),
    category("licensing", [
      share("license", cs, (c) => c.license === "present"),
      share("declared-license", cs, (c) => c.declaredLicense === "present"),
    ]),
    category("dependencies", [
      flag("relationships", view.dependencyRelationship, view.dependencyRelationship ? "present" : "missing"),
      share("related-components", cs, (c) => c.related),
    ]),
  ];
  const score = round1(categories.reduce((s, c) => s + c.score, 0) / categories.length);
  return { score, max: 10, categories };
}
