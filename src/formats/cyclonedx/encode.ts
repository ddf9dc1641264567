// Model → CycloneDX 1.5/1.6/1.7 JSON. Packages and files become components (files as type `file`),
// CONTAINS becomes component nesting, dependency relationships become `dependencies`, and SPDX data that
// CycloneDX has no field for travels in `pysbom:spdx:*` properties so decoding restores it. Deterministic.
import {
  type Actor,
  DOCUMENT_REF,
  type Document,
  deriveScopes,
  type File,
  formatActor,
  type Package,
  type Property,
  parseActor,
  type Relationship,
  type Scope,
  sha256Hex,
  uuidFromContent,
} from "../../model/index.js";
import {
  type CycloneDxVersion,
  cyclonedxLicenseIds,
  DEPENDENCY_TYPES,
  DERIVED_VCS_COMMENT,
  EXTERNAL_REFERENCE_TYPES,
  HASH_TO_CDX,
  isEmail,
  isIriReference,
  P,
  PURPOSE_TO_TYPE,
} from "./common.js";

type Obj = Record<string, unknown>;

/** Options of the CycloneDX encoder. */
export interface CycloneDxEncodeOptions {
  /** Spec version to write (default 1.6). */
  readonly specVersion?: CycloneDxVersion;
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/**
 * An actor as a property value: SPDX agent text when it reads back unchanged, else JSON (e.g. an email
 * with parentheses, which the agent syntax cannot hold).
 */
function actorProperty(a: Actor): string {
  const text = formatActor(a);
  const back = parseActor(text);
  return back &&
    back.kind === a.kind &&
    back.name === a.name &&
    back.email === a.email &&
    back.version === a.version
    ? text
    : JSON.stringify(a);
}

/** The list without repeated items (CycloneDX `uniqueItems`), first occurrence kept. */
function uniqueByJson<T>(items: readonly T[]): T[] {
  return [...new Map(items.map((x) => [JSON.stringify(x), x])).values()];
}

/** CycloneDX `hash-content`: hex of one of the digest lengths it knows. */
const CDX_HASH_CONTENT =
  /^(?:[a-fA-F0-9]{32}|[a-fA-F0-9]{40}|[a-fA-F0-9]{64}|[a-fA-F0-9]{96}|[a-fA-F0-9]{128})$/;

/** Allocates unique bom-refs: a decoded document's own, else the purl, else `file:<path>` / the model id. */
export function allocateBomRefs(doc: Document): Map<string, string> {
  const wanted: [string, string, boolean][] = [];
  // bom-refs must be non-empty (refType minLength 1).
  for (const p of doc.packages)
    wanted.push([p.bomRef || p.purl || `${p.name}@${p.version ?? ""}`, p.id, Boolean(p.bomRef)]);
  for (const f of doc.files) wanted.push([f.bomRef || `file:${f.path}`, f.id, Boolean(f.bomRef)]);
  wanted.sort((a, b) => Number(b[2]) - Number(a[2]) || byCodePoint(a[0], b[0]) || byCodePoint(a[1], b[1]));
  const taken = new Set<string>();
  const refs = new Map<string, string>();
  for (const [want, id] of wanted) {
    let ref = want;
    if (taken.has(ref)) {
      const digest = sha256Hex(id);
      for (let n = 8; taken.has(ref); n += 8)
        ref = `${want}#${digest.slice(0, Math.min(n, 64))}${n > 64 ? `-${n}` : ""}`;
    }
    taken.add(ref);
    refs.set(id, ref);
  }
  return refs;
}

class Encoder {
  readonly v: CycloneDxVersion;
  readonly refs: Map<string, string>;
  readonly doc: Document;
  readonly extracted: Map<string, Document["extractedLicenses"][number]>;
  readonly warnings: string[] = [];

  constructor(doc: Document, v: CycloneDxVersion) {
    this.doc = doc;
    this.v = v;
    this.refs = allocateBomRefs(doc);
    this.extracted = new Map(doc.extractedLicenses.map((l) => [l.id, l]));
    this.scopes = deriveScopes(doc);
    const counts = new Map<string, number>();
    for (const l of doc.extractedLicenses) counts.set(l.name ?? l.id, (counts.get(l.name ?? l.id) ?? 0) + 1);
    this.uniqueLicenseNames = new Set([...counts].filter(([, n]) => n === 1).map(([k]) => k));
  }

