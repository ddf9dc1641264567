// Code a distribution carries inside itself: pip's `_vendor/vendor.txt` pins, `_vendor/*.dist-info`
// (setuptools ≥ 70), and shared libraries grafted by auditwheel / delvewheel (`<pkg>.libs/`) or delocate
// (`.dylibs/`). Found through the distribution's RECORD, so only what it installed is considered.
import { type CoreMetadata, parseMetadata } from "../../core/metadata/index.js";
import { canonicalizeName, isValidName } from "../../core/names.js";
import { tryParseRequirement } from "../../core/pep508/index.js";
import type { Checksum, Unknown } from "../../model/index.js";
import type { Resolver } from "../../sources/resolver.js";
import type { InstalledDist } from "./distribution.js";

/** Something vendored or grafted into a distribution. */
export interface Vendored {
  readonly kind: "vendor.txt" | "dist-info" | "grafted";
  readonly name: string;
  readonly version?: string | undefined;
  /** Root-relative path where it was found (vendor.txt, METADATA, or the library file). */
  readonly location: string;
  readonly metadata?: CoreMetadata | undefined;
  /** For grafted libraries: the file name, its RECORD digest and the soname version. */
  readonly fileName?: string | undefined;
  readonly checksums?: readonly Checksum[] | undefined;
  readonly sonameVersion?: string | undefined;
}

const VENDOR_DIR = /^(.*\/)?_vendor(?:ed)?\//;

/**
 * Parses pip's vendor.txt: `name==version` lines (indented lines are vendored dependencies of the line
 * above, vendored as well); comments after `#`.
 * @example parseVendorTxt("requests==2.31.0\n    idna==3.4  # pinned\n") // [{ name: "requests", version: "2.31.0", line: 1 }, { name: "idna", version: "3.4", line: 2 }]
 */
