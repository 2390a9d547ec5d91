import { describe, expect, it } from "vitest";
import { main, helpText } from "../../src/cli/main.js";

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), env: {}, cwd: process.cwd(), interactive: false } };
};

describe("cli dispatch", () => {
  it("prints help and exits 0", async () => {
    const c = capture();
    expect(await main(["--help"], c.io)).toBe(0);
    expect(c.out.join("")).toContain("validate");
    expect(helpText()).toContain("import sigma");
  });
  it("rejects an unknown command with exit 2", async () => {
    const c = capture();
    expect(await main(["frobnicate"], c.io)).toBe(2);
    expect(c.err.join("")).toContain("unknown command 'frobnicate'");
  });
});
