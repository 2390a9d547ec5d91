// `secpack sigma convert RULE.yml|DIR... [--pipeline none|windows|cim|FILE] [--format search|tstats]`:
// one SPL query per converted rule on stdout; diagnostics and a summary by reason on stderr; exit 1 if any failed.
import { formatDiagnostic } from "../../diag/format.js";
import { checkBatchUsage, convertFile, listRuleFiles, loadPipeline, summarizeBatch, unreadableInputs, type FileResult } from "../../sigma/files.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../io.js";

const HELP = `Usage: secpack sigma convert RULE.yml|DIR... [options]

Convert Sigma rules to SPL. Prints one query per converted rule on stdout, in file order; problems go to
stderr as file:line:col with a summary of failures by reason.

Options:
  --pipeline NAME|FILE  field mapping: none (default; field names as written), windows (EventID as EventCode,
                        services and Sysmon categories as WinEventLog sources and event codes), cim (process
                        creation on Endpoint.Processes, Windows file and registry events on
                        Endpoint.Filesystem and Endpoint.Registry, network connections on
                        Network_Traffic.All_Traffic; unmapped fields are errors), or a
                        pipeline file (.yml/.json)
  --format FORM         search (a search-command query) or tstats (a data model query; needs a pipeline that
                        maps the log source to a data model). Default: the pipeline's (tstats for cim)
  --quiet               no summary on stderr
  -h, --help            this text

Exit codes: 0 all converted, 1 some rule failed or an input does not exist, 2 bad usage.
`;

export const run: Command = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      pipeline: { type: "string" },
      format: { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const format = checkBatchUsage(positionals, values.format);
  const pipeline = await loadPipeline(values.pipeline ?? "none", io.cwd);
  const { files, diagnostics } = await listRuleFiles(positionals, io.cwd);
  for (const d of diagnostics) io.stderr(formatDiagnostic(d) + "\n");
  // A missing or unreadable input counts as a failed rule of the batch.
  const results: FileResult[] = unreadableInputs(diagnostics);
  for (const f of files) {
    const r = await convertFile(f, io.cwd, { pipeline, format });
    results.push(r);
    if (r.conversion) io.stdout(r.conversion.query + "\n");
    for (const d of r.diagnostics) io.stderr(formatDiagnostic(d) + "\n");
  }
  if (!values.quiet && (results.length !== 1 || !results[0].conversion)) io.stderr(summarizeBatch(results));
  return diagnostics.length || results.some((r) => !r.conversion) || files.length === 0 ? 1 : 0;
};
