import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { archivePathProblem, ArchivePathError, packSpl } from "../../src/package/pack.js";
import { readPackage } from "../../src/inspect/read.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const FILES = [
  { path: "default/app.conf", contents: "[package]\nid = app\n" },
  { path: "lookups/a.csv", contents: Buffer.from("a,b\n1,2\n") },
  { path: "bin/run.sh", contents: "#!/bin/sh\n", mode: 0o755 },
  { path: "default/data/ui/nav/default.xml", contents: "<nav/>" },
  { path: "README.md", contents: "x", mode: 0o777 },
  { path: `lookups/${"n".repeat(120)}.csv`, contents: "a,b\n" },
  { path: "static/ünïcode.txt", contents: "u" },
];
const MTIME = new Date(Date.UTC(2024, 8, 30));

async function entries(buf: Buffer) {
  const dir = mkdtempSync(join(tmpdir(), "secpack-pack-"));
  writeFileSync(join(dir, "a.spl"), buf);
  return (await readPackage(join(dir, "a.spl"))).entries;
}

describe("packSpl", () => {
  it("is byte-identical for the same input, whatever the input order", async () => {
    const a = await packSpl("my_app", FILES, { mtime: MTIME });
    const b = await packSpl("my_app", [...FILES].reverse(), { mtime: MTIME });
    expect(createHash("sha256").update(a).digest("hex")).toBe(createHash("sha256").update(b).digest("hex"));
    const c = await packSpl("my_app", FILES, { mtime: new Date(MTIME.getTime() + 1000) });
    expect(c.equals(a)).toBe(false);
  });

  it("writes a gzip header with no name and no time", async () => {
    const a = await packSpl("my_app", FILES, { mtime: MTIME });
    expect([...a.subarray(0, 4)]).toEqual([0x1f, 0x8b, 8, 0]); // no FNAME flag
    expect(a.readUInt32LE(4)).toBe(0);
    expect(gunzipSync(a).length % 512).toBe(0);
  });

  it("has one top folder, dirs before files, sorted entries, fixed owner, time and modes", async () => {
    const list = await entries(await packSpl("my_app", FILES, { mtime: MTIME }));
    const names = list.map((e) => e.name);
    expect(names[0]).toBe("my_app/");
    expect(names.every((n) => n.startsWith("my_app/"))).toBe(true);
    expect([...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))).toEqual(names);
    for (const e of list) {
      const parent = e.name.replace(/[^/]+\/?$/, "");
      if (parent) expect(names.indexOf(parent)).toBeLessThan(names.indexOf(e.name));
      expect(e.mode).toBe(e.type === "directory" || e.name === "my_app/bin/run.sh" ? 0o755 : 0o644);
    }
    expect(names).toContain(`my_app/lookups/${"n".repeat(120)}.csv`);
    expect(names).toContain("my_app/static/ünïcode.txt");
    expect(names).toContain("my_app/default/data/ui/nav/");
  });

  it("keeps mtime, uid and gid fixed in the tar headers", async () => {
    const tar = gunzipSync(await packSpl("my_app", FILES.slice(0, 2), { mtime: MTIME }));
    const field = (off: number, len: number) => parseInt(tar.toString("latin1", off, off + len).replace(/\0.*$/, "").trim(), 8);
    expect(field(108, 8)).toBe(0); // uid
    expect(field(116, 8)).toBe(0); // gid
    expect(field(136, 12)).toBe(MTIME.getTime() / 1000);
    expect(tar.toString("latin1", 265, 269)).toBe("root");
  });

  it("refuses paths that may not go into an app", async () => {
    for (const bad of ["../x", "/abs", "a//b", ".hidden", "default/.DS_Store", "local/app.conf", "metadata/local.meta", "a\\b", "x.pyc", "default/my file.conf", "a/./b", "__MACOSX/x", "C:/x"]) {
      expect(archivePathProblem(bad), bad).toBeDefined();
      await expect(packSpl("my_app", [{ path: bad, contents: "x" }], { mtime: MTIME })).rejects.toBeInstanceOf(ArchivePathError);
    }
    for (const good of ["default/app.conf", "lookups/__mlspl_x.mlmodel", "static/appIcon_2x.png"]) expect(archivePathProblem(good)).toBeUndefined();
    await expect(packSpl("../evil", FILES, { mtime: MTIME })).rejects.toThrow(/top folder/);
    await expect(packSpl("a", [{ path: "x", contents: "1" }, { path: "x", contents: "2" }], { mtime: MTIME })).rejects.toThrow(/twice/);
    await expect(packSpl("a", [{ path: "x", contents: "1" }, { path: "x/y", contents: "2" }], { mtime: MTIME })).rejects.toThrow(/file and a folder/);
  });
});
