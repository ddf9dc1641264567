// CycloneDX 1.4-1.7 JSON → model. Components of type `file` become files, others packages; nesting
// becomes CONTAINS, `metadata.component` is DESCRIBED, `dependencies` become DEPENDS_ON, and pysbom's own
// `pysbom:spdx:*` properties restore SPDX data. Unmodelled members are kept in `extras.cyclonedx`.
import { PysbomError } from "../../errors.js";
import {
  type Actor,
  type Checksum,
  DOCUMENT_REF,
  type Document,
  type ExternalRef,
  type ExtractedLicense,
  type File,
  type FileType,
  type Package,
  type PrimaryPurpose,
  type Property,
  parseActor,
  RELATIONSHIP_TYPES,
  type Relationship,
  type RelationshipType,
  spdxIdSafe,
  type Unknown,
} from "../../model/index.js";
import { childPointer, extraMembers, type JsonObject, JsonReader, parseJson } from "../json.js";
import type { DecodeResult } from "../spdx-2.3/to-model.js";
import {
  CDX_TO_HASH,
  DEPENDENCY_TYPES,
  DERIVED_VCS_COMMENT,
  P,
  READABLE_CYCLONEDX_VERSIONS,
  TYPE_TO_PURPOSE,
} from "./common.js";

/** Options of the CycloneDX decoder. */
export interface CycloneDxDecodeOptions {
  readonly file?: string | undefined;
  /** Drop dependencies that name unknown bom-refs (with a warning) instead of failing. */
  readonly lenient?: boolean | undefined;
}

const COMPONENT_KEYS = new Set([
  "scope", // derived from the dependency graph when encoding; not model data
  "type",
  "bom-ref",
  "supplier",
  "authors",
  "author",
  "manufacturer",
  "name",
  "version",
  "description",
  "hashes",
  "licenses",
  "copyright",
  "cpe",
  "purl",
  "externalReferences",
  "properties",
  "components",
]);
const BOM_KEYS = new Set([
  "$schema",
  "bomFormat",
  "specVersion",
  "serialNumber",
  "version",
  "metadata",
  "components",
  "dependencies",
]);
const METADATA_KEYS = new Set(["timestamp", "tools", "authors", "manufacturer", "component", "properties"]);
const RELATIONSHIP_SET = new Set<string>(RELATIONSHIP_TYPES);
const MAX_COMPONENT_DEPTH = 64;

type Elements = { packages: Package[]; files: File[]; contains: Relationship[] };

class CdxDecoder {
  readonly r: JsonReader;
  readonly warnings: string[] = [];
  readonly refs = new Map<string, string>(); // bom-ref -> pointer
  readonly extracted = new Map<string, ExtractedLicense>(); // by id
  readonly extractedByName = new Map<string, string>(); // name -> id
  generated = 0;
  lenient = false;

  constructor(file: string | undefined) {
    this.r = new JsonReader(file);
  }

  properties(o: JsonObject, ptr: string): Property[] {
    const r: JsonReader = this.r;
    return (r.arr(o, "properties", ptr) ?? []).map((x, i) => {
      const p = childPointer(childPointer(ptr, "properties"), i);
      const po = r.object(x, p);
      return { name: r.reqStr(po, "name", p), value: r.str(po, "value", p) ?? "" };
    });
  }

  licenseRefForName(name: string, text: string | undefined): string {
    const known = this.extractedByName.get(name);
    if (known !== undefined) return known;
    let id = `LicenseRef-${spdxIdSafe(name).replace(/^-+|-+$/g, "") || "unnamed"}`;
    for (let n = 2; this.extracted.has(id); n++) id = `${id.replace(/-\d+$/, "")}-${n}`;
    this.extracted.set(id, { id, name, text: text ?? name });
    this.extractedByName.set(name, id);
    return id;
  }

