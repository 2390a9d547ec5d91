// Reading an app archive someone else made (inspect, deploy --from) without trusting it: the file, what it
// decompresses to and the number of entries are bounded, so a gzip bomb or a tar of a million empty files fails
// with a clear message after reading at most the limit, never after filling memory or the disk. Nothing is
// extracted to disk here; callers get the headers and the bodies of regular files.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Transform, type TransformCallback } from "node:stream";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";

export interface ArchiveLimits {
  /** Size of the archive file itself. */
  maxArchiveBytes: number;
  /** Bytes of tar data after decompression (headers and bodies). */
  maxUnpackedBytes: number;
  /** Number of tar entries (files, folders, links...). */
  maxEntries: number;
}

const MiB = 1024 * 1024;

/** Far above any content app (the full ESCU app is about 30 MiB unpacked), far below what hurts a machine. */
export const ARCHIVE_LIMITS: ArchiveLimits = { maxArchiveBytes: 512 * MiB, maxUnpackedBytes: 1024 * MiB, maxEntries: 100_000 };

export const formatBytes = (n: number): string => (n >= MiB ? `${Math.round((n / MiB) * 10) / 10} MiB` : `${n} bytes`);

/** The archive breaks a limit (too big, decompresses to too much, too many entries). */
export class ArchiveLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ArchiveLimitError";
  }
}

/** The archive cannot be read: `stage` says whether the gzip layer or the tar layer failed. */
export class ArchiveReadError extends Error {
  constructor(
    readonly stage: "gzip" | "tar",
    message: string,
  ) {
    super(message);
    this.name = "ArchiveReadError";
  }
}

export interface TarEntry {
  header: tar.Header;
  /** Body of a regular file ("file" / "contiguous-file"); other entries carry no body. */
  contents?: Buffer;
}

/** Counts bytes flowing through and fails once more than `max` have passed. */
class Meter extends Transform {
  total = 0;
  constructor(
    private readonly max: number,
    private readonly what: string,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.total += chunk.length;
    if (this.total > this.max) cb(new ArchiveLimitError(`${this.what} more than ${formatBytes(this.max)}; refusing to read it (a decompression bomb?)`));
    else cb(null, chunk);
  }
}

/** gzip magic bytes at the start of a file. */
export const isGzip = (head: Buffer): boolean => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/** Whether the file starts with the gzip magic bytes. */
export async function isGzipFile(file: string): Promise<boolean> {
  return isGzip(await readHead(file));
}

async function readHead(file: string): Promise<Buffer> {
  const { open } = await import("node:fs/promises");
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await fh.read(buf, 0, 2, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * Read every entry of a tar or gzip-compressed tar file within `limits`. Throws ArchiveLimitError when a limit is
 * broken and ArchiveReadError when the data is not gzip/tar; entries are returned in archive order.
 */
export async function readTarFile(file: string, limits: ArchiveLimits = ARCHIVE_LIMITS): Promise<{ gzip: boolean; entries: TarEntry[] }> {
  const size = (await stat(file)).size;
  if (size > limits.maxArchiveBytes) {
    throw new ArchiveLimitError(`the archive is ${formatBytes(size)}, more than the ${formatBytes(limits.maxArchiveBytes)} an app package may have`);
  }
  const gzip = isGzip(await readHead(file));
  const entries: TarEntry[] = [];
  let unpacked = 0;
  const source = createReadStream(file);
  const gunzip = gzip ? createGunzip() : undefined;
  const meter = new Meter(limits.maxUnpackedBytes, "the archive decompresses to");
  const extract = tar.extract();
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    // The first outcome wins; every stream keeps an error listener, so a late error is never unhandled.
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      if (err) {
        source.destroy();
        gunzip?.destroy();
        meter.destroy();
        extract.destroy();
        reject(err);
      } else resolve();
    };
    const tarError = (e: Error) => finish(e instanceof ArchiveLimitError ? e : new ArchiveReadError("tar", `not a readable tar archive (${e.message})`));
    source.on("error", (e) => finish(e));
    gunzip?.on("error", (e) => finish(new ArchiveReadError("gzip", `gzip data is corrupt or truncated (${e.message})`)));
    meter.on("error", tarError);
    extract.on("error", tarError);
    extract.on("finish", () => finish());
    extract.on("entry", (header, stream, next) => {
      stream.on("error", tarError);
      if (entries.length >= limits.maxEntries) {
        stream.resume();
        finish(new ArchiveLimitError(`the archive has more than ${limits.maxEntries} entries; refusing to read it`));
        return;
      }
      const body = header.type === "file" || header.type === "contiguous-file";
      // The header announces the body size: refuse before buffering anything that would break the budget.
      unpacked += header.size ?? 0;
      if (unpacked > limits.maxUnpackedBytes) {
        stream.resume();
        finish(new ArchiveLimitError(`the archive unpacks to more than ${formatBytes(limits.maxUnpackedBytes)}; refusing to read it (a decompression bomb?)`));
        return;
      }
      const chunks: Buffer[] = [];
      stream.on("data", (c: unknown) => void (body && chunks.push(c as Buffer)));
      stream.on("end", () => {
        entries.push(body ? { header, contents: Buffer.concat(chunks) } : { header });
        next();
      });
    });
    (gunzip ? source.pipe(gunzip).pipe(meter) : source.pipe(meter)).pipe(extract);
  });
  return { gzip, entries };
}
