// `secpack schema` gives editors the full shape of the detection's `ssa:` block (validation keeps it loose and
// lets the SSA checks report with their own codes).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { editorSchema } from "../../src/cli/commands/schema.js";

const repo = join(__dirname, "..", "..");
const detection = parse(readFileSync(join(repo, "detections/endpoint/detect_dump_lsass_memory_using_comsvcs.yml"), "utf8"));
const structured = parse(readFileSync(join(repo, "test/ssa/golden/comsvcs-structured/ssa.yml"), "utf8")).ssa;

describe("editor schema of detections", () => {
  const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ allErrors: true, strict: false });
  const validate = ajv.compile(editorSchema("detection"));

  it("accepts the seed's structured ssa block", () => {
    const { search: _search, ...rest } = detection;
    expect(validate({ ...rest, ssa: structured }), JSON.stringify(validate.errors)).toBe(true);
  });

  it("rejects an unknown key and a wrong transform inside ssa", () => {
    const { search: _search, ...rest } = detection;
    expect(validate({ ...rest, ssa: { ...structured, wher: "x" } })).toBe(false);
    expect(validate({ ...rest, ssa: { ...structured, fields: [{ name: "a", transform: "no_such_transform" }] } })).toBe(false);
  });

  it("leaves the other schemas as validation uses them", () => {
    expect(editorSchema("macro")).toEqual(JSON.parse(readFileSync(join(repo, "schemas/macro.schema.json"), "utf8")));
  });
});
