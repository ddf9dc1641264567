// Where the vulnerability database lives: `--db DIR`, else `$PYSBOM_DB`, else `$XDG_CACHE_HOME/pysbom/db`
// (XDG Base Directory: only an absolute XDG_CACHE_HOME counts), else `~/.cache/pysbom/db`.
import { isAbsolute, join, resolve } from "node:path";
import { PysbomError } from "../../errors.js";

/**
 * The database directory for the given option and environment.
 * @example databaseDir(undefined, { HOME: "/home/me" }, "/work") // "/home/me/.cache/pysbom/db"
 */
export function databaseDir(
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): string {
  if (option !== undefined && option !== "") return resolve(cwd, option);
  if (env.PYSBOM_DB) return resolve(cwd, env.PYSBOM_DB);
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, "pysbom", "db");
  if (env.HOME && isAbsolute(env.HOME)) return join(env.HOME, ".cache", "pysbom", "db");
  throw new PysbomError(
    "USAGE",
    "cannot tell where the vulnerability database is: set --db DIR, PYSBOM_DB, XDG_CACHE_HOME or HOME",
  );
}