  readonly uniqueLicenseNames: ReadonlySet<string>;
  /** Derived from the dependency graph (not stored in the model, so decoding ignores it). */
  readonly scopes: ReadonlyMap<string, Scope>;

  get atLeast16(): boolean {
    return this.v !== "1.5";
  }

  /**
   * CycloneDX license entries for declared/concluded expressions, plus properties for what does not fit:
   * `NONE`; before 1.6 (no acknowledgement) the concluded license; before 1.7 (an expression must be the
   * only entry) the concluded license when either is an expression.
   */
  licenses(
    declared: string | undefined,
    concluded: string | undefined,
    props: Property[],
  ): Obj[] | undefined {
    const items: { ack: "declared" | "concluded"; expr: string; entry: Obj }[] = [];
    for (const [ack, expr] of [
      ["declared", declared],
      ["concluded", concluded],
    ] as const) {
      if (expr === undefined) continue;
      const name = ack === "declared" ? P.licenseDeclared : P.licenseConcluded;
      if (expr === "NONE" || (ack === "concluded" && !this.atLeast16)) props.push({ name, value: expr });
      else items.push({ ack, expr, entry: this.licenseEntry(expr, ack) });
    }
    if (items.length > 1 && this.v !== "1.7" && items.some((i) => "expression" in i.entry)) {
      props.push({ name: P.licenseConcluded, value: items[1]!.expr });
      items.length = 1;
    }
    return items.length > 0 ? items.map((i) => i.entry) : undefined;
  }

  /** One license entry: an SPDX id the schema knows, a named license for a `LicenseRef-`, else an expression. */
  licenseEntry(expr: string, ack: "declared" | "concluded"): Obj {
    const acknowledged = (o: Obj): Obj => (this.atLeast16 ? { ...o, acknowledgement: ack } : o);
    if (cyclonedxLicenseIds().has(expr)) return { license: acknowledged({ id: expr }) };
    const l = this.extracted.get(expr);
    if (l && this.uniqueLicenseNames.has(l.name ?? l.id)) {
      const license: Obj = { name: l.name ?? l.id };
      if (l.text !== (l.name ?? l.id)) license.text = { content: l.text };
      return { license: acknowledged(license) };
    }
    return acknowledged({ expression: expr });
  }

  hashes(list: Package["checksums"], props: Property[]): Obj[] | undefined {
    const out: Obj[] = [];
    for (const c of list) {
      const alg = HASH_TO_CDX[c.algorithm];
      if (alg && CDX_HASH_CONTENT.test(c.value)) out.push({ alg, content: c.value });
      else props.push({ name: P.checksum, value: `${c.algorithm}: ${c.value}` });
    }
    out.sort(
      (a, b) =>
        byCodePoint(a.alg as string, b.alg as string) ||
        byCodePoint(a.content as string, b.content as string),
    );
    return out.length > 0 ? out : undefined;
  }

  contact(a: Actor): Obj {
    return a.email && isEmail(a.email) ? { name: a.name, email: a.email } : { name: a.name };
  }

  /** True when the actor survives the CycloneDX contact form unchanged. */
  contactExact(a: Actor): boolean {
    return a.email === undefined || (a.email !== "" && isEmail(a.email));
  }

