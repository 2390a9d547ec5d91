// The real corpora (../shared, beside the repo): everything loads, the 5 PyYAML-only files load with a
// SC1002 warning, and the errors reported are exactly the known corpus defects (docs/readme/validate.md).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkContent } from "../../src/check.js";

const SHARED = join(import.meta.dirname, "..", "..", "..", "shared");
const has = existsSync(join(SHARED, "corpus"));
if (!has) console.log(`note: ${SHARED} is absent; skipping the corpus tests`);

describe.skipIf(!has)("escu-2024 corpus", () => {
  it("loads all 2,642 YAML files; errors are only the known defects", async () => {
    const { project, diagnostics, stats } = await checkContent(join(SHARED, "corpus", "escu-2024"));
    const total = Object.values(stats!.files).reduce((a, b) => a + b, 0);
    expect(total).toBe(2642);
    expect(project.detections).toHaveLength(1711);
    const continuation = diagnostics.filter((d) => d.code === "SC1002").map((d) => d.file);
    expect(continuation).toEqual([
      "detections/deprecated/okta_threatinsight_login_failure_with_high_unknown_users.yml",
      "detections/deprecated/okta_threatinsight_suspected_passwordspray_attack.yml",
      "macros/base64decode.yml",
      "stories/metasploit.yml",
      "stories/spring4shell_cve_2022_22965.yml",
    ]);
    const base64 = project.macros.find((m) => m.data.name === "base64decode")!;
    expect(base64.data.definition).toMatch(/^eval b64x_split=split\(\$b64in\$,""\) \| lookup char_conversion_matrix/);
    const errors = diagnostics.filter((d) => d.severity === "error");
    const byCode: Record<string, number> = {};
    for (const d of errors) byCode[d.code] = (byCode[d.code] ?? 0) + 1;
    expect(byCode).toEqual({ SC2012: 6, SC3007: 6, SC3008: 79, SC3009: 1 });
  }, 60_000);
});

describe.skipIf(!has)("ssa-2022 corpus", () => {
  it("loads all 79 SSA detections; story checks are skipped (no stories/)", async () => {
    const { project, diagnostics } = await checkContent(join(SHARED, "corpus", "ssa-2022"));
    expect(project.detections).toHaveLength(79);
    expect(diagnostics.filter((d) => d.code === "SC3003")).toEqual([]);
    const mine = diagnostics.filter((d) => d.severity === "error" && !d.code.startsWith("SC9"));
    expect(mine.map((d) => d.code).sort()).toEqual([...Array(8).fill("SC2002"), ...Array(3).fill("SC3007")]);
  }, 60_000);
});
