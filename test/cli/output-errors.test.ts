// Every command that writes files: an --out (or --path) the file system refuses is a user error, reported in one
// clear line with exit 1: never "internal error", never a stack trace, and nothing left behind.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { captureIo } from "../capture-io.js";
import { writeBatch } from "../../src/fs/batch.js";
import { describeFsError } from "../../src/fs/errors.js";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const RENDER_FIXTURE = join(REPO, "test", "render", "fixtures", "basic");
const DOCS_FIXTURE = join(REPO, "test", "docs", "fixtures", "site");
const MINI_BUNDLE = join(REPO, "test", "attack", "fixtures", "mini-enterprise-attack-v9.9.json");
const SIGMA_RULE = join(REPO, "test", "sigma", "fixtures", "seed_comsvcs_dump.yml");

let scratch: string;
let aFile: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "secpack-out-errors-"));
  aFile = join(scratch, "a-file");
  writeFileSync(aFile, "not a folder\n");
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function run(argv: string[]) {
  const c = captureIo(REPO);
  const code = await main(argv, c.io);
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

function expectUserError(r: { code: number; stderr: string }, mention: RegExp) {
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.stderr).toMatch(mention);
  expect(r.code, r.stderr).toBe(1);
}

describe("an output path under a regular file (ENOTDIR)", () => {
  const cases: [string, () => string[]][] = [
    ["schema", () => ["schema", "--out", join(aFile, "x")]],
    ["build", () => ["build", "--path", RENDER_FIXTURE, "--out", join(aFile, "x"), "--quiet"]],
    ["docs", () => ["docs", "--path", DOCS_FIXTURE, "--out", join(aFile, "x"), "--attack", MINI_BUNDLE, "--quiet"]],
    ["new detection", () => ["new", "detection", "--name", "Output Error Probe", "--search", "index=main", "--out", join(aFile, "x")]],
    ["attack import", () => ["attack", "import", MINI_BUNDLE, "--path", join(aFile, "x")]],
  ];
  for (const [name, argv] of cases) {
    it(`${name}: one clear line, exit 1`, async () => {
      const r = await run(argv());
      expectUserError(r, new RegExp(`${aFile.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}.*(not a folder|not a directory|a file is in the way)`));
    });
  }

  it("schema: --out that is an existing file", async () => {
    const r = await run(["schema", "--out", aFile]);
    expectUserError(r, /^secpack schema: cannot create folder .*a-file: a part of the path is a file, not a folder \(ENOTDIR\)\n$/);
  });
});

describe("a missing input is a failed operation (exit 1), not bad usage", () => {
  it("build --path that does not exist", async () => {
    const r = await run(["build", "--path", join(scratch, "no-such-root"), "--out", join(scratch, "dist")]);
    expectUserError(r, /error SC5004: Content root '.*no-such-root' does not exist\./);
    expect(existsSync(join(scratch, "dist"))).toBe(false);
  });
  it("inspect of a file that does not exist", async () => {
    const r = await run(["inspect", join(scratch, "no-such.spl")]);
    expectUserError(r, /^secpack inspect: '.*no-such\.spl' does not exist\n$/);
  });
});

describe("writeBatch", () => {
  it("writes all files or none; a failure puts back what it replaced", async () => {
    const root = join(scratch, "batch");
    await writeBatch(root, [{ path: "a.txt", contents: "a1" }, { path: "sub/b.txt", contents: "b1" }]);
    expect(readdirSync(root).sort()).toEqual(["a.txt", "sub"]);
    // A folder where a file must go makes the move fail after a.txt was replaced: a.txt comes back.
    mkdirSync(join(root, "c.txt"));
    await expect(writeBatch(root, [{ path: "a.txt", contents: "a2" }, { path: "c.txt", contents: "c" }])).rejects.toMatchObject({ code: "EISDIR" });
    expect(await import("node:fs").then((fs) => fs.readFileSync(join(root, "a.txt"), "utf8"))).toBe("a1");
    expect(readdirSync(scratch).filter((n) => n.includes(".secpack-"))).toEqual([]);
  });

  it("creates no parent folders when it fails", async () => {
    const root = join(scratch, "p1", "p2", "root");
    await expect(writeBatch(root, [{ path: "../escape", contents: "" }])).rejects.toThrow(/escapes its root/);
    // Fails while staging (after the parents were made for the staging folder): the parents go again.
    await expect(writeBatch(root, [{ path: "ok", contents: "" }, { path: "bad", contents: 42 as unknown as string }])).rejects.toThrow();
    expect(existsSync(join(scratch, "p1"))).toBe(false);
    await expect(writeBatch(join(aFile, "deeper", "root"), [{ path: "x", contents: "" }])).rejects.toMatchObject({ code: "ENOTDIR" });
    expect(existsSync(join(scratch, "p1"))).toBe(false);
  });

  it("an empty batch writes nothing", async () => {
    const root = join(scratch, "empty");
    expect(await writeBatch(root, [])).toEqual([]);
    expect(existsSync(root)).toBe(false);
  });

  it("describes an error in one line", () => {
    const e = Object.assign(new Error("EACCES: permission denied, open '/x/y'"), { code: "EACCES", syscall: "open", path: "/x/y" });
    expect(describeFsError(e)).toBe("cannot open /x/y: permission denied (EACCES)");
  });
});
