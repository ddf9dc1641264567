// Layer 3: conformance profiles over the document view. Each rule cites its data field (see rules.ts for
// the sources). Policy on unknowns (NTIA §IV "Known Unknowns"): an SPDX supplier of NOASSERTION states
// that the supplier is not known — a warning (`…/unknown-supplier`), while an absent supplier field is an
// error; CycloneDX cannot state "unknown", so a component without supplier, manufacturer or authors is
// the same known unknown: a warning. This differs from spdx/ntia-conformance-checker, which counts
// NOASSERTION as missing.
import { finding } from "./rules.js";
import type { ProfileName, ValidationFinding } from "./types.js";
import type { ComponentView, DocumentView } from "./view.js";

function what(view: DocumentView, c: ComponentView): string {
  const kind = view.format === "spdx" ? "package" : "component";
  return c.name === undefined ? kind : `${kind} ${JSON.stringify(c.name)}`;
}

/** NTIA "The Minimum Elements For a Software Bill of Materials" (2021), §IV Data Fields. */
export function ntiaFindings(view: DocumentView): ValidationFinding[] {
  const out: ValidationFinding[] = [];
  const add = (code: string, path: string, message: string, component?: string) =>
    out.push(finding(code, path, message, { component }));
  // Author of SBOM Data: any creator, a tool included (NTIA: "the source of the metadata, which could come
  // from … some third-party analysis tool").
  if (!view.anyAuthor)
    add(
      "ntia/missing-author",
      view.metaPointer,
      view.format === "spdx"
        ? "no creationInfo.creators: the document does not say who created the SBOM data"
        : "no metadata.authors, metadata.tools, manufacturer or supplier: the BOM does not say who created it",
    );
  if (!view.timestamp)
    add(
      "ntia/missing-timestamp",
      view.metaPointer,
      view.format === "spdx" ? "no creationInfo.created timestamp" : "no metadata.timestamp",
    );
  if (!view.dependencyRelationship)
    add(
      "ntia/missing-dependency-relationship",
      view.relationsPointer,
      view.format === "spdx"
        ? "no DESCRIBES relationship (or documentDescribes) naming a package: no primary component to relate the others to"
        : "no dependencies and no nested components: the BOM states no relationship between components",
    );
  for (const c of view.components) {
    const w = what(view, c);
    if (!c.hasName) add("ntia/missing-name", c.pointer, `${w} has no name`, c.name);
    if (c.version === "missing") add("ntia/missing-version", c.pointer, `${w} has no version`, c.name);
    else if (c.version === "unknown")
      add("ntia/unknown-version", c.versionPointer ?? c.pointer, `${w} has version NOASSERTION`, c.name);
    if (c.supplier === "missing")
      add("ntia/missing-supplier", c.pointer, `${w} has no supplier field`, c.name);
    else if (c.supplier === "unknown")
      add(
        "ntia/unknown-supplier",
        c.supplierPointer ?? c.pointer,
        view.format === "spdx"
          ? `${w} has supplier NOASSERTION (a known unknown)`
          : `${w} has no supplier, manufacturer or authors (CycloneDX cannot state an unknown supplier)`,
        c.name,
      );
    if (!c.localId && c.globalIds === 0)
      add("ntia/missing-identifier", c.pointer, `${w} has no identifier at all`, c.name);
    else if (c.globalIds === 0)
      add("ntia/no-global-identifier", c.pointer, `${w} has no purl, CPE or SWID`, c.name);
    if (!c.related)
      add(
        "ntia/unrelated-component",
        c.pointer,
        view.format === "spdx"
          ? `${w} takes part in no relationship`
          : `${w} is in no dependency entry and not nested in another component`,
        c.name,
      );
  }
  return out;
}

/** CISA "2025 Minimum Elements for a Software Bill of Materials" (public comment draft, 2025-08). */
export function cisa2025Findings(view: DocumentView): ValidationFinding[] {
  const out: ValidationFinding[] = [];
  const add = (code: string, path: string, message: string, component?: string) =>
    out.push(finding(code, path, message, { component }));
  if (!view.entityAuthor)
    add(
      "cisa-2025/missing-author",
      view.metaPointer,
      view.format === "spdx"
        ? 'no "Person: …" or "Organization: …" creator (a tool is not the SBOM author)'
        : "no metadata.authors, manufacturer or supplier (a tool is not the SBOM author)",
    );
  if (!view.tool)
    add(
      "cisa-2025/missing-tool-name",
      view.metaPointer,
      view.format === "spdx" ? 'no "Tool: …" creator' : "no metadata.tools",
    );
  if (!view.timestamp) add("cisa-2025/missing-timestamp", view.metaPointer, "no creation timestamp");
  if (!view.generationContext)
    add(
      "cisa-2025/missing-generation-context",
      view.metaPointer,
      view.format === "spdx"
        ? "no creator or document comment names the lifecycle phase (before build, build, after build)"
        : "no metadata.lifecycles",
    );
  if (!view.dependencyRelationship)
    add(
      "cisa-2025/missing-dependency-relationship",
      view.relationsPointer,
      "no relationship between the document's components",
    );
  for (const c of view.components) {
    const w = what(view, c);
    if (!c.hasName) add("cisa-2025/missing-name", c.pointer, `${w} has no name`, c.name);
    if (c.version !== "present")
      add(
        "cisa-2025/missing-version",
        c.versionPointer ?? c.pointer,
        c.version === "unknown" ? `${w} has version NOASSERTION` : `${w} has no version`,
        c.name,
      );
    if (c.supplier === "missing")
      add("cisa-2025/missing-producer", c.pointer, `${w} has no supplier field`, c.name);
    else if (c.supplier === "unknown")
      add("cisa-2025/unknown-producer", c.supplierPointer ?? c.pointer, `${w} has no known producer`, c.name);
    if (c.globalIds === 0)
      add("cisa-2025/missing-identifier", c.pointer, `${w} has no purl, CPE or SWID`, c.name);
    if (c.hashes.length === 0) add("cisa-2025/missing-hash", c.pointer, `${w} has no hash`, c.name);
    if (c.license === "missing") add("cisa-2025/missing-license", c.pointer, `${w} has no license`, c.name);
    else if (c.license === "unknown")
      add("cisa-2025/unknown-license", c.licensePointer ?? c.pointer, `${w} has license NOASSERTION`, c.name);
  }
  return out;
}

