// secpack inspect FILE.spl|DIR [--format json]: AppInspect-style local checks for a content app.
import { resolve } from "node:path";
import { existsSync } from "node:fs";
import { UsageError } from "../../diag/diagnostic.js";
import { inspectPackage } from "../../inspect/index.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../io.js";

const HELP = `Usage: secpack inspect FILE.spl|DIR [--format text|json] [--verbose]

Check an app package (.spl, .tgz, .tar.gz, .tar) or an app folder with local checks modelled on
Splunk AppInspect's Splunk Cloud checks for a content app: one top folder equal to the app id and to
[package] id, [id] name and app.manifest; one semver version everywhere; no absolute or '..' paths, no
links; no local/, local.meta, hidden
or compiled files, no exec bits outside bin/; every .conf parses without duplicates; default.meta ACLs;
reload triggers and replication for custom confs; scheduled-search windows; lookup CSVs; XML and JSON.
It does not replace AppInspect itself.

Options:
  --format text|json   report format (default: text)
  --verbose            list passing and not applicable checks too (text)
  -h, --help           show this help

Exit codes: 0 no check failed (warnings allowed), 1 a check failed or the input does not exist, 2 bad usage.
`;

/** Archive entry names are attacker-chosen: control characters (terminal escapes, CR) are shown as \xNN. */
// eslint-disable-next-line no-control-regex
const shown = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);

export const run: Command = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      format: { type: "string", default: "text" },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    true,
  );
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError("expected exactly one FILE.spl or DIR");
  if (values.format !== "text" && values.format !== "json") throw new UsageError(`--format must be text or json, not '${values.format}'`);
  const path = resolve(io.cwd, positionals[0]!);
  // A missing input is a failed operation (exit 1), not bad usage (exit 2).
  if (!existsSync(path)) {
    io.stderr(`secpack inspect: '${positionals[0]}' does not exist\n`);
    return 1;
  }
  const report = await inspectPackage(path);
  if (values.format === "json") {
    io.stdout(JSON.stringify(report, null, 2) + "\n");
    return report.ok ? 0 : 1;
  }
  const mark = { success: "pass", failure: "FAIL", warning: "warn", not_applicable: "n/a " } as const;
  for (const c of report.checks) {
    if (!values.verbose && (c.status === "success" || c.status === "not_applicable")) continue;
    io.stdout(`${mark[c.status]}  ${c.name}: ${c.title}\n`);
    for (const m of c.messages) io.stdout(shown(`      ${m.file ? `${m.file}${m.line ? `:${m.line}` : ""}: ` : ""}${m.message}`) + "\n");
  }
  const s = report.summary;
  io.stdout(`${positionals[0]}: ${s.failure} failed, ${s.warning} warnings, ${s.success} passed, ${s.not_applicable} not applicable\n`);
  return report.ok ? 0 : 1;
};
