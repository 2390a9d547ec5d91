// `secpack elastic convert RULE.toml|DIR... [--target sysmon|cim]`: one SPL query per converted rule on stdout
// (each preceded by an SPL comment naming the rule); diagnostics and a summary by reason on stderr.
import { UsageError } from "../../diag/diagnostic.js";
import { formatDiagnostic } from "../../diag/format.js";
import { convertRule, type TargetId } from "../../elastic/convert.js";
import { summarizeReasons } from "../../elastic/import.js";
import { readRuleFiles } from "../../elastic/read.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../io.js";

export const HELP = `Usage: secpack elastic convert RULE.toml|RULES.ndjson|DIR... [options]

Convert Elastic detection rules (detection-rules TOML or a Kibana NDJSON export; folders are read
recursively) to SPL. Prints one query per converted rule on stdout, each after a \`\`\` comment \`\`\` line
naming the rule; problems go to stderr as file:line:col, then a summary of failures by reason.

Options:
  --target T     sysmon (default): Windows event logs with Sysmon/EventData field names, through the
                 sysmon, wineventlog_security, powershell and wineventlog_system macros;
                 cim: tstats over the CIM data models (Endpoint, Network_Traffic, Network_Resolution,
                 Authentication)
  --quiet        no summary on stderr
  -h, --help     this text

Exit codes: 0 all converted, 1 some rule failed or could not be read, 2 bad usage.
`;

/** Parse and check --target. */
export function targetOf(value: string | undefined): TargetId {
  const t = value ?? "sysmon";
  if (t !== "sysmon" && t !== "cim") throw new UsageError(`--target must be sysmon or cim, not '${t}'`);
  return t;
}

export const run: Command = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(argv, { target: { type: "string" }, quiet: { type: "boolean" }, help: { type: "boolean", short: "h" } }, true);
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const target = targetOf(values.target);
  if (positionals.length === 0) throw new UsageError("give at least one Elastic rule file or folder");
  const { rules, diagnostics } = await readRuleFiles(positionals, io.cwd);
  for (const d of diagnostics) io.stderr(formatDiagnostic(d) + "\n");
  const results = rules.map((r) => convertRule(r, target));
  for (const r of results) {
    if (r.ok) {
      io.stdout(`\`\`\` ${r.rule.file}: ${r.rule.name.replace(/`/g, "'")} \`\`\`\n${r.spl}\n\n`);
      if (r.absent.length) io.stderr(`${r.rule.file}: note: evaluated as missing on ${target}: ${r.absent.join(", ")}\n`);
    } else io.stderr(formatDiagnostic(r.diagnostic) + "\n");
  }
  if (!values.quiet) {
    const ok = results.filter((r) => r.ok).length;
    const lines = [`${ok} of ${results.length} rules converted (--target ${target})`];
    for (const [reason, n] of summarizeReasons(results)) lines.push(`  ${String(n).padStart(4)}  ${reason}`);
    io.stderr(lines.join("\n") + "\n");
  }
  return diagnostics.length || results.some((r) => !r.ok) || rules.length === 0 ? 1 : 0;
};
