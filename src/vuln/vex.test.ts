import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testdata } from "./test-helpers/index.js";
import { decidingStatement, parseVex, suppresses, type VexSubject } from "./vex.js";

const read = (name: string) => parseVex(readFileSync(join(testdata, "vex", name), "utf8"), name);
const subject = (purl: string, extra: Partial<VexSubject> = {}): VexSubject => ({
  purl,
  cpes: [],
  roots: [],
  ...extra,
});

describe("VEX input", () => {
  it("reads OpenVEX v0.2.0", () => {
    const st = read("openvex.json");
    expect(st).toHaveLength(5);
    expect(st[0]).toMatchObject({
      format: "openvex",
      vulnerability: "CVE-2021-33203",
      aliases: ["GHSA-68w8-qjq3-2gfm"],
      status: "not_affected",
      justification: "vulnerable_code_not_in_execute_path",
      timestamp: "2024-06-01T00:00:00Z",
      products: [{ product: { purl: "pkg:pypi/django@3.2.0" }, subcomponents: [] }],
    });
    expect(st[4]!.impact).toBe("The application never follows redirects with proxies.");
  });

  it("reads the older OpenVEX string forms", () => {
    expect(read("openvex-0.0.1.json")[0]).toMatchObject({
      vulnerability: "CVE-2021-42343",
      status: "not_affected",
      products: [{ product: { purl: "pkg:pypi/distributed@2021.9.1" }, subcomponents: [] }],
    });
  });

  it("reads CycloneDX VEX: states mapped, bom-refs and BOM-Links resolved, no analysis skipped", () => {
    const st = read("cyclonedx-vex.json");
    expect(st.map((s) => [s.vulnerability, s.status, s.state])).toEqual([
      ["CVE-2019-10906", "not_affected", "false_positive"],
      ["CVE-2020-28493", "fixed", "resolved"],
      ["CVE-2099-2", "affected", "exploitable"],
    ]);
    expect(st[0]!.aliases).toEqual(["GHSA-462w-v97r-4m45"]);
    expect(st[0]!.products).toEqual([
      { product: { ref: "jinja", purl: "pkg:pypi/jinja2@2.10" }, subcomponents: [] },
    ]);
    expect(st[1]!.products).toEqual([
      { product: { ref: "pkg:pypi/jinja2@2.10", purl: "pkg:pypi/jinja2@2.10" }, subcomponents: [] },
    ]);
    expect(st[2]!.products).toBeUndefined();
  });

  it.each([
    [
      '{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"vulnerability": {"name": "X"}, "status": "maybe"}]}',
      "INVALID_DOCUMENT",
      /unknown status "maybe"/,
    ],
    ['{"@context": "https://openvex.dev/ns/v0.2.0"}', "INVALID_DOCUMENT", /without "statements"/],
    [
      '{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"status": "fixed"}]}',
      "INVALID_DOCUMENT",
      /without a vulnerability/,
    ],
    ['{"spdxVersion": "SPDX-2.3"}', "UNSUPPORTED_FORMAT", /neither OpenVEX/],
    ["{", "INVALID_JSON", /./],
  ])("rejects %s", (text, code, message) => {
    expect(() => parseVex(text, "vex.json")).toThrow(
      expect.objectContaining({ code, message: expect.stringMatching(message) }),
    );
  });
});

describe("which statement decides", () => {
  const open = read("openvex.json");
  it("matches by any id or alias and by purl (PyPI names and versions normalised)", () => {
    const ids = new Set(["PYSEC-2021-98", "CVE-2021-33203", "GHSA-68w8-qjq3-2gfm"]);
    expect(decidingStatement(open, ids, subject("pkg:pypi/Django@3.2"))?.status).toBe("not_affected");
    expect(decidingStatement(open, ids, subject("pkg:pypi/django@3.2.1"))).toBeUndefined();
    expect(
      decidingStatement(open, new Set(["PYSEC-2021-98"]), subject("pkg:pypi/django@3.2.0")),
    ).toBeUndefined();
  });

  it("a product without version covers every version", () => {
    expect(decidingStatement(open, new Set(["PYSEC-2021-109"]), subject("pkg:pypi/django@4.0"))?.status).toBe(
      "affected",
    );
  });

  it("the latest statement wins; subcomponents name the component", () => {
    const st = decidingStatement(open, new Set(["CVE-2023-45803"]), subject("pkg:pypi/urllib3@1.26.17"));
    expect(st?.status).toBe("fixed");
    expect(suppresses(st!.status)).toBe(true);
  });

  it("a statement about the whole product applies to its components when the SBOM describes it", () => {
    const ids = new Set(["CVE-2023-32681"]);
    expect(decidingStatement(open, ids, subject("pkg:pypi/requests@2.25.0"))).toBeUndefined();
    const roots = [{ purl: "pkg:pypi/example-app@1.0" }];
    expect(decidingStatement(open, ids, subject("pkg:pypi/requests@2.25.0", { roots }))?.status).toBe(
      "not_affected",
    );
  });

  it("CycloneDX refs match bom-refs or purls; CPE products match CPython", () => {
    const cdx = read("cyclonedx-vex.json");
    expect(
      decidingStatement(cdx, new Set(["CVE-2019-10906"]), subject("pkg:pypi/other@1", { bomRef: "jinja" }))
        ?.state,
    ).toBe("false_positive");
    expect(decidingStatement(cdx, new Set(["CVE-2020-28493"]), subject("pkg:pypi/jinja2@2.10"))?.status).toBe(
      "fixed",
    );
    const cpe = parseVex(
      JSON.stringify({
        "@context": "https://openvex.dev/ns/v0.2.0",
        statements: [
          {
            vulnerability: { name: "PSF-2023-9" },
            products: [{ identifiers: { cpe23: "cpe:2.3:a:python:python:3.13.0a5:*:*:*:*:*:*:*" } }],
            status: "not_affected",
            justification: "vulnerable_code_not_present",
          },
        ],
      }),
      "cpe.json",
    );
    const python = { cpes: ["cpe:2.3:a:python:python:3.13.0a5:*:*:*:*:*:*:*"], roots: [] };
    expect(decidingStatement(cpe, new Set(["PSF-2023-9"]), python)?.status).toBe("not_affected");
    expect(
      decidingStatement(cpe, new Set(["PSF-2023-9"]), {
        cpes: ["cpe:2.3:a:python:python:3.12.0:*:*:*:*:*:*:*"],
        roots: [],
      }),
    ).toBeUndefined();
  });
});
