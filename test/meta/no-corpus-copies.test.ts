// ../shared is read-only material that must never be copied into the repository: no file of the working tree may
// be byte-identical to a file under ../shared/corpus. Skipped (with a note) when ../shared is absent.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CORPUS = join(REPO, "..", "shared", "corpus");
const HAVE_CORPUS = existsSync(CORPUS);
if (!HAVE_CORPUS) console.log(`note: ${CORPUS} is absent; the corpus-copy check is skipped`);
/** Not part of the repository's own files: installed packages, git data, compiled and build output. */
const SKIP = new Set(["node_modules", ".git", "lib", "dist", "test-output", ".secpack-cache", "out"]);

function walk(dir: string, skipTop: boolean, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (skipTop && SKIP.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, false, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

const sha1 = (p: string) => createHash("sha1").update(readFileSync(p)).digest("hex");

describe.skipIf(!HAVE_CORPUS)("no corpus copies in the repository", () => {
  it("has no file byte-identical to a file of ../shared/corpus", () => {
    // Compare by size first, hash only the candidates.
    const bySize = new Map<number, string[]>();
    for (const f of walk(CORPUS, false)) {
      const size = statSync(f).size;
      if (size === 0) continue;
      bySize.set(size, [...(bySize.get(size) ?? []), f]);
    }
    const copies: string[] = [];
    const corpusHash = new Map<string, string>();
    for (const f of walk(REPO, true)) {
      const candidates = bySize.get(statSync(f).size);
      if (!candidates) continue;
      const h = sha1(f);
      for (const c of candidates) {
        if (!corpusHash.has(c)) corpusHash.set(c, sha1(c));
        if (corpusHash.get(c) === h) copies.push(`${relative(REPO, f)} = ${relative(join(REPO, ".."), c)}`);
      }
    }
    expect(copies).toEqual([]);
  }, 120_000);
});