  licenses(o: JsonObject, ptr: string): { declared?: string; concluded?: string } {
    const r: JsonReader = this.r;
    const out: { declared?: string; concluded?: string } = {};
    (r.arr(o, "licenses", ptr) ?? []).forEach((x, i) => {
      const p = childPointer(childPointer(ptr, "licenses"), i);
      const lo = r.object(x, p);
      let expr: string;
      let ack: string | undefined;
      if (typeof lo.expression === "string") {
        expr = lo.expression;
        ack = r.str(lo, "acknowledgement", p);
      } else {
        const lic = r.obj(lo, "license", p);
        if (!lic) r.fail(p, `expected "license" or "expression"`);
        const lp = childPointer(p, "license");
        ack = r.str(lic, "acknowledgement", lp);
        const id = r.str(lic, "id", lp);
        const name = r.str(lic, "name", lp);
        const text = r.obj(lic, "text", lp);
        if (id !== undefined) expr = id;
        else if (name !== undefined)
          expr = this.licenseRefForName(
            name,
            text ? r.str(text, "content", childPointer(lp, "text")) : undefined,
          );
        else r.fail(lp, `a license needs "id" or "name"`);
      }
      if (ack === "concluded") out.concluded ??= expr;
      else if (out.declared === undefined) out.declared = expr;
      else out.declared = `${out.declared} AND ${expr}`;
    });
    return out;
  }

  hashes(o: JsonObject, ptr: string, props: Property[]): Checksum[] {
    const r: JsonReader = this.r;
    const out: Checksum[] = (r.arr(o, "hashes", ptr) ?? []).map((x, i) => {
      const p = childPointer(childPointer(ptr, "hashes"), i);
      const h = r.object(x, p);
      const alg = r.reqStr(h, "alg", p);
      const algorithm = CDX_TO_HASH[alg];
      if (!algorithm)
        r.fail(childPointer(p, "alg"), `hash algorithm ${JSON.stringify(alg)} has no SPDX equivalent`);
      return { algorithm, value: r.reqStr(h, "content", p).toLowerCase() };
    });
    for (const prop of props) {
      if (prop.name !== P.checksum) continue;
      const m = /^([A-Za-z0-9-]+): (.*)$/s.exec(prop.value);
      if (m) out.push({ algorithm: m[1] as Checksum["algorithm"], value: m[2]!.toLowerCase() });
      else
        this.warnings.push(
          `${this.r.file ?? "input"} at ${ptr}: ${P.checksum} property ${JSON.stringify(prop.value)} is not "ALGORITHM: value" (ignored)`,
        );
    }
    return out;
  }

  contactActor(o: JsonObject, ptr: string, kind: Actor["kind"]): Actor {
    const name = this.r.str(o, "name", ptr) ?? "";
    const email = this.r.str(o, "email", ptr);
    return email ? { kind, name, email } : { kind, name };
  }

