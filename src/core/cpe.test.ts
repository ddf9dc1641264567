import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Cpe, cpe, formatCpe, isValidCpe, parseCpe, tryParseCpe, withCpeVersion } from "./cpe.js";
import { sharedDir } from "./test-helpers/vectors.js";

const ANY11 = ":*:*:*:*:*:*:*";

// Formatted string → unescaped values → the same formatted string. Escaping cases follow NISTIR 7695 §6.2
// (examples 1–8 of §6.2.2.3/§6.2.3.3) and the cpe23Type pattern.
const ROUND_TRIPS: { fs: string; values: Partial<Cpe> }[] = [
  {
    fs: `cpe:2.3:a:python:python:3.13.0a5${ANY11}`,
    values: { part: "a", vendor: "python", version: "3.13.0a5" },
  },
  {
    fs: "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*",
    values: { product: "internet_explorer", update: "beta", edition: "*" },
  },
  {
    fs: "cpe:2.3:a:microsoft:internet_explorer:8.\\*:sp?:*:*:*:*:*:*",
    values: { version: "8.\\*", update: "sp?" },
  },
  {
    fs: "cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*",
    values: { update: "-", swEdition: "online", targetSw: "win2003", targetHw: "x64" },
  },
  {
    fs: "cpe:2.3:a:hp:openview_network_manager:7.51:*:*:*:*:linux:*:*",
    values: { targetSw: "linux" },
  },
  {
    fs: "cpe:2.3:a:foo\\\\bar:big\\$money_2010:*:*:*:*:special:ipod_touch:80gb:*",
    values: { vendor: "foo\\\\bar", product: "big$money_2010", targetHw: "80gb" },
  },
  { fs: `cpe:2.3:a:foo:bar\\/baz:1.0${ANY11}`, values: { product: "bar/baz" } },
  {
    fs: "cpe:2.3:o:vendor:prod\\:uct:1\\:2:*:*:en-us:*:*:*:*",
    values: { part: "o", product: "prod:uct", version: "1:2", language: "en-us" },
  },
  { fs: `cpe:2.3:h:v:p:*${ANY11}`, values: { part: "h", version: "*" } },
  { fs: `cpe:2.3:*:v:p:-${ANY11}`, values: { part: "*", version: "-" } },
  { fs: `cpe:2.3:a:v:p:*1.0${ANY11}`, values: { version: "*1.0" } },
  { fs: `cpe:2.3:a:v:p:??1.0??${ANY11}`, values: { version: "??1.0??" } },
  { fs: `cpe:2.3:a:v:p:1.0\\?\\*${ANY11}`, values: { version: "1.0\\?\\*" } },
  {
    fs: "cpe:2.3:a:v:p:\\!\\\"\\#\\$\\%\\&\\'\\(\\)\\+\\,\\/\\:\\;\\<\\=\\>\\@\\[\\]\\^\\`\\{\\|\\}\\~:*:*:*:*:*:*:*",
    values: { version: "!\"#$%&'()+,/:;<=>@[]^`{|}~" },
  },
  { fs: "cpe:2.3:a:v:p:1.0:*:*:de:*:*:*:*", values: { language: "de" } },
  { fs: "cpe:2.3:a:v:p:1.0:*:*:gsw-419:*:*:*:*", values: { language: "gsw-419" } },
];

const INVALID: { fs: string; why: string }[] = [
  { fs: "cpe:/a:python:python:3.12", why: "CPE 2.2 URI binding" },
  { fs: "cpe:2.3:a:python:python:3.12", why: "too few attributes" },
  { fs: `cpe:2.3:a:python:python:3.12${ANY11}:*`, why: "too many attributes" },
  { fs: `CPE:2.3:a:python:python:3.12${ANY11}`, why: "prefix is case-sensitive" },
  { fs: `cpe:2.3:x:python:python:3.12${ANY11}`, why: "bad part" },
  { fs: `cpe:2.3:a::python:3.12${ANY11}`, why: "empty attribute" },
  { fs: `cpe:2.3:a:py thon:python:3.12${ANY11}`, why: "space" },
  { fs: `cpe:2.3:a:pyth/on:python:3.12${ANY11}`, why: "unescaped /" },
  { fs: `cpe:2.3:a:python:python:3.1*2${ANY11}`, why: "embedded wildcard" },
  { fs: `cpe:2.3:a:python:python:3.1?2${ANY11}`, why: "embedded ?" },
  { fs: `cpe:2.3:a:python:python:**${ANY11}`, why: "wildcards only" },
  { fs: `cpe:2.3:a:python:python:?${ANY11}`, why: "? only" },
  { fs: `cpe:2.3:a:python:python:*?1${ANY11}`, why: "* then ?" },
  { fs: `cpe:2.3:a:python:python:1\\.2${ANY11}`, why: "escaped . is not in the pattern" },
  { fs: `cpe:2.3:a:python:python:1\\-2${ANY11}`, why: "escaped - is not in the pattern" },
  { fs: `cpe:2.3:a:python:python:1.2:*:*:english:*:*:*:*`, why: "bad language" },
  { fs: `cpe:2.3:a:python:python:1.2:*:*:e\\n:*:*:*:*`, why: "escaped language" },
  { fs: `cpe:2.3:a:python:python:3.12:*:*:*:*:*:*:\\`, why: "dangling backslash" },
  { fs: `cpe:2.3:a:pythön:python:3.12${ANY11}`, why: "non-ASCII" },
  { fs: "", why: "empty" },
];

