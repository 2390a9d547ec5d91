// SSA evaluator throughput: 100k generated enriched events through the comsvcs pipeline (target >= 200k
// events/s), plus normalizing the ssa-2022 Windows log and parsing the 79 corpus pipelines.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const SHARED = join(here, "..", "..", "shared");
const CORPUS = join(SHARED, "corpus", "ssa-2022");

const mb = (n) => `${(n / 1024 / 1024).toFixed(0)} MB`;

function generate(n) {
  const images = ["cmd.exe", "powershell.exe", "rundll32.exe", "svchost.exe", "reg.exe", "conhost.exe"];
  const events = [];
  for (let i = 0; i < n; i++) {
    const img = images[i % images.length];
    const hit = img === "rundll32.exe" && i % 60 === 2;
    events.push({
      input_event: {
        _time: String(1637764267000 + i * 1000),
        _tenant: "t1",
        dest_device_id: `ws-${i % 500}`,
        dest_user_id: `CORP\\user${i % 97}`,
        event_id: String(100000 + i),
        process_name: img,
        process: hit
          ? `rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump ${600 + (i % 50)} C:\\temp\\lsass.dmp full`
          : `C:\\Windows\\System32\\${img} /c echo run ${i} --flag value`,
      },
    });
  }
  return events;
}

export default async function () {
  if (!existsSync(CORPUS)) {
    console.log("skipped: ../shared/corpus/ssa-2022 is absent");
    return;
  }
  const { parse } = await import("yaml");
  const { parseSpl2 } = await import("../lib/ssa/parser.js");
  const { compileProgram } = await import("../lib/ssa/evaluate.js");
  const { fromJson } = await import("../lib/ssa/values.js");
  const { normalizeEvents } = await import("../lib/ssa/normalize/index.js");

  const det = parse(readFileSync(join(CORPUS, "detections/endpoint/ssa___detect_dump_lsass_memory_using_comsvcs.yml"), "utf8"));
  const parsed = parseSpl2(det.search);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const program = compileProgram(parsed.program, det.search);

  const N = 100_000;
  const lines = generate(N).map((e) => JSON.stringify(e));
  const events = lines.map((l) => fromJson(JSON.parse(l).input_event));
  program.run(events.slice(0, 5000)); // warm-up
  const runs = [];
  let detected = 0;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    detected = program.run(events).length;
    runs.push(performance.now() - t0);
  }
  const best = Math.min(...runs);
  const median = runs.sort((a, b) => a - b)[2];
  console.log(`comsvcs pipeline, ${N} events: best ${best.toFixed(1)} ms (${Math.round(N / (best / 1000)).toLocaleString("en-US")} events/s), median ${median.toFixed(1)} ms (${Math.round(N / (median / 1000)).toLocaleString("en-US")} events/s), ${detected} detected; target >= 200,000 events/s`);

  const t1 = performance.now();
  const fromText = normalizeEvents(lines.join("\n")).events;
  const d2 = program.run(fromText).length;
  const t2 = performance.now() - t1;
  console.log(`including JSON-lines parsing: ${t2.toFixed(1)} ms (${Math.round(N / (t2 / 1000)).toLocaleString("en-US")} events/s), ${d2} detected`);

  const log = readFileSync(join(CORPUS, "data/windows-security_small.log"), "utf8");
  const t3 = performance.now();
  let count = 0;
  for (let r = 0; r < 20; r++) count = normalizeEvents(log).events.length;
  const t4 = (performance.now() - t3) / 20;
  console.log(`normalize windows-security_small.log (${count} events, ${(log.length / 1024).toFixed(0)} KiB): ${t4.toFixed(2)} ms`);

  const walk = (d) => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
  const searches = walk(join(CORPUS, "detections")).map((f) => parse(readFileSync(f, "utf8")).search);
  const t5 = performance.now();
  let ok = 0;
  for (const s of searches) if (parseSpl2(s).ok) ok++;
  console.log(`parse ${searches.length} ssa-2022 pipelines: ${ok} ok in ${(performance.now() - t5).toFixed(1)} ms`);
  console.log(`peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`);
}