  pkg(p: Package, children: Obj[] | undefined): Obj {
    const props: Property[] = [];
    const c: Obj = {};
    const type = p.purpose ? PURPOSE_TO_TYPE[p.purpose] : undefined;
    const keptType = p.extras?.cyclonedx?.type;
    c.type = type ?? (p.purpose === undefined && typeof keptType === "string" ? keptType : "library");
    if (p.purpose !== undefined && (type === undefined || p.purpose === "FILE"))
      props.push({ name: P.purpose, value: p.purpose });
    c["bom-ref"] = this.refs.get(p.id);
    if (p.supplier) {
      const s = p.supplier;
      c.supplier =
        s.email && isEmail(s.email) ? { name: s.name, contact: [{ email: s.email }] } : { name: s.name };
      if (s.kind !== "Organization" || !this.contactExact(s))
        props.push({ name: P.supplier, value: actorProperty(s) });
    }
    if (p.originator) {
      const o = p.originator;
      if (this.atLeast16 && o.kind === "Person" && this.contactExact(o)) c.authors = [this.contact(o)];
      else if (this.atLeast16 && o.kind === "Organization" && !o.email) c.manufacturer = { name: o.name };
      else props.push({ name: P.originator, value: actorProperty(o) });
      if (!this.atLeast16) c.author = o.email ? `${o.name} <${o.email}>` : o.name;
    }
    c.name = p.name;
    if (p.version !== undefined) c.version = p.version;
    const scope = this.scopes.get(p.id);
    if (scope) c.scope = scope;
    if (p.description !== undefined) {
      c.description = p.description;
      if (p.summary !== undefined) props.push({ name: P.summary, value: p.summary });
    } else if (p.summary !== undefined) {
      c.description = p.summary;
      props.push({ name: P.summary, value: p.summary });
    }
    const hashes = this.hashes(p.checksums, props);
    if (hashes) c.hashes = hashes;
    const licenses = this.licenses(p.licenseDeclared, p.licenseConcluded, props);
    if (licenses) c.licenses = licenses;
    if (p.copyright !== undefined) c.copyright = p.copyright;
    if (p.cpes.length > 0) c.cpe = p.cpes[0];
    for (const cpe of p.cpes.slice(1)) props.push({ name: P.cpe, value: cpe });
    if (p.purl !== undefined) c.purl = p.purl;

    const ext: Obj[] = [];
    if (p.homepage !== undefined) {
      if (isIriReference(p.homepage)) ext.push({ type: "website", url: p.homepage });
      else props.push({ name: P.homepage, value: p.homepage });
    }
    if (p.downloadLocation !== undefined) {
      const vcs = /^(?:git|hg|svn|bzr)\+(.*?)(?:@[^@/]*)?$/.exec(p.downloadLocation);
      if (!vcs && p.downloadLocation !== "NONE" && isIriReference(p.downloadLocation))
        ext.push({ type: "distribution", url: p.downloadLocation });
      else {
        // SPDX VCS locators (`git+https://…@rev`) are not IRIs CycloneDX accepts: keep the exact value in a
        // property and show the repository as a `vcs` reference.
        props.push({ name: P.downloadLocation, value: p.downloadLocation });
        if (vcs && isIriReference(vcs[1]!))
          ext.push({ type: "vcs", url: vcs[1], comment: DERIVED_VCS_COMMENT });
      }
    }
    // The decoder reads the first website as the homepage and the first distribution/vcs reference as the
    // download location. When those are unknown but such references exist (Project-URLs "Source",
    // "Download"…), say "unknown" in a property so the references keep their CycloneDX type.
    let unknownHomepage = false;
    let unknownDownload = false;
    for (const r of p.externalRefs) {
      if (r.category === "OTHER" && EXTERNAL_REFERENCE_TYPES.has(r.type) && isIriReference(r.locator)) {
        if (r.type === "website" && p.homepage === undefined) unknownHomepage = true;
        if ((r.type === "distribution" || r.type === "vcs") && p.downloadLocation === undefined)
          unknownDownload = true;
        ext.push(
          r.comment === undefined
            ? { type: r.type, url: r.locator }
            : { type: r.type, url: r.locator, comment: r.comment },
        );
      } else props.push({ name: P.externalRef, value: JSON.stringify(r) });
    }
    if (unknownHomepage) props.push({ name: P.homepage, value: "NOASSERTION" });
    if (unknownDownload) props.push({ name: P.downloadLocation, value: "NOASSERTION" });
    if (ext.length > 0) c.externalReferences = ext;

    if (p.fileName !== undefined) props.push({ name: P.fileName, value: p.fileName });
    if (p.sourceInfo !== undefined) props.push({ name: P.sourceInfo, value: p.sourceInfo });
    if (p.comment !== undefined) props.push({ name: P.comment, value: p.comment });
    if (p.filesAnalyzed) props.push({ name: P.filesAnalyzed, value: "true" });
    if (p.verificationCode)
      props.push({ name: P.verificationCode, value: JSON.stringify(p.verificationCode) });
    if (p.licenseInfoFromFiles?.length)
      props.push({ name: P.licenseInfoFromFiles, value: JSON.stringify(p.licenseInfoFromFiles) });
    const allProps = [...p.properties, ...props];
    if (allProps.length > 0) c.properties = allProps.map((x) => ({ name: x.name, value: x.value }));
    if (children && children.length > 0) c.components = children;
    return this.withExtras(c, p.extras?.cyclonedx);
  }