const FORMAT_ERRORS: { values: Partial<Cpe>; why: string }[] = [
  { values: { vendor: "" }, why: "empty value" },
  { values: { vendor: "a b" }, why: "space" },
  { values: { vendor: "é" }, why: "non-ASCII" },
  { values: { vendor: "a*b" }, why: "embedded wildcard" },
  { values: { vendor: "a?b" }, why: "embedded ?" },
  { values: { vendor: "??" }, why: "wildcards only" },
  { values: { vendor: "a\\" }, why: "dangling backslash" },
  { values: { vendor: "\\-" }, why: "literal - would read as NA" },
  { values: { language: "english" }, why: "bad language" },
  { values: { part: "x" as Cpe["part"] }, why: "bad part" },
];

const BASE: Cpe = parseCpe(`cpe:2.3:a:v:p:*${ANY11}`);

/** Every `cpe23Type` externalRef locator in the real CPython SBOMs of 2024-04-02. */
function fixtureCpes(): string[] {
  const dir = join(sharedDir, "fixtures/cpython/real-2024-04-02");
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if (o.referenceType === "cpe23Type" && typeof o.referenceLocator === "string")
        found.push(o.referenceLocator);
      Object.values(o).forEach(walk);
    }
  };
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".spdx.json")))
    walk(JSON.parse(readFileSync(join(dir, f), "utf8")));
  return found;
}

