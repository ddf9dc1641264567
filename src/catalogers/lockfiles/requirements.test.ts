import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { DirectoryResolver } from "../../sources/resolver.js";
import {
  parseRequirementArg,
  parseRequirementsText,
  readRequirementsFile,
  sourceOfUrl,
  splitPythonLines,
} from "./requirements.js";

// Logical lines as pip 24 numbers and splits them (checked against pip itself below when available).
const LINES: [
  string,
  { line: number; args: string; req?: string[]; con?: string[]; edit?: string[]; hashes?: string[] }[],
][] = [
  ["a==1\n", [{ line: 1, args: "a==1" }]],
  ["a==1 \\\n  --hash=sha256:ab\n", [{ line: 1, args: "a==1  ", hashes: ["sha256:ab"] }]],
  ["# only a comment\n\n   \n", []],
  ["pkg # trailing comment\n", [{ line: 1, args: "pkg" }]],
  ["pkg @ https://x.org/p.whl#egg=pkg\n", [{ line: 1, args: "pkg @ https://x.org/p.whl#egg=pkg" }]],
  [
    "-r other.txt\n-c cons.txt\n",
    [
      { line: 1, args: "", req: ["other.txt"] },
      { line: 2, args: "", con: ["cons.txt"] },
    ],
  ],
  [
    "-rother.txt\n--requirement=x.txt\n--requirem y.txt\n",
    [
      { line: 1, args: "", req: ["other.txt"] },
      { line: 2, args: "", req: ["x.txt"] },
      { line: 3, args: "", req: ["y.txt"] },
    ],
  ],
  [
    "-e ./local[extra]\n--editable git+https://h/r.git#egg=r\n",
    [
      { line: 1, args: "", edit: ["./local[extra]"] },
      { line: 2, args: "", edit: ["git+https://h/r.git#egg=r"] },
    ],
  ],
  ["a\\\nb\\\nc==1\n", [{ line: 1, args: "abc==1" }]],
  [
    "a==1 \\\n# comment ends the continuation\nb==2\n",
    [
      { line: 1, args: "a==1" },
      { line: 3, args: "b==2" },
    ],
  ],
  ["x==1 \\", [{ line: 1, args: "x==1" }]],
  [
    "a==1\r\nb==2\rc==3\x0bd==4\u2028e==5\n",
    [
      { line: 1, args: "a==1" },
      { line: 2, args: "b==2" },
      { line: 3, args: "c==3" },
      { line: 4, args: "d==4" },
      { line: 5, args: "e==5" },
    ],
  ],
  ["req --hash sha256:aa --hash=sha512:bb\n", [{ line: 1, args: "req", hashes: ["sha256:aa", "sha512:bb"] }]],
  [
    "req; python_version < '3.8' --hash=sha256:aa\n",
    [{ line: 1, args: "req; python_version < '3.8'", hashes: ["sha256:aa"] }],
  ],
  ["  indented==1  \n", [{ line: 1, args: "indented==1" }]],
  ["url#notacomment==1\n", [{ line: 1, args: "url#notacomment==1" }]],
  ["-i https://i.example/simple --extra-index-url https://e.example/simple\n", [{ line: 1, args: "" }]],
  [
    "--pre\n--prefer-binary\n--no-binary :all:\n--only-binary=:none:\n--trusted-host h\n-f ./wheels\n",
    [
      { line: 1, args: "" },
      { line: 2, args: "" },
      { line: 3, args: "" },
      { line: 4, args: "" },
      { line: 5, args: "" },
      { line: 6, args: "" },
    ],
  ],
  ["a==1 -C key=value --global-option=--x\n", [{ line: 1, args: "a==1" }]],
];

// Lines pip refuses (RequirementsFileParseError): pysbom reports them as Unknowns.
const BAD_LINES = [
  "--bogus-option\n",
  "--requ x.txt\n", // ambiguous: --requirement, --require-hashes
  "-r\n",
  "pkg --hash=md5:abc\n", // only sha256/384/512
  "pkg --hash=nodigest\n",
  'pkg --config-settings "unterminated\n',
  "--pre=1\n",
];

