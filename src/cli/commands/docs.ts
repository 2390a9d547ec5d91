// `secpack docs`: load and check the content, then write the markdown docs site (detection and story
// pages, indexes, tag pages, navigation, ATT&CK Navigator layer) and, with --html, a self-contained report.
import { relative, resolve } from "node:path";
import { loadAttackFile } from "../../attack/resolve.js";
import { ATTACK_TABLE_FILE, readAttackTable, type AttackTable } from "../../attack/table.js";
import { checkContent } from "../../check.js";
import { blocksBuild } from "../../diag/codes.js";
import { sortDiagnostics, type Diagnostic } from "../../diag/diagnostic.js";
import { formatDiagnostic, summarize } from "../../diag/format.js";
import { CVE_DETAILS_FILE, readCveTable, type CveTable } from "../../docs/cve.js";
import { badCveFile } from "../../docs/codes.js";
import { generateDocs } from "../../docs/index.js";
import { writeDocs } from "../../docs/write.js";
import { describeFsError, isFsError } from "../../fs/errors.js";
import { parseCommandArgs } from "../args.js";
import type { Command, Io } from "../io.js";

const HELP = `Usage: secpack docs [--path DIR] [--out DIR] [--html] [--attack FILE] [--cve FILE] [--strict] [--quiet]

Write the documentation site of the content: one markdown page per documented detection
(_posts/DATE-NAME.md), story pages (_stories/), the detections and stories indexes, tag pages
(_pages/), playbook pages (_playbooks/), navigation (_data/navigation.yml), index.markdown and
attack-navigator-layer.json.

Options:
  --path DIR      content root (default: current directory)
  --out DIR       output folder (default: dist/docs); only files secpack wrote before are replaced
  --html          also write report.html: ATT&CK coverage matrix and searchable detection list
  --attack FILE   ATT&CK data: a pinned table or a STIX bundle (.json or .json.gz); default: the
                  content's ${ATTACK_TABLE_FILE} (see 'secpack attack import')
  --cve FILE      CVE details JSON; default: the content's ${CVE_DETAILS_FILE} if present
  --strict        write nothing when the content has errors
  --quiet         print errors and the summary only, not each warning
  -h, --help      show this help

Content errors: the pages are still written (from everything that loaded) and the exit code is 1;
with --strict nothing is written. Warnings never stop the docs.
`;

async function attackTable(root: string, file: string | undefined, io: Io): Promise<AttackTable | undefined | number> {
  try {
    return file ? await loadAttackFile(resolve(io.cwd, file)) : await readAttackTable(root);
  } catch (err) {
    io.stderr(`secpack docs: cannot use ATT&CK data ${file ?? ATTACK_TABLE_FILE}: ${(err as Error).message}\n`);
    return 1;
  }
}

async function cveTable(root: string, file: string | undefined, io: Io, diagnostics: Diagnostic[]) {
  const path = resolve(file ? io.cwd : root, file ?? CVE_DETAILS_FILE);
  const shown = file ?? CVE_DETAILS_FILE;
  const got = await readCveTable(path);
  if (got === "missing") {
    if (file) io.stderr(`secpack docs: warning: CVE file ${file} does not exist\n`);
    return { cve: undefined, source: { file: shown, present: false } };
  }
  if (!(got instanceof Map)) {
    diagnostics.push({ file: shown, ...badCveFile(shown, got.error) });
    return { cve: undefined, source: { file: shown, present: false } };
  }
  return { cve: got as CveTable, source: { file: shown, present: true } };
}

export const run: Command = async (argv, io) => {
  const { values } = parseCommandArgs(argv, {
    path: { type: "string" },
    out: { type: "string" },
    html: { type: "boolean" },
    attack: { type: "string" },
    cve: { type: "string" },
    strict: { type: "boolean" },
    quiet: { type: "boolean", short: "q" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const root = resolve(io.cwd, values.path ?? ".");
  const out = resolve(io.cwd, values.out ?? "dist/docs");
  const attack = await attackTable(root, values.attack, io);
  if (typeof attack === "number") return attack;
  const { project, diagnostics: found } = await checkContent(root);
  const missingRoot = found.find((d) => d.code === "SC1012");
  if (missingRoot) {
    io.stderr(formatDiagnostic(missingRoot) + "\n");
    return 1;
  }
  const diagnostics = [...found];
  const { cve, source } = await cveTable(root, values.cve, io, diagnostics);
  const result = generateDocs(project, { attack, cve, cveSource: source, html: values.html });
  // One report per place: the validator may already flag what the docs warn about (an unknown ATT&CK id).
  const seen = new Set(found.map((d) => `${d.file}:${d.span?.line}:${d.span?.col}`));
  diagnostics.push(...result.diagnostics.filter((d) => !d.span || !seen.has(`${d.file}:${d.span.line}:${d.span.col}`)));
  sortDiagnostics(diagnostics);
  // Metadata errors (risk arithmetic, message tokens, data source names) do not make the pages wrong.
  const failed = diagnostics.some((d) => blocksBuild(d, values.strict === true));
  for (const d of diagnostics) if (!values.quiet || d.severity === "error") io.stderr(formatDiagnostic(d) + "\n");
  if (failed && values.strict) {
    io.stderr(`secpack docs: ${summarize(diagnostics)}; nothing written (--strict)\n`);
    return 1;
  }
  let written: Awaited<ReturnType<typeof writeDocs>>;
  try {
    written = await writeDocs(out, result.files);
  } catch (err) {
    if (!isFsError(err)) throw err;
    io.stderr(`secpack docs: ${describeFsError(err)}; check --out\n`);
    return 1;
  }
  const { removed, kept } = written;
  const rel = relative(io.cwd, out);
  const shown = rel === "" ? "." : rel.startsWith("..") ? out : rel;
  io.stdout(
    `wrote ${result.detectionPages} detection pages, ${result.stories.length} story pages and ` +
      `${result.files.length - result.detectionPages - result.stories.length} other files to ${shown}` +
      `${kept ? ` (${kept} unchanged)` : ""}${removed ? ` (removed ${removed} stale)` : ""}${values.html ? `; report: ${shown}/report.html` : ""}\n`,
  );
  if (diagnostics.length) io.stderr(`secpack docs: ${summarize(diagnostics)}${failed ? " (pages written anyway; use --strict to refuse)" : ""}\n`);
  return failed ? 1 : 0;
};
