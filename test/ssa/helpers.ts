// Shared helpers for the SSA tests: locating ../shared, a capturing Io, temp content trees.
import { cpSync, existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { captureIo } from "../capture-io.js";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SHARED = join(REPO, "..", "shared");
export const SSA_CORPUS = join(SHARED, "corpus", "ssa-2022");
export const HAVE_SHARED = existsSync(SSA_CORPUS);
if (!HAVE_SHARED) console.log(`note: ${SSA_CORPUS} is absent; corpus-based SSA tests are skipped`);

export function capture(cwd = REPO) {
  const c = captureIo(cwd);
  return { ...c, text: c.stdout, errText: c.stderr };
}

/** A scratch copy of the repository's own content (detections, tests, config, ...). */
export function copyRepoContent(): string {
  const dir = mkdtempSync(join(tmpdir(), "secpack-ssa-"));
  for (const p of ["secpack.yml", "detections", "macros", "stories", "data_sources", "deployments", "tests", "lookups"]) {
    if (existsSync(join(REPO, p))) cpSync(join(REPO, p), join(dir, p), { recursive: true });
  }
  return dir;
}

export function walkFiles(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walkFiles(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}
