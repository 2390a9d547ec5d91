import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkContent } from "../../src/check.js";
import { main } from "../../src/cli/main.js";
import { renderStructuredPipeline } from "../../src/ssa/structured.js";
import { capture, copyRepoContent, REPO } from "./helpers.js";

const TEST_YML = "tests/endpoint/detect_dump_lsass_memory_using_comsvcs.test.yml";

describe("secpack test", () => {
  it("passes on the repository's comsvcs fixtures, with a progress line per test", async () => {
    const c = capture();
    expect(await main(["test", "--path", REPO], c.io)).toBe(0);
    expect(c.errText()).toContain("[1/2] Detect Dump LSASS Memory using comsvcs :: Detect Dump LSASS Memory using comsvcs\n");
    expect(c.text()).toMatch(/^PASS  Detect Dump LSASS Memory using comsvcs :: Detect Dump LSASS Memory using comsvcs \(tests\/endpoint\/.*\)\n {7}1 detected event from 2 input events; @count_gt\(0\) is true\.$/m);
    expect(c.text()).toContain("2 passed, 0 failed, 0 skipped, 0 errors\n");
  });

  it("fails when the true-positive test only gets the benign fixture", async () => {
    const root = copyRepoContent();
    const doc = parse(readFileSync(join(root, TEST_YML), "utf8"));
    doc.tests = [{ ...doc.tests[0], attack_data: [{ file_name: "comsvcs_benign_4688.log", source: "WinEventLog:Security" }] }];
    writeFileSync(join(root, TEST_YML), JSON.stringify(doc));
    const c = capture(root);
    expect(await main(["test"], c.io)).toBe(1);
    expect(c.text()).toContain("FAIL  Detect Dump LSASS Memory using comsvcs :: Detect Dump LSASS Memory using comsvcs");
    expect(c.text()).toContain("0 detected events from 3 input events; @count_gt(0) is false.");
    expect(c.text()).toContain("0 passed, 1 failed, 0 skipped, 0 errors\n");
  });

  it("--data replaces the test data; NAME selects the detection", async () => {
    const c = capture();
    const code = await main(["test", "--path", REPO, "--data", "tests/data/comsvcs_benign_4688.log", "detect_dump_lsass_memory_using_comsvcs"], c.io);
    expect(code).toBe(1);
    expect(c.text()).toContain("1 passed, 1 failed");
  });

  it("says clearly when a data file is missing", async () => {
    const root = copyRepoContent();
    const doc = parse(readFileSync(join(root, TEST_YML), "utf8"));
    doc.tests[0].attack_data = [{ file_name: "windows-security.log", data: "https://media.githubusercontent.com/media/x/windows-security.log" }];
    writeFileSync(join(root, TEST_YML), JSON.stringify(doc));
    const c = capture(root);
    expect(await main(["test", "--format", "json"], c.io)).toBe(1);
    const report = JSON.parse(c.text());
    const r = report.results.find((x: { name: string }) => x.name === "Detect Dump LSASS Memory using comsvcs");
    expect(r.status).toBe("error");
    expect(r.message).toMatch(/^Data file 'windows-security\.log' is missing \(looked in tests\/endpoint\/windows-security\.log, .*tests\/data\/windows-security\.log.*\)\. attack_data URLs are not downloaded/);
    expect(report.summary).toMatchObject({ total: 2, passed: 1, errors: 1 });
  });

  it("json output carries the detected events", async () => {
    const c = capture();
    expect(await main(["test", "--path", REPO, "--format", "json"], c.io)).toBe(0);
    const report = JSON.parse(c.text());
    expect(report.results[0].output[0]).toMatchObject({ start_time: Date.UTC(2021, 10, 24, 14, 31, 7), entities: ["win-ws-042.corp.local"] });
    expect(report.results[0].output[0].body.process).toContain("minidump 624");
  });

  it("rejects bad usage with exit 2 and unknown names with exit 1", async () => {
    expect(await main(["test", "--format", "xml"], capture().io)).toBe(2);
    const c = capture();
    expect(await main(["test", "--path", REPO, "No Such Detection"], c.io)).toBe(1);
    expect(c.errText()).toContain("no SSA test matches 'No Such Detection'");
  });
});

