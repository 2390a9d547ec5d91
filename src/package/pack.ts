// A reproducible .spl: gzip-compressed tar with one top folder (the app id), entries sorted by path, every
// directory listed before its files, fixed mtime, uid/gid 0, owner root, modes 0755 (dirs, bin/ files) and 0644,
// no hidden files and no local/. The gzip header carries no name and no time. Same files in -> same bytes out.
// Written with tar-stream (the tar engine archiver drives) and node:zlib directly: importing archiver costs about
// 150 ms of start-up (glob, lodash, zip support) that an archive of in-memory files does not need.
import { createGzip } from "node:zlib";
import tar from "tar-stream";
import type { OutputFile } from "../render/output.js";

export class ArchivePathError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = "ArchivePathError";
  }
}

/** Why `path` (relative to the app folder) may not go into an app archive, or undefined when it may. */
export function archivePathProblem(path: string): string | undefined {
  if (path === "") return "the path is empty";
  if (path.includes("\\")) return "backslashes are not path separators in a tar archive";
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "the path is absolute";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return "the path holds control characters";
  const parts = path.split("/");
  for (const p of parts) {
    if (p === "") return "the path has an empty segment";
    if (p === "." || p === "..") return "the path has a '.' or '..' segment";
    if (p.startsWith(".")) return "hidden files and folders may not ship in an app";
    if (p === "__MACOSX") return "__MACOSX may not ship in an app";
  }
  if (parts[0] === "local" || path === "metadata/local.meta") return "local settings may not ship in an app";
  if (/\.py[co]$/.test(path)) return "compiled Python may not ship in an app";
  if (/\.(conf|xml)$/.test(path) && /\s/.test(parts[parts.length - 1]!)) return "conf and dashboard file names may not contain spaces";
  return undefined;
}

export interface PackOptions {
  /** Modification time of every entry (whole seconds are kept). */
  mtime: Date;
}

/** Build the .spl bytes. Throws ArchivePathError for a path that may not go into an app. */
export async function packSpl(appid: string, files: readonly OutputFile[], opts: PackOptions): Promise<Buffer> {
  const top = archivePathProblem(appid);
  if (top || appid.includes("/")) throw new ArchivePathError(appid, `App id '${appid}' cannot be the top folder: ${top ?? "it holds a '/'"}.`);
  const byPath = new Map<string, OutputFile>();
  const dirs = new Set<string>([""]);
  for (const f of files) {
    const why = archivePathProblem(f.path);
    if (why) throw new ArchivePathError(f.path, `'${f.path}' cannot go into the app archive: ${why}.`);
    if (byPath.has(f.path)) throw new ArchivePathError(f.path, `'${f.path}' is in the app twice.`);
    byPath.set(f.path, f);
    const parts = f.path.split("/");
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
  }
  for (const d of dirs) if (d && byPath.has(d)) throw new ArchivePathError(d, `'${d}' is both a file and a folder.`);

  const mtime = new Date(Math.floor(opts.mtime.getTime() / 1000) * 1000);
  type Entry = { name: string; dir: boolean; file?: OutputFile };
  const entries: Entry[] = [
    ...[...dirs].map((d) => ({ name: d ? `${appid}/${d}/` : `${appid}/`, dir: true })),
    ...[...byPath.values()].map((f) => ({ name: `${appid}/${f.path}`, dir: false, file: f })),
  ];
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const pack = tar.pack();
  const gzip = createGzip({ level: 4, memLevel: 9 });
  const chunks: Buffer[] = [];
  gzip.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    gzip.on("end", () => resolve());
    gzip.on("error", reject);
    pack.on("error", reject);
  });
  pack.pipe(gzip);
  const owner = { uid: 0, gid: 0, uname: "root", gname: "root" };
  // One entry at a time, waiting for the compressor when it falls behind: each body becomes a Buffer only when
  // its turn comes, so the app is never held twice in memory.
  for (const e of entries) {
    let header: Partial<tar.Header> & { name: string };
    let body: Buffer;
    if (e.dir) {
      header = { name: e.name, type: "directory", mode: 0o755, mtime, ...owner };
      body = Buffer.alloc(0);
    } else {
      const f = e.file!;
      const inBin = f.path.startsWith("bin/");
      const mode = f.mode !== undefined ? ((f.mode & 0o111) !== 0 && inBin ? 0o755 : 0o644) : inBin ? 0o755 : 0o644;
      body = typeof f.contents === "string" ? Buffer.from(f.contents, "utf8") : f.contents;
      header = { name: e.name, type: "file", mode, mtime, size: body.length, ...owner };
    }
    await new Promise<void>((resolve, reject) => pack.entry(header as tar.Header, body, (err) => (err ? reject(err) : resolve())));
    while ((pack as unknown as { readableLength: number }).readableLength > 4 << 20) await new Promise((r) => setImmediate(r));
  }
  pack.finalize();
  await done;
  const gz = Buffer.concat(chunks);
  // Gzip header: no time (bytes 4-7 = 0) and a fixed OS byte, whatever zlib was built for.
  gz.writeUInt32LE(0, 4);
  gz[9] = 3;
  return gz;
}
