// Shared test helpers for the docs and attack tests: paths, a capturing io, tree listing.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SHARED = join(REPO, "..", "shared");
export const FIXTURE_SITE = join(REPO, "test", "docs", "fixtures", "site");
export const MINI_BUNDLE = join(REPO, "test", "attack", "fixtures", "mini-enterprise-attack-v9.9.json");
export const V10_BUNDLE = join(SHARED, "corpus", "attack", "enterprise-attack-v10.1.json.gz");
export const ESCU_2024 = join(SHARED, "corpus", "escu-2024");
export const hasShared = existsSync(join(SHARED, "corpus"));

export function capture(cwd = REPO) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: () => out.join(""),
    stderr: () => err.join(""),
    io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), env: {}, cwd, interactive: false },
  };
}

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
