// `secpack attack update [--url URL] [--path DIR]`: download the current Enterprise ATT&CK bundle from
// MITRE's public repository (or URL) and import it as the content repo's pinned table.
import { relative, resolve } from "node:path";
import { DEFAULT_ATTACK_URL, DownloadError, downloadBundle } from "../../attack/download.js";
import { describeImport, importAttackBundle } from "../../attack/import.js";
import { StixError } from "../../attack/stix.js";
import { ATTACK_TABLE_FILE } from "../../attack/table.js";
import { UsageError } from "../../diag/diagnostic.js";
import { describeFsError, isFsError } from "../../fs/errors.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../io.js";

const HELP = `Usage: secpack attack update [--url URL] [--path DIR] [--version V] [--timeout SECONDS]

Download the Enterprise ATT&CK STIX bundle and import it into ${ATTACK_TABLE_FILE}.

Options:
  --url URL           bundle to download (default: ${DEFAULT_ATTACK_URL})
  --path DIR          content root (default: current directory)
  --version V         ATT&CK release to record (default: from the bundle)
  --timeout SECONDS   give up after this long (default: 120)
  -h, --help          show this help
`;

export const run: Command = async (argv, io) => {
  const { values } = parseCommandArgs(argv, {
    url: { type: "string" },
    path: { type: "string" },
    version: { type: "string" },
    timeout: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const timeout = values.timeout === undefined ? 120 : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError(`--timeout must be a positive number of seconds, got '${values.timeout}'`);
  const url = values.url ?? DEFAULT_ATTACK_URL;
  const root = resolve(io.cwd, values.path ?? ".");
  io.stderr(`downloading ${url}\n`);
  try {
    const bytes = await downloadBundle(url, timeout * 1000);
    const result = await importAttackBundle(root, bytes, url, values.version);
    io.stdout(describeImport(result, relative(io.cwd, result.path) || result.path));
    return 0;
  } catch (err) {
    if (err instanceof DownloadError || err instanceof StixError) {
      io.stderr(`secpack attack update: ${err.message}\n`);
      return 1;
    }
    if (isFsError(err)) {
      io.stderr(`secpack attack update: ${describeFsError(err)}\n`);
      return 1;
    }
    throw err;
  }
};
