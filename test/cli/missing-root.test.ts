// A --path that is not a content root is an error for every command that reads content, and nothing is written.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { captureIo as capture } from "../capture-io.js";

describe("content root that does not exist", () => {
  const scratch = mkdtempSync(join(tmpdir(), "secpack-noroot-"));
  const missing = join(scratch, "no-such-folder");

  it.each([
    ["validate", ["validate", "--path", missing]],
    ["docs", ["docs", "--path", missing, "--out", join(scratch, "docs")]],
    ["test", ["test", "--path", missing]],
    ["build", ["build", "--path", missing, "--out", join(scratch, "dist")]],
  ])("%s reports it and exits 1", async (_name, argv) => {
    const c = capture(scratch);
    expect(await main(argv, c.io)).toBe(1);
    expect(c.err.join("") + c.out.join("")).toMatch(/does not exist/);
    expect(existsSync(join(scratch, "docs"))).toBe(false);
    expect(existsSync(join(scratch, "dist"))).toBe(false);
  });

  it("an existing folder without any content folder gives warning SC1013", async () => {
    const c = capture(scratch);
    const empty = mkdtempSync(join(tmpdir(), "secpack-empty-"));
    expect(await main(["validate", "--path", empty], c.io)).toBe(0);
    expect(c.out.join("")).toContain("warning SC1013");
    expect(await main(["validate", "--path", empty, "--strict"], capture(scratch).io)).toBe(1);
  });
});