describe("parseRequirementsText (pip's line grammar)", () => {
  it.each(LINES)("%j", (text, expected) => {
    const got = parseRequirementsText(text).map((l) => ({
      line: l.line,
      args: l.args,
      ...(l.options.requirements.length ? { req: l.options.requirements } : {}),
      ...(l.options.constraints.length ? { con: l.options.constraints } : {}),
      ...(l.options.editables.length ? { edit: l.options.editables } : {}),
      ...(l.options.hashes.length ? { hashes: l.options.hashes } : {}),
    }));
    expect(got).toEqual(expected);
  });

  it.each(BAD_LINES)("refuses %j", (text) => {
    const lines = parseRequirementsText(text);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.error).toBeDefined();
  });

  it("records index options", () => {
    const [l] = parseRequirementsText(
      "--index-url=https://u:p@i.example/simple --extra-index-url https://e/ --no-index\n",
    );
    expect(l!.options.indexUrl).toBe("https://u:p@i.example/simple");
    expect(l!.options.extraIndexUrls).toEqual(["https://e/"]);
    expect(l!.options.noIndex).toBe(true);
  });

  it("attaches pip-compile `# via` annotations (block, single-line and inline styles)", () => {
    const text = [
      "a==1 \\",
      "    --hash=sha256:00",
      "    # via",
      "    #   -r requirements.in",
      "    #   b",
      "b==2",
      "    # via c",
      "c==3  # via -r requirements.in, d",
      "",
      "# The following packages are considered to be unsafe in a requirements file:",
      "setuptools==70.0.0",
      "    # via a",
    ].join("\n");
    const lines = parseRequirementsText(text);
    expect(lines.map((l) => [l.args.trim(), l.via])).toEqual([
      ["a==1", ["-r requirements.in", "b"]],
      ["b==2", ["c"]],
      ["c==3", ["-r requirements.in", "d"]],
      ["setuptools==70.0.0", ["a"]],
    ]);
  });

  it("splits lines exactly like Python's str.splitlines", () => {
    expect(splitPythonLines("a\r\nb\n\nc")).toEqual(["a", "b", "", "c"]);
    expect(splitPythonLines("a\n")).toEqual(["a"]);
    expect(splitPythonLines("a\x1cb\x85c")).toEqual(["a", "b", "c"]);
    expect(splitPythonLines("")).toEqual([]);
  });

  it("is linear: 100,000 hashed requirement lines parse in well under a second per 100k", () => {
    const make = (n: number): string => {
      const parts: string[] = [];
      for (let i = 0; i < n; i++)
        parts.push(
          `pkg-${i}==1.0.${i} \\\n    --hash=sha256:${i.toString(16).padStart(64, "0")}\n    # via -r requirements.in\n`,
        );
      return parts.join("");
    };
    const time = (n: number): number => {
      const text = make(n);
      const t0 = performance.now();
      const lines = parseRequirementsText(text);
      const t = performance.now() - t0;
      expect(lines).toHaveLength(n);
      return t;
    };
    time(2_000); // warm up
    const small = Math.max(time(10_000), 1);
    const big = time(100_000);
    // 10x the input must not take much more than 10x the time (quadratic would be ~100x).
    expect(big / small).toBeLessThan(30);
    expect(big).toBeLessThan(5_000);
  });

  it("is linear on one 100,000-line continuation and on a 1 MB comment line", () => {
    const t0 = performance.now();
    const lines = parseRequirementsText(
      `pkg==1.0 \\\n${"  --hash=sha256:00 \\\n".repeat(100_000)}  --hash=sha256:11\n`,
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]!.options.hashes).toHaveLength(100_001);
    expect(parseRequirementsText(`# ${"x #".repeat(300_000)}\nok==1\n`).map((l) => l.args)).toEqual([
      "ok==1",
    ]);
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});

// The same texts through pip's own req_file (preprocess + line parser), when python3 with pip is here.
const PIP_SCRIPT = `
import json, sys
from pip._internal.req.req_file import preprocess, get_line_parser, OptionParsingError
parse = get_line_parser(None)
out = []
for text in json.load(sys.stdin):
    res = []
    for n, line in preprocess(text):
        try:
            args, opts = parse(line)
        except (OptionParsingError, SystemExit):
            res.append({"line": n, "error": True}); continue
        hashes = []
        for alg, vals in (opts.hashes or {}).items():
            hashes += [f"{alg}:{v}" for v in vals]
        res.append({"line": n, "args": args, "req": opts.requirements or [], "con": opts.constraints or [],
                    "edit": opts.editables or [], "hashes": sorted(hashes)})
    out.append(res)
print(json.dumps(out))
`;
const pip = spawnSync("python3", ["-c", "import pip._internal.req.req_file"], { encoding: "utf8" });
const hasPip = pip.status === 0;

