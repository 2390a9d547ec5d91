// Runs every bench/*.bench.mjs in name order; each prints its own figures. Needs `npm run build:ts` first
// (done by `npm ci`), and ../shared/corpus for the real workload.
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
for (const f of readdirSync(here).filter((f) => f.endsWith(".bench.mjs")).sort()) {
  if (only.length && !only.some((o) => f.includes(o))) continue;
  console.log(`\n## ${f.replace(/\.bench\.mjs$/, "")}`);
  const mod = await import(pathToFileURL(join(here, f)).href);
  if (typeof mod.default === "function") await mod.default();
}
