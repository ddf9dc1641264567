import { describe, expect, it } from "vitest";
import { exitCodeFor, formatLocation, isPysbomError, PysbomError } from "./errors.js";

describe("PysbomError", () => {
  it("carries code, location and cause", () => {
    const cause = new Error("inner");
    const e = new PysbomError("INVALID_JSON", "bad", {
      cause,
      location: { file: "a.json", line: 3, column: 4 },
    });
    expect(e.code).toBe("INVALID_JSON");
    expect(e.cause).toBe(cause);
    expect(isPysbomError(e)).toBe(true);
    expect(isPysbomError(e, "USAGE")).toBe(false);
    expect(isPysbomError(new Error("x"))).toBe(false);
    expect(formatLocation(e.location)).toBe("a.json:3:4");
  });

  it.each([
    [{ file: "f", pointer: "/a/0" }, "f at /a/0"],
    [{ pointer: "" }, "/"],
    [{ line: 2 }, "line 2"],
    [undefined, ""],
  ])("formats location %j as %s", (loc, want) => {
    expect(formatLocation(loc)).toBe(want);
  });

  it.each([
    ["USAGE", 2],
    ["FINDINGS", 1],
    ["CHECK_FAILED", 1],
    ["INTERNAL", 70],
    ["INVALID_JSON", 3],
    ["UNSUPPORTED_FORMAT", 3],
  ] as const)("maps %s to exit %d", (code, exit) => {
    expect(exitCodeFor(code)).toBe(exit);
  });
});