describe("parseRequirementsText against pip itself", () => {
  it.skipIf(!hasPip)("agrees with pip's req_file on every test text (skipped without python3 + pip)", () => {
    const texts = [...LINES.map(([t]) => t), ...BAD_LINES];
    const r = spawnSync("python3", ["-c", PIP_SCRIPT], { input: JSON.stringify(texts), encoding: "utf8" });
    expect(r.status).toBe(0);
    const expected = JSON.parse(r.stdout) as unknown[][];
    texts.forEach((text, i) => {
      const ours = parseRequirementsText(text).map((l) =>
        l.error !== undefined
          ? { line: l.line, error: true }
          : {
              line: l.line,
              args: l.args,
              req: l.options.requirements,
              con: l.options.constraints,
              edit: l.options.editables,
              hashes: [...l.options.hashes].sort(),
            },
      );
      expect(ours, JSON.stringify(text)).toEqual(expected[i]);
    });
  });
});

describe("parseRequirementArg (pip's parse_req_from_line / parse_editable)", () => {
  it("PEP 508 requirements, with markers", () => {
    const a = parseRequirementArg("requests[socks]==2.31.0; python_version >= '3.8'", false);
    expect(a.kind).toBe("requirement");
    if (a.kind === "requirement") {
      expect(a.req.name).toBe("requests");
      expect(a.req.extras).toEqual(["socks"]);
      expect(a.req.specifier).toBe("==2.31.0");
    }
  });

  it("URLs: wheel filenames give name and version, #egg= names the rest", () => {
    expect(parseRequirementArg("https://x.org/a/Foo_Bar-1.2-py3-none-any.whl", false)).toMatchObject({
      kind: "url",
      name: "foo-bar",
      version: "1.2",
    });
    expect(parseRequirementArg("git+https://github.com/o/r.git@v1#egg=thing", false)).toMatchObject({
      kind: "url",
      name: "thing",
    });
    expect(parseRequirementArg("https://x.org/thing-2.0.tar.gz#egg=thing", false)).toMatchObject({
      kind: "url",
      name: "thing",
      version: "2.0",
    });
    // For URLs the marker separator is "; " (a URL may contain ";").
    expect(
      parseRequirementArg("https://x.org/a;b/t-1.0-py3-none-any.whl; sys_platform == 'linux'", false),
    ).toMatchObject({
      kind: "url",
      url: "https://x.org/a;b/t-1.0-py3-none-any.whl",
      marker: "sys_platform == 'linux'",
    });
    expect(parseRequirementArg("https://x.org/not-a-wheel.whl", false).kind).toBe("error");
  });

  it("paths and `name @ url`", () => {
    expect(parseRequirementArg("./vendor/pkg", false)).toMatchObject({ kind: "path", path: "./vendor/pkg" });
    expect(parseRequirementArg("dist/pkg-1.0-py3-none-any.whl", false)).toMatchObject({
      kind: "path",
      name: "pkg",
      version: "1.0",
    });
    expect(parseRequirementArg("pkg @ https://x.org/d/pkg-1.0.tar.gz", false).kind).toBe("requirement");
  });

  it("editables: local paths, VCS URLs with #egg=, and the errors pip gives", () => {
    expect(parseRequirementArg(".", true)).toMatchObject({ kind: "path", path: "." });
    expect(parseRequirementArg("git+https://h/r.git@abc#egg=r", true)).toMatchObject({
      kind: "url",
      name: "r",
    });
    expect(parseRequirementArg("git://h/r.git#egg=r", true)).toMatchObject({
      kind: "url",
      url: "git+git://h/r.git#egg=r",
    });
    expect(parseRequirementArg("git+https://h/r.git", true).kind).toBe("error");
    expect(parseRequirementArg("https://h/r.tar.gz", true).kind).toBe("error");
  });

  it("invalid requirements carry pip's hint", () => {
    const a = parseRequirementArg("pkg=1.0", false);
    expect(a.kind).toBe("error");
    if (a.kind === "error") expect(a.message).toMatch(/did you mean ==/);
  });
});

