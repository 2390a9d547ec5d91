// `secpack validate`: load and check a content root, print diagnostics (text, json or sarif) and a summary.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { checkContent } from "../../check.js";
import { hasErrors, UsageError, type Diagnostic } from "../../diag/diagnostic.js";
import { formatDiagnostic, summarize } from "../../diag/format.js";
import { toSarif } from "../../diag/sarif.js";
import { packageRoot } from "../../paths.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../io.js";

const HELP = `Usage: secpack validate [--path DIR] [--format text|json|sarif] [--strict] [--quiet]

Load every content file under DIR (default: .) and check it: YAML as PyYAML reads it, the JSON Schema of
each kind, and the rules across files. Problems are printed as path:line:col: severity CODE: message.

Options:
  --path DIR       content root (holds secpack.yml or contentctl.yml); default .
  --format FMT     text (default), json (array of diagnostics), sarif (SARIF 2.1.0)
  --strict         warnings fail too (exit 1)
  --quiet          text format: print errors only, and no summary line
  -h, --help       show this help

Exit codes: 0 no errors, 1 errors (or warnings with --strict), 2 bad usage or internal error.
`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function summaryLine(files: Record<string, number> | undefined, ds: Diagnostic[], ms: number, suppressed: number): string {
  const parts = Object.entries(files ?? {})
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  const total = Object.values(files ?? {}).reduce((a, b) => a + b, 0);
  const quiet = suppressed ? ` (${suppressed} suppressed by secpack.yml)` : "";
  return `${plural(total, "file")} loaded (${parts.join(", ")}): ${summarize(ds)}${quiet} in ${(ms / 1000).toFixed(2)}s\n`;
}

export const run: Command = async (argv, io) => {
  const { values } = parseCommandArgs(argv, {
    path: { type: "string" },
    format: { type: "string" },
    strict: { type: "boolean" },
    quiet: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const format = values.format ?? "text";
  if (!["text", "json", "sarif"].includes(format)) throw new UsageError(`--format must be text, json or sarif, not '${format}'`);
  const root = resolve(io.cwd, values.path ?? ".");
  const started = performance.now();
  const { diagnostics, stats, suppressed } = await checkContent(root);
  const ms = performance.now() - started;
  const failed = hasErrors(diagnostics) || (values.strict === true && diagnostics.some((d) => d.severity === "warning"));
  if (format === "json") io.stdout(JSON.stringify(diagnostics, null, 2) + "\n");
  else if (format === "sarif") {
    const version = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")).version as string;
    io.stdout(JSON.stringify(toSarif(diagnostics, { name: "secpack", version }, pathToFileURL(root).href), null, 2) + "\n");
  } else {
    const shown = values.quiet ? diagnostics.filter((d) => d.severity === "error") : diagnostics;
    for (const d of shown) io.stdout(formatDiagnostic(d) + "\n");
    if (!values.quiet) io.stderr(summaryLine(stats?.files, diagnostics, ms, suppressed.length));
  }
  return failed ? 1 : 0;
};
