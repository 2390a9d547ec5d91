// Write the docs site into an output folder without leaving a half-written site behind: changed files are
// first written into a staging folder inside the output folder, then renamed into place. The manifest
// (.secpack-docs.json) lists every file this tool wrote with its SHA-1: files whose bytes did not change
// (same hash, same size on disk) are not rewritten, and files written last time but not this time are
// removed. Other files (a Jekyll _config.yml, hand-written pages) are never touched.
// Writing is synchronous: ~2,000 small files go out faster as plain syscalls than as promises on the thread
// pool, and a top-level folder that does not exist in the output yet moves in with one rename.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, normalize, sep } from "node:path";
import type { OutputFile } from "../render/output.js";

export const MANIFEST_FILE = ".secpack-docs.json";

/** Reject output paths that are absolute or climb out of the folder. */
function safeJoin(root: string, path: string): string {
  const n = normalize(path);
  if (n.startsWith("..") || n.startsWith(sep) || /^[A-Za-z]:/.test(n) || n.split(/[\\/]/).includes("..")) {
    throw new Error(`refusing to write outside the output folder: ${path}`);
  }
  return join(root, n);
}

const isPlainRelative = (f: string) => /^[\w.-]+(\/[\w.-]+)*$/.test(f) && !f.split("/").includes("..");

/** The previous run's files and hashes (an unreadable manifest counts as none). */
function previousFiles(out: string): Map<string, string> {
  try {
    const m = JSON.parse(readFileSync(join(out, MANIFEST_FILE), "utf8"));
    const files = m && typeof m.files === "object" && !Array.isArray(m.files) ? m.files : {};
    return new Map(Object.entries(files).filter((e): e is [string, string] => typeof e[1] === "string" && isPlainRelative(e[0])));
  } catch {
    return new Map();
  }
}

function unchanged(path: string, size: number): boolean {
  try {
    return statSync(path).size === size;
  } catch {
    return false;
  }
}

/** Write `files` under `out`. Returns how many files were written, kept as they were, and removed. */
export async function writeDocs(out: string, files: OutputFile[]): Promise<{ written: number; kept: number; removed: number }> {
  mkdirSync(out, { recursive: true });
  const old = previousFiles(out);
  const hashed = files.map((f) => {
    const bytes = typeof f.contents === "string" ? Buffer.from(f.contents, "utf8") : f.contents;
    return { f, bytes, sha1: createHash("sha1").update(bytes).digest("hex"), target: safeJoin(out, f.path) };
  });
  const changed = hashed.filter((h) => !(old.get(h.f.path) === h.sha1 && unchanged(h.target, h.bytes.length)));
  const stage = join(out, `.secpack-docs-staging-${process.pid}`);
  rmSync(stage, { recursive: true, force: true });
  try {
    for (const d of new Set(changed.map((h) => dirname(h.f.path)))) mkdirSync(safeJoin(stage, d), { recursive: true });
    for (const h of changed) writeFileSync(safeJoin(stage, h.f.path), h.bytes, { mode: h.f.mode ?? 0o644 });
    // Move into place: a top-level folder the output does not have yet in one rename, the rest file by file.
    const moved = new Set<string>();
    for (const h of changed) {
      const parts = normalize(h.f.path).split(/[\\/]/);
      if (parts.length > 1) {
        if (moved.has(parts[0])) continue;
        if (!existsSync(join(out, parts[0]))) {
          renameSync(join(stage, parts[0]), join(out, parts[0]));
          moved.add(parts[0]);
          continue;
        }
        mkdirSync(dirname(h.target), { recursive: true });
      }
      renameSync(safeJoin(stage, h.f.path), h.target);
    }
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  const now = new Set(files.map((f) => f.path));
  const stale = [...old.keys()].filter((f) => !now.has(f));
  for (const f of stale) rmSync(safeJoin(out, f), { force: true });
  const manifest = { generator: "secpack docs", files: Object.fromEntries(hashed.map((h) => [h.f.path, h.sha1]).sort((a, b) => (a[0] < b[0] ? -1 : 1))) };
  writeFileSync(join(out, MANIFEST_FILE), JSON.stringify(manifest, null, 1) + "\n");
  return { written: changed.length, kept: files.length - changed.length, removed: stale.length };
}
