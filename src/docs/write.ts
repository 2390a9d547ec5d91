// Write the docs site into an output folder without leaving a half-written site behind: every file is
// first written into a staging folder inside the output folder, then renamed into place. Files this
// tool wrote last time (listed in .secpack-docs.json) but not this time are removed; other files
// (a Jekyll _config.yml, hand-written pages) are never touched.
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
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

async function previousFiles(out: string): Promise<string[]> {
  try {
    const m = JSON.parse(await readFile(join(out, MANIFEST_FILE), "utf8"));
    return Array.isArray(m.files) ? m.files.filter((f: unknown) => typeof f === "string") : [];
  } catch {
    return [];
  }
}

/** Write `files` under `out`. Returns the number of stale files removed. */
export async function writeDocs(out: string, files: OutputFile[]): Promise<{ removed: number }> {
  await mkdir(out, { recursive: true });
  const stage = join(out, `.secpack-docs-staging-${process.pid}`);
  await rm(stage, { recursive: true, force: true });
  try {
    const dirs = new Set<string>();
    for (const f of files) dirs.add(dirname(safeJoin(stage, f.path)));
    await Promise.all([...dirs].map((d) => mkdir(d, { recursive: true })));
    await Promise.all(files.map((f) => writeFile(safeJoin(stage, f.path), f.contents, { mode: f.mode ?? 0o644 })));
    const old = await previousFiles(out);
    await Promise.all([...dirs].map((d) => mkdir(join(out, d.slice(stage.length)), { recursive: true })));
    await Promise.all(files.map((f) => rename(safeJoin(stage, f.path), safeJoin(out, f.path))));
    const now = new Set(files.map((f) => f.path));
    let removed = 0;
    for (const f of old) {
      if (now.has(f) || !/^[\w.-]+(\/[\w.-]+)*$/.test(f) || f.split("/").includes("..")) continue;
      await rm(safeJoin(out, f), { force: true });
      removed++;
    }
    const manifest = { generator: "secpack docs", files: [...now].sort() };
    await writeFile(join(out, MANIFEST_FILE), JSON.stringify(manifest, null, 1) + "\n");
    return { removed };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
