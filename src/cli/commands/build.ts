// secpack build [--path DIR] [--out DIR]: validate, render OUT/<appid>/, pack OUT/<appid>-<version>.spl, OUT/ssa/.
import { relative, resolve } from "node:path";
import { buildApp } from "../../build.js";
import { UsageError } from "../../diag/diagnostic.js";
import { hasErrors } from "../../diag/diagnostic.js";
import { formatDiagnostic, summarize } from "../../diag/format.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../io.js";

const HELP = `Usage: secpack build [--path DIR] [--out DIR] [options]

Validate the content, render the Splunk app into OUT/<appid>/, pack OUT/<appid>-<version>.spl
(reproducible: same input, same bytes) and write SSA pipelines to OUT/ssa/. A failing build leaves
the previous output untouched.

Options:
  --path DIR              content root holding secpack.yml or contentctl.yml (default: .)
  --out DIR               output folder (default: dist)
  --exclude-status S      leave detections with status S out of the app (repeatable: experimental, deprecated)
  --source-date-epoch N   timestamp (seconds) for the archive and app.conf; default: $SOURCE_DATE_EPOCH,
                          else the newest date of the content
  --severity CODE=LEVEL   override the severity of a validation code for this build (repeatable;
                          LEVEL error|warning|info|off), e.g. --severity SC3008=warning
  --strict                fail on every validation error; without it, errors in metadata only (risk_score
                          arithmetic SC2012, message tokens SC3007, data source names SC3008, baseline
                          references SC3009) are reported but do not stop the build
  --verify                parse every generated .conf back before packing (internal consistency check)
  --format text|json      report format (default: text)
  --quiet                 print errors only
  -h, --help              show this help

Exit codes: 0 built, 1 content errors or the build failed, 2 bad usage.
`;

export const run: Command = async (argv, io) => {
  const { values } = parseCommandArgs(argv, {
    path: { type: "string", default: "." },
    out: { type: "string", default: "dist" },
    "exclude-status": { type: "string", multiple: true },
    "source-date-epoch": { type: "string" },
    format: { type: "string", default: "text" },
    quiet: { type: "boolean", default: false },
    verify: { type: "boolean", default: false },
    severity: { type: "string", multiple: true },
    strict: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (values.format !== "text" && values.format !== "json") throw new UsageError(`--format must be text or json, not '${values.format}'`);
  const epochText = values["source-date-epoch"] ?? io.env.SOURCE_DATE_EPOCH;
  let sourceDateEpoch: number | undefined;
  if (epochText !== undefined && epochText !== "") {
    if (!/^\d+$/.test(epochText)) throw new UsageError(`SOURCE_DATE_EPOCH must be whole seconds since 1970, not '${epochText}'`);
    sourceDateEpoch = Number(epochText);
  }
  const statuses = (values["exclude-status"] ?? []).flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean);
  for (const s of statuses) {
    if (s === "production") throw new UsageError("--exclude-status production would leave nothing to build");
  }
  const severities: Record<string, "error" | "warning" | "info" | "off"> = {};
  for (const s of values.severity ?? []) {
    const m = /^(SC\d{4})=(error|warning|info|off)$/.exec(s.trim());
    if (!m) throw new UsageError(`--severity takes CODE=error|warning|info|off (e.g. SC3008=warning), not '${s}'`);
    severities[m[1]!] = m[2] as "error";
  }
  const root = resolve(io.cwd, values.path!);
  const out = resolve(io.cwd, values.out!);
  const result = await buildApp({ root, out, sourceDateEpoch, excludeStatuses: statuses, verify: values.verify, severities, strict: values.strict });

  if (values.format === "json") {
    io.stdout(
      JSON.stringify(
        {
          ok: result.ok,
          spl: result.spl ?? null,
          appDir: result.appDir ?? null,
          ssaDir: result.ssaDir ?? null,
          sha256: result.sha256 ?? null,
          files: result.fileCount ?? null,
          buildDate: result.buildDate?.toISOString() ?? null,
          timings: result.timings,
          diagnostics: result.diagnostics,
        },
        null,
        2,
      ) + "\n",
    );
    return result.ok ? 0 : 1;
  }
  const shown = result.diagnostics.filter((d) => (values.quiet ? d.severity === "error" : d.severity !== "info"));
  for (const d of shown) io.stderr(formatDiagnostic(d) + "\n");
  if (!result.ok) {
    io.stderr(`secpack build: failed (${summarize(result.diagnostics)}); nothing was written.\n`);
    return 1;
  }
  if (!values.quiet) {
    const rel = (p: string) => {
      const r = relative(io.cwd, p);
      return r === "" ? "." : r.startsWith("..") ? p : r;
    };
    io.stdout(
      `Built ${rel(result.spl!)} (${result.fileCount} files, sha256 ${result.sha256})\n` +
        `  app folder: ${rel(result.appDir!)}\n  ssa: ${rel(result.ssaDir!)}\n  ${summarize(result.diagnostics)}` +
        (hasErrors(result.diagnostics) ? " (metadata errors that do not block the build; --strict makes them fatal)" : "") +
        "\n",
    );
  }
  return 0;
};
