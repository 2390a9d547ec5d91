// Hostile archives for the archive readers (inspect, deploy --from): gzip bombs built cheaply from repeated gzip
// members, and tars with many entries, links and devices. Everything is written under os.tmpdir().
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import tar from "tar-stream";

const MiB = 1024 * 1024;

/** The 512-byte ustar header tar-stream writes for `header` (the body is never written). */
export async function tarHeader(header: tar.Header): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  let have = 0;
  return new Promise((resolve, reject) => {
    pack.on("data", (c: Buffer) => {
      chunks.push(c);
      have += c.length;
      if (have >= 512) {
        resolve(Buffer.concat(chunks).subarray(0, 512));
        pack.destroy();
      }
    });
    pack.on("error", reject);
    pack.entry(header);
  });
}

/**
 * A .spl whose single file `<top>/big.bin` holds `unpackedMiB` MiB of zeros: a few hundred KiB on disk. The gzip
 * stream is one member per 16 MiB (gunzip reads concatenated members as one stream).
 */
export async function gzipBomb(top: string, unpackedMiB: number, opts: { headerSize?: number } = {}): Promise<string> {
  const size = opts.headerSize ?? unpackedMiB * MiB;
  const header = await tarHeader({ name: `${top}/big.bin`, size, mode: 0o644, type: "file" });
  const block = gzipSync(Buffer.alloc(16 * MiB), { level: 9 });
  const members = [gzipSync(header)];
  for (let left = unpackedMiB; left > 0; left -= 16) members.push(left >= 16 ? block : gzipSync(Buffer.alloc(left * MiB)));
  const path = join(mkdtempSync(join(tmpdir(), "secpack-bomb-")), "bomb.spl");
  writeFileSync(path, Buffer.concat(members));
  return path;
}

/** A gzip tar with exactly these raw entries (names as given). */
export async function rawSpl(entries: { name: string; type?: tar.Header["type"]; linkname?: string; body?: string; mode?: number }[]): Promise<string> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (c: Buffer) => void chunks.push(c));
  const done = new Promise((resolve) => pack.on("end", resolve));
  for (const e of entries) {
    const type = e.type ?? "file";
    if (type === "file") pack.entry({ name: e.name, mode: e.mode ?? 0o644 }, e.body ?? "x");
    else pack.entry({ name: e.name, type, mode: e.mode ?? 0o644, ...(e.linkname ? { linkname: e.linkname } : {}) });
  }
  pack.finalize();
  await done;
  const path = join(mkdtempSync(join(tmpdir(), "secpack-hostile-")), "app.spl");
  writeFileSync(path, gzipSync(Buffer.concat(chunks)));
  return path;
}