  file(f: File, children: Obj[] | undefined): Obj {
    const props: Property[] = [];
    const c: Obj = { type: "file", "bom-ref": this.refs.get(f.id), name: f.path };
    const hashes = this.hashes(f.checksums, props);
    if (hashes) c.hashes = hashes;
    const licenses = this.licenses(undefined, f.licenseConcluded, props);
    if (licenses) c.licenses = licenses;
    if (f.copyright !== undefined) c.copyright = f.copyright;
    if (f.fileTypes.length > 0) props.push({ name: P.fileTypes, value: JSON.stringify(f.fileTypes) });
    if (f.licenseInfoInFiles.length > 0)
      props.push({ name: P.licenseInfoInFiles, value: JSON.stringify(f.licenseInfoInFiles) });
    if (f.comment !== undefined) props.push({ name: P.comment, value: f.comment });
    const allProps = [...f.properties, ...props];
    if (allProps.length > 0) c.properties = allProps.map((x) => ({ name: x.name, value: x.value }));
    if (children && children.length > 0) c.components = children;
    return this.withExtras(c, f.extras?.cyclonedx);
  }

  withExtras(c: Obj, extras: Readonly<Obj> | undefined): Obj {
    if (!extras) return c;
    for (const [k, v] of Object.entries(extras)) if (!(k in c)) c[k] = v;
    return c;
  }