export function parseVendorTxt(
  text: string,
): { name: string; version?: string; line: number; raw: string }[] {
  const out: { name: string; version?: string; line: number; raw: string }[] = [];
  text.split(/\r\n|\r|\n/).forEach((l, i) => {
    const raw = l.replace(/#.*$/, "").trim();
    if (raw === "") return;
    const req = tryParseRequirement(raw);
    const pin = req?.specifierSet.specifiers.length === 1 ? req.specifierSet.specifiers[0] : undefined;
    const version =
      pin && (pin.operator === "==" || pin.operator === "===") && !pin.version.includes("*")
        ? pin.version
        : undefined;
    if (req) out.push({ name: req.name, ...(version ? { version } : {}), line: i + 1, raw });
    else out.push({ name: raw, line: i + 1, raw });
  });
  return out;
}

/**
 * Parses a grafted library's file name: auditwheel writes `<soname stem>-<8 hex>.so.<ver>` (sometimes
 * twice hashed), delvewheel `<stem>-<hash>.dll`, delocate keeps the original name.
 * @example graftedLibrary("libgfortran-040039e1-0352e75f.so.5.0.0") // { name: "libgfortran", sonameVersion: "5.0.0" }
 */
export function graftedLibrary(fileName: string): { name: string; sonameVersion?: string } | undefined {
  const m = /^(.+?)((?:-[0-9a-f]{8,})*)\.(?:so((?:\.\d+)*)|(\d+(?:\.\d+)*)\.dylib|dylib|dll|pyd)$/i.exec(
    fileName,
  );
  if (!m?.[1]) return undefined;
  const version = (m[3] ?? "").replace(/^\./, "") || m[4];
  return { name: m[1], ...(version ? { sonameVersion: version } : {}) };
}

/**
 * Finds what `dist` vendors or has grafted, reading vendor.txt and vendored METADATA files.
 * @example await findVendored(resolver, pipDist) // [{ kind: "vendor.txt", name: "requests", version: "2.31.0", … }, …]
 */
export async function findVendored(
  resolver: Resolver,
  dist: InstalledDist,
): Promise<{ vendored: Vendored[]; unknowns: Unknown[] }> {
  const vendored: Vendored[] = [];
  const unknowns: Unknown[] = [];
  const vendorDirs = new Map<string, { modules: Set<string>; described: boolean }>();
  for (const e of dist.files?.entries ?? []) {
    const p = e.resolved;
    // Cheap filter first: a RECORD has thousands of rows and few are vendored or grafted.
    if (!p || !(p.includes("_vendor") || p.includes(".libs/") || p.includes(".dylibs/"))) continue;
    const rel = p.startsWith(`${dist.siteDir}/`)
      ? p.slice(dist.siteDir.length + 1)
      : dist.siteDir === ""
        ? p
        : undefined;
    if (rel === undefined) continue;
    const v = VENDOR_DIR.exec(rel);
    if (v) {
      const dirRel = v[0];
      const dir = dist.siteDir === "" ? dirRel.slice(0, -1) : `${dist.siteDir}/${dirRel.slice(0, -1)}`;
      const rest = rel.slice(dirRel.length);
      const info = vendorDirs.get(dir) ?? { modules: new Set<string>(), described: false };
      vendorDirs.set(dir, info);
      const first = rest.split("/")[0]!;
      if (rest === "vendor.txt") {
        info.described = true;
        let text: string | undefined;
        try {
          text = await resolver.readText(p, { maxBytes: 1 << 20 });
        } catch {
          text = undefined;
        }
        for (const item of parseVendorTxt(text ?? "")) {
          if (!item.version || !isValidName(item.name)) {
            unknowns.push({
              location: `${p}:${item.line}`,
              code: "env/vendored-unpinned",
              message: `${dist.name} vendors ${JSON.stringify(item.raw)}, which names no exact version`,
            });
            continue;
          }
          vendored.push({ kind: "vendor.txt", name: item.name, version: item.version, location: p });
        }
      } else if (/^[^/]+\.dist-info\/METADATA$/.test(rest)) {
        info.described = true;
        let bytes: Uint8Array | undefined;
        try {
          bytes = await resolver.readBytes(p, { maxBytes: 16 << 20 });
        } catch {
          bytes = undefined;
        }
        const md = bytes ? parseMetadata(bytes).metadata : undefined;
        if (md?.name && isValidName(md.name) && md.version)
          vendored.push({ kind: "dist-info", name: md.name, version: md.version, location: p, metadata: md });
        else
          unknowns.push({
            location: p,
            code: "env/broken-metadata",
            message: `${dist.name} vendors a distribution whose METADATA has no valid Name and Version`,
          });
      } else if (
        first !== "__init__.py" &&
        first !== "__pycache__" &&
        !first.endsWith(".dist-info") &&
        first !== "vendor.txt"
      )
        info.modules.add(first.replace(/\.py$/, ""));
      continue;
    }
    const lib = /^(?:[^/]+\.libs|(?:.*\/)?\.dylibs)\/([^/]+)$/.exec(rel);
    if (lib) {
      const g = graftedLibrary(lib[1]!);
      if (!g) continue;
      vendored.push({
        kind: "grafted",
        name: g.name,
        location: p,
        fileName: lib[1]!,
        sonameVersion: g.sonameVersion,
        checksums: e.hash ? [{ algorithm: e.hash.algorithm, value: e.hash.hex }] : [],
      });
    }
  }
  for (const [dir, info] of [...vendorDirs].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (info.described || info.modules.size === 0) continue;
    unknowns.push({
      location: dir,
      code: "env/vendored-unidentified",
      message: `${dist.name} vendors ${[...info.modules].sort().join(", ")} without vendor.txt or metadata; their distributions and versions are not known`,
    });
  }
  // The same pin can appear in two vendor.txt files; keep each (name, version, location) once.
  const seen = new Set<string>();
  return {
    vendored: vendored.filter((v) => {
      const k = `${canonicalizeName(v.name)}\u0000${v.version ?? ""}\u0000${v.location}\u0000${v.fileName ?? ""}`;
      return !seen.has(k) && Boolean(seen.add(k));
    }),
    unknowns,
  };
}
