// README.md is generated from docs/readme/*.md: it must be up to date, and start with the two commands.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// (a plain ESM script: the same function `npm run readme` uses)
import { assembleReadme, README_PATH } from "../../docs/readme/assemble.mjs";

describe("README.md", () => {
  it("is the assembly of docs/readme (run `npm run readme`)", () => {
    expect(readFileSync(README_PATH, "utf8")).toBe(assembleReadme());
  });
  it("starts with the build command and the test command", () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readFileSync(README_PATH, "utf8"))![1]!;
    const commands = firstBlock.trim().split("\n").map((l) => l.replace(/\s+#.*$/, ""));
    expect(commands).toEqual(["npm ci && npx secpack build", "npm test"]);
  });
});
