// Opens a user-named target (file or directory) as a Resolver plus the target's path inside it.
import { stat } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { PysbomError } from "../errors.js";
import { DirectoryResolver, type Resolver } from "./resolver.js";

/**
 * A directory target is its own root; a file target is read through a resolver rooted at its directory.
 * @example const { resolver, path } = await openTarget("uv.lock", process.cwd()) // path === "uv.lock"
 */
export async function openTarget(target: string, cwd: string): Promise<{ resolver: Resolver; path: string }> {
  const abs = resolve(cwd, target);
  const st = await stat(abs).catch((cause) => {
    throw new PysbomError("INPUT_NOT_FOUND", `${target}: no such file or directory`, {
      cause,
      location: { file: target },
    });
  });
  if (st.isDirectory()) return { resolver: new DirectoryResolver(abs, target), path: "" };
  if (st.isFile())
    return { resolver: new DirectoryResolver(dirname(abs), dirname(target)), path: basename(abs) };
  throw new PysbomError("INPUT_UNREADABLE", `${target}: neither a file nor a directory`, {
    location: { file: target },
  });
}
