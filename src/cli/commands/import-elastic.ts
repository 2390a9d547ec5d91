// `secpack import elastic FILE|DIR... --out DIR [--target sysmon|cim]`: convert Elastic rules and write
// detection YAML (plus the deployments, macros and investigation guides it needs) atomically into DIR.
import { UsageError } from "../../diag/diagnostic.js";
import { formatDiagnostic } from "../../diag/format.js";
import { planImport, summarizeReasons, writeAtomically } from "../../elastic/import.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../io.js";
import { targetOf } from "./elastic-convert.js";
import { resolve } from "node:path";

const HELP = `Usage: secpack import elastic RULE.toml|RULES.ndjson|DIR... --out DIR [options]

Convert Elastic detection rules and write them as detection YAML under DIR: detections/endpoint/*.yml,
one deployments/*.yml per distinct schedule (interval and look-back), the macros the searches call (only
when DIR lacks them), investigation_guides/*.md from each rule's note, and secpack.yml when DIR has no
project configuration. Files are staged in a folder beside DIR and moved into place, so a failure leaves DIR
unchanged; when no rule converts, nothing is written.

Options:
  --out DIR      content root to write into (required; created when missing)
  --target T     sysmon (default) or cim, as for \`secpack elastic convert\`
  --dry-run      convert and report, write nothing
  --quiet        no summary on stderr
  -h, --help     this text

Exit codes: 0 all rules imported, 1 some rule failed (the others are written) or DIR cannot be written,
2 bad usage.
`;

export const run: Command = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    { out: { type: "string" }, target: { type: "string" }, "dry-run": { type: "boolean" }, quiet: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    true,
  );
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const target = targetOf(values.target);
  if (!values.out) throw new UsageError("--out DIR is required");
  if (positionals.length === 0) throw new UsageError("give at least one Elastic rule file or folder");
  const out = resolve(io.cwd, values.out);
  const plan = await planImport(positionals, target, out, io.cwd);
  for (const d of plan.diagnostics) io.stderr(formatDiagnostic(d) + "\n");
  for (const r of plan.results) if (!r.ok) io.stderr(formatDiagnostic(r.diagnostic) + "\n");
  const writeErrors = values["dry-run"] || plan.files.length === 0 ? [] : await writeAtomically(out, plan.files);
  for (const d of writeErrors) io.stderr(formatDiagnostic(d) + "\n");
  const ok = plan.results.filter((r) => r.ok).length;
  if (!values.quiet) {
    const written = values["dry-run"]
      ? "nothing written (--dry-run)"
      : writeErrors.length || plan.files.length === 0
        ? `nothing written to ${values.out}`
        : `${plan.files.length} files written to ${values.out}`;
    const lines = [`${ok} of ${plan.results.length} rules imported (--target ${target}); ${written}`];
    for (const [reason, n] of summarizeReasons(plan.results)) lines.push(`  ${String(n).padStart(4)}  ${reason}`);
    io.stderr(lines.join("\n") + "\n");
  }
  const errors = plan.diagnostics.some((d) => d.severity === "error") || writeErrors.length > 0;
  return errors || ok < plan.results.length || plan.results.length === 0 ? 1 : 0;
};
