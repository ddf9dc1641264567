// Legacy egg-info metadata (setuptools): `requires.txt` with `[extra]` / `[:marker]` / `[extra:marker]`
// sections turned into PEP 508 requirement strings exactly as `importlib.metadata` does
// (`Distribution._convert_egg_info_reqs_to_simple_reqs`), and `.egg-link` files of `setup.py develop`.
// Pure.

// Python's str.splitlines() boundaries.
const LINE_BREAKS = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

/**
 * Converts requires.txt to Requires-Dist strings: a requirement in section `[extra:marker]` becomes
 * `req; (marker) and extra == "extra"`, in `[extra]` `req; extra == "extra"`, in `[:marker]`
 * `req; marker`. A requirement with a URL gets a space before `;` (PEP 508). Comment lines are skipped.
 * @example
 * requiresTxtToRequiresDist("a>=1\n[socks]\nPySocks\n[:python_version < '3.8']\nb")
 * // ["a>=1", 'PySocks; extra == "socks"', "b; python_version < '3.8'"]
 */
export function requiresTxtToRequiresDist(text: string): string[] {
  const out: string[] = [];
  let section = "";
  for (const raw of text.split(LINE_BREAKS)) {
    const value = raw.trim();
    if (value === "" || value.startsWith("#")) continue;
    if (value.startsWith("[") && value.endsWith("]")) {
      section = value.replace(/^\[+|\]+$/g, "");
      continue;
    }
    const colon = section.indexOf(":");
    const extra = colon === -1 ? section : section.slice(0, colon);
    let markers = colon === -1 ? "" : section.slice(colon + 1);
    if (extra && markers) markers = `(${markers})`;
    const conditions = [markers, extra ? `extra == "${extra}"` : ""].filter(Boolean);
    const space = value.includes("@") ? " " : "";
    out.push(conditions.length > 0 ? `${value}${space}; ${conditions.join(" and ")}` : value);
  }
  return out;
}

/** An `.egg-link` file: the project directory (absolute, as written) and the path of the egg base in it. */
export interface EggLink {
  readonly target: string;
  readonly base: string;
}

/**
 * Parses an `.egg-link` file (`setup.py develop`, pip < 21.3 editable installs): first line the project
 * directory, second line the relative egg base (usually `.`).
 * @example parseEggLink("/home/me/proj\n.\n") // { target: "/home/me/proj", base: "." }
 */
export function parseEggLink(text: string): EggLink | undefined {
  const lines = text.split(/\r\n|\r|\n/).map((l) => l.trim());
  const target = lines[0];
  if (!target) return undefined;
  return { target, base: lines[1] || "." };
}
