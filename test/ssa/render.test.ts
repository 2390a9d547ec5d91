import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkContent } from "../../src/check.js";
import { renderSsaOutputs, ssaFolder, ssaOutputStem } from "../../src/ssa/render.js";
import { HAVE_SHARED, REPO, SSA_CORPUS } from "./helpers.js";
import { updateGolden } from "../golden-file.js";

const GOLDEN = join(REPO, "test/ssa/golden/render");
const list = (d: string): string[] =>
  existsSync(d) ? readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? list(join(d, f)) : [join(d, f)])) : [];

describe("renderSsaOutputs", () => {
  it("renders the repository's SSA detection as srs/ YAML + .spl2 (golden)", async () => {
    const { project } = await checkContent(REPO);
    const files = renderSsaOutputs(project);
    if (updateGolden()) {
      for (const f of files) {
        mkdirSync(dirname(join(GOLDEN, f.path)), { recursive: true });
        writeFileSync(join(GOLDEN, f.path), f.contents);
      }
    }
    expect(files.map((f) => f.path).sort()).toEqual(list(GOLDEN).map((p) => relative(GOLDEN, p)).sort());
    for (const f of files) expect(f.contents, f.path).toBe(readFileSync(join(GOLDEN, f.path), "utf8"));
  });

  it("writes the keys Splunk's build wrote", async () => {
    const { project } = await checkContent(REPO);
    const yml = renderSsaOutputs(project).find((f) => f.path.endsWith(".yml"))!;
    const doc = parse(String(yml.contents));
    expect(yml.path).toBe("srs/ssa___detect_dump_lsass_memory_using_comsvcs.yml");
    expect(doc.risk_message).toBe(doc.tags.message);
    expect(doc.product).toEqual(["Splunk Behavioral Analytics"]);
    expect(doc.tags.risk_severity).toBe("medium");
    expect(doc.test.tests).toHaveLength(2);
    expect(doc.search).toMatch(/^\| from read_ssa_enriched_events\(\)/);
    expect(Object.keys(doc)).toEqual([...Object.keys(doc)].sort());
    expect(String(yml.contents)).toContain("date: '2021-11-29'");
  });

  it("names files and folders as the 2022 build did", () => {
    expect(ssaOutputStem("Detect RClone Command-Line Usage")).toBe("ssa___detect_rclone_command-line_usage");
    expect(ssaFolder("| from x | stats count(a) by b | into y;")).toBe("complex");
    expect(ssaFolder("| from x | where a=1 | into y;")).toBe("srs");
  });
});

describe.skipIf(!HAVE_SHARED)("ssa-2022 corpus render", () => {
  it("renders the 27 production detections, 3 under complex/", async () => {
    const { project } = await checkContent(SSA_CORPUS);
    const ymls = renderSsaOutputs(project).filter((f) => f.path.endsWith(".yml"));
    expect(ymls).toHaveLength(27);
    expect(ymls.filter((f) => f.path.startsWith("complex/")).map((f) => f.path).sort()).toEqual([
      "complex/ssa___potential_pass_the_token_or_hash_observed_at_the_destination_device.yml",
      "complex/ssa___potential_pass_the_token_or_hash_observed_by_an_event_collecting_device.yml",
      "complex/ssa___unusual_lolbas_in_short_period_of_time.yml",
    ]);
    expect(ymls.every((f) => parse(String(f.contents)).test !== undefined)).toBe(true);
  });
});