  component(value: unknown, ptr: string, depth: number, out: Elements, parent: string | undefined): string {
    const r: JsonReader = this.r;
    if (depth > MAX_COMPONENT_DEPTH)
      r.fail(ptr, `components nested deeper than ${MAX_COMPONENT_DEPTH} levels`);
    const o = r.object(value, ptr);
    const type = r.reqStr(o, "type", ptr);
    const name = r.reqStr(o, "name", ptr);
    const ref = r.str(o, "bom-ref", ptr);
    if (ref !== undefined) {
      const first = this.refs.get(ref);
      if (first !== undefined)
        r.fail(childPointer(ptr, "bom-ref"), `duplicate bom-ref ${JSON.stringify(ref)} (first at ${first})`);
      this.refs.set(ref, ptr);
    }
    const id = ref ?? `cdx-component-${++this.generated}`;
    const allProps = this.properties(o, ptr);
    const ours = new Map<string, string[]>();
    const props: Property[] = [];
    for (const p of allProps) {
      if (p.name.startsWith(P.prefix)) ours.set(p.name, [...(ours.get(p.name) ?? []), p.value]);
      else props.push(p);
    }
    const one = (n: string): string | undefined => ours.get(n)?.[0];
    const json = <T>(n: string): T | undefined => {
      const v = one(n);
      if (v === undefined) return undefined;
      try {
        return JSON.parse(v) as T;
      } catch {
        this.warnings.push(`${r.file ?? "input"} at ${ptr}: property ${n} is not valid JSON (ignored)`);
        return undefined;
      }
    };
    const checksums = this.hashes(o, ptr, allProps);
    const lic = this.licenses(o, ptr);
    const declared = one(P.licenseDeclared) ?? lic.declared;
    const concluded = one(P.licenseConcluded) ?? lic.concluded;
    const extras = extraMembers(o, COMPONENT_KEYS);

    if (type === "file" && !ours.has(P.purpose)) {
      const f: File = {
        id,
        bomRef: ref,
        path: name,
        checksums,
        fileTypes: json<FileType[]>(P.fileTypes) ?? [],
        licenseConcluded: concluded ?? declared,
        licenseInfoInFiles: json<string[]>(P.licenseInfoInFiles) ?? [],
        copyright: r.str(o, "copyright", ptr),
        comment: one(P.comment),
        properties: props,
        extras: extras && { cyclonedx: extras },
      };
      out.files.push(f);
    } else {
      const purl = r.str(o, "purl", ptr);
      const cpes: string[] = [];
      const cpe = r.str(o, "cpe", ptr);
      if (cpe !== undefined) cpes.push(cpe);
      cpes.push(...(ours.get(P.cpe) ?? []));
      let homepage = one(P.homepage);
      let download = one(P.downloadLocation);
      const externalRefs: ExternalRef[] = [];
      (r.arr(o, "externalReferences", ptr) ?? []).forEach((x, i) => {
        const p = childPointer(childPointer(ptr, "externalReferences"), i);
        const e = r.object(x, p);
        const t = r.reqStr(e, "type", p);
        const url = r.reqStr(e, "url", p);
        const comment = r.str(e, "comment", p);
        if (t === "vcs" && comment === DERIVED_VCS_COMMENT) return;
        if (t === "website" && homepage === undefined && comment === undefined) homepage = url;
        else if ((t === "distribution" || t === "vcs") && download === undefined && comment === undefined)
          download = url;
        else
          externalRefs.push({
            category: "OTHER",
            type: t,
            locator: url,
            ...(comment === undefined ? {} : { comment }),
          });
      });
      for (const v of ours.get(P.externalRef) ?? []) {
        try {
          externalRefs.push(JSON.parse(v) as ExternalRef);
        } catch {
          this.warnings.push(
            `${r.file ?? "input"} at ${ptr}: property ${P.externalRef} is not valid JSON (ignored)`,
          );
        }
      }
      let supplier: Actor | undefined;
      const so = r.obj(o, "supplier", ptr);
      if (one(P.supplier) !== undefined) supplier = actorFromProperty(one(P.supplier)!);
      else if (so) {
        const contact = Array.isArray(so.contact) ? (so.contact[0] as JsonObject | undefined) : undefined;
        const email = contact && typeof contact.email === "string" ? contact.email : undefined;
        const n = r.str(so, "name", childPointer(ptr, "supplier")) ?? "";
        supplier = email ? { kind: "Organization", name: n, email } : { kind: "Organization", name: n };
      }
      let originator: Actor | undefined;
      if (one(P.originator) !== undefined) originator = actorFromProperty(one(P.originator)!);
      else {
        const authors = r.arr(o, "authors", ptr);
        const manufacturer = r.obj(o, "manufacturer", ptr);
        const author = r.str(o, "author", ptr);
        if (authors && authors.length > 0)
          originator = this.contactActor(
            r.object(authors[0], `${ptr}/authors/0`),
            `${ptr}/authors/0`,
            "Person",
          );
        else if (manufacturer)
          originator = this.contactActor(manufacturer, childPointer(ptr, "manufacturer"), "Organization");
        else if (author !== undefined) {
          const m = /^(.*?)\s*<([^<>]*)>\s*$/.exec(author);
          originator = m ? { kind: "Person", name: m[1]!, email: m[2]! } : { kind: "Person", name: author };
        }
        if (authors && authors.length > 1 && extras) extras.authors = authors;
      }
      const summary = one(P.summary);
      const description = r.str(o, "description", ptr);
      const purpose = (one(P.purpose) as PrimaryPurpose | undefined) ?? TYPE_TO_PURPOSE[type];
      const extraAll = extras ?? {};
      if (purpose === undefined) extraAll.type = type; // e.g. "platform": kept verbatim
      const pkg: Package = {
        id,
        bomRef: ref,
        name,
        version: r.str(o, "version", ptr),
        supplier,
        originator,
        downloadLocation: download === "NOASSERTION" ? undefined : download,
        homepage: homepage === "NOASSERTION" ? undefined : homepage,
        fileName: one(P.fileName),
        checksums,
        licenseDeclared: declared,
        licenseConcluded: concluded,
        licenseInfoFromFiles: json<string[]>(P.licenseInfoFromFiles),
        copyright: r.str(o, "copyright", ptr),
        purl,
        cpes,
        purpose,
        summary,
        description: summary !== undefined && description === summary ? undefined : description,
        comment: one(P.comment),
        sourceInfo: one(P.sourceInfo),
        externalRefs,
        filesAnalyzed: one(P.filesAnalyzed) === "true",
        verificationCode: json(P.verificationCode),
        properties: props,
        extras: Object.keys(extraAll).length > 0 ? { cyclonedx: extraAll } : undefined,
      };
      out.packages.push(pkg);
    }
    if (parent !== undefined) out.contains.push({ from: parent, type: "CONTAINS", to: id });
    (r.arr(o, "components", ptr) ?? []).forEach((c, i) => {
      this.component(c, childPointer(childPointer(ptr, "components"), i), depth + 1, out, id);
    });
    return id;
  }

