import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpythonFixtures, tempDir } from "../catalogers/cpython/test-helpers/fixtures.js";
import { validateSchema } from "../validate/schema.js";
import { run } from "./run.js";
import { makeServices, pypiMetadataFile } from "./services.js";
import { memoryIo } from "./test-helpers.js";

const release = join(cpythonFixtures, "release");
const fixture = JSON.parse(readFileSync(join(release, "ok/pypi-fixture.json"), "utf8")) as Record<
  string,
  unknown
>;
const tarball = join(release, "ok/Python-3.99.1rc2.tgz");

let server: Server;
let base: string;
const requested: string[] = [];

beforeAll(async () => {
  // A PyPI JSON API stand-in on 127.0.0.1, answering from the release fixture.
  server = createServer((req, res) => {
    requested.push(req.url ?? "");
    const m = /^\/pypi\/([^/]+)\/([^/]+)\/json$/.exec(req.url ?? "");
    const body = m ? fixture[`${m[1]}/${m[2]}`] : undefined;
    if (body === undefined) {
      res.statusCode = 404;
      res.end("not found");
      return;
    }
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

async function generate(argv: string[], env: Record<string, string> = {}) {
  const c = memoryIo({ env: { SOURCE_DATE_EPOCH: "1735689600", ...env } });
  const code = await run(["generate", ...argv], c.io);
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

describe("PyPI metadata for the release SBOM", () => {
  it("from the network (a local server standing in for pypi.org via PYSBOM_PYPI_URL) = from --pypi-metadata", async () => {
    const net = await generate([tarball], { PYSBOM_PYPI_URL: `${base}/` });
    expect(net.code).toBe(0);
    expect(requested).toContain("/pypi/pip/99.0/json");
    expect(requested).toContain("/pypi/typing_extensions/4.13.2/json");
    const file = await generate([tarball, "--pypi-metadata", join(release, "ok/pypi-fixture.json")]);
    expect(file.code).toBe(0);
    expect(net.stdout).toBe(file.stdout);
    expect(validateSchema("spdx-2.3", JSON.parse(net.stdout))).toEqual([]);
  });

  it("a PyPI error names the project and the URL (exit 3)", async () => {
    const r = await generate([join(release, "ok/Python-3.99.1rc2.tgz")], {
      PYSBOM_PYPI_URL: `${base}/missing`,
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /Couldn't fetch metadata for project 'pip' from PyPI: GET http:\/\/127\.0\.0\.1:\d+\/missing\/pypi\/pip\/99\.0\/json: HTTP 404/,
    );
  });

  it("--offline: NOASSERTION and a warning, exit 0", async () => {
    const r = await generate([tarball, "--offline", "-o", "cyclonedx-json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: PyPI metadata is not available/);
    expect(validateSchema("cyclonedx-1.6", JSON.parse(r.stdout))).toEqual([]);
  });

  it("--pypi-metadata problems: a missing file, a missing entry, not JSON", async () => {
    const dir = tempDir();
    const missing = await generate([tarball, "--pypi-metadata", join(dir, "nope.json")]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/nope\.json: no such file/);
    writeFileSync(join(dir, "partial.json"), JSON.stringify({ "pip/99.0": fixture["pip/99.0"] }));
    const partial = await generate([tarball, "--pypi-metadata", join(dir, "partial.json")]);
    expect(partial.code).toBe(3);
    expect(partial.stderr).toMatch(
      /Couldn't fetch metadata for project 'cachecontrol' from PyPI: .*partial\.json \(--pypi-metadata\) has no entry "cachecontrol\/0\.14\.2"/,
    );
    writeFileSync(join(dir, "bad.json"), "[1, 2");
    expect((await generate([tarball, "--pypi-metadata", join(dir, "bad.json")])).code).toBe(3);
  });

  it("a bad PYSBOM_PYPI_URL is a usage error", async () => {
    expect((await generate([tarball], { PYSBOM_PYPI_URL: "ftp://x" })).code).toBe(2);
  });

  it("makeServices: offline gives no fetchJson; the file lookup also accepts normalised names", async () => {
    const io = memoryIo().io;
    expect(makeServices({ offline: true }, io).fetchJson).toBeUndefined();
    expect(makeServices({}, io).fetchJson).toBeTypeOf("function");
    const f = pypiMetadataFile(join(release, "ok/pypi-fixture.json"));
    expect(await f("https://pypi.org/pypi/Typing.Extensions/4.13.2/json")).toEqual(
      fixture["typing_extensions/4.13.2"],
    );
    await expect(f("https://example.org/other")).rejects.toMatchObject({ code: "NETWORK" });
  });
});

describe("pysbom generate on release tarballs", () => {
  const cases = readdirSync(release);
  it.each(cases)("%s", async (name) => {
    const dir = join(release, name);
    const file = readdirSync(dir).find((f) => f.startsWith("Python-"))!;
    const r = await generate([join(dir, file), "--pypi-metadata", join(dir, "pypi-fixture.json")]);
    if (name.startsWith("err-")) {
      expect(r.code).toBe(1);
      const theirs = readFileSync(join(dir, "expected-cli.error.txt"), "utf8")
        .trim()
        .replace(/^\w+Error: /, "");
      expect(r.stderr).toContain(theirs);
      expect(r.stdout).toBe("");
    } else {
      expect(r.code, r.stderr).toBe(0);
      expect(validateSchema("spdx-2.3", JSON.parse(r.stdout))).toEqual([]);
    }
  });

  it("--type cpython-release on a file not named like a release", async () => {
    const dir = tempDir();
    const copy = join(dir, "cpython.tgz");
    writeFileSync(copy, readFileSync(tarball));
    const r = await generate([copy, "--type", "cpython-release", "--offline"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Invalid tarball_name='cpython\.tgz'/);
  });
});
