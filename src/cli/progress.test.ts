import { describe, expect, it } from "vitest";
import { Progress } from "./progress.js";
import { memoryIo } from "./test-helpers.js";

describe("Progress", () => {
  it("draws one line on a TTY and erases it at the end", () => {
    const c = memoryIo({ tty: true });
    const p = new Progress(c.io, false);
    p.update({ phase: "hashing files", done: 1, total: 2 });
    p.update({ phase: "hashing files", done: 2, total: 2 });
    p.done();
    expect(c.stderr()).toBe("\r\u001b[Khashing files: 1/2\r\u001b[Khashing files: 2/2\r\u001b[K");
    expect(c.stdout()).toBe("");
  });

  it.each([
    ["not a TTY", false, false],
    ["--quiet", true, true],
  ])("is silent when %s", (_name, tty, quiet) => {
    const c = memoryIo({ tty });
    const p = new Progress(c.io, quiet);
    p.update({ phase: "x", done: 1 });
    p.done();
    expect(c.stderr()).toBe("");
  });
});
