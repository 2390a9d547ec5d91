// Golden tests: each folder under golden/ holds one small rule file (rule.toml or rules.ndjson) and the
// hand-checked expected outputs: the SPL (or diagnostics) for --target sysmon and cim, and the detection
// YAML imported with --target sysmon. UPDATE_GOLDEN=1 rewrites the expected files (then review the diff).
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { formatDiagnostic } from "../../src/diag/format.js";
import { convertRule, type TargetId } from "../../src/elastic/convert.js";
import { buildDetection } from "../../src/elastic/detection.js";
import { toYaml } from "../../src/elastic/import.js";
import { readRuleFiles } from "../../src/elastic/read.js";
import { updateGolden } from "../golden-file.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "golden");
const cases = readdirSync(root).filter((d) => existsSync(join(root, d, "rule.toml")) || existsSync(join(root, d, "rules.ndjson")));

async function render(name: string): Promise<Map<string, string>> {
  const { rules, diagnostics } = await readRuleFiles([name], root);
  const out = new Map<string, string>();
  for (const target of ["sysmon", "cim"] as TargetId[]) {
    const parts: string[] = diagnostics.map(formatDiagnostic);
    for (const r of rules) {
      const res = convertRule(r, target);
      parts.push(res.ok ? res.spl : `${formatDiagnostic(res.diagnostic)}\n  reason: ${res.reason}`);
      if (res.ok && res.absent.length) parts.push(`note: evaluated as missing: ${res.absent.join(", ")}`);
      if (target === "sysmon" && res.ok) {
        const diags: typeof diagnostics = [];
        const d = buildDetection(res, diags);
        out.set(rules.length > 1 ? `detection-${rules.indexOf(r) + 1}.yml` : "detection.yml", toYaml(d.detection) + diags.map(formatDiagnostic).join("\n"));
      }
    }
    out.set(`${target}.txt`, parts.join("\n\n") + "\n");
  }
  return out;
}

describe("elastic golden", () => {
  test("has at least 30 cases", () => expect(cases.length).toBeGreaterThanOrEqual(30));
  for (const name of cases) {
    test(name, async () => {
      const actual = await render(name);
      const dir = join(root, name);
      const isExpected = (f: string) => f !== "rule.toml" && f !== "rules.ndjson";
      if (updateGolden()) {
        // Rewrite the expected files and drop the ones no longer produced, then compare as usual.
        for (const f of readdirSync(dir).filter(isExpected)) if (!actual.has(f)) rmSync(join(dir, f));
        for (const [f, text] of actual) writeFileSync(join(dir, f), text);
      }
      const expected = readdirSync(dir).filter(isExpected).sort();
      // A case whose expected files were deleted fails here instead of passing.
      expect(expected.length, `${name}: no expected files (UPDATE_GOLDEN=1 writes them)`).toBeGreaterThan(0);
      expect([...actual.keys()].sort()).toEqual(expected);
      for (const [f, text] of actual) expect(text, `${name}/${f}`).toBe(readFileSync(join(dir, f), "utf8"));
    });
  }
});
