import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { cpythonSpdxId, ReleaseIdAllocator } from "./spdx-id.js";

const suffix = (value: string): string => createHash("sha256").update(value).digest("hex").slice(0, 8);

describe("SPDX ids as CPython's tools make them", () => {
  it.each([
    ["SPDXRef-FILE-Modules/_hacl/Hacl_Hash_MD5.c", "SPDXRef-FILE-Modules-hacl-Hacl-Hash-MD5.c"],
    ["SPDXRef-FILE-Lib/ctypes/macholib/__init__.py", "SPDXRef-FILE-Lib-ctypes-macholib-init-.py"],
    ["SPDXRef-PACKAGE-typing_extensions", "SPDXRef-PACKAGE-typing-extensions"],
    ["SPDXRef-FILE-Modules/expat/café.h", "SPDXRef-FILE-Modules-expat-caf-.h"],
    ["SPDXRef-FILE-a/\u{1F600}/b", "SPDXRef-FILE-a-b"],
  ])("%s → %s", (value, id) => expect(cpythonSpdxId(value)).toBe(id));

  it("release-tools' collision rule: first come keeps the id, the next gets 8 hex digits of sha256(input)", () => {
    const ids = new ReleaseIdAllocator();
    expect(ids.allocate("SPDXRef-FILE-Lib/_foo.py")).toBe("SPDXRef-FILE-Lib-foo.py");
    expect(ids.allocate("SPDXRef-FILE-Lib/foo.py")).toBe("SPDXRef-FILE-Lib-foo.py-4c4f2d8f");
    expect(suffix("SPDXRef-FILE-Lib/foo.py")).toBe("4c4f2d8f");
    // Memoised: the same input gets the same id again.
    expect(ids.allocate("SPDXRef-FILE-Lib/foo.py")).toBe("SPDXRef-FILE-Lib-foo.py-4c4f2d8f");
    // The real collisions of 3.13/3.15 tarballs listed in docs/cpython-sbom.md §5.
    expect(ids.allocate("SPDXRef-FILE-Lib/_collections_abc.py")).toBe("SPDXRef-FILE-Lib-collections-abc.py");
    expect(ids.allocate("SPDXRef-FILE-Lib/collections/abc.py")).toBe(
      "SPDXRef-FILE-Lib-collections-abc.py-5882b22c",
    );
  });

  it("ids reserved from a source SBOM are never handed out again", () => {
    const ids = new ReleaseIdAllocator();
    expect(ids.reserve("SPDXRef-FILE-Modules-expat-a-b.c", "SPDXRef-FILE-Modules/expat/a_b.c")).toBe(true);
    expect(ids.reserve("SPDXRef-FILE-Modules-expat-a-b.c", "SPDXRef-FILE-Modules/expat/other")).toBe(false);
    expect(ids.allocate("SPDXRef-FILE-Modules/expat/a-b.c")).toBe(
      "SPDXRef-FILE-Modules-expat-a-b.c-eb69e55a",
    );
    expect(ids.allocate("SPDXRef-FILE-Modules/expat/a_b.c")).toBe("SPDXRef-FILE-Modules-expat-a-b.c");
    expect(ids.has("SPDXRef-FILE-Modules-expat-a-b.c-eb69e55a")).toBe(true);
  });

  it("a suffix that is itself taken grows, deterministically", () => {
    const ids = new ReleaseIdAllocator();
    const value = "SPDXRef-FILE-x/y";
    ids.reserve("SPDXRef-FILE-x-y", "other");
    ids.reserve(`SPDXRef-FILE-x-y-${suffix(value)}`, "another");
    const full = createHash("sha256").update(value).digest("hex");
    expect(ids.allocate(value)).toBe(`SPDXRef-FILE-x-y-${full.slice(0, 16)}`);
  });
});
