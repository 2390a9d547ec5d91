// `secpack attack import FILE [--path DIR] [--version V]`: store a STIX bundle's techniques as the
// content repo's pinned ATT&CK table (attack/enterprise-attack.json).
import { readFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { describeImport, importAttackBundle } from "../../attack/import.js";
import { StixError } from "../../attack/stix.js";
import { ATTACK_TABLE_FILE } from "../../attack/table.js";
import { UsageError } from "../../diag/diagnostic.js";
import { describeFsError, isFsError } from "../../fs/errors.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../io.js";

const HELP = `Usage: secpack attack import FILE [--path DIR] [--version V]

Import a MITRE ATT&CK STIX 2 bundle (enterprise-attack.json, optionally .gz) into the content repo's
pinned table ${ATTACK_TABLE_FILE}, which docs (and validate) read offline.

Options:
  --path DIR      content root (default: current directory)
  --version V     ATT&CK release to record (default: from the bundle, else from a "v10.1" in the file name)
  -h, --help      show this help
`;

export const run: Command = async (argv, io) => {
  const { values, positionals } = parseCommandArgs(
    argv,
    { path: { type: "string" }, version: { type: "string" }, help: { type: "boolean", short: "h" } },
    true,
  );
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError("expected exactly one bundle FILE (see --help)");
  const root = resolve(io.cwd, values.path ?? ".");
  const file = resolve(io.cwd, positionals[0]);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    io.stderr(`secpack attack import: cannot read ${positionals[0]}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
    return 1;
  }
  try {
    const result = await importAttackBundle(root, bytes, file, values.version);
    io.stdout(describeImport(result, relative(io.cwd, result.path) || result.path));
    return 0;
  } catch (err) {
    if (isFsError(err)) {
      io.stderr(`secpack attack import: ${describeFsError(err)}\n`);
      return 1;
    }
    if (!(err instanceof StixError)) throw err;
    io.stderr(`secpack attack import: ${positionals[0]}: ${err.message}\n`);
    return 1;
  }
};
