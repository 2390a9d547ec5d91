// Wall time and peak RSS of `secpack validate` on the escu-2024 corpus (a fresh process per run, as a user
// runs it). Needs the compiled lib/ (npm run build:ts) and ../shared/corpus.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const corpora = ["escu-2024", "ssa-2022"].map((c) => join(repo, "..", "shared", "corpus", c));

export default async function () {
  if (!existsSync(corpora[0])) {
    console.log("skipped: ../shared/corpus is absent");
    return;
  }
  for (const corpus of corpora) {
    const runs = [];
    for (let i = 0; i < 3; i++) {
      // /usr/bin/time is not everywhere: measure in a child that reports its own peak RSS
      const script = `const t=performance.now();const {main}=await import(${JSON.stringify(join(repo, "lib/cli/main.js"))});` +
        `const io={stdout(){},stderr(){},env:process.env,cwd:process.cwd(),interactive:false};` +
        `const code=await main(["validate","--path",${JSON.stringify(corpus)}],io);` +
        `console.log(JSON.stringify({code,ms:performance.now()-t,rss:process.resourceUsage().maxRSS}))`;
      const started = performance.now();
      const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
      const wall = performance.now() - started;
      const r = JSON.parse(child.stdout.trim().split("\n").pop());
      runs.push({ wall, inner: r.ms, rss: r.rss / 1024, code: r.code });
    }
    const best = runs.reduce((a, b) => (a.wall < b.wall ? a : b));
    console.log(
      `validate ${corpus.split("/").pop()}: wall ${(best.wall / 1000).toFixed(2)}s (process incl. start-up; in-process ${(best.inner / 1000).toFixed(2)}s), ` +
        `peak RSS ${best.rss.toFixed(0)} MB, exit ${best.code} (best of ${runs.length}: ${runs.map((r) => (r.wall / 1000).toFixed(2)).join(", ")} s)`,
    );
  }
}
