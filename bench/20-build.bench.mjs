// `secpack build` of the escu-2024 corpus: wall time and peak RSS in a fresh child process (as a user runs it),
// with the load (check), render, pack and write parts separately. Targets: <= 2.0 s wall, <= 200 MiB peak RSS.
// Needs the compiled lib/ (npm run build:ts) and ../shared/corpus.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const corpus = join(repo, "..", "shared", "corpus", "escu-2024");
const lib = (p) => JSON.stringify(join(repo, "lib", p));


/** One child run. mode "build": buildApp as the CLI runs it. mode "parts": check, then render+pack+write timed alone. */
function child(mode, out) {
  const script =
    mode === "build"
      ? `const t=performance.now();const {buildApp}=await import(${lib("build.js")});` +
        `const r=await buildApp({root:${JSON.stringify(corpus)},out:${JSON.stringify(out)}});` +
        `console.log(JSON.stringify({ok:r.ok,errors:r.diagnostics.filter(d=>d.severity==="error").length,ms:performance.now()-t,timings:r.timings,rss:process.resourceUsage().maxRSS,sha:r.sha256??null}))`
      : `const {checkContent}=await import(${lib("check.js")});const {renderAndPack,resolveBuildDate}=await import(${lib("build.js")});` +
        `const {writeFile,mkdir}=await import("node:fs/promises");` +
        `const t0=performance.now();const {project}=await checkContent(${JSON.stringify(corpus)});const load=performance.now()-t0;` +
        `const rssLoad=process.resourceUsage().maxRSS;const t1=performance.now();` +
        `const r=await renderAndPack(project,{buildDate:resolveBuildDate(project)});` +
        `await mkdir(${JSON.stringify(out)},{recursive:true});await writeFile(${JSON.stringify(join(out, "x.spl"))},r.spl);` +
        `console.log(JSON.stringify({load,render:r.renderMs,pack:r.packMs,renderPackWrite:performance.now()-t1,rssLoad,rss:process.resourceUsage().maxRSS,bytes:r.spl.length}))`;
  const started = performance.now();
  const c = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  const wall = performance.now() - started;
  if (c.status !== 0) throw new Error(`bench child failed: ${c.stderr}`);
  return { wall, ...JSON.parse(c.stdout.trim().split("\n").pop()) };
}

export default async function () {
  if (!existsSync(corpus)) {
    console.log("skipped: ../shared/corpus is absent");
    return;
  }
  if (!existsSync(join(repo, "lib", "build.js"))) {
    console.log("skipped: lib/ is not compiled (npm run build:ts)");
    return;
  }
  const scratch = mkdtempSync(join(tmpdir(), "secpack-bench-build-"));
  try {
    const builds = [0, 1, 2].map((i) => child("build", join(scratch, `b${i}`)));
    const best = builds.reduce((a, b) => (a.wall < b.wall ? a : b));
    const mib = (kb) => (kb / 1024).toFixed(0);
    const s = (ms) => (ms / 1000).toFixed(2);
    if (best.ok) {
      const shas = new Set(builds.map((b) => b.sha));
      console.log(
        `build escu-2024: wall ${s(best.wall)} s (target <= 2.0), peak RSS ${mib(best.rss)} MiB (target <= 200); ` +
          `load ${s(best.timings.loadMs)} s, render ${s(best.timings.renderMs)} s, pack ${s(best.timings.packMs)} s, write ${s(best.timings.writeMs)} s; ` +
          `${shas.size === 1 ? "all runs byte-identical" : "RUNS DIFFER"} (walls: ${builds.map((b) => s(b.wall)).join(", ")} s)`,
      );
    } else {
      console.log(`build escu-2024: refused by validation (${best.errors} errors); wall ${s(best.wall)} s, peak RSS ${mib(best.rss)} MiB`);
    }
    const parts = [0, 1, 2].map((i) => child("parts", join(scratch, `p${i}`)));
    const p = parts.reduce((a, b) => (a.renderPackWrite < b.renderPackWrite ? a : b));
    console.log(
      `render+pack+write escu-2024 (after load): ${s(p.renderPackWrite)} s (render ${s(p.render)} s, pack ${s(p.pack)} s), ` +
        `.spl ${(p.bytes / 2 ** 20).toFixed(1)} MiB; load alone ${s(p.load)} s; peak RSS ${mib(p.rss)} MiB (${mib(p.rssLoad)} MiB after load)`,
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