  document(value: unknown): Document {
    const r: JsonReader = this.r;
    const bom = r.object(value, "");
    if (bom.bomFormat !== "CycloneDX") r.fail("/bomFormat", `expected "CycloneDX"`);
    const specVersion = r.reqStr(bom, "specVersion", "");
    if (!READABLE_CYCLONEDX_VERSIONS.includes(specVersion))
      throw new PysbomError(
        "UNSUPPORTED_VERSION",
        `${r.file ?? "input"} at /specVersion: unsupported CycloneDX version ${JSON.stringify(specVersion)} (supported: ${READABLE_CYCLONEDX_VERSIONS.join(", ")})`,
        { location: { file: r.file, pointer: "/specVersion" } },
      );
    const metadata = r.obj(bom, "metadata", "") ?? {};
    const docProps = this.properties(metadata, "/metadata");
    const ours = (n: string): string[] => docProps.filter((p) => p.name === n).map((p) => p.value);
    for (const v of ours(P.extractedLicense)) {
      try {
        const l = JSON.parse(v) as ExtractedLicense;
        this.extracted.set(l.id, l);
        this.extractedByName.set(l.name ?? l.id, l.id);
      } catch {
        this.warnings.push(
          `${r.file ?? "input"} at /metadata/properties: ${P.extractedLicense} is not valid JSON (ignored)`,
        );
      }
    }

    const els: Elements = { packages: [], files: [], contains: [] };
    const relationships: Relationship[] = [];
    const mc = r.obj(metadata, "component", "/metadata");
    const rootId = mc ? this.component(mc, "/metadata/component", 1, els, undefined) : undefined;
    (r.arr(bom, "components", "") ?? []).forEach((c, i) => {
      this.component(c, `/components/${i}`, 1, els, undefined);
    });

    // Typed relationships recorded by pysbom's encoder, grouped by the dependency edge they explain.
    const recorded: Relationship[] = [];
    for (const v of ours(P.relationship)) {
      try {
        const x = JSON.parse(v) as Relationship;
        if (typeof x.from === "string" && typeof x.to === "string" && RELATIONSHIP_SET.has(x.type))
          recorded.push(x);
      } catch {
        this.warnings.push(
          `${r.file ?? "input"} at /metadata/properties: ${P.relationship} is not valid JSON (ignored)`,
        );
      }
    }
    const byEdge = new Map<string, Relationship[]>();
    const plain: Relationship[] = [];
    for (const x of recorded) {
      const dep = DEPENDENCY_TYPES.get(x.type as RelationshipType);
      if (!dep) {
        plain.push(x);
        continue;
      }
      const [a, b] = dep.reverse ? [x.to, x.from] : [x.from, x.to];
      const key = JSON.stringify([a, b]);
      byEdge.set(key, [...(byEdge.get(key) ?? []), x]);
    }
    const known = (ref: string): boolean => this.refs.has(ref);
    (r.arr(bom, "dependencies", "") ?? []).forEach((d, i) => {
      const p = `/dependencies/${i}`;
      const o = r.object(d, p);
      const from = r.reqStr(o, "ref", p);
      const targets = r.strArr(o, "dependsOn", p) ?? [];
      targets.forEach((to, j) => {
        const bad = !known(from) ? from : !known(to) ? to : undefined;
        if (bad !== undefined) {
          const where = bad === from ? `${p}/ref` : `${p}/dependsOn/${j}`;
          const msg = `dependency refers to bom-ref ${JSON.stringify(bad)}, which is not a component`;
          if (!this.lenient) r.fail(where, msg);
          this.warnings.push(`${r.file ?? "input"} at ${where}: ${msg}; dropped`);
          return;
        }
        const typed = byEdge.get(JSON.stringify([from, to]));
        if (typed) {
          relationships.push(...typed);
          byEdge.delete(JSON.stringify([from, to]));
        } else relationships.push({ from, type: "DEPENDS_ON", to });
      });
      if (targets.length === 0 && !known(from) && !this.lenient)
        r.fail(`${p}/ref`, `dependency refers to bom-ref ${JSON.stringify(from)}, which is not a component`);
    });
    for (const rest of byEdge.values()) relationships.push(...rest);
    const ids = new Set([...els.packages.map((x) => x.id), ...els.files.map((x) => x.id)]);
    // metadata.component is DESCRIBED, unless pysbom recorded that relationship itself (with a comment).
    if (
      rootId !== undefined &&
      !plain.some((x) => x.type === "DESCRIBES" && x.from === DOCUMENT_REF && x.to === rootId)
    )
      relationships.unshift({ from: DOCUMENT_REF, type: "DESCRIBES", to: rootId });
    relationships.push(...plain);
    const all = [...relationships, ...els.contains].filter((x) => {
      const ok = (ref: string, target: boolean) =>
        ids.has(ref) ||
        ref === DOCUMENT_REF ||
        ref.startsWith("DocumentRef-") ||
        (target && (ref === "NONE" || ref === "NOASSERTION"));
      if (ok(x.from, false) && ok(x.to, true)) return true;
      this.warnings.push(
        `${r.file ?? "input"}: relationship ${x.from} ${x.type} ${x.to} names an unknown element; dropped`,
      );
      return false;
    });

    const creators: Actor[] = [];
    const tools = metadata.tools;
    if (Array.isArray(tools)) {
      tools.forEach((t, i) => {
        const to = r.object(t, `/metadata/tools/${i}`);
        const name = r.str(to, "name", `/metadata/tools/${i}`) ?? "";
        const version = r.str(to, "version", `/metadata/tools/${i}`);
        creators.push(version ? { kind: "Tool", name, version } : { kind: "Tool", name });
      });
    } else if (tools !== undefined) {
      const to = r.object(tools, "/metadata/tools");
      for (const key of ["components", "services"]) {
        (r.arr(to, key, "/metadata/tools") ?? []).forEach((t, i) => {
          const p = `/metadata/tools/${key}/${i}`;
          const c = r.object(t, p);
          const name = r.str(c, "name", p) ?? "";
          const version = r.str(c, "version", p);
          creators.push(version ? { kind: "Tool", name, version } : { kind: "Tool", name });
        });
      }
    }
    (r.arr(metadata, "authors", "/metadata") ?? []).forEach((a, i) => {
      const c = this.contactActor(r.object(a, `/metadata/authors/${i}`), `/metadata/authors/${i}`, "Person");
      creators.push(c);
    });
    const mf = r.obj(metadata, "manufacturer", "/metadata");
    if (mf) creators.push(this.contactActor(mf, "/metadata/manufacturer", "Organization"));
    for (const v of ours(P.creator)) {
      const a = actorFromProperty(v);
      if (!a) continue;
      const i = creators.findIndex((c) => c.kind === a.kind && c.name === a.name && !c.email);
      if (i >= 0 && a.kind === "Person") creators[i] = a;
      else creators.push(a);
    }

    const unknowns: Unknown[] = [];
    for (const v of ours(P.unknown)) {
      try {
        unknowns.push(JSON.parse(v) as Unknown);
      } catch {
        this.warnings.push(`${r.file ?? "input"}: ${P.unknown} property is not valid JSON (ignored)`);
      }
    }
    const rootName = mc && typeof mc.name === "string" ? mc.name : "";
    const bomExtras = extraMembers(bom, BOM_KEYS) ?? {};
    const metaExtras = extraMembers(metadata, METADATA_KEYS);
    if (metaExtras) bomExtras.metadata = metaExtras;
    return {
      name: ours(P.documentName)[0] ?? rootName,
      namespace: ours(P.documentNamespace)[0],
      created: r.str(metadata, "timestamp", "/metadata"),
      creators,
      comment: ours(P.documentComment)[0],
      licenseListVersion: ours(P.licenseListVersion)[0],
      packages: els.packages,
      files: els.files,
      relationships: all,
      unknowns,
      extractedLicenses: [...this.extracted.values()],
      properties: docProps.filter((p) => !p.name.startsWith(P.prefix) && p.name !== P.unknown),
      serialNumber: r.str(bom, "serialNumber", ""),
      extras: Object.keys(bomExtras).length > 0 ? { cyclonedx: bomExtras } : undefined,
    };
  }
}

/** Reads an actor property: SPDX agent text, or JSON for actors the agent syntax cannot hold. */
function actorFromProperty(value: string): Actor | undefined {
  if (!value.startsWith("{")) return parseActor(value);
  try {
    const a = JSON.parse(value) as Actor;
    return typeof a.kind === "string" && typeof a.name === "string" ? a : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Decodes a parsed CycloneDX 1.4-1.7 JSON value into the model.
 * @example fromCycloneDxObject(JSON.parse(text), { file: "bom.json" }).document.packages
 */
export function fromCycloneDxObject(value: unknown, options: CycloneDxDecodeOptions = {}): DecodeResult {
  const d = new CdxDecoder(options.file);
  d.lenient = options.lenient ?? false;
  const document = d.document(value);
  return { document, warnings: d.warnings };
}

/**
 * Decodes CycloneDX JSON text.
 * @example decodeCycloneDxJson(text, { file: "bom.cdx.json" }).document
 */
export function decodeCycloneDxJson(text: string, options: CycloneDxDecodeOptions = {}): DecodeResult {
  return fromCycloneDxObject(parseJson(text, options.file), options);
}
