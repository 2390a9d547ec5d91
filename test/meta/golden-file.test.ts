// The golden-file rule shared by the golden runners (test/golden-file.ts): a missing golden file fails and is not
// created; only UPDATE_GOLDEN writes.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectGoldenFile, updateGolden } from "../golden-file.js";

const dir = mkdtempSync(join(tmpdir(), "secpack-golden-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("expectGoldenFile", () => {
  it("fails on a missing golden file and does not create it", () => {
    const file = join(dir, "missing", "expected.txt");
    expect(() => expectGoldenFile(file, "output\n", {})).toThrow(/golden file .*expected\.txt is missing: run with UPDATE_GOLDEN=1/);
    expect(existsSync(file)).toBe(false);
  });
  it("fails on a difference", () => {
    const file = join(dir, "diff.txt");
    writeFileSync(file, "old\n");
    expect(() => expectGoldenFile(file, "new\n", {})).toThrow();
    expect(readFileSync(file, "utf8")).toBe("old\n");
  });
  it("writes only with UPDATE_GOLDEN set (not 0)", () => {
    const file = join(dir, "new", "expected.txt");
    expectGoldenFile(file, "fresh\n", { UPDATE_GOLDEN: "1" });
    expect(readFileSync(file, "utf8")).toBe("fresh\n");
    expect(updateGolden({ UPDATE_GOLDEN: "0" })).toBe(false);
    expect(updateGolden({})).toBe(false);
  });
});