describe("sourceOfUrl", () => {
  it("VCS URLs: repository, commit or ref, subdirectory; credentials redacted", () => {
    expect(
      sourceOfUrl(
        "git+https://user:tok@github.com/o/r.git@0123456789abcdef0123456789abcdef01234567#subdirectory=py",
      ),
    ).toEqual({
      kind: "git",
      url: "https://user:****@github.com/o/r.git",
      commit: "0123456789abcdef0123456789abcdef01234567",
      subdirectory: "py",
    });
    expect(sourceOfUrl("git+ssh://git@github.com/o/r.git@v1.2")).toEqual({
      kind: "git",
      url: "ssh://****@github.com/o/r.git",
      ref: "v1.2",
    });
    expect(sourceOfUrl("hg+https://h/r@tip")).toEqual({ kind: "git", url: "hg+https://h/r", ref: "tip" });
    expect(sourceOfUrl("https://x.org/p-1.0.tar.gz#sha256=00")).toEqual({
      kind: "url",
      url: "https://x.org/p-1.0.tar.gz",
    });
  });
});

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "pysbom-req-"));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

describe("readRequirementsFile (includes, constraints, pins)", () => {
  const opts = { projectDir: "", allowOutside: false, kind: "runtime" as const };

  it("follows -r relative to the including file and reads each file once (diamonds stay linear)", async () => {
    const files: Record<string, string> = { "requirements.txt": "-r a/one.txt\n-r a/two.txt\n" };
    files["a/one.txt"] = "-r ../shared.txt\none==1.0\n";
    files["a/two.txt"] = "-r ../shared.txt\ntwo==2.0\n";
    files["shared.txt"] = "shared==3.0\n";
    const dir = tree(files);
    const r = await readRequirementsFile(
      new DirectoryResolver(dir),
      "requirements.txt",
      files["requirements.txt"]!,
      opts,
    );
    expect(r.packages.map((p) => `${p.name}==${p.version} (${p.file}:${p.line})`)).toEqual([
      "shared==3.0 (shared.txt:1)",
      "one==1.0 (a/one.txt:2)",
      "two==2.0 (a/two.txt:2)",
    ]);
    expect(r.unknowns).toEqual([]);
  });

  it("reports -r cycles (and self-includes) as Unknowns and goes on", async () => {
    const files = {
      "requirements.txt": "-r requirements.txt\n-r b.txt\nx==1\n",
      "b.txt": "-r requirements.txt\ny==2\n",
    };
    const dir = tree(files);
    const r = await readRequirementsFile(
      new DirectoryResolver(dir),
      "requirements.txt",
      files["requirements.txt"],
      opts,
    );
    expect(r.packages.map((p) => p.name).sort()).toEqual(["x", "y"]);
    expect(r.unknowns.map((u) => [u.location, u.code])).toEqual([
      ["requirements.txt:1", "lock/include-cycle"],
      ["b.txt:1", "lock/include-cycle"],
    ]);
    expect(r.unknowns[1]!.message).toContain("requirements.txt -> b.txt -> requirements.txt");
  });

  it("refuses includes outside the project unless allowed, and never reads outside the scanned root", async () => {
    const files = {
      "proj/requirements.txt":
        "-r ../common.txt\n-r ../../far.txt\n-r /etc/passwd\n-r https://example.org/r.txt\nmine==1\n",
      "common.txt": "common==2\n",
    };
    const dir = tree(files);
    const resolver = new DirectoryResolver(dir);
    const strict = await readRequirementsFile(
      resolver,
      "proj/requirements.txt",
      files["proj/requirements.txt"],
      {
        ...opts,
        projectDir: "proj",
      },
    );
    expect(strict.packages.map((p) => p.name)).toEqual(["mine"]);
    expect(strict.unknowns.map((u) => u.code)).toEqual([
      "lock/include-outside-project",
      "lock/include-outside-root",
      "lock/include-outside-root",
      "lock/remote-include",
    ]);
    expect(strict.unknowns[0]!.message).toContain("--allow-outside");
    const allowed = await readRequirementsFile(
      resolver,
      "proj/requirements.txt",
      files["proj/requirements.txt"],
      {
        ...opts,
        projectDir: "proj",
        allowOutside: true,
      },
    );
    expect(allowed.packages.map((p) => p.name).sort()).toEqual(["common", "mine"]);
    expect(allowed.unknowns.map((u) => u.code)).toEqual([
      "lock/include-outside-root",
      "lock/include-outside-root",
      "lock/remote-include",
    ]);
  });

  it("missing includes are Unknowns", async () => {
    const dir = tree({ "requirements.txt": "-r missing.txt\n" });
    const r = await readRequirementsFile(
      new DirectoryResolver(dir),
      "requirements.txt",
      "-r missing.txt\n",
      opts,
    );
    expect(r.unknowns.map((u) => u.code)).toEqual(["lock/include-unreadable"]);
  });

  it("constraints pin unpinned requirements and add nothing else", async () => {
    const text = "-c c.txt\nflask>=2\nrequests\n";
    const dir = tree({
      "requirements.txt": text,
      "c.txt": "flask==3.0.3 --hash=sha256:" + "a".repeat(64) + "\nother==1\n",
    });
    const r = await readRequirementsFile(new DirectoryResolver(dir), "requirements.txt", text, opts);
    expect(r.packages.map((p) => [p.name, p.version, p.file, p.artifacts[0]?.checksums.length])).toEqual([
      ["flask", "3.0.3", "c.txt", 1],
    ]);
    expect(r.requirements.map((q) => [q.name, q.specifier])).toEqual([["requests", ""]]);
  });

  it("keeps hashes, markers, index options (redacted) and direct references", async () => {
    const text = [
      "--index-url https://user:secret@idx.example/simple",
      `a==1.0 --hash=sha256:${"b".repeat(64)} --hash=sha512:${"c".repeat(128)} ; python_version < "3.12"`,
      `b==2.0; sys_platform == "linux" --hash=sha256:${"d".repeat(64)}`,
      "c===weird-legacy",
      "d==1.*",
      "e==1.0.x",
      "f==1; python_version >>> '3'",
      "g @ git+https://github.com/o/g@v1",
      "",
    ].join("\n");
    const dir = tree({ "requirements.txt": text });
    const r = await readRequirementsFile(new DirectoryResolver(dir), "requirements.txt", text, opts);
    expect(r.rootProperties).toEqual([
      { name: "pysbom:lock:index-url", value: "https://user:****@idx.example/simple" },
    ]);
    const byName = new Map(r.packages.map((p) => [p.name, p]));
    expect(byName.get("a")!.artifacts[0]!.checksums.map((c) => c.algorithm)).toEqual(["SHA256", "SHA512"]);
    expect(byName.get("a")!.source).toEqual({
      kind: "registry",
      url: "https://user:****@idx.example/simple",
    });
    expect(byName.get("b")!.markers).toEqual(['sys_platform == "linux"']);
    expect(byName.get("c")!.version).toBe("weird-legacy");
    expect(byName.get("g")!.source).toEqual({ kind: "git", url: "https://github.com/o/g", ref: "v1" });
    expect(r.requirements.map((q) => q.name)).toEqual(["d"]);
    expect(r.unknowns.map((u) => [u.location, u.code])).toEqual([
      ["requirements.txt:6", "lock/invalid-requirement"],
      ["requirements.txt:7", "lock/invalid-requirement"],
      ["requirements.txt:8", "lock/unpinned-vcs"],
    ]);
  });

  it("builds the graph from `# via` annotations; names outside the file and `-r` items hang from the root", async () => {
    const text = "a==1\n    # via -r requirements.in\nb==2\n    # via\n    #   a\n    #   c\nd==3\n";
    const dir = tree({ "requirements.txt": text });
    const r = await readRequirementsFile(new DirectoryResolver(dir), "requirements.txt", text, opts);
    expect(r.hasGraph).toBe(true);
    expect(r.edges.map((e) => [r.packages[e.from]!.name, r.packages[e.to]!.name])).toEqual([["a", "b"]]);
    expect(r.rootEdges.map((e) => r.packages[e.to]!.name)).toEqual(["a", "b", "d"]);
  });

  it("reads a 100,000-line requirements file with hashes in linear time", async () => {
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++)
      lines.push(`p${i}==1.${i} --hash=sha256:${i.toString(16).padStart(64, "0")}`);
    const text = `${lines.join("\n")}\n`;
    const dir = tree({ "requirements.txt": text });
    const t0 = performance.now();
    const r = await readRequirementsFile(new DirectoryResolver(dir), "requirements.txt", text, opts);
    expect(r.packages).toHaveLength(100_000);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});
