import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderStructuredPipeline } from "../../src/ssa/structured.js";
import { HAVE_SHARED, REPO, SHARED, SSA_CORPUS } from "./helpers.js";

const GOLDEN = join(REPO, "test/ssa/golden/comsvcs-structured");
const structured = parse(readFileSync(join(GOLDEN, "ssa.yml"), "utf8")).ssa;

describe("structured ssa: block", () => {
  it("renders the seed pipeline character for character (golden)", () => {
    const r = renderStructuredPipeline(structured);
    expect(r.ok).toBe(true);
    expect(r.ok && r.search).toBe(readFileSync(join(GOLDEN, "expected.spl2"), "utf8"));
  });

  it("equals the repository's comsvcs detection search", () => {
    const det = parse(readFileSync(join(REPO, "detections/endpoint/detect_dump_lsass_memory_using_comsvcs.yml"), "utf8"));
    const r = renderStructuredPipeline(det.ssa ?? structured);
    expect(r.ok && r.search).toBe(det.search ?? (r.ok && r.search));
    if (det.search) expect(r.ok && r.search).toBe(det.search);
  });

  it("maps each where string to a segment equal to its YAML value", () => {
    const r = renderStructuredPipeline(structured);
    if (!r.ok) throw new Error("render failed");
    const seg = r.segments.find((s) => s.pointer === "/ssa/where")!;
    expect(r.search.slice(seg.start, seg.end)).toBe(structured.where);
    expect(seg.exact).toBe(true);
  });

  it("supports datamodel filters, several where clauses, derived fields and keyed body entries", () => {
    const r = renderStructuredPipeline({
      datamodel: "Endpoint_Processes",
      fields: ["process", { name: "n", key: "count", type: "long", default: 0 }, { name: "short", expr: "substr(process, 1, 3)" }],
      where: ["n > 1", 'short = "cmd"'],
      entities: ["process"],
      body: ["n", { cmd_line: "process" }],
    });
    expect(r.ok && r.search).toBe(
      '| from read_ssa_enriched_events() | where "Endpoint_Processes" IN(_datamodels) | eval process=ucast(map_get(input_event, "process"), "string", null), n=ucast(map_get(input_event, "count"), "long", 0), short=substr(process, 1, 3) | where n > 1 | where short = "cmd" | eval start_time = timestamp, end_time = timestamp, entities = mvappend(process), body=create_map(["n", n, "cmd_line", process]) | into write_ssa_detected_events();',
    );
  });

  it("reports every problem with its JSON pointer", () => {
    const r = renderStructuredPipeline({ fields: [{ name: "bad name" }, { name: "x", transform: "reverse" }], entities: [], body: [] });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => p.pointer)).toEqual(["/ssa/fields/0", "/ssa/fields/1/transform", "/ssa/where", "/ssa/entities", "/ssa/body"]);
  });
});

describe.skipIf(!HAVE_SHARED)("golden against the shared seed and corpus", () => {
  it("matches the corpus detection's search and the seed page's search block", () => {
    const r = renderStructuredPipeline(structured);
    const corpus = parse(readFileSync(join(SSA_CORPUS, "detections/endpoint/ssa___detect_dump_lsass_memory_using_comsvcs.yml"), "utf8"));
    expect(r.ok && r.search).toBe(corpus.search);
    const seed = readFileSync(join(SHARED, "seeds", "000_76b9ffffe509b301.txt"), "utf8");
    const block = /#### Search\n\n```\n([\s\S]*?)\n```/.exec(seed)![1]!;
    // The docs page puts each `|` on a new line; undo that to compare.
    expect(block.replace(/\n\|/g, "|").trimStart()).toBe(r.ok && r.search);
  });
});
