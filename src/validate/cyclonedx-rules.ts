// Layer 2 for CycloneDX 1.4-1.7 JSON: the rules the schema cannot express — bom-refs unique in the whole
// BOM, dependencies and compositions referring to components or services that exist, purl and CPE syntax,
// license expressions against the SPDX License List, hash lengths per algorithm.
import { isValidCpe } from "../core/cpe.js";
import { isDeprecatedLicenseId } from "../core/license/index.js";
import {
  arrayOf,
  CDX_DIGEST_HEX,
  checkLicenseExpression,
  digestProblem,
  isCpe22,
  isObject,
  type LicenseCheck,
  purlProblem,
  stringOf,
} from "./checks.js";
import { escapeToken } from "./json-positions.js";
import { finding } from "./rules.js";
import type { ValidationFinding } from "./types.js";

type Obj = Record<string, unknown>;

/** A component or service of a BOM with its pointer. */
export interface CdxElement {
  readonly obj: Obj;
  readonly pointer: string;
  readonly kind: "component" | "service";
  /** Pointer of the component it is nested in, if any. */
  readonly parent?: string | undefined;
}

/**
 * Every component (metadata.component, components, nested components) and service (nested too) of a BOM,
 * found iteratively.
 */
export function cdxElements(bom: Obj): CdxElement[] {
  const out: CdxElement[] = [];
  const stack: { list: unknown; pointer: string; kind: "component" | "service"; parent?: string }[] = [];
  const meta = isObject(bom.metadata) ? bom.metadata : undefined;
  // Pushed in reverse so that the output is in document order.
  stack.push({ list: bom.services, pointer: "/services", kind: "service" });
  stack.push({ list: bom.components, pointer: "/components", kind: "component" });
  if (meta && isObject(meta.component)) {
    out.push({ obj: meta.component, pointer: "/metadata/component", kind: "component" });
    stack.push({
      list: meta.component.components,
      pointer: "/metadata/component/components",
      kind: "component",
      parent: "/metadata/component",
    });
  }
  while (stack.length > 0) {
    const { list, pointer, kind, parent } = stack.pop()!;
    const items = arrayOf(list);
    const nested: typeof stack = [];
    items.forEach((item, i) => {
      if (!isObject(item)) return;
      const at = `${pointer}/${i}`;
      out.push({ obj: item, pointer: at, kind, parent });
      if (kind === "component") {
        nested.push({ list: item.components, pointer: `${at}/components`, kind: "component", parent: at });
      } else nested.push({ list: item.services, pointer: `${at}/services`, kind: "service", parent: at });
    });
    for (let j = nested.length - 1; j >= 0; j--) stack.push(nested[j]!);
  }
  // Breadth by level: siblings come before their children (findings are sorted by position later).
  return out;
}

/** Display name of a component: its name (and group). */
export function cdxName(obj: Obj): string | undefined {
  const name = stringOf(obj.name);
  const group = stringOf(obj.group);
  return name === undefined ? stringOf(obj["bom-ref"]) : group ? `${group}/${name}` : name;
}

class CdxChecker {
  readonly out: ValidationFinding[] = [];
  readonly bom: Obj;
  readonly elements: CdxElement[];
  readonly allRefs = new Map<string, string>();
  readonly elementRefs = new Set<string>();
  readonly licenseCache = new Map<string, LicenseCheck>();

  constructor(bom: Obj) {
    this.bom = bom;
    this.elements = cdxElements(bom);
  }

  add(code: string, path: string, message: string, component?: string): void {
    this.out.push(finding(code, path, message, { component }));
  }

  run(): ValidationFinding[] {
    this.bomRefs();
    this.dependencies();
    this.compositions();
    for (const el of this.elements) if (el.kind === "component") this.component(el);
    this.toolHashes();
    return this.out;
  }

