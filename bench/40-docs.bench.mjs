// Docs generation for escu-2024 (target: <= 2 s wall for the whole `secpack docs` run: load + check,
// ATT&CK table, render every page + HTML report, write). Prints phase times, page counts, peak RSS.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const shared = join(here, "..", "..", "shared");
const corpus = join(shared, "corpus", "escu-2024");
const bundle = join(shared, "corpus", "attack", "enterprise-attack-v10.1.json.gz");

export default async function () {
  if (!existsSync(corpus) || !existsSync(bundle)) {
    console.log("skipped: ../shared/corpus (escu-2024 and the ATT&CK bundle) is absent");
    return;
  }
  const { checkContent } = await import("../lib/check.js");
  const { readAttackTable } = await import("../lib/attack/table.js");
  const { loadAttackFile } = await import("../lib/attack/resolve.js");
  const { generateDocs } = await import("../lib/docs/index.js");
  const { writeDocs } = await import("../lib/docs/write.js");
  const { main } = await import("../lib/cli/main.js");
  const ms = (t) => `${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(0)} ms`;

  // Phases, in-process (first run includes module warm-up).
  let t = process.hrtime.bigint();
  const pinned = await readAttackTable(join(here, ".."));
  const tTable = ms(t);
  t = process.hrtime.bigint();
  const fromBundle = await loadAttackFile(bundle);
  const tBundle = ms(t);
  t = process.hrtime.bigint();
  const { project } = await checkContent(corpus);
  const tLoad = ms(t);
  t = process.hrtime.bigint();
  const result = generateDocs(project, { attack: pinned ?? fromBundle, html: true });
  const tRender = ms(t);
  const out = mkdtempSync(join(tmpdir(), "secpack-bench-docs-"));
  t = process.hrtime.bigint();
  await writeDocs(out, result.files);
  const tWrite = ms(t);
  const bytes = result.files.reduce((n, f) => n + Buffer.byteLength(f.contents), 0);
  console.log(`pinned table read: ${tTable}; v10.1 bundle (gz) parsed: ${tBundle}`);
  console.log(`load+check: ${tLoad}; render: ${tRender} (${result.detectionPages} detection pages, ${result.stories.length} story pages, ${result.files.length} files, ${(bytes / 1e6).toFixed(1)} MB); write: ${tWrite}`);

  // The whole command, as a user runs it (warm process), three times; best and median.
  const quiet = { stdout: () => {}, stderr: () => {}, env: {}, cwd: process.cwd(), interactive: false };
  const table = join(here, "..", "attack", "enterprise-attack.json");
  for (const [label, attack] of [["pinned v10.1 table", table], ["v10.1 STIX bundle", bundle]]) {
    const walls = [];
    const cpus = [];
    for (let i = 0; i < 3; i++) {
      t = process.hrtime.bigint();
      const c = process.cpuUsage();
      await main(["docs", "--path", corpus, "--out", out, "--attack", attack, "--html", "--quiet"], quiet);
      walls.push(Number(process.hrtime.bigint() - t) / 1e6);
      const u = process.cpuUsage(c);
      cpus.push((u.user + u.system) / 1000);
    }
    walls.sort((a, b) => a - b);
    cpus.sort((a, b) => a - b);
    console.log(`secpack docs --html, escu-2024, --attack ${label}: wall best ${walls[0].toFixed(0)} ms, median ${walls[1].toFixed(0)} ms; CPU median ${cpus[1].toFixed(0)} ms (target <= 2000 ms wall)`);
  }
  // A user's run: a fresh process (cold start), first into an empty folder, then again (unchanged pages kept).
  const { spawnSync } = await import("node:child_process");
  const cli = join(here, "..", "bin", "secpack.js");
  const fresh = join(out, "cold");
  for (const label of ["empty --out", "re-run, same --out"]) {
    t = process.hrtime.bigint();
    spawnSync(process.execPath, [cli, "docs", "--path", corpus, "--out", fresh, "--attack", table, "--html", "--quiet"], { stdio: "ignore" });
    console.log(`node bin/secpack.js docs --html (cold process, ${label}): ${ms(t)} wall`);
  }
  const load = (await import("node:os")).loadavg()[0];
  if (load > 2) console.log(`note: load average ${load.toFixed(1)} on this machine while measuring; wall times are inflated`);
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  rmSync(out, { recursive: true, force: true });
}
