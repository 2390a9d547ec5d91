// The Elastic corpus (../shared/corpus/elastic-2026/rules/windows): conversion rates with --target sysmon,
// every failure with a reason, ES|QL reported as not convertible, the seed rule's sequence, and the whole
// import validating. Skipped (with a note) when ../shared is absent.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli/main.js";
import type { Io } from "../../src/cli/io.js";
import { convertRule, type ConvertResult } from "../../src/elastic/convert.js";
import { readRuleFiles } from "../../src/elastic/read.js";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SHARED = join(repo, "..", "shared");
const RULES = join(SHARED, "corpus/elastic-2026/rules/windows");
if (!existsSync(RULES)) console.log(`[elastic corpus] skipped: ${RULES} not found (../shared is absent)`);

const isSequence = (q: string) => /^\s*sequence\b/.test(q);

describe.skipIf(!existsSync(RULES))("elastic corpus rules/windows", () => {
  test("conversion rates with --target sysmon; every failure has a reason", async () => {
    const { rules, diagnostics } = await readRuleFiles([RULES]);
    expect(diagnostics).toEqual([]);
    expect(rules.length).toBe(487);
    const results: ConvertResult[] = rules.map((r) => convertRule(r, "sysmon"));
    const single = results.filter((r) => ["eql", "kuery"].includes(r.rule.language) && !isSequence(r.rule.query));
    const seq = results.filter((r) => r.rule.language === "eql" && isSequence(r.rule.query));
    const esql = results.filter((r) => r.rule.language === "esql");
    const rate = (xs: ConvertResult[]) => xs.filter((r) => r.ok).length / xs.length;
    const reasons = new Map<string, number>();
    for (const r of results) if (!r.ok) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
    console.log(
      `[elastic corpus] non-sequence EQL+KQL: ${single.filter((r) => r.ok).length}/${single.length} (${(100 * rate(single)).toFixed(1)}%), ` +
        `sequences: ${seq.filter((r) => r.ok).length}/${seq.length} (${(100 * rate(seq)).toFixed(1)}%), ES|QL: ${esql.length} not convertible\n` +
        [...reasons].sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${n} ${k}`).join("\n"),
    );
    expect(single.length).toBe(390);
    expect(seq.length).toBe(69);
    expect(rate(single)).toBeGreaterThanOrEqual(0.9);
    expect(rate(seq)).toBeGreaterThanOrEqual(0.7);
    expect(esql.length).toBe(28);
    for (const r of esql) expect(r.ok ? "" : r.reason).toBe("ES|QL");
    for (const r of results) {
      if (r.ok) continue;
      expect(r.reason.length).toBeGreaterThan(0);
      expect(r.diagnostic.file).toContain(".toml");
      expect(r.diagnostic.span?.line).toBeGreaterThan(0);
    }
  });

  test("the seed rule: rundll32 start and renamed COMSVCS load, same process, within one minute", async () => {
    const { rules } = await readRuleFiles([join(RULES, "credential_access_suspicious_comsvcs_imageload.toml")]);
    const r = convertRule(rules[0], "sysmon");
    if (!r.ok) throw new Error(r.diagnostic.message);
    expect(r.kind).toBe("sequence");
    expect(r.spl).toMatch(/^`sysmon` \(EventCode=1 process_name="rundll32.exe"\) OR \(EventCode=7 /);
    expect(r.spl).toContain('NOT ImageLoaded="*\\\\COMSVCS.DLL"');
    expect(r.spl).toContain("eval seq_key=case(seq_step=1, ProcessGuid, seq_step=2, ProcessGuid)");
    expect(r.spl).toContain("_time-seq_t2<=60");
  });

  test("importing the whole corpus gives content that validates", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "secpack-elastic-corpus-")), "content");
    const io = { out: "", env: {}, cwd: repo, interactive: false, stdout: () => {}, stderr: () => {} } as unknown as Io;
    expect(await main(["import", "elastic", RULES, "--out", out, "--quiet"], io)).toBe(1); // some rules fail, by design
    let text = "";
    const v = { ...io, stdout: (t: string) => void (text += t), stderr: (t: string) => void (text += t) };
    expect(await main(["validate", "--path", out], v)).toBe(0);
    expect(text).toMatch(/ 0 errors, 0 warnings/);
  }, 60_000);
});
