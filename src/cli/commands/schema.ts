// `secpack schema --out DIR`: write the shipped JSON Schemas (one per kind, plus secpack.yml) for editors.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { schemaPath } from "../../paths.js";
import { UsageError } from "../../diag/diagnostic.js";
import { writeBatch } from "../../fs/batch.js";
import { readSchema, SCHEMA_NAMES } from "../../validate/schema.js";
import { parseCommandArgs } from "../args.js";
import { reportFsErrors } from "../fs-error.js";
import type { Command } from "../io.js";

const HELP = `Usage: secpack schema --out DIR

Write the JSON Schemas secpack validates with (draft 2020-12), one per content kind plus secpack.yml:
${SCHEMA_NAMES.map((n) => `${n}.schema.json`).join(", ")}.
Point yaml-language-server at them, e.g. in a detection file:
  # yaml-language-server: $schema=DIR/detection.schema.json
or map folders in your editor settings ("yaml.schemas": {"DIR/detection.schema.json": "detections/**/*.yml"}).

Options:
  --out DIR    folder to write to (created if missing; all files or none are written)
  -h, --help   show this help
`;

/**
 * The schema as editors get it. The detection schema's `ssa:` block is only `type: object` for validation (the SSA
 * checks report its problems with their own codes); editors get its full shape, for completion and hover.
 */
export function editorSchema(name: (typeof SCHEMA_NAMES)[number]): Record<string, any> {
  const schema = readSchema(name);
  if (name !== "detection" || !schema.properties?.ssa) return schema;
  const fragment = JSON.parse(readFileSync(schemaPath("fragments", "ssa.schema.json"), "utf8"));
  const { $schema: _s, $id: _i, definitions = {}, ...shape } = fragment;
  const retarget = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(retarget)
      : v && typeof v === "object"
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === "$ref" && typeof x === "string" ? x.replace("#/definitions/", "#/$defs/ssa_") : retarget(x)]))
        : v;
  schema.$defs = { ...(schema.$defs ?? {}), ssa: retarget(shape) };
  for (const [k, v] of Object.entries(definitions)) schema.$defs[`ssa_${k}`] = retarget(v);
  schema.properties.ssa = { $ref: "#/$defs/ssa" };
  return schema;
}

export const run: Command = async (argv, io) => {
  const { values } = parseCommandArgs(argv, { out: { type: "string" }, help: { type: "boolean", short: "h" } });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (!values.out) throw new UsageError("--out DIR is required");
  const out = resolve(io.cwd, values.out);
  const files = SCHEMA_NAMES.map((name) => ({ path: `${name}.schema.json`, contents: JSON.stringify(editorSchema(name), null, 2) + "\n" }));
  return reportFsErrors(io, "schema", async () => {
    await writeBatch(out, files);
    io.stdout(`wrote ${SCHEMA_NAMES.length} schemas to ${values.out}\n`);
    return 0;
  });
};
