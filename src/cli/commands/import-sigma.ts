// `secpack import sigma FILE|DIR... [--out DIR] [--pipeline cim|windows|none|FILE] [--format F] [--story NAME]`:
// write one detection YAML per converted rule, plus the macros and story they need when missing, so that the
// output validates on its own. A batch continues past failures and ends with a summary by reason.
import { existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "../../diag/diagnostic.js";
import { formatDiagnostic } from "../../diag/format.js";
import { describeFsError, isFsError } from "../../fs/errors.js";
import { at, writeFailure } from "../../sigma/codes.js";
import { buildDetection, filterMacro, groupOf, importStory, snakeName, supportMacros } from "../../sigma/detection.js";
import { checkBatchUsage, convertFile, displayPath, listRuleFiles, loadPipeline, summarizeBatch, unreadableInputs, type FileResult } from "../../sigma/files.js";
import { contentYaml, namesIn, writeImport } from "../../sigma/write.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../io.js";

const DEFAULT_STORY = "Imported Sigma Rules";

const HELP = `Usage: secpack import sigma FILE|DIR... [options]

Import Sigma rules as security_content detections: one YAML file per converted rule under
<root>/detections/<domain>/<snake_name>.yml, plus any missing support macros (security_content_summariesonly,
security_content_ctime, each detection's <snake_name>_filter) in <root>/macros/ and the analytic story in
<root>/stories/, so that \`secpack validate --path <root>\` passes on the output alone.

Options:
  --out DIR             a content root, or a detections/ folder (then its parent is the root). Default: detections
  --pipeline NAME|FILE  cim (default; Endpoint data model tstats searches), windows, none, or a pipeline file
  --format FORM         search or tstats (default: the pipeline's)
  --story NAME          analytic story of the imported detections. Default: "${DEFAULT_STORY}"
  -h, --help            this text

The files are staged in a folder beside the root and moved into place at the end: a failure leaves the root
as it was, and when no rule converts nothing at all is written.

Exit codes: 0 all imported, 1 some rule failed (the others are still written) or the output cannot be written,
2 bad usage.
`;

/** Where detections, macros and stories go for an --out value. */
export function outputLayout(out: string, cwd: string): { root: string; detections: string } {
  const abs = resolve(cwd, out);
  return basename(abs) === "detections" ? { root: dirname(abs), detections: abs } : { root: abs, detections: join(abs, "detections") };
}

/** Data source names defined under <root>/data_sources/, or undefined when the folder does not exist. */
async function knownDataSources(root: string): Promise<Set<string> | undefined> {
  const dir = join(root, "data_sources");
  return existsSync(dir) ? namesIn(dir) : undefined;
}

export const run: Command = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      out: { type: "string" },
      pipeline: { type: "string" },
      format: { type: "string" },
      story: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const format = checkBatchUsage(positionals, values.format);
  const story = (values.story ?? DEFAULT_STORY).trim();
  if (story === "" || /[\r\n]/.test(story)) throw new UsageError("--story must be a non-empty single-line name");
  const pipeline = await loadPipeline(values.pipeline ?? "cim", io.cwd);
  const layout = outputLayout(values.out ?? "detections", io.cwd);
  const { files, diagnostics } = await listRuleFiles(positionals, io.cwd);
  for (const d of diagnostics) io.stderr(formatDiagnostic(d) + "\n");

  // A missing or unreadable input counts as a failed rule of the batch.
  const results: FileResult[] = unreadableInputs(diagnostics);
  const outputs = new Map<string, string>();
  const known = await knownDataSources(layout.root);
  const dropped = new Set<string>();
  const macros = supportMacros();
  const taken = new Set<string>();
  let latest = "1970-01-01";
  for (const f of files) {
    const r = await convertFile(f, io.cwd, { pipeline, format });
    results.push(r);
    for (const d of r.diagnostics) io.stderr(formatDiagnostic(d) + "\n");
    if (!r.rule || !r.conversion) continue;
    const detection = buildDetection(r.rule, r.conversion, { story, taken });
    if (known && detection.data_source) {
      for (const d of detection.data_source) if (!known.has(d)) dropped.add(d);
      detection.data_source = detection.data_source.filter((d) => known.has(d));
      if (detection.data_source.length === 0) delete detection.data_source;
    }
    const path = join(layout.detections, groupOf(r.rule, r.conversion), `${snakeName(detection.name)}.yml`);
    outputs.set(path, contentYaml(detection));
    macros.push(filterMacro(detection));
    if (detection.date > latest) latest = detection.date;
  }

  // Support macros and the story only go with detections: when no rule converts, nothing at all is written.
  if (outputs.size > 0) {
    const existingMacros = await namesIn(join(layout.root, "macros"));
    for (const m of macros) {
      if (!existingMacros.has(m.name)) outputs.set(join(layout.root, "macros", `${m.name}.yml`), contentYaml(m));
    }
    if (!(await namesIn(join(layout.root, "stories"))).has(story)) {
      outputs.set(join(layout.root, "stories", `${snakeName(story)}.yml`), contentYaml(importStory(story, latest)));
    }
  }

  for (const d of [...dropped].sort()) {
    io.stderr(`note: data source '${d}' is not defined in ${displayPath(join(layout.root, "data_sources"), io.cwd)}/; left out of data_source\n`);
  }
  let writeError = false;
  try {
    await writeImport(layout.root, outputs);
  } catch (e) {
    if (!isFsError(e)) throw e;
    writeError = true;
    io.stderr(formatDiagnostic(at(writeFailure(`${describeFsError(e)}; nothing was written`), displayPath(layout.root, io.cwd) || ".")) + "\n");
  }
  const converted = results.filter((r) => r.conversion).length;
  const written = writeError ? 0 : converted;
  io.stderr(summarizeBatch(results, "imported"));
  const where = displayPath(layout.root, io.cwd) || ".";
  io.stderr(
    outputs.size === 0 || writeError
      ? `wrote nothing under ${where}${outputs.size === 0 ? " (no rule converted)" : ""}\n`
      : `wrote ${outputs.size} file${outputs.size === 1 ? "" : "s"} under ${where} (${written} detection${written === 1 ? "" : "s"})\n`,
  );
  return diagnostics.length || writeError || results.some((r) => !r.conversion) || files.length === 0 ? 1 : 0;
};
