// What `pysbom cpython update` would change, for people: per package the fields that change, per vendored
// file whether it is added, removed or re-hashed (old and new hash), and whether only the formatting differs.
// This is the readable form of CPython's CI drift check (`make regen-sbom` then `git diff`).
import { compareCodePoints, dumpPyJson, isPyObject, type PyJson, type PyObject } from "./pyjson.js";
import type { RegeneratedFile } from "./source-sbom.js";

interface FileFacts {
  readonly id: string;
  readonly sha1?: string | undefined;
  readonly sha256?: string | undefined;
  owner?: string | undefined;
}

function str(v: PyJson | undefined): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function compact(v: PyJson | undefined): string {
  if (v === undefined) return "(absent)";
  return dumpPyJson(v)
    .replace(/\n\s*/g, " ")
    .replace(/\[ /g, "[")
    .replace(/ \]/g, "]")
    .replace(/\{ /g, "{")
    .replace(/ \}/g, "}");
}

function packagesByName(doc: PyObject): Map<string, PyObject> {
  const out = new Map<string, PyObject>();
  for (const p of Array.isArray(doc.packages) ? doc.packages : [])
    if (isPyObject(p)) out.set(str(p.name) ?? compact(p.name), p);
  return out;
}

function filesByName(doc: PyObject): Map<string, FileFacts> {
  const owners = new Map<string, string>();
  const pkgNames = new Map<string, string>();
  for (const p of Array.isArray(doc.packages) ? doc.packages : [])
    if (isPyObject(p) && typeof p.SPDXID === "string") pkgNames.set(p.SPDXID, str(p.name) ?? p.SPDXID);
  const rels = Array.isArray(doc.relationships) ? doc.relationships : [];
  const out = new Map<string, FileFacts>();
  const byId = new Map<string, FileFacts[]>();
  for (const f of Array.isArray(doc.files) ? doc.files : []) {
    if (!isPyObject(f)) continue;
    const name = str(f.fileName);
    const id = str(f.SPDXID);
    if (name === undefined || id === undefined) continue;
    const sums = Array.isArray(f.checksums) ? f.checksums.filter(isPyObject) : [];
    const sum = (alg: string): string | undefined =>
      str(sums.find((c) => c.algorithm === alg)?.checksumValue);
    const facts: FileFacts = { id, sha1: sum("SHA1"), sha256: sum("SHA256") };
    out.set(name, facts);
    byId.set(id, [...(byId.get(id) ?? []), facts]);
  }
  // CONTAINS relationships come in file order, so the k-th one to an id belongs to the k-th file with it.
  const used = new Map<string, number>();
  for (const r of rels) {
    if (!isPyObject(r) || r.relationshipType !== "CONTAINS") continue;
    const to = str(r.relatedSpdxElement);
    const from = str(r.spdxElementId);
    if (to === undefined || from === undefined) continue;
    const list = byId.get(to);
    if (!list) continue;
    const k = used.get(to) ?? 0;
    used.set(to, k + 1);
    const target = list[Math.min(k, list.length - 1)]!;
    target.owner = pkgNames.get(from) ?? from;
    owners.set(to, from);
  }
  return out;
}

/**
 * Lines describing how `file` would change, empty when it would not.
 * @example describeDrift(result.sbom) // ["expat: + Modules/expat/café.h (SHA256 f4f3…)", …]
 */
export function describeDrift(file: RegeneratedFile): string[] {
  if (!file.changed) return [];
  const lines: string[] = [];
  const oldPkgs = packagesByName(file.old);
  const newPkgs = packagesByName(file.data);
  const names = [...new Set([...oldPkgs.keys(), ...newPkgs.keys()])].sort(compareCodePoints);
  for (const name of names) {
    const a = oldPkgs.get(name);
    const b = newPkgs.get(name);
    if (!a) {
      lines.push(`package ${name}: added`);
      continue;
    }
    if (!b) {
      lines.push(`package ${name}: removed`);
      continue;
    }
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareCodePoints);
    for (const k of keys) {
      const x = a[k];
      const y = b[k];
      if (x !== undefined && y !== undefined && dumpPyJson(x) === dumpPyJson(y)) continue;
      lines.push(`package ${name}: ${k}: ${compact(x)} → ${compact(y)}`);
    }
  }

  const oldFiles = filesByName(file.old);
  const newFiles = filesByName(file.data);
  const paths = [...new Set([...oldFiles.keys(), ...newFiles.keys()])].sort(compareCodePoints);
  for (const path of paths) {
    const a = oldFiles.get(path);
    const b = newFiles.get(path);
    if (!a && b) {
      lines.push(`${b.owner ?? "?"}: + ${path} (SHA1 ${b.sha1 ?? "-"}, SHA256 ${b.sha256 ?? "-"})`);
      continue;
    }
    if (a && !b) {
      lines.push(`${a.owner ?? "(no package)"}: - ${path} (no longer a vendored file)`);
      continue;
    }
    if (!a || !b) continue;
    const owner = b.owner ?? a.owner ?? "?";
    if (a.sha256 !== b.sha256 || a.sha1 !== b.sha1)
      lines.push(
        `${owner}: ~ ${path}: ${a.sha256 !== b.sha256 ? `SHA256 ${a.sha256 ?? "-"} → ${b.sha256 ?? "-"}` : `SHA1 ${a.sha1 ?? "-"} → ${b.sha1 ?? "-"}`}`,
      );
    if (a.owner !== b.owner) lines.push(`${path}: package ${a.owner ?? "(none)"} → ${b.owner ?? "(none)"}`);
    if (a.id !== b.id) lines.push(`${owner}: ${path}: SPDXID ${a.id} → ${b.id}`);
  }

  const others = [...new Set([...Object.keys(file.old), ...Object.keys(file.data)])]
    .filter((k) => k !== "packages" && k !== "files")
    .sort(compareCodePoints);
  for (const k of others) {
    const x = file.old[k];
    const y = file.data[k];
    if (x !== undefined && y !== undefined && dumpPyJson(x) === dumpPyJson(y)) continue;
    if (k === "relationships") {
      const n = (v: PyJson | undefined): number => (Array.isArray(v) ? v.length : 0);
      if (lines.length === 0 || n(x) !== n(y))
        lines.push(`relationships: ${n(x)} → ${n(y)} (one CONTAINS per vendored file)`);
      continue;
    }
    lines.push(`${k}: ${compact(x)} → ${compact(y)}`);
  }
  if (lines.length === 0)
    lines.push(
      "formatting only: not in CPython's serialisation (sorted keys, 2-space indent, no final newline)",
    );
  return lines;
}