  /** Every "bom-ref" anywhere in the BOM must be unique (refType, CycloneDX 1.5+; components in 1.4). */
  bomRefs(): void {
    // Pointers are built only for the objects that have a bom-ref, from parent links.
    interface Node {
      readonly v: unknown;
      readonly parent: Node | undefined;
      readonly key: string;
    }
    const pointerOf = (n: Node): string => {
      const tokens: string[] = [];
      for (let x: Node | undefined = n; x?.parent; x = x.parent) tokens.push(escapeToken(x.key));
      return tokens.length === 0 ? "" : `/${tokens.reverse().join("/")}`;
    };
    const stack: Node[] = [{ v: this.bom, parent: undefined, key: "" }];
    const found: [string, string, Obj][] = [];
    while (stack.length > 0) {
      const node = stack.pop()!;
      const v = node.v;
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) {
          const child = v[i];
          if (child !== null && typeof child === "object")
            stack.push({ v: child, parent: node, key: String(i) });
        }
      } else if (isObject(v)) {
        if (typeof v["bom-ref"] === "string") found.push([v["bom-ref"], `${pointerOf(node)}/bom-ref`, v]);
        const keys = Object.keys(v);
        for (let k = keys.length - 1; k >= 0; k--) {
          const key = keys[k]!;
          const child = v[key];
          if (child !== null && typeof child === "object") stack.push({ v: child, parent: node, key });
        }
      }
    }
    for (const [ref, at, obj] of found) {
      const first = this.allRefs.get(ref);
      if (first !== undefined)
        this.add(
          "cdx/duplicate-bom-ref",
          at,
          `bom-ref ${JSON.stringify(ref)} is also the bom-ref at ${first.slice(0, -"/bom-ref".length)}`,
          cdxName(obj),
        );
      else this.allRefs.set(ref, at);
    }
    for (const el of this.elements) {
      const ref = stringOf(el.obj["bom-ref"]);
      if (ref !== undefined) this.elementRefs.add(ref);
    }
  }

  dependencies(): void {
    const seen = new Map<string, number>();
    arrayOf(this.bom.dependencies).forEach((d, i) => {
      if (!isObject(d)) return;
      const ref = stringOf(d.ref);
      if (ref !== undefined) {
        if (!this.elementRefs.has(ref))
          this.add(
            "cdx/dangling-ref",
            `/dependencies/${i}/ref`,
            `dependency entry for ${JSON.stringify(ref)}, which no component or service has as bom-ref`,
          );
        const first = seen.get(ref);
        if (first !== undefined)
          this.add(
            "cdx/duplicate-dependency",
            `/dependencies/${i}/ref`,
            `${JSON.stringify(ref)} already has a dependency entry at /dependencies/${first}`,
          );
        else seen.set(ref, i);
      }
      for (const key of ["dependsOn", "provides"]) {
        arrayOf(d[key]).forEach((to, j) => {
          if (typeof to === "string" && !this.elementRefs.has(to))
            this.add(
              "cdx/dangling-ref",
              `/dependencies/${i}/${key}/${j}`,
              `${key} names ${JSON.stringify(to)}, which no component or service has as bom-ref`,
            );
        });
      }
    });
  }

  compositions(): void {
    arrayOf(this.bom.compositions).forEach((c, i) => {
      if (!isObject(c)) return;
      for (const key of ["assemblies", "dependencies", "vulnerabilities"]) {
        arrayOf(c[key]).forEach((ref, j) => {
          // BOM-Links (urn:cdx:…) point into other BOMs and cannot be checked here.
          if (typeof ref === "string" && !ref.startsWith("urn:cdx:") && !this.allRefs.has(ref))
            this.add(
              "cdx/dangling-ref",
              `/compositions/${i}/${key}/${j}`,
              `composition names ${JSON.stringify(ref)}, which nothing in the BOM has as bom-ref`,
            );
        });
      }
    });
  }

  component(el: CdxElement): void {
    const c = el.obj;
    const name = cdxName(c);
    const purl = stringOf(c.purl);
    if (purl !== undefined) {
      const problem = purlProblem(purl);
      if (problem) this.add("cdx/invalid-purl", `${el.pointer}/purl`, problem, name);
    }
    const cpe = stringOf(c.cpe);
    if (cpe !== undefined && !isValidCpe(cpe) && !isCpe22(cpe))
      this.add(
        "cdx/invalid-cpe",
        `${el.pointer}/cpe`,
        `${JSON.stringify(cpe)} is neither a CPE 2.3 formatted string nor a CPE 2.2 URI`,
        name,
      );
    arrayOf(c.licenses).forEach((l, i) => {
      if (!isObject(l)) return;
      const at = `${el.pointer}/licenses/${i}`;
      if (typeof l.expression === "string") this.expression(l.expression, `${at}/expression`, name);
      // The list's "+" ids (GPL-2.0+, LGPL-2.1+…) are all deprecated in favour of "-or-later".
      const id = isObject(l.license) ? stringOf(l.license.id) : undefined;
      if (id !== undefined && (isDeprecatedLicenseId(id) || id.endsWith("+")))
        this.add(
          "cdx/deprecated-license-id",
          `${at}/license/id`,
          `${id} is a deprecated SPDX license identifier`,
          name,
        );
    });
    this.hashes(c.hashes, `${el.pointer}/hashes`, name);
    arrayOf(c.externalReferences).forEach((r, i) => {
      if (isObject(r)) this.hashes(r.hashes, `${el.pointer}/externalReferences/${i}/hashes`, name);
    });
  }

  toolHashes(): void {
    const meta = this.bom.metadata;
    if (!isObject(meta)) return;
    const tools = meta.tools;
    const list = Array.isArray(tools)
      ? tools.map((t, i) => [t, `/metadata/tools/${i}`] as const)
      : isObject(tools)
        ? arrayOf(tools.components).map((t, i) => [t, `/metadata/tools/components/${i}`] as const)
        : [];
    for (const [t, at] of list) if (isObject(t)) this.hashes(t.hashes, `${at}/hashes`, stringOf(t.name));
  }

  hashes(list: unknown, at: string, component: string | undefined): void {
    arrayOf(list).forEach((h, i) => {
      if (!isObject(h)) return;
      const alg = stringOf(h.alg);
      const content = stringOf(h.content);
      if (alg === undefined || content === undefined) return;
      const problem = digestProblem(alg, content, CDX_DIGEST_HEX);
      if (problem) this.add("cdx/invalid-hash", `${at}/${i}/content`, `${alg} hash ${problem}`, component);
    });
  }

  expression(value: string, at: string, component: string | undefined): void {
    let check = this.licenseCache.get(value);
    if (!check) {
      check = checkLicenseExpression(value);
      this.licenseCache.set(value, check);
    }
    if (check.problem) {
      this.add(
        check.problem.kind === "unknown-id" ? "cdx/unknown-license-id" : "cdx/invalid-license-expression",
        at,
        check.problem.message,
        component,
      );
      return;
    }
    for (const id of check.deprecated)
      this.add("cdx/deprecated-license-id", at, `${id} is a deprecated SPDX license identifier`, component);
  }
}

/**
 * The layer-2 findings of a CycloneDX BOM (parsed JSON).
 * @example cyclonedxSemanticFindings(JSON.parse(text))
 */
export function cyclonedxSemanticFindings(bom: Obj): ValidationFinding[] {
  return new CdxChecker(bom).run();
}
