// The precompiled validators (src/validate/validators.generated.ts) are current and behave as ajv's own.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { SCHEMA_NAMES, AJV_OPTIONS } from "../../src/validate/schema-names.js";
import { readSchema } from "../../src/validate/schema.js";
import { GENERATED_PATH, renderStandaloneModule } from "../../src/validate/standalone.js";
import * as generated from "../../src/validate/validators.generated.js";

const Ajv2020 = createRequire(import.meta.url)("ajv/dist/2020.js").default;

describe("precompiled schema validators", () => {
  it("match the shipped schemas (regenerate: node lib/validate/standalone.js --write)", () => {
    expect(readFileSync(GENERATED_PATH, "utf8")).toBe(renderStandaloneModule());
  });

  it("report the same errors as ajv compiling the schema at run time", () => {
    const ajv = new Ajv2020(AJV_OPTIONS);
    const samples: unknown[] = [
      {},
      null,
      [],
      { name: 1, id: "x", version: "two", date: "2024-13-01", tags: { analytic_story: "one", confidence: 500 }, extra: true },
      { name: "", search: "", type: "TPP", status: "prod", rba: { risk_objects: [{}] }, drilldown_searches: [{ x: 1 }] },
      { app: { appid: 5 }, severities: { SC1: "loud" }, unknown_key: 1 },
    ];
    for (const name of SCHEMA_NAMES) {
      const fresh = ajv.compile(readSchema(name));
      const pre = (generated as Record<string, any>)[name];
      expect(typeof pre, name).toBe("function");
      for (const s of samples) {
        expect(pre(s), `${name} ${JSON.stringify(s)}`).toBe(fresh(s));
        expect(pre.errors, `${name} ${JSON.stringify(s)}`).toEqual(fresh.errors);
      }
    }
  });
});
