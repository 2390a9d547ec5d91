// Every test file must collect when ../shared is absent. A describe body runs at collection time even when the
// block is skipped, so a read of ../shared there breaks the whole file on a machine without it. This copies the
// repository to a temp dir that has no ../shared beside it and asks vitest to collect (not run) every test file.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SKIP = new Set(["node_modules", ".git", "lib", "dist", "test-output", ".secpack-cache", "out"]);

describe("test collection without ../shared", () => {
  it("collects every test file with no error", () => {
    const scratch = mkdtempSync(join(tmpdir(), "secpack-noshared-"));
    try {
      const copy = join(scratch, "repo");
      cpSync(REPO, copy, { recursive: true, filter: (src) => src === REPO || !(dirname(src) === REPO && SKIP.has(basename(src))) });
      symlinkSync(join(REPO, "node_modules"), join(copy, "node_modules"), "dir");
      expect(existsSync(join(copy, "..", "shared"))).toBe(false);
      const r = spawnSync(process.execPath, [join(copy, "node_modules", "vitest", "vitest.mjs"), "list"], {
        cwd: copy,
        encoding: "utf8",
        env: { ...process.env, CI: "1", NO_COLOR: "1" },
      });
      const errors = `${r.stdout}\n${r.stderr}`.split("\n").filter((l) => /Error|FAIL/.test(l));
      expect(errors).toEqual([]);
      expect(r.status, r.stderr).toBe(0);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 120_000);
});
