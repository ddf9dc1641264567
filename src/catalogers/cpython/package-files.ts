// Which files belong to which vendored package of a CPython tree: generate_sbom.py's PACKAGE_TO_FILES
// (include globs, exclude exact paths; docs/cpython-sbom.md §4.2). The 2025-05 table is built in; a tree
// that carries its own Tools/build/generate_sbom.py is read for its table, so older (libb2) and newer
// trees get their own rules.

/** Include globs and excluded exact paths of one vendored package. */
export interface PackageFiles {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

/** generate_sbom.py's PACKAGE_TO_FILES as of 2025-05 (CPython main, 3.14). */
export const PACKAGE_TO_FILES_2025: Readonly<Record<string, PackageFiles>> = {
  mpdecimal: { include: ["Modules/_decimal/libmpdec/**"], exclude: [] },
  expat: {
    include: ["Modules/expat/**"],
    exclude: ["Modules/expat/expat_config.h", "Modules/expat/pyexpatns.h", "Modules/expat/refresh.sh"],
  },
  macholib: {
    include: ["Lib/ctypes/macholib/**"],
    exclude: [
      "Lib/ctypes/macholib/README.ctypes",
      "Lib/ctypes/macholib/fetch_macholib",
      "Lib/ctypes/macholib/fetch_macholib.bat",
    ],
  },
  "hacl-star": {
    include: ["Modules/_hacl/**"],
    exclude: [
      "Modules/_hacl/refresh.sh",
      "Modules/_hacl/README.md",
      // Sic: the real file is python_hacl_namespaces.h, so it is not excluded (CPython's own table).
      "Modules/_hacl/python_hacl_namespace.h",
    ],
  },
};

/** Where a tree keeps the script whose table is read by {@link parsePackageToFiles}. */
export const GENERATE_SBOM_SCRIPT = "Tools/build/generate_sbom.py";

type Token =
  | { readonly kind: "str"; readonly value: string }
  | { readonly kind: "name"; readonly value: string }
  | { readonly kind: "punct"; readonly value: string };

function tokenize(src: string, start: number): Token[] | undefined {
  const out: Token[] = [];
  let i = start;
  let depth = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === "#") {
      while (i < src.length && src[i] !== "\n") i++;
      continue;
    }
    if (/\s/.test(c) || c === "\\") {
      i++;
      continue;
    }
    if (c === '"' || c === "'" || ((c === "r" || c === "R") && (src[i + 1] === '"' || src[i + 1] === "'"))) {
      const raw = c === "r" || c === "R";
      if (raw) i++;
      const q = src[i]!;
      if (src.startsWith(q.repeat(3), i)) return undefined; // triple-quoted strings: not expected here
      i++;
      let value = "";
      while (i < src.length && src[i] !== q) {
        if (src[i] === "\n") return undefined;
        if (src[i] === "\\" && !raw) {
          const e = src[i + 1];
          const map: Record<string, string> = { n: "\n", t: "\t", "\\": "\\", "'": "'", '"': '"' };
          if (e === undefined || map[e] === undefined) return undefined;
          value += map[e];
          i += 2;
          continue;
        }
        value += src[i];
        i++;
      }
      if (i >= src.length) return undefined;
      i++;
      out.push({ kind: "str", value });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < src.length && /[A-Za-z0-9_]/.test(src[j]!)) j++;
      out.push({ kind: "name", value: src.slice(i, j) });
      i = j;
      continue;
    }
    if ("{}[]()=,:".includes(c)) {
      out.push({ kind: "punct", value: c });
      if ("{[(".includes(c)) depth++;
      if ("}])".includes(c)) {
        depth--;
        if (depth === 0) return out;
      }
      i++;
      continue;
    }
    return undefined;
  }
  return undefined;
}

class TokenParser {
  readonly t: Token[];
  i = 0;

  constructor(t: Token[]) {
    this.t = t;
  }

  peek(): Token | undefined {
    return this.t[this.i];
  }

  punct(v: string): boolean {
    const x = this.t[this.i];
    if (x?.kind === "punct" && x.value === v) {
      this.i++;
      return true;
    }
    return false;
  }

  expectPunct(v: string): void {
    if (!this.punct(v)) throw new SyntaxError(`expected ${v}`);
  }

  str(): string {
    const x = this.t[this.i];
    if (x?.kind !== "str") throw new SyntaxError("expected a string");
    this.i++;
    return x.value;
  }

  /** `[ "a", "b", ]` or `None`. */
  listOrNone(): string[] {
    const x = this.peek();
    if (x?.kind === "name" && x.value === "None") {
      this.i++;
      return [];
    }
    this.expectPunct("[");
    const out: string[] = [];
    while (!this.punct("]")) {
      out.push(this.str());
      if (!this.punct(",")) {
        this.expectPunct("]");
        break;
      }
    }
    return out;
  }

  packageFiles(): PackageFiles {
    const name = this.peek();
    if (name?.kind !== "name" || name.value !== "PackageFiles")
      throw new SyntaxError("expected PackageFiles(");
    this.i++;
    this.expectPunct("(");
    const args: Record<string, string[]> = {};
    let positional = 0;
    while (!this.punct(")")) {
      const x = this.peek();
      const next = this.t[this.i + 1];
      let key: string;
      if (x?.kind === "name" && next?.kind === "punct" && next.value === "=") {
        key = x.value;
        this.i += 2;
      } else key = ["include", "exclude"][positional++] ?? "extra";
      if (key !== "include" && key !== "exclude") throw new SyntaxError(`unexpected argument ${key}`);
      args[key] = this.listOrNone();
      if (!this.punct(",")) {
        this.expectPunct(")");
        break;
      }
    }
    return { include: args.include ?? [], exclude: args.exclude ?? [] };
  }

  table(): Record<string, PackageFiles> {
    this.expectPunct("{");
    const out: Record<string, PackageFiles> = {};
    while (!this.punct("}")) {
      const key = this.str();
      this.expectPunct(":");
      out[key] = this.packageFiles();
      if (!this.punct(",")) {
        this.expectPunct("}");
        break;
      }
    }
    return out;
  }
}

/**
 * Reads the PACKAGE_TO_FILES literal out of a generate_sbom.py source text (strings, lists, `None`,
 * `PackageFiles(include=…, exclude=…)` and comments only); undefined when it is not there or not plain.
 * @example parsePackageToFiles(scriptText)?.expat?.exclude
 */
export function parsePackageToFiles(source: string): Record<string, PackageFiles> | undefined {
  const m = /^PACKAGE_TO_FILES\s*(?::[^=\n]*)?=\s*(?=\{)/m.exec(source);
  if (!m) return undefined;
  const tokens = tokenize(source, m.index + m[0].length);
  if (!tokens) return undefined;
  try {
    const p = new TokenParser(tokens);
    const table = p.table();
    if (p.i !== tokens.length || Object.keys(table).length === 0) return undefined;
    return table;
  } catch {
    return undefined;
  }
}
