// Golden tests of the exact CLI output: test/validate/golden/<case>/input is validated, and stdout plus the
// exit code must equal expected.txt (set UPDATE_GOLDEN=1 to rewrite, then review the diff).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { captureIo } from "../capture-io.js";
import { expectGoldenFile } from "../golden-file.js";

const goldenRoot = join(import.meta.dirname, "golden");

async function runCli(argv: string[]) {
  const c = captureIo();
  const code = await main(argv, c.io);
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

describe("golden CLI output", () => {
  for (const name of readdirSync(goldenRoot).sort()) {
    it(name, async () => {
      const { code, stdout, stderr } = await runCli(["validate", "--path", join(goldenRoot, name, "input")]);
      const actual = `${stdout}exit ${code}\n`;
      // A missing expected.txt fails (written only with UPDATE_GOLDEN=1).
      expectGoldenFile(join(goldenRoot, name, "expected.txt"), actual);
      expect(stderr).toMatch(/^\d+ files? loaded \(.*\): \d+ errors?, \d+ warnings? in \d+\.\d\ds\n$/);
    });
  }
});

describe("validate command", () => {
  const input = join(goldenRoot, "unknown-macro", "input");
  it("--format json prints the diagnostics array", async () => {
    const { code, stdout } = await runCli(["validate", "--path", input, "--format", "json"]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).map((d: { code: string }) => d.code)).toEqual(["SC3004", "SC3003", "SC2012"]);
  });
  it("--format sarif prints SARIF 2.1.0 with one result per diagnostic", async () => {
    const { stdout } = await runCli(["validate", "--path", input, "--format", "sarif"]);
    const log = JSON.parse(stdout);
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0].results).toHaveLength(3);
    expect(log.runs[0].results[0]).toMatchObject({ ruleId: "SC3004", level: "error", locations: [{ physicalLocation: { artifactLocation: { uri: "detections/endpoint/test_detection.yml" }, region: { startLine: 10, startColumn: 9 } } }] });
  });
  it("warnings fail only with --strict", async () => {
    const cont = join(goldenRoot, "continuation", "input");
    expect((await runCli(["validate", "--path", cont])).code).toBe(0);
    expect((await runCli(["validate", "--path", cont, "--strict"])).code).toBe(1);
  });
  it("bad usage exits 2", async () => {
    expect((await runCli(["validate", "--format", "xml"])).code).toBe(2);
    expect((await runCli(["validate", "--bogus"])).code).toBe(2);
    expect((await runCli(["schema"])).code).toBe(2);
  });
});
