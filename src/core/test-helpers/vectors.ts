// Test-only: loads conformance vectors from PYSBOM_VECTORS (default ../shared/vectors beside the repo).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The vectors directory: `$PYSBOM_VECTORS`, else `../shared/vectors` beside the repository root. */
export const vectorsDir: string = process.env.PYSBOM_VECTORS
  ? resolve(process.env.PYSBOM_VECTORS)
  : resolve(repoRoot, "../shared/vectors");

/** Reads `<vectorsDir>/<file>` and returns its `data` member (see the vectors README). */
export function loadVectors<T>(file: string): T {
  const doc = JSON.parse(readFileSync(join(vectorsDir, file), "utf8")) as { data: T };
  return doc.data;
}

/** Absolute path of the repository root (for tests that read fixtures). */
export const repositoryRoot: string = repoRoot;

/** Absolute path of ../shared beside the repository. */
export const sharedDir: string = resolve(repoRoot, "../shared");
