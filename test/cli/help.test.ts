import { describe, expect, it } from "vitest";
import { main, helpText } from "../../src/cli/main.js";
import { captureIo as capture } from "../capture-io.js";

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

describe("command groups", () => {
  it("lists a group's commands for `secpack sigma --help` and a bare group word", async () => {
    for (const argv of [["sigma", "--help"], ["import"]]) {
      const c = capture();
      expect(await main(argv, c.io)).toBe(0);
      expect(c.out.join("")).toMatch(argv[0] === "sigma" ? /sigma convert/ : /import sigma[\s\S]*import elastic/);
    }
  });
  it("rejects an unknown subcommand of a group with exit 2 and the group's list", async () => {
    const c = capture();
    expect(await main(["attack", "frob"], c.io)).toBe(2);
    expect(c.err.join("")).toContain("attack import");
  });
});