describe("CPE 2.3 formatted strings", () => {
  it("parses, unescapes and re-binds byte-identically", () => {
    const failures: string[] = [];
    for (const c of ROUND_TRIPS) {
      const got = tryParseCpe(c.fs);
      if (!got) {
        failures.push(`${c.fs}: did not parse`);
        continue;
      }
      for (const [k, v] of Object.entries(c.values))
        if (got[k as keyof Cpe] !== v)
          failures.push(`${c.fs}: ${k} = ${JSON.stringify(got[k as keyof Cpe])}, want ${JSON.stringify(v)}`);
      if (formatCpe(got) !== c.fs) failures.push(`${c.fs}: formats as ${formatCpe(got)}`);
      if (!isValidCpe(c.fs)) failures.push(`${c.fs}: isValidCpe false`);
    }
    expect(failures).toEqual([]);
  });

  it("rejects strings outside the cpe23Type pattern", () => {
    const failures = INVALID.filter((c) => isValidCpe(c.fs) || tryParseCpe(c.fs) !== undefined).map(
      (c) => c.why,
    );
    expect(failures).toEqual([]);
    expect(() => parseCpe(INVALID[0]!.fs)).toThrow(expect.objectContaining({ code: "INVALID_CPE" }));
  });

  it("formatCpe refuses values a CPE cannot hold", () => {
    const failures: string[] = [];
    for (const c of FORMAT_ERRORS) {
      try {
        formatCpe({ ...BASE, ...c.values });
        failures.push(`${c.why}: no error`);
      } catch (e) {
        if ((e as { code?: string }).code !== "INVALID_CPE") failures.push(`${c.why}: ${String(e)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("every CPE in the real CPython 2024-04-02 SBOMs parses and round-trips byte-identically", () => {
    const cpes = fixtureCpes();
    expect(cpes.length).toBeGreaterThanOrEqual(13);
    const failures = cpes.filter((s) => !isValidCpe(s) || formatCpe(parseCpe(s)) !== s);
    expect(failures).toEqual([]);
    expect(parseCpe("cpe:2.3:a:libexpat_project:libexpat:2.6.0:*:*:*:*:*:*:*")).toMatchObject({
      vendor: "libexpat_project",
      product: "libexpat",
      version: "2.6.0",
      update: "*",
    });
  });

  it("cpe() builds with ANY defaults and quotes special characters", () => {
    expect(cpe({ part: "a", vendor: "python", product: "python", version: "3.13.0a5" })).toBe(
      "cpe:2.3:a:python:python:3.13.0a5:*:*:*:*:*:*:*",
    );
    expect(cpe({ part: "a", vendor: "tcl_tk", product: "tcl/tk", version: "8.6+1", update: "-" })).toBe(
      "cpe:2.3:a:tcl_tk:tcl\\/tk:8.6\\+1:-:*:*:*:*:*:*",
    );
    expect(cpe({ part: "a", vendor: "v", product: "p", version: "1.0\\*", targetSw: "*python" })).toBe(
      "cpe:2.3:a:v:p:1.0\\*:*:*:*:*:*python:*:*",
    );
  });

  it("withCpeVersion replaces only the version (CPython externals)", () => {
    expect(withCpeVersion("cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*", "3.0.16")).toBe(
      "cpe:2.3:a:openssl:openssl:3.0.16:*:*:*:*:*:*:*",
    );
    expect(withCpeVersion("cpe:2.3:a:tcl_tk:tcl_tk:8.6.13.1:*:*:*:*:*:*:*", "8.6.15.0")).toBe(
      "cpe:2.3:a:tcl_tk:tcl_tk:8.6.15.0:*:*:*:*:*:*:*",
    );
    // An escaped colon in the vendor does not shift the version field (a raw-colon regex would).
    expect(withCpeVersion("cpe:2.3:a:a\\:b:c:1:*:*:*:*:*:*:*", "2:0")).toBe(
      "cpe:2.3:a:a\\:b:c:2\\:0:*:*:*:*:*:*:*",
    );
    expect(() => withCpeVersion("cpe:2.3:a:x", "1")).toThrow(
      expect.objectContaining({ code: "INVALID_CPE" }),
    );
  });

  it("parse(format(x)) is x for arbitrary literal values", () => {
    const printable = fc.string({
      unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
      minLength: 1,
      maxLength: 12,
    });
    // Our values escape the three characters that are otherwise wildcards or the escape itself.
    const literal = printable.map((s) => s.replace(/[\\*?]/g, (c) => `\\${c}`)).filter((s) => s !== "-");
    const value = fc.oneof(
      fc.constantFrom("*", "-"),
      literal,
      literal.map((s) => `*${s}`),
      literal.map((s) => `${s}??`),
    );
    fc.assert(
      fc.property(value, value, value, value, (vendor, product, version, other) => {
        const x: Cpe = { ...BASE, vendor, product, version, other };
        const fs = formatCpe(x);
        expect(isValidCpe(fs)).toBe(true);
        expect(parseCpe(fs)).toEqual(x);
      }),
    );
  });

  it("agrees with the official cpe23Type pattern on random short strings", () => {
    // cpe23Type from cpe-naming_2.3.xsd (as reproduced in SPDX 2.3 and CycloneDX), anchored; fine on short input.
    const OFFICIAL =
      /^cpe:2\.3:[aho*-](:(((\?*|\*?)([a-zA-Z0-9\-._]|(\\[\\*?!"#$%&'()+,/:;<=>@[\]^`{|}~]))+(\?*|\*?))|[*-])){5}(:(([a-zA-Z]{2,3}(-([a-zA-Z]{2}|[0-9]{3}))?)|[*-]))(:(((\?*|\*?)([a-zA-Z0-9\-._]|(\\[\\*?!"#$%&'()+,/:;<=>@[\]^`{|}~]))+(\?*|\*?))|[*-])){4}$/;
    const unit = fc.constantFrom("a", "Z", "9", ".", "-", "*", "?", "\\", "/", " ", "é", "\\?", "\\/");
    const field = fc.oneof(
      { arbitrary: fc.constantFrom("*", "-", "en", "a.b"), weight: 6 },
      { arbitrary: fc.string({ unit, maxLength: 4 }), weight: 1 },
    );
    const fields = fc.oneof(
      fc.array(field, { minLength: 10, maxLength: 10 }),
      fc.array(field, { maxLength: 12 }),
    );
    let valid = 0;
    fc.assert(
      fc.property(fc.constantFrom("a", "o", "h", "*", "-", "x"), fields, (part, fs) => {
        const s = `cpe:2.3:${part}:${fs.join(":")}`;
        const want = OFFICIAL.test(s);
        if (want) valid++;
        expect(isValidCpe(s)).toBe(want);
      }),
      { numRuns: 3000 },
    );
    expect(valid).toBeGreaterThan(50);
    for (const c of ROUND_TRIPS) expect(OFFICIAL.test(c.fs)).toBe(true);
    for (const c of INVALID) expect(OFFICIAL.test(c.fs)).toBe(false);
  });

  it("fails fast on 10 MB hostile strings", () => {
    const t0 = performance.now();
    const huge = "a".repeat(10_000_000);
    expect(isValidCpe(`cpe:2.3:a:${huge}`)).toBe(false);
    expect(isValidCpe(`cpe:2.3:a:${":".repeat(10_000_000)}`)).toBe(false);
    expect(isValidCpe(`cpe:2.3:a:v:${"?".repeat(10_000_000)}${ANY11}:*`)).toBe(false);
    expect(isValidCpe(`cpe:2.3:a:v:p:${"\\!".repeat(5_000_000)}?${ANY11}`)).toBe(true);
    expect(isValidCpe(`cpe:2.3:a:v:p:${"\\".repeat(10_000_000)}`)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});