describe("secpack new detection --ssa", () => {
  it("writes a detection that validates without errors and whose pipeline runs", async () => {
    const root = copyRepoContent();
    const c = capture(root);
    const code = await main(
      ["new", "detection", "--ssa", "--name", "Rundll32 MiniDump Export Call", "--fields", "process_name:lower,process,dest_device_id", "--where", 'process_name="rundll32.exe" AND match_regex(process, /(?i)minidump/)=true', "--date", "2024-05-01"],
      c.io,
    );
    expect(code).toBe(0);
    const file = join(root, "detections/endpoint/rundll32_minidump_export_call.yml");
    expect(c.text()).toContain("wrote detections/endpoint/rundll32_minidump_export_call.yml");
    const doc = parse(readFileSync(file, "utf8"));
    expect(doc).toMatchObject({ name: "Rundll32 MiniDump Export Call", version: 1, date: "2024-05-01", status: "production" });
    expect(doc.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(doc.description).toMatch(/^TODO/);
    expect(doc.tags.required_fields).toEqual(["process_name", "process", "dest_device_id", "_time", "event_id"]);
    const r = renderStructuredPipeline(doc.ssa);
    expect(r.ok && r.search).toContain('| where process_name="rundll32.exe" AND match_regex(process, /(?i)minidump/)=true | eval start_time = timestamp');
    const { diagnostics } = await checkContent(root);
    const mine = diagnostics.filter((d) => d.file.endsWith("rundll32_minidump_export_call.yml"));
    expect(mine.filter((d) => d.severity === "error")).toEqual([]);
    expect(mine.filter((d) => d.severity === "warning" && !/TODO/.test(d.message))).toEqual([]);
    // Refuses to overwrite.
    expect(await main(["new", "detection", "--ssa", "--name", "Rundll32 MiniDump Export Call", "--fields", "process", "--where", "process!=null"], capture(root).io)).toBe(1);
  });

  it("reports a bad condition or an unknown field in --where", async () => {
    const root = copyRepoContent();
    const c = capture(root);
    expect(await main(["new", "detection", "--ssa", "--name", "X", "--fields", "process", "--where", "process = = 1"], c.io)).toBe(2);
    expect(c.errText()).toContain("--where: Expected an expression, found '='. (at character 11)");
    const d = capture(root);
    expect(await main(["new", "detection", "--ssa", "--name", "X", "--fields", "process", "--where", 'parent="x"'], d.io)).toBe(2);
    expect(d.errText()).toContain("Field 'parent' is used but no earlier command defines it. Add it to --fields.");
    expect(readdirSync(join(root, "detections/endpoint")).some((f) => f === "x.yml")).toBe(false);
  });

  it("scaffolds an ESCU detection that ends with its filter macro", async () => {
    const root = copyRepoContent();
    expect(await main(["new", "detection", "--name", "Some SPL Thing", "--search", "| tstats count from datamodel=Endpoint.Processes by Processes.dest"], capture(root).io)).toBe(0);
    const doc = parse(readFileSync(join(root, "detections/endpoint/some_spl_thing.yml"), "utf8"));
    expect(doc.search).toBe("| tstats count from datamodel=Endpoint.Processes by Processes.dest | `some_spl_thing_filter`");
  });
});

describe.skipIf(!existsSync(join(REPO, "lib/cli/main.js")))("compiled CLI", () => {
  it("node bin/secpack.js test passes on the repository", () => {
    const r = spawnSync(process.execPath, [join(REPO, "bin/secpack.js"), "test", "--path", REPO], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("2 passed, 0 failed");
  });
});
