// App icons at the sizes Splunk expects. A template icon of the wrong size (contentctl's template has two) is
// replaced by a generated one: a plain PNG, the same bytes on every build.
import { deflateSync } from "node:zlib";

export const ICON_SIZES: Record<string, number> = {
  "static/appIcon.png": 36,
  "static/appIcon_2x.png": 72,
  "static/appIconAlt.png": 36,
  "static/appIconAlt_2x.png": 72,
};

/** Width and height of a PNG, or undefined when the bytes are not a PNG. */
export function pngSize(buf: Buffer): { width: number; height: number } | undefined {
  if (buf.length < 24 || buf.readUInt32BE(0) !== 0x89504e47 || buf.toString("latin1", 12, 16) !== "IHDR") return undefined;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A square icon: a coloured tile (colour from the app id) with a lighter inner square. */
export function makeIcon(size: number, seed: string, alt = false): Buffer {
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const base = [40 + (h % 120), 60 + ((h >>> 8) % 120), 90 + ((h >>> 16) % 120)];
  const fg = alt ? [60, 60, 60] : [255, 255, 255];
  const rows: Buffer[] = [];
  const m = Math.round(size / 4);
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const inner = x >= m && x < size - m && y >= m && y < size - m;
      const c = alt ? (inner ? fg : [255, 255, 255]) : inner ? fg : base;
      row.set([c[0]!, c[1]!, c[2]!, 255], 1 + x * 4);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
