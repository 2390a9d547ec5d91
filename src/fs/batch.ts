// Write a batch of files under one root so that nothing partial is left behind: every file is first written into
// a staging folder beside the root (same file system, so renames are atomic), then moved into place. When the root
// does not exist yet the whole staging folder is renamed to it in one step. Otherwise each file is renamed into
// place; a failure while moving puts back what was moved (and the files it replaced) before the error is re-thrown.
import { lstat, mkdir, mkdtemp, rename, rm, rmdir, writeFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, normalize, sep } from "node:path";

export interface BatchFile {
  /** Path relative to the root, with `/` or the platform separator. */
  path: string;
  contents: string | Buffer;
  mode?: number;
}

/** A Node-style system error, so callers can report it like any other file-system failure. */
function systemError(code: string, syscall: string, path: string, text: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${text}, ${syscall} '${path}'`), { code, syscall, path });
}

async function kindOf(path: string): Promise<"dir" | "other" | undefined> {
  try {
    return (await lstat(path)).isDirectory() ? "dir" : "other";
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    // A part of the path is a file: creating the folders would fail the same way.
    if (code === "ENOTDIR") throw systemError("ENOTDIR", "mkdir", path, "not a directory");
    throw err;
  }
}

function checkRelative(path: string): string {
  const p = normalize(path);
  if (p === "" || p === "." || isAbsolute(p) || p === ".." || p.startsWith(`..${sep}`)) {
    throw new Error(`batch path escapes its root: '${path}'`);
  }
  return p;
}

/** Folders `mkdir -p` would create for `dir` (outermost first), without creating them. */
async function missingDirs(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    const kind = await kindOf(d);
    if (kind === "dir") break;
    if (kind === "other") throw systemError("ENOTDIR", "mkdir", dir, "not a directory");
    out.unshift(d);
    if (dirname(d) === d) break;
  }
  return out;
}

/**
 * Write `files` under `root` all or nothing. Returns the absolute paths written. Throws the file-system error
 * (ENOTDIR, EACCES, ENOSPC, ...) after cleaning up; on an empty batch it writes nothing, not even `root`.
 */
export async function writeBatch(root: string, files: BatchFile[]): Promise<string[]> {
  if (files.length === 0) return [];
  const rels = files.map((f) => checkRelative(f.path));
  if (new Set(rels).size !== rels.length) throw new Error("batch holds the same path twice");
  const rootKind = await kindOf(root);
  if (rootKind === "other") throw systemError("ENOTDIR", "mkdir", root, "not a directory");
  // Parents of the root that do not exist yet: created for the staging folder, removed again on failure.
  const createdParents = rootKind ? [] : await missingDirs(dirname(root));
  if (createdParents.length) await mkdir(dirname(root), { recursive: true });
  let stage: string | undefined;
  let backup: string | undefined;
  const moved: { target: string; staged: string; replaced?: string }[] = [];
  const createdDirs: string[] = [];
  try {
    stage = await mkdtemp(join(dirname(root), `.${basename(root)}.secpack-`));
    for (const [i, f] of files.entries()) {
      const p = join(stage, rels[i]!);
      await mkdir(dirname(p), { recursive: true });
      await writeFile(p, f.contents, f.mode === undefined ? undefined : { mode: f.mode });
    }
    if (!rootKind) {
      await rename(stage, root);
      stage = undefined;
      return rels.map((r) => join(root, r));
    }
    for (const rel of rels) {
      const target = join(root, rel);
      const staged = join(stage, rel);
      for (const d of await missingDirs(dirname(target))) {
        await mkdir(d);
        createdDirs.push(d);
      }
      const kind = await kindOf(target);
      if (kind === "dir") throw systemError("EISDIR", "rename", target, "illegal operation on a directory");
      let replaced: string | undefined;
      if (kind) {
        backup ??= await mkdtemp(join(dirname(root), `.${basename(root)}.secpack-old-`));
        replaced = join(backup, rel);
        await mkdir(dirname(replaced), { recursive: true });
        await rename(target, replaced);
      }
      moved.push({ target, staged, replaced });
      await rename(staged, target);
    }
    return rels.map((r) => join(root, r));
  } catch (err) {
    // Put back what was moved, newest first, then drop the folders this call created.
    for (const m of moved.reverse()) {
      await rename(m.target, m.staged).catch(() => undefined);
      if (m.replaced) await rename(m.replaced, m.target).catch(() => undefined);
    }
    for (const d of createdDirs.reverse()) await rmdir(d).catch(() => undefined);
    if (createdParents.length) await rm(createdParents[0]!, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  } finally {
    if (stage) await rm(stage, { recursive: true, force: true }).catch(() => undefined);
    if (backup) await rm(backup, { recursive: true, force: true }).catch(() => undefined);
  }
}
