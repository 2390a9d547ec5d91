// `secpack new detection`: write a new detection YAML (SSA with a structured ssa: block, or ESCU SPL).
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { loadConfig } from "../../load/config.js";
import { UsageError } from "../../diag/diagnostic.js";
import { describeFsError, isFsError } from "../../fs/errors.js";
import { writeBatch } from "../../fs/batch.js";
import { scaffoldDetection } from "../../ssa/scaffold.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../io.js";

const HELP = `Usage: secpack new detection --name NAME [--ssa --fields F1,F2,... --where COND | --search SPL] [options]

Write a new detection YAML with a fresh UUID, today's date, version 1 and TODO markers where a person
must write text (description, how_to_implement, known_false_positives, risk message, ATT&CK ids).

  --name NAME        detection name; the file is <name lower, non-alphanumerics -> _>.yml
  --ssa              an SSA (SPL2) detection described by a structured ssa: block
  --fields LIST      SSA: input_event keys to read, comma-separated; 'name:transform' applies lower, upper,
                     trim, len, parse_long, parse_int or parse_double (e.g. process_name:lower)
  --where COND       SSA: the condition, an SPL2 expression over those fields
                     (e.g. 'process_name="rundll32.exe" AND match_regex(process, /(?i)minidump/)=true')
  --search SPL       ESCU: the SPL search; the detection's \`<stem>_filter\` macro is appended
  --type TYPE        TTP (default), Anomaly or Hunting
  --author NAME      author (default: app.author_name from secpack.yml, else TODO)
  --date YYYY-MM-DD  date (default: today, UTC)
  --out DIR          folder to write into (default: detections/endpoint under --path)
  --path DIR         content root for the config and the default --out (default: current directory)
  --force            overwrite an existing file
  -h, --help         show this help
`;

export const run: Command = async (argv, io) => {
  const { values } = parseCommandArgs(argv, {
    name: { type: "string" },
    ssa: { type: "boolean" },
    fields: { type: "string" },
    where: { type: "string" },
    search: { type: "string" },
    type: { type: "string", default: "TTP" },
    author: { type: "string" },
    date: { type: "string" },
    out: { type: "string" },
    path: { type: "string" },
    force: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (!values.name) throw new UsageError("--name is required (see --help).");
  if (!values.ssa && (values.fields || values.where)) throw new UsageError("--fields and --where need --ssa.");
  if (values.ssa && values.search) throw new UsageError("--search is for SPL detections; with --ssa use --fields and --where.");
  if (!["TTP", "Anomaly", "Hunting"].includes(values.type!)) throw new UsageError(`--type must be TTP, Anomaly or Hunting, not '${values.type}'.`);
  const date = values.date ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError(`--date must be YYYY-MM-DD, not '${date}'.`);
  const root = resolve(io.cwd, values.path ?? ".");
  const { config } = await loadConfig(root);
  const configured = config.source !== "defaults" ? config.app.author_name : undefined;
  const result = scaffoldDetection({
    name: values.name,
    id: randomUUID(),
    date,
    author: values.author ?? configured ?? "TODO",
    ssa: Boolean(values.ssa),
    fields: (values.fields ?? "").split(",").map((s) => s.trim()).filter(Boolean),
    where: values.where,
    search: values.search,
    type: values.type!,
  });
  if (!result.ok) {
    for (const p of result.problems) io.stderr(`secpack new detection: ${p}\n`);
    return 2;
  }
  const outDir = values.out ? resolve(io.cwd, values.out) : join(root, "detections", "endpoint");
  const target = join(outDir, `${result.stem}.yml`);
  if (existsSync(target) && !values.force) {
    io.stderr(`secpack new detection: ${relative(io.cwd, target)} exists; use --force to overwrite it.\n`);
    return 1;
  }
  try {
    await writeBatch(outDir, [{ path: basename(target), contents: result.yaml }]);
  } catch (err) {
    if (!isFsError(err)) throw err;
    io.stderr(`secpack new detection: ${describeFsError(err)}\n`);
    return 1;
  }
  io.stdout(`wrote ${relative(io.cwd, target) || target}\n`);
  io.stdout("next: replace the TODO text, add ATT&CK ids and an analytic story, then run 'secpack validate'.\n");
  return 0;
};
