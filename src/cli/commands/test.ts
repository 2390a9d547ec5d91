// `secpack test`: run SSA detection tests offline (tests/**/*.test.yml, pass_condition, local data files).
import { basename, resolve } from "node:path";
import { checkContent } from "../../check.js";
import { formatDiagnostic } from "../../diag/format.js";
import { UsageError } from "../../diag/diagnostic.js";
import { isSsaDetection } from "../../ssa/check.js";
import { discoverTests, runTestCase, type TestCase, type TestResult } from "../../ssa/test-runner.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../io.js";

const HELP = `Usage: secpack test [--path DIR] [NAME...] [--data FILE]... [--format text|json]

Run the tests of SSA detections offline. Test files follow the security_content layout:
tests/<group>/<detection file stem>.test.yml with a 'tests:' list of units (name, file, pass_condition,
attack_data). Data files are never downloaded: each attack_data entry is resolved by its file_name beside
the test file, in its data/ folder, or under tests/data/. Events may be WinEventLog text (4688 and more),
Sysmon/Windows XML, or JSON lines of SSA enriched events ({"input_event": {...}}).

Options:
  --path DIR        content root (default: the current directory)
  NAME              only these detections (name, or detection file stem) or test units (name)
  --data FILE       use FILE(s) as the only data of the selected tests (repeatable)
  --format FORMAT   text (default) or json
  -h, --help        show this help

Exit codes: 0 all selected tests passed (skipped ones do not fail), 1 a test failed or errored, 2 bad usage.
`;

const LABEL: Record<TestResult["status"], string> = { pass: "PASS ", fail: "FAIL ", skip: "SKIP ", error: "ERROR" };

function matches(tc: TestCase, names: string[]): boolean {
  if (!names.length) return true;
  const keys = [tc.name, tc.detection?.data.name ?? "", basename(tc.detectionFile).replace(/\.ya?ml$/i, "")].map((k) => k.toLowerCase());
  return names.some((n) => keys.includes(n.toLowerCase()));
}

export const run: Command = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      path: { type: "string" },
      data: { type: "string", multiple: true },
      format: { type: "string", default: "text" },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (values.format !== "text" && values.format !== "json") throw new UsageError(`--format must be text or json, not '${values.format}'.`);
  const root = resolve(io.cwd, values.path ?? ".");
  const data = values.data?.map((d) => resolve(io.cwd, d));
  const { project, diagnostics } = await checkContent(root);
  const missingRoot = diagnostics.find((d) => d.code === "SC1012");
  if (missingRoot) {
    io.stderr(formatDiagnostic(missingRoot) + "\n");
    return 1;
  }
  const { cases, problems } = discoverTests(project);
  const selected = cases.filter((c) => matches(c, positionals));
  if (positionals.length && selected.length === 0) {
    io.stderr(`secpack test: no SSA test matches ${positionals.map((p) => `'${p}'`).join(", ")}.\n`);
    return 1;
  }
  const results: TestResult[] = positionals.length ? [] : [...problems];
  const json = values.format === "json";
  const syntaxErrors = diagnostics.filter((d) => d.code === "SC9001").length;
  if (!json && syntaxErrors) io.stderr(`note: ${syntaxErrors} SSA pipeline${syntaxErrors === 1 ? " does" : "s do"} not parse; run 'secpack validate' for positions.\n`);
  for (const [i, tc] of selected.entries()) {
    if (!json) io.stderr(`[${i + 1}/${selected.length}] ${tc.detection?.data.name ?? tc.detectionFile} :: ${tc.name}\n`);
    const r = runTestCase(project, tc, data);
    results.push(r);
    if (!json) io.stdout(`${LABEL[r.status]} ${r.detection} :: ${r.name} (${r.file})\n       ${r.message}\n`);
  }
  const tested = new Set(cases.map((c) => c.detection).filter(Boolean));
  const untested = positionals.length ? [] : project.detections.filter((d) => isSsaDetection(d.data) && !tested.has(d)).map((d) => d.origin.file);
  const count = (s: TestResult["status"]) => results.filter((r) => r.status === s).length;
  const summary = { total: results.length, passed: count("pass"), failed: count("fail"), skipped: count("skip"), errors: count("error"), untested };
  if (json) io.stdout(JSON.stringify({ root, results, summary }, null, 2) + "\n");
  else {
    for (const f of untested) io.stdout(`note: ${f} is an SSA detection without a test file\n`);
    io.stdout(`${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped, ${summary.errors} errors\n`);
  }
  if (results.length === 0 && !json) io.stderr("secpack test: no SSA tests found (looked for tests/**/*.test.yml).\n");
  return summary.failed || summary.errors ? 1 : 0;
};
