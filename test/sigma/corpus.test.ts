// The SigmaHQ corpus at ../shared/corpus/sigma-2026 (skipped when ../shared is absent).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { main } from "../../src/cli/main.js";
import { convertRule } from "../../src/sigma/convert.js";
import { cimPipeline } from "../../src/sigma/pipelines/cim.js";
import { PIPELINES } from "../../src/sigma/pipelines/index.js";
import { parseSigmaRule } from "../../src/sigma/rule.js";

const SHARED = resolve(__dirname, "..", "..", "..", "shared");
const RULES = join(SHARED, "corpus", "sigma-2026", "rules");
const available = existsSync(RULES);
if (!available) console.log(`note: ${RULES} is absent; the Sigma corpus tests are skipped`);

function walk(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (f.endsWith(".yml")) out.push(p);
  }
  return out;
}

/** The Sigma field names a rule uses, read independently of the converter. */
function fieldsOfRule(data: any): string[] {
  const fields: string[] = [];
  for (const [name, sel] of Object.entries<any>(data.detection ?? {})) {
    if (name === "condition") continue;
    for (const m of Array.isArray(sel) ? sel : [sel]) {
      if (m && typeof m === "object") for (const k of Object.keys(m)) fields.push(k.split("|")[0]);
    }
  }
  return fields;
}

/** The fields named by `|fieldref` values (they need a mapping too). */
function fieldrefTargets(data: any): string[] {
  const out: string[] = [];
  for (const [name, sel] of Object.entries<any>(data.detection ?? {})) {
    if (name === "condition") continue;
    for (const m of Array.isArray(sel) ? sel : [sel]) {
      if (!m || typeof m !== "object") continue;
      for (const [k, v] of Object.entries<any>(m)) if (k.split("|").includes("fieldref")) out.push(...[v].flat().map(String));
    }
  }
  return out;
}

describe.skipIf(!available)("sigma-2026 corpus", () => {
  // Walk in beforeAll, not in the describe body: the body runs at collection time even when the block is skipped.
  let files: string[] = [];
  beforeAll(() => {
    files = walk(RULES);
  });
  it("has the expected 3,141 rules", () => {
    expect(files.length).toBe(3141);
  });
  it("converts at least 99% with the none pipeline; failures are listed by reason", () => {
    const reasons = new Map<string, number>();
    let ok = 0;
    for (const f of files) {
      const p = parseSigmaRule(readFileSync(f, "utf8"), f);
      const r = p.rule ? convertRule(p.rule, { pipeline: PIPELINES.none }) : { diagnostics: p.diagnostics };
      if ("conversion" in r && r.conversion) ok++;
      else for (const d of r.diagnostics) reasons.set(d.reason, (reasons.get(d.reason) ?? 0) + 1);
    }
    if (reasons.size) console.log("none pipeline failures by reason:", Object.fromEntries(reasons));
    expect(ok / files.length).toBeGreaterThanOrEqual(0.99);
  });
  it("with cim, converts every windows process_creation rule whose fields all map", () => {
    const mapped = new Set(Object.keys(cimPipeline.logsources[0].fields!));
    const pc = files.filter((f) => f.includes(join("windows", "process_creation")));
    let mappable = 0;
    const reasons = new Map<string, number>();
    for (const f of pc) {
      const text = readFileSync(f, "utf8");
      const allMap = fieldsOfRule(parse(text)).every((x) => mapped.has(x));
      const p = parseSigmaRule(text, f);
      const r = convertRule(p.rule!, { pipeline: cimPipeline });
      if (allMap) {
        mappable++;
        expect(r.diagnostics.map((d) => d.message), f).toEqual([]);
        expect(r.conversion?.query).toMatch(/^\| tstats .* from datamodel=Endpoint\.Processes /);
      } else {
        expect(r.conversion, f).toBeUndefined();
        for (const d of new Set(r.diagnostics.map((d) => d.reason))) reasons.set(d, (reasons.get(d) ?? 0) + 1);
      }
    }
    console.log(`cim: ${mappable} of ${pc.length} process_creation rules map; failures by reason:`, Object.fromEntries(reasons));
    expect(mappable).toBeGreaterThan(1000);
  });
  it("with cim, prints per file/registry/network category how many windows rules convert (all-mapped rules must convert)", () => {
    const categories = [
      ...["file_event", "file_delete"],
      ...["registry_set", "registry_add", "registry_delete", "registry_event"],
      "network_connection",
    ];
    for (const category of categories) {
      const entry = cimPipeline.logsources.find((l) => l.match.product === "windows" && l.match.category === category)!;
      const mapped = new Set(Object.keys(entry.fields!));
      const object = entry.datamodel!.name.replace(".", "\\.");
      let total = 0;
      let ok = 0;
      const reasons = new Map<string, number>();
      for (const f of files.filter((f) => f.includes(`${join("rules", "windows")}/`))) {
        const text = readFileSync(f, "utf8");
        const data = parse(text);
        if (data?.logsource?.category !== category || data?.logsource?.product !== "windows") continue;
        total++;
        const r = convertRule(parseSigmaRule(text, f).rule!, { pipeline: cimPipeline });
        if (r.conversion) {
          ok++;
          expect(r.conversion.query).toMatch(new RegExp(`^\\| tstats .* from datamodel=${object} `));
        } else {
          expect([...fieldsOfRule(data), ...fieldrefTargets(data)].every((x) => mapped.has(x)), `${f}: ${r.diagnostics.map((d) => d.message)}`).toBe(false);
          for (const d of new Set(r.diagnostics.map((d) => d.reason))) reasons.set(d, (reasons.get(d) ?? 0) + 1);
        }
      }
      console.log(`cim ${category}: ${ok} of ${total} windows rules convert; failures by reason:`, Object.fromEntries(reasons));
      expect(total).toBeGreaterThan(0);
    }
  });
  it("names only data sources that ESCU defines", () => {
    const dir = join(SHARED, "corpus", "escu-2024", "data_sources");
    const names = new Set(readdirSync(dir).map((f) => parse(readFileSync(join(dir, f), "utf8")).name));
    for (const l of cimPipeline.logsources) for (const d of l.dataSource ?? []) expect(names, d).toContain(d);
  });
  it("imports windows/process_creation with cim into a folder that validates clean", async () => {
    const out = mkdtempSync(join(tmpdir(), "secpack-sigma-corpus-"));
    try {
      const quiet = { stdout: () => undefined, stderr: () => undefined, env: {}, cwd: process.cwd(), interactive: false };
      expect(await main(["import", "sigma", join(RULES, "windows", "process_creation"), "--out", out, "--pipeline", "cim"], quiet)).toBe(1);
      expect(readdirSync(join(out, "detections", "endpoint")).length).toBeGreaterThan(1000);
      const err: string[] = [];
      const code = await main(["validate", "--path", out], { ...quiet, stderr: (t: string) => void err.push(t), stdout: (t: string) => void err.push(t) });
      expect(err.join("")).toContain(": 0 errors, 0 warnings");
      expect(code).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
