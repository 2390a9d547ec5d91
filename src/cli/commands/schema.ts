// `secpack schema --out DIR`: write the shipped JSON Schemas (one per kind, plus secpack.yml) for editors.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { UsageError } from "../../diag/diagnostic.js";
import { readSchema, SCHEMA_NAMES } from "../../validate/schema.js";
import { parseCommandArgs } from "../args.js";
import type { Command } from "../io.js";

const HELP = `Usage: secpack schema --out DIR

Write the JSON Schemas secpack validates with (draft 2020-12), one per content kind plus secpack.yml:
${SCHEMA_NAMES.map((n) => `${n}.schema.json`).join(", ")}.
Point yaml-language-server at them, e.g. in a detection file:
  # yaml-language-server: $schema=DIR/detection.schema.json
or map folders in your editor settings ("yaml.schemas": {"DIR/detection.schema.json": "detections/**/*.yml"}).

Options:
  --out DIR    folder to write to (created if missing)
  -h, --help   show this help
`;

export const run: Command = async (argv, io) => {
  const { values } = parseCommandArgs(argv, { out: { type: "string" }, help: { type: "boolean", short: "h" } });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (!values.out) throw new UsageError("--out DIR is required");
  const out = resolve(io.cwd, values.out);
  mkdirSync(out, { recursive: true });
  for (const name of SCHEMA_NAMES) {
    writeFileSync(join(out, `${name}.schema.json`), JSON.stringify(readSchema(name), null, 2) + "\n");
  }
  io.stdout(`wrote ${SCHEMA_NAMES.length} schemas to ${values.out}\n`);
  return 0;
};
