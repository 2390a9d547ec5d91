// Parsing on worker threads gives exactly what parsing on the main thread gives: same objects, same
// diagnostics, same positions. The worker runs the compiled lib/ (a child process imports it; `npm test`
// compiles first), so this test skips with a note when lib/ is absent.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseAll } from "../../src/load/parse-all.js";
import { parseSource } from "../../src/load/parse.js";
import { DETECTION, detectionWith, STORY, writeTree, type Files } from "../validate/fixture.js";

const REPO = join(import.meta.dirname, "..", "..");
const LIB = join(REPO, "lib", "load", "index.js");
const SHARED = join(REPO, "..", "shared");
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** Many files, good and broken in every way the loader reports, so both threads see both. */
function mixedTree(): string {
  const files: Files = { "stories/test_story.yml": STORY };
  const bad: (string | Uint8Array)[] = [
    "\ufeff" + DETECTION,
    DETECTION.replace(/\n/g, "\r\n"),
    "",
    new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x00, 0x01]),
    Buffer.concat([Buffer.from(DETECTION), Buffer.from("extra: caf"), Buffer.from([0xe9]), Buffer.from("\n")]),
    "- a\n- b\n",
    DETECTION + "author: Someone Else\n",
    detectionWith("description: Detects a test.", "description: 'Detects\na test.'"),
    detectionWith("data_source: []", "data_source: [a, b"),
    detectionWith("version: 1", "version: two"),
  ];
  for (let i = 0; i < 120; i++) {
    const name = `test_detection_${i}`;
    const good = detectionWith("name: Test Detection", `name: Test Detection ${i}`).replace("11111111-1111-4111-8111-111111111111", `11111111-1111-4111-8111-${String(i).padStart(12, "0")}`);
    files[`detections/endpoint/${name}.yml`] = i % 7 === 3 ? bad[Math.floor(i / 7) % bad.length] : good;
  }
  const root = writeTree(files);
  roots.push(root);
  return root;
}

/** Load `root` in a child process with the given worker count; a JSON summary of everything loaded. */
function loadInChild(root: string, workers: number): string {
  const script =
    `const { load } = await import(${JSON.stringify(LIB)});` +
    `const r = await load(${JSON.stringify(root)}, { workers: ${workers} });` +
    `const objs = Object.entries(r.project).filter(([, v]) => Array.isArray(v)).flatMap(([k, v]) => v.map((o) => ({ k, file: o.origin.file, group: o.group, data: o.data, name: o.origin.locate("/name"), deep: o.origin.locate("/tags/analytic_story/0") })));` +
    `process.stdout.write(JSON.stringify({ diagnostics: r.diagnostics, stats: r.stats, objs }));`;
  const c = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (c.status !== 0) throw new Error(c.stderr);
  return c.stdout;
}

describe("parseAll", () => {
  it("keeps the input order and falls back to this thread when no worker can run", async () => {
    const root = mixedTree();
    const items = Array.from({ length: 40 }, (_, i) => ({ file: `detections/endpoint/test_detection_${i}.yml`, path: join(root, "detections", "endpoint", `test_detection_${i}.yml`) }));
    items.push({ file: "missing.yml", path: join(root, "missing.yml") });
    // from src/ the compiled worker script does not exist: the worker fails and every file is parsed here
    const viaWorker = await parseAll(items, 1 << 20, 1);
    const inline = await parseAll(items, 1 << 20, 0);
    expect(viaWorker).toEqual(inline);
    expect(inline[40].diagnostics.map((d) => d.code)).toEqual(["SC1011"]);
    expect(inline[5]).toEqual(parseSource(items[5].file, Buffer.from(detectionWith("name: Test Detection", "name: Test Detection 5").replace("11111111-1111-4111-8111-111111111111", "11111111-1111-4111-8111-000000000005"))));
  });
});

describe.skipIf(!existsSync(LIB))("load with worker threads (compiled lib/)", () => {
  it("gives the same objects, diagnostics and positions as the main thread alone", () => {
    const root = mixedTree();
    const alone = loadInChild(root, 0);
    expect(JSON.parse(alone).diagnostics.length).toBeGreaterThan(10);
    expect(loadInChild(root, 1)).toBe(alone);
    expect(loadInChild(root, 3)).toBe(alone);
  }, 60_000);

  it.skipIf(!existsSync(join(SHARED, "corpus")))("gives the same result on the escu-2024 corpus", () => {
    const root = join(SHARED, "corpus", "escu-2024");
    expect(loadInChild(root, 2)).toBe(loadInChild(root, 0));
  }, 120_000);
});
if (!existsSync(LIB)) console.log("note: lib/ is not compiled (npx tsc -p tsconfig.build.json); skipping the worker-thread load tests");
