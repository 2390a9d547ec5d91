// Write the docs site into an output folder without leaving a half-written site behind: changed files are
// first written into a staging folder inside the output folder, then renamed into place. The manifest
// (.secpack-docs.json) lists every file this tool wrote with its SHA-1: files whose bytes did not change
// (same hash, same size on disk) are not rewritten, and files written last time but not this time are
// removed. Other files (a Jekyll _config.yml, hand-written pages) are never touched.
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
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
async function previousFiles(out: string): Promise<Map<string, string>> {
  try {
    const m = JSON.parse(await readFile(join(out, MANIFEST_FILE), "utf8"));
    const files = m && typeof m.files === "object" && !Array.isArray(m.files) ? m.files : {};
    return new Map(Object.entries(files).filter((e): e is [string, string] => typeof e[1] === "string" && isPlainRelative(e[0])));
  } catch {
    return new Map();
  }
}

async function unchanged(path: string, size: number): Promise<boolean> {
  try {
    return (await stat(path)).size === size;
  } catch {
    return false;
  }
}

/** Write `files` under `out`. Returns how many files were written, kept as they were, and removed. */
export async function writeDocs(out: string, files: OutputFile[]): Promise<{ written: number; kept: number; removed: number }> {
  await mkdir(out, { recursive: true });
  const old = await previousFiles(out);
  const hashed = files.map((f) => {
    const bytes = typeof f.contents === "string" ? Buffer.from(f.contents, "utf8") : f.contents;
    return { f, bytes, sha1: createHash("sha1").update(bytes).digest("hex") };
  });
  const same = await Promise.all(hashed.map((h) => old.get(h.f.path) === h.sha1 && unchanged(safeJoin(out, h.f.path), h.bytes.length)));
  const changed = hashed.filter((_, i) => !same[i]);
  const stage = join(out, `.secpack-docs-staging-${process.pid}`);
  await rm(stage, { recursive: true, force: true });
  try {
    const dirs = [...new Set(changed.map((h) => dirname(h.f.path)))];
    await Promise.all(dirs.map((d) => mkdir(safeJoin(stage, d), { recursive: true })));
    await Promise.all(changed.map((h) => writeFile(safeJoin(stage, h.f.path), h.bytes, { mode: h.f.mode ?? 0o644 })));
    await Promise.all(dirs.map((d) => mkdir(safeJoin(out, d), { recursive: true })));
    await Promise.all(changed.map((h) => rename(safeJoin(stage, h.f.path), safeJoin(out, h.f.path))));
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
  const now = new Set(files.map((f) => f.path));
  const stale = [...old.keys()].filter((f) => !now.has(f));
  await Promise.all(stale.map((f) => rm(safeJoin(out, f), { force: true })));
  const manifest = { generator: "secpack docs", files: Object.fromEntries(hashed.map((h) => [h.f.path, h.sha1]).sort((a, b) => (a[0] < b[0] ? -1 : 1))) };
  await writeFile(join(out, MANIFEST_FILE), JSON.stringify(manifest, null, 1) + "\n");
  return { written: changed.length, kept: files.length - changed.length, removed: stale.length };
}