const BSI_PROPERTIES: readonly [string, string, readonly string[]][] = [
  ["executable", "bsi/missing-executable-property", ["executable", "non-executable"]],
  ["archive", "bsi/missing-archive-property", ["archive", "no archive"]],
  ["structured", "bsi/missing-structured-property", ["structured", "unstructured"]],
];

/** BSI TR-03183-2 v2.1.0, §4 formats, §5.2.1 SBOM fields, §5.2.2 component fields, §3.1 no vulnerabilities. */
export function bsiFindings(view: DocumentView): ValidationFinding[] {
  const out: ValidationFinding[] = [];
  const add = (code: string, path: string, message: string, component?: string) =>
    out.push(finding(code, path, message, { component }));
  const spdx = view.format === "spdx";
  if (spdx)
    add(
      "bsi/unsupported-format",
      "/spdxVersion",
      `${view.specVersion} is not accepted (TR-03183-2 v2.1.0 requires SPDX 3.0.1 or later); the executable, archive, structured and completeness properties SPDX 2 cannot express are not checked`,
    );
  else if (["1.4", "1.5"].includes(view.specVersion))
    add(
      "bsi/unsupported-format",
      "/specVersion",
      `CycloneDX ${view.specVersion} is not accepted (TR-03183-2 v2.1.0 requires 1.6 or later)`,
    );
  if (!view.creatorContact)
    add(
      "bsi/missing-creator-contact",
      view.metaPointer,
      spdx
        ? "no Person or Organization creator with an e-mail address"
        : "no e-mail address or URL for the SBOM's creator (metadata.manufacturer, supplier or authors)",
    );
  if (!view.timestamp) add("bsi/missing-timestamp", view.metaPointer, "no creation timestamp");
  if (!view.sbomUri)
    add("bsi/missing-sbom-uri", "", spdx ? "no documentNamespace" : "no serialNumber identifies the BOM");
  if (view.dependencyCompleteness === false)
    add(
      "bsi/missing-dependency-completeness",
      view.relationsPointer,
      "no compositions entry states whether the dependencies are complete",
    );
  if (view.vulnerabilities > 0)
    add(
      "bsi/contains-vulnerabilities",
      "/vulnerabilities",
      `the BOM lists ${view.vulnerabilities} vulnerabilities`,
    );
  for (const c of view.components) {
    const w = what(view, c);
    if (!c.creatorContact)
      add(
        "bsi/missing-component-creator",
        c.pointer,
        `${w} gives no e-mail address or URL for its creator`,
        c.name,
      );
    if (!c.hasName) add("bsi/missing-name", c.pointer, `${w} has no name`, c.name);
    if (c.version !== "present")
      add("bsi/missing-version", c.versionPointer ?? c.pointer, `${w} has no version`, c.name);
    if (!c.fileName)
      add(
        "bsi/missing-filename",
        c.pointer,
        spdx ? `${w} has no packageFileName` : `${w} has no "bsi:component:filename" property`,
        c.name,
      );
    if (c.concludedLicense !== "present")
      add(
        "bsi/missing-distribution-licence",
        c.concludedPointer ?? c.pointer,
        `${w} has no concluded licence`,
        c.name,
      );
    if (!c.sha512Deployable) add("bsi/missing-sha512", c.pointer, `${w} has no SHA-512 hash`, c.name);
    if (!spdx) {
      for (const [prop, code, allowed] of BSI_PROPERTIES) {
        const v = c.bsiProperties[prop];
        if (v === undefined || !allowed.includes(v))
          add(
            code,
            c.pointer,
            v === undefined
              ? `${w} has no "bsi:component:${prop}" property`
              : `${w} has "bsi:component:${prop}" = ${JSON.stringify(v)}; expected ${allowed.map((a) => JSON.stringify(a)).join(" or ")}`,
            c.name,
          );
      }
      if (!c.sourceUri) add("bsi/missing-source-uri", c.pointer, `${w} has no source code URI`, c.name);
    }
    if (!c.deployableUri)
      add("bsi/missing-deployable-uri", c.pointer, `${w} has no URI of its deployable form`, c.name);
    if (c.globalIds === 0) add("bsi/missing-identifier", c.pointer, `${w} has no purl, CPE or SWID`, c.name);
    if (c.declaredLicense !== "present")
      add(
        "bsi/missing-original-licence",
        c.declaredPointer ?? c.pointer,
        `${w} has no declared licence`,
        c.name,
      );
  }
  return out;
}

/** The findings of one profile. */
export function profileFindings(profile: ProfileName, view: DocumentView): ValidationFinding[] {
  switch (profile) {
    case "ntia":
      return ntiaFindings(view);
    case "cisa-2025":
      return cisa2025Findings(view);
    case "bsi-tr-03183-2":
      return bsiFindings(view);
  }
}
