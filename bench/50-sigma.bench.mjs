// Sigma conversion throughput over ../shared/corpus/sigma-2026/rules (3,141 rules): read + parse + convert,
// with the none pipeline (search form) and the cim pipeline (tstats, windows process_creation). Target >= 1,000 rules/s.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const RULES = join(here, "..", "..", "shared", "corpus", "sigma-2026", "rules");

function walk(dir, out = []) {
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (f.endsWith(".yml")) out.push(p);
  }
  return out;
}

export default async function bench() {
  if (!existsSync(RULES)) {
    console.log(`skipped: ${RULES} is absent`);
    return;
  }
  const { parseSigmaRule } = await import("../lib/sigma/rule.js");
  const { convertRule } = await import("../lib/sigma/convert.js");
  const { PIPELINES } = await import("../lib/sigma/pipelines/index.js");
  const files = walk(RULES);
  const run = (list, pipeline) => {
    let ok = 0;
    const t0 = process.hrtime.bigint();
    for (const f of list) {
      const parsed = parseSigmaRule(readFileSync(f, "utf8"), f);
      if (parsed.rule && convertRule(parsed.rule, { pipeline }).conversion) ok++;
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    return { ok, ms, rate: Math.round((list.length / ms) * 1000) };
  };
  run(files.slice(0, 300), PIPELINES.none); // warm-up
  const none = run(files, PIPELINES.none);
  console.log(`sigma convert --pipeline none: ${files.length} rules, ${none.ok} converted, ${none.ms.toFixed(0)} ms, ${none.rate} rules/s (target >= 1000)`);
  const pc = files.filter((f) => f.includes(join("windows", "process_creation")));
  const cim = run(pc, PIPELINES.cim);
  console.log(`sigma convert --pipeline cim (windows/process_creation): ${pc.length} rules, ${cim.ok} converted, ${cim.ms.toFixed(0)} ms, ${cim.rate} rules/s`);
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}
