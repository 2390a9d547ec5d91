// Read an app package (.spl/.tgz/.tar.gz/.tar) or an app folder into a flat list of entries.
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import { join, basename } from "node:path";
import { ARCHIVE_LIMITS, ArchiveLimitError, ArchiveReadError, isGzipFile, readTarFile, type ArchiveLimits, type TarEntry } from "../package/untar.js";

export interface AppEntry {
  /** Path as stored (archive) or relative to the folder's parent (folder), forward slashes; dirs end with '/'. */
  name: string;
  type: "file" | "directory" | "symlink" | "other";
  mode: number;
  size: number;
  contents?: Buffer;
  linkname?: string;
  /** For type "symlink": a tar hard link (which names another entry) rather than a symbolic link. */
  hardlink?: boolean;
}

export interface AppSource {
  kind: "archive" | "folder";
  /** Problems reading it at all (not gzip, truncated, not tar). */
  readError?: string;
  gzip: boolean;
  entries: AppEntry[];
}

/** One tar header as an AppEntry. */
function toEntry({ header, contents }: TarEntry): AppEntry {
  const t = header.type;
  const e: AppEntry = {
    name: header.name,
    type: t === "file" || t === "contiguous-file" ? "file" : t === "directory" ? "directory" : t === "symlink" || t === "link" ? "symlink" : "other",
    mode: header.mode ?? 0,
    size: header.size ?? 0,
  };
  if (e.type === "directory" && !e.name.endsWith("/")) e.name += "/";
  if (e.type === "file") e.contents = contents ?? Buffer.alloc(0);
  if (header.linkname) e.linkname = header.linkname;
  if (t === "link") e.hardlink = true;
  return e;
}

/** Read a package or folder. Archives are read within `limits` (size, unpacked size, entry count). */
export async function readPackage(path: string, limits: ArchiveLimits = ARCHIVE_LIMITS): Promise<AppSource> {
  const st = await lstat(path);
  if (st.isDirectory()) return { kind: "folder", gzip: false, entries: await readFolder(path) };
  const gzip = await isGzipFile(path);
  try {
    const entries = (await readTarFile(path, limits)).entries.map(toEntry);
    if (entries.length === 0) return { kind: "archive", gzip, entries, readError: "the archive is empty" };
    return { kind: "archive", gzip, entries };
  } catch (e) {
    if (e instanceof ArchiveReadError) return { kind: "archive", gzip, entries: [], readError: e.message };
    if (e instanceof ArchiveLimitError) return { kind: "archive", gzip, entries: [], readError: e.message };
    throw e;
  }
}

/** A folder is read as if it were the archive's top folder (entries named `<folder name>/...`). */
async function readFolder(dir: string): Promise<AppEntry[]> {
  const top = basename(dir);
  const out: AppEntry[] = [];
  const walk = async (abs: string, rel: string) => {
    const st = await lstat(abs);
    if (st.isSymbolicLink()) {
      out.push({ name: rel, type: "symlink", mode: st.mode & 0o7777, size: 0, linkname: await readlink(abs) });
    } else if (st.isDirectory()) {
      out.push({ name: rel + "/", type: "directory", mode: st.mode & 0o7777, size: 0 });
      for (const n of (await readdir(abs)).sort()) await walk(join(abs, n), `${rel}/${n}`);
    } else if (st.isFile()) {
      out.push({ name: rel, type: "file", mode: st.mode & 0o7777, size: st.size, contents: await readFile(abs) });
    } else out.push({ name: rel, type: "other", mode: st.mode & 0o7777, size: 0 });
  };
  await walk(dir, top);
  return out;
}
