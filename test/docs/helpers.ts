// Shared test helpers for the docs and attack tests: paths, a capturing io, tree listing.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { captureIo } from "../capture-io.js";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SHARED = join(REPO, "..", "shared");
export const FIXTURE_SITE = join(REPO, "test", "docs", "fixtures", "site");
export const MINI_BUNDLE = join(REPO, "test", "attack", "fixtures", "mini-enterprise-attack-v9.9.json");
export const V10_BUNDLE = join(SHARED, "corpus", "attack", "enterprise-attack-v10.1.json.gz");
export const ESCU_2024 = join(SHARED, "corpus", "escu-2024");
export const hasShared = existsSync(join(SHARED, "corpus"));

export const capture = (cwd = REPO) => captureIo(cwd);

/** Every file under `dir`, as sorted posix paths relative to it. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split("\\").join("/"));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}
