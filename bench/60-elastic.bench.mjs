// Conversion throughput of the Elastic importer over ../shared/corpus/elastic-2026/rules/windows (487 rules):
// read + parse + translate + render (both targets), and the full import (detection YAML built in memory).
// Needs the compiled lib/ (npm run build:ts). Target: >= 500 rules/s.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const rulesDir = join(repo, "..", "shared", "corpus", "elastic-2026", "rules", "windows");

export default async function () {
  if (!existsSync(rulesDir)) {
    console.log("skipped: ../shared/corpus/elastic-2026 is absent");
    return;
  }
  const lib = (p) => import(pathToFileURL(join(repo, "lib", p)).href);
  const { readRuleFiles } = await lib("elastic/read.js");
  const { convertRule } = await lib("elastic/convert.js");
  const { planImport } = await lib("elastic/import.js");
  const t0 = performance.now();
  const { rules } = await readRuleFiles([rulesDir]);
  const readMs = performance.now() - t0;
  for (const target of ["sysmon", "cim"]) {
    const runs = [];
    let ok = 0;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      ok = rules.map((r) => convertRule(r, target)).filter((r) => r.ok).length;
      runs.push(performance.now() - t);
    }
    const best = Math.min(...runs);
    console.log(`elastic convert --target ${target}: ${rules.length} rules in ${best.toFixed(0)} ms = ${Math.round((rules.length / best) * 1000)} rules/s (best of 5; ${ok} converted)`);
  }
  const runs = [];
  let plan;
  for (let i = 0; i < 3; i++) {
    const t1 = performance.now();
    plan = await planImport([rulesDir], "sysmon", join(repo, "test-output", "bench-elastic"));
    runs.push(performance.now() - t1);
  }
  const importMs = Math.min(...runs);
  console.log(
    `elastic import (read TOML + convert + build YAML, no disk writes): ${rules.length} rules in ${importMs.toFixed(0)} ms = ` +
      `${Math.round((rules.length / importMs) * 1000)} rules/s (best of 3: ${runs.map((r) => r.toFixed(0)).join(", ")} ms); ` +
      `${plan.files.length} files; first TOML read ${readMs.toFixed(0)} ms; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
}