  encode(): Obj {
    // An empty relationship comment says nothing: treat it as none.
    const doc: Document = {
      ...this.doc,
      relationships: this.doc.relationships.map((r) => (r.comment === "" ? { ...r, comment: undefined } : r)),
    };
    const elements = new Map<string, Package | File>();
    for (const p of doc.packages) elements.set(p.id, p);
    for (const f of doc.files) elements.set(f.id, f);
    const docProps: Property[] = [...doc.properties];
    const recorded: Relationship[] = [];

    // Containment tree: a CONTAINS edge without comment nests the target when it has exactly one container.
    const parents = new Map<string, string[]>();
    for (const r of doc.relationships) {
      if (
        r.type === "CONTAINS" &&
        r.comment === undefined &&
        elements.has(r.from) &&
        elements.has(r.to) &&
        r.from !== r.to
      ) {
        const list = parents.get(r.to) ?? [];
        list.push(r.from);
        parents.set(r.to, list);
      }
    }
    const childrenOf = new Map<string, string[]>();
    for (const [child, ps] of parents) {
      if (ps.length !== 1) continue;
      const list = childrenOf.get(ps[0]!) ?? [];
      list.push(child);
      childrenOf.set(ps[0]!, list);
    }
    const nested = new Set<string>();
    const describes = doc.relationships.filter((r) => r.from === DOCUMENT_REF && r.type === "DESCRIBES");
    const root =
      describes.length === 1 && doc.packages.some((p) => p.id === describes[0]!.to)
        ? describes[0]!.to
        : undefined;

    const refOf = (id: string): string => this.refs.get(id) ?? id;
    const sortIds = (ids: string[]): string[] => ids.sort((a, b) => byCodePoint(refOf(a), refOf(b)));
    const build = (id: string, path: Set<string>): Obj => {
      const kids: Obj[] = [];
      for (const k of sortIds([...(childrenOf.get(id) ?? [])])) {
        if (path.has(k) || nested.has(k)) continue; // a containment cycle: k stays top-level
        nested.add(k);
        path.add(k);
        kids.push(build(k, path));
        path.delete(k);
      }
      const e = elements.get(id)!;
      return "path" in e ? this.file(e, kids) : this.pkg(e, kids);
    };
    let metadataComponent: Obj | undefined;
    if (root !== undefined) {
      nested.add(root);
      metadataComponent = build(root, new Set([root]));
    }
    // Top level: elements with no single container, then anything a cycle left out.
    const top: Obj[] = [];
    const topIds = sortIds(
      [...elements.keys()].filter((id) => id !== root && (parents.get(id)?.length ?? 0) !== 1),
    );
    for (const id of topIds) {
      if (nested.has(id)) continue;
      nested.add(id);
      top.push(build(id, new Set([id])));
    }
    for (const id of sortIds([...elements.keys()])) {
      if (nested.has(id)) continue;
      nested.add(id);
      top.push(build(id, new Set([id])));
    }
    // A CONTAINS edge is native only if nesting shows it (parent has the child in its components).
    const nestedUnder = new Map<string, string>();
    const walk = (c: Obj, parent: string | undefined): void => {
      const ref = c["bom-ref"] as string;
      if (parent !== undefined) nestedUnder.set(ref, parent);
      for (const k of (c.components as Obj[] | undefined) ?? []) walk(k, ref);
    };
    if (metadataComponent) walk(metadataComponent, undefined);
    for (const c of top) walk(c, undefined);

    // Dependencies graph for packages; everything else is recorded as properties.
    const depEdges = new Map<string, Relationship[]>();
    for (const r of doc.relationships) {
      const dep = DEPENDENCY_TYPES.get(r.type);
      const native = elements.has(r.from) && elements.has(r.to);
      if (
        r.type === "CONTAINS" &&
        native &&
        r.comment === undefined &&
        nestedUnder.get(refOf(r.to)) === refOf(r.from)
      )
        continue;
      if (r.type === "DESCRIBES" && r.from === DOCUMENT_REF && r.to === root && r.comment === undefined)
        continue;
      if (dep && native) {
        const [a, b] = dep.reverse ? [r.to, r.from] : [r.from, r.to];
        const key = JSON.stringify([refOf(a), refOf(b)]);
        const list = depEdges.get(key) ?? [];
        list.push(r);
        depEdges.set(key, list);
        continue;
      }
      recorded.push(r);
    }
    const dependsOn = new Map<string, Set<string>>();
    for (const p of doc.packages) dependsOn.set(refOf(p.id), new Set());
    for (const [key, rels] of depEdges) {
      const [a, b] = JSON.parse(key) as [string, string];
      if (!dependsOn.has(a)) dependsOn.set(a, new Set());
      dependsOn.get(a)!.add(b);
      if (!(rels.length === 1 && rels[0]!.type === "DEPENDS_ON" && rels[0]!.comment === undefined))
        recorded.push(...rels);
    }
    const dependencies = [...dependsOn.entries()]
      .sort((x, y) => byCodePoint(x[0], y[0]))
      .map(([ref, set]) => ({ ref, dependsOn: [...set].sort(byCodePoint) }));

    recorded.sort(
      (a, b) =>
        byCodePoint(refOf(a.from), refOf(b.from)) ||
        byCodePoint(a.type, b.type) ||
        byCodePoint(refOf(a.to), refOf(b.to)) ||
        byCodePoint(a.comment ?? "", b.comment ?? ""),
    );
    for (const r of recorded) {
      const v: Obj = {
        from: r.from === DOCUMENT_REF ? DOCUMENT_REF : refOf(r.from),
        type: r.type,
        to: refOf(r.to),
      };
      if (r.comment !== undefined) v.comment = r.comment;
      docProps.push({ name: P.relationship, value: JSON.stringify(v) });
    }

    // Document-level fields CycloneDX has no place for.
    const rootPkg = root !== undefined ? doc.packages.find((p) => p.id === root) : undefined;
    if (doc.name !== (rootPkg?.name ?? "")) docProps.push({ name: P.documentName, value: doc.name });
    if (doc.namespace !== undefined) docProps.push({ name: P.documentNamespace, value: doc.namespace });
    if (doc.comment !== undefined) docProps.push({ name: P.documentComment, value: doc.comment });
    if (doc.licenseListVersion !== undefined)
      docProps.push({ name: P.licenseListVersion, value: doc.licenseListVersion });
    for (const l of [...doc.extractedLicenses].sort((a, b) => byCodePoint(a.id, b.id)))
      docProps.push({ name: P.extractedLicense, value: JSON.stringify(l) });
    const unknowns = [...doc.unknowns].sort(
      (a, b) =>
        byCodePoint(a.location ?? "", b.location ?? "") ||
        byCodePoint(a.code, b.code) ||
        byCodePoint(a.message, b.message),
    );
    for (const u of unknowns) docProps.push({ name: P.unknown, value: JSON.stringify(u) });

    const metadata: Obj = {};
    if (doc.created !== undefined) metadata.timestamp = doc.created;
    // CycloneDX wants unique tools and authors (uniqueItems): repeated identical creators say nothing more.
    const creators = [
      ...new Map(
        doc.creators.map((c) => [JSON.stringify([c.kind, c.name, c.email ?? null, c.version ?? null]), c]),
      ).values(),
    ];
    const tools = creators.filter((c) => c.kind === "Tool");
    const persons = creators.filter((c) => c.kind === "Person");
    const orgs = creators.filter((c) => c.kind === "Organization");
    if (tools.length > 0)
      metadata.tools = {
        components: uniqueByJson(
          tools.map((t) =>
            t.version
              ? { type: "application", name: t.name, version: t.version }
              : { type: "application", name: t.name },
          ),
        ),
      };
    if (persons.length > 0) metadata.authors = uniqueByJson(persons.map((a) => this.contact(a)));
    orgs.forEach((o, i) => {
      if (i === 0 && this.atLeast16 && !o.email) metadata.manufacturer = { name: o.name };
      else docProps.push({ name: P.creator, value: actorProperty(o) });
    });
    for (const a of persons)
      if (!this.contactExact(a)) docProps.push({ name: P.creator, value: actorProperty(a) });
    if (metadataComponent) metadata.component = metadataComponent;
    if (docProps.length > 0) metadata.properties = docProps.map((x) => ({ name: x.name, value: x.value }));

    const bom: Obj = {
      $schema: `http://cyclonedx.org/schema/bom-${this.v}.schema.json`,
      bomFormat: "CycloneDX",
      specVersion: this.v,
      serialNumber: doc.serialNumber ?? "",
      version: 1,
      metadata,
      components: top,
      dependencies,
    };
    for (const [k, v] of Object.entries(doc.extras?.cyclonedx ?? {})) if (!(k in bom)) bom[k] = v;
    if (doc.serialNumber === undefined) bom.serialNumber = `urn:uuid:${uuidFromContent(JSON.stringify(bom))}`;
    return bom;
  }
}

/** Encoded text plus anything the target format could not express. */
export interface CycloneDxEncodeResult {
  readonly text: string;
  readonly warnings: readonly string[];
  readonly bomRefs: ReadonlyMap<string, string>;
}

/**
 * Encodes a document as CycloneDX JSON (default 1.6).
 * @example encodeCycloneDxJson(doc, { specVersion: "1.6" }).text
 */
export function encodeCycloneDxJson(
  doc: Document,
  options: CycloneDxEncodeOptions = {},
): CycloneDxEncodeResult {
  const e = new Encoder(doc, options.specVersion ?? "1.6");
  const bom = e.encode();
  return { text: `${JSON.stringify(bom, null, 2)}\n`, warnings: e.warnings, bomRefs: e.refs };
}

/** The CycloneDX BOM object (for callers that add sections, e.g. `vulnerabilities`). */
export function toCycloneDxObject(
  doc: Document,
  options: CycloneDxEncodeOptions = {},
): { bom: Obj; bomRefs: ReadonlyMap<string, string> } {
  const e = new Encoder(doc, options.specVersion ?? "1.6");
  return { bom: e.encode(), bomRefs: e.refs };
}
