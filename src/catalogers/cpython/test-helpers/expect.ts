// Test-only: comparisons against what CPython's generate_sbom.py printed and wrote for the fixtures.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dumpPyJson, isPyObject, type PyObject, parsePyJson } from "../pyjson.js";
import { cpythonFixtures } from "./fixtures.js";

/** The expected outcome of generate/<name>. */
export function generateCase(name: string): { rc: number; stdout: string; sbom: string; externals: string } {
  const dir = join(cpythonFixtures, "generate", name);
  return {
    rc: Number(readFileSync(join(dir, "expected-rc.txt"), "utf8").trim()),
    stdout: readFileSync(join(dir, "expected-stdout.txt"), "utf8"),
    sbom: readFileSync(join(dir, "expected-output-sbom.spdx.json"), "utf8"),
    externals: readFileSync(join(dir, "expected-output-externals.spdx.json"), "utf8"),
  };
}

/** The Python set literals `{'a', 'b'}` in a message, as sets. */
function pySets(text: string): Set<string>[] {
  return [...text.matchAll(/\{([^{}]*)\}/g)].map(
    (m) => new Set([...m[1]!.matchAll(/'([^']*)'/g)].map((x) => x[1]!)),
  );
}

/**
 * True when `actual` names the same problem as CPython's first stdout line: the line itself appears (Python
 * set literals compared as sets, since their order depends on Python's hash seed).
 */
export function namesSameProblem(cpythonStdout: string, actual: string): boolean {
  const line = cpythonStdout.split("\n")[0]!;
  if (!line.includes("{")) return actual.includes(line);
  const head = line.slice(0, line.indexOf("{"));
  const at = actual.indexOf(head);
  if (at < 0) return false;
  const want = pySets(line);
  const got = pySets(actual.slice(at)).slice(0, want.length);
  return (
    got.length === want.length &&
    want.every((s, i) => s.size === got[i]!.size && [...s].every((x) => got[i]!.has(x)))
  );
}

/**
 * Removes one vendored file (its `files` entry and its CONTAINS relationship) from a serialised source
 * SBOM and re-serialises it the way CPython does.
 */
export function withoutFile(text: string, fileName: string): string {
  const doc = parsePyJson(text) as PyObject;
  const files = (doc.files as PyObject[]).filter((f) => f.fileName !== fileName);
  const removed = (doc.files as PyObject[]).find((f) => f.fileName === fileName);
  doc.files = files;
  if (removed && isPyObject(removed))
    doc.relationships = (doc.relationships as PyObject[]).filter(
      (r) => r.relatedSpdxElement !== removed.SPDXID,
    );
  return dumpPyJson(doc);
}
