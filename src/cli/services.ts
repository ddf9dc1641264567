// Services the CLI injects into catalogers (network access and the like), built from command options:
// PyPI JSON from the network, from a `--pypi-metadata` file (offline), or not at all (`--offline`).
import type { CatalogServices } from "../catalogers/types.js";
import { PysbomError } from "../errors.js";
import { readBoundedFile } from "../sources/file.js";
import { fetchJson } from "../sources/http.js";
import { resolvePath } from "./common.js";
import type { Io } from "./io.js";

const PYPI = "https://pypi.org/";
const PYPI_JSON_URL = /^https:\/\/pypi\.org\/pypi\/([^/]+)\/([^/]+)\/json$/;

/** PEP 503 comparison key of a project name (enough to look a fixture entry up). */
function nameKey(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/**
 * A `fetchJson` that answers PyPI JSON API requests from a file mapping `"name/version"` (or a full URL) to
 * the API's response, the shape of ../shared/fixtures/cpython/release/<case>/pypi-fixture.json. The file is
 * read on first use; a request it cannot answer is a `NETWORK` error naming the missing key.
 * @example await pypiMetadataFile("/tmp/pypi.json")("https://pypi.org/pypi/pip/24.0/json")
 */
export function pypiMetadataFile(path: string, display: string = path): (url: string) => Promise<unknown> {
  let table: Promise<Map<string, unknown>> | undefined;
  const load = async (): Promise<Map<string, unknown>> => {
    const bytes = await readBoundedFile(path, 256 * 1024 * 1024, display);
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    } catch (cause) {
      throw new PysbomError("INVALID_JSON", `${display}: not a JSON file (${(cause as Error).message})`, {
        cause,
        location: { file: display },
      });
    }
    if (value === null || typeof value !== "object" || Array.isArray(value))
      throw new PysbomError(
        "INVALID_DOCUMENT",
        `${display}: expected a JSON object mapping "name/version" to PyPI JSON API responses`,
        { location: { file: display } },
      );
    const map = new Map<string, unknown>();
    for (const [k, v] of Object.entries(value)) {
      map.set(k, v);
      const slash = k.indexOf("/");
      if (slash > 0 && !k.includes("://")) map.set(`${nameKey(k.slice(0, slash))}/${k.slice(slash + 1)}`, v);
    }
    return map;
  };
  return async (url: string) => {
    table ??= load();
    const map = await table;
    if (map.has(url)) return map.get(url);
    const m = PYPI_JSON_URL.exec(url);
    if (m) {
      const name = decodeURIComponent(m[1]!);
      const version = decodeURIComponent(m[2]!);
      for (const key of [`${name}/${version}`, `${nameKey(name)}/${version}`])
        if (map.has(key)) return map.get(key);
      throw new PysbomError("NETWORK", `${display} (--pypi-metadata) has no entry "${name}/${version}"`);
    }
    throw new PysbomError("NETWORK", `${display} (--pypi-metadata) cannot answer ${url}`);
  };
}

/**
 * Builds the services for one run from the command's options: `--pypi-metadata FILE` answers PyPI
 * lookups from FILE, `--offline` allows no network at all, and otherwise the real network is used
 * (PyPI itself, or the mirror named by the `PYSBOM_PYPI_URL` environment variable).
 * @example makeServices({ offline: true }, io).fetchJson // undefined
 */
export function makeServices(options: Readonly<Record<string, unknown>>, io: Io): CatalogServices {
  const file = options.pypiMetadata;
  if (typeof file === "string" && file !== "")
    return { fetchJson: pypiMetadataFile(resolvePath(io, file), file) };
  if (options.offline === true) return {};
  // PYSBOM_PYPI_URL points PyPI JSON API requests at a mirror or proxy (`https://pypi.org/` is replaced).
  const mirror = io.env.PYSBOM_PYPI_URL?.replace(/\/+$/, "");
  if (mirror !== undefined && mirror !== "" && !/^https?:\/\//.test(mirror))
    throw new PysbomError("USAGE", `PYSBOM_PYPI_URL must be an http(s) URL, found ${JSON.stringify(mirror)}`);
  return {
    fetchJson: (url: string) =>
      fetchJson(mirror && url.startsWith(PYPI) ? `${mirror}/${url.slice(PYPI.length)}` : url, {
        timeoutMs: 60_000,
        maxBytes: 64 * 1024 * 1024,
      }),
  };
}
