import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { captureIo as capture } from "../capture-io.js";

const SEED = join(__dirname, "fixtures", "seed_comsvcs_dump.yml");
const scratch = mkdtempSync(join(tmpdir(), "secpack-sigma-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder with one good rule, one rule with an unmapped field and one broken YAML file. */
function batch(): string {
  const dir = join(scratch, "batch");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "a_good.yml"), readFileSync(SEED, "utf8"));
  writeFileSync(
    join(dir, "b_unmapped.yml"),
    "title: Company Check\nlogsource:\n  product: windows\n  category: process_creation\ndetection:\n  s:\n    Company: Evil\n  condition: s\nlevel: high\n",
  );
  writeFileSync(join(dir, "c_broken.yml"), "title: [x\n");
  return dir;
}

describe("secpack sigma convert", () => {
  it("prints the query of the seed rule and exits 0", async () => {
    const c = capture();
    expect(await main(["sigma", "convert", SEED], c.io)).toBe(0);
    expect(c.out.join("")).toBe(
      'Image="*\\\\rundll32.exe" OR OriginalFileName="RUNDLL32.EXE" CommandLine IN ("*comsvcs*MiniDump*full*", "*comsvcs*MiniDumpW*full*") | table CommandLine,ParentCommandLine\n',
    );
    expect(c.err.join("")).toBe("");
  });
  it("continues past failures, reports file:line:col and a summary by reason, exits 1", async () => {
    const dir = batch();
    const c = capture(scratch);
    expect(await main(["sigma", "convert", "batch", "--pipeline", "cim"], c.io)).toBe(1);
    expect(c.out).toHaveLength(1);
    expect(c.out[0]).toMatch(/^\| tstats /);
    const err = c.err.join("");
    expect(err).toContain("batch/b_unmapped.yml:7:5: error SC7008: The field 'Company' has no mapping in the 'cim' pipeline.");
    expect(err).toMatch(/batch\/c_broken\.yml:2:1: error SC7001: YAML syntax error/);
    expect(err).toContain("converted 1 of 3 rules; 2 failed\n");
    expect(err).toContain("      1  SC7001 YAML syntax error\n");
    expect(err).toContain("      1  SC7008 unmapped field 'Company'\n");
    expect(existsSync(dir)).toBe(true);
  });
  it("rejects bad usage with exit 2", async () => {
    expect(await main(["sigma", "convert"], capture().io)).toBe(2);
    expect(await main(["sigma", "convert", SEED, "--format", "xml"], capture().io)).toBe(2);
    const c = capture();
    expect(await main(["sigma", "convert", SEED, "--pipeline", "splunk"], c.io)).toBe(2);
    expect(c.err.join("")).toContain("unknown pipeline 'splunk'");
  });
  it("reports a missing path as a failed rule, not 'converted 0 of 0', and exits 1", async () => {
    const c = capture();
    expect(await main(["sigma", "convert", "no/such/rule.yml"], c.io)).toBe(1);
    expect(c.err.join("")).toBe(
      "no/such/rule.yml: error SC7015: The input 'no/such/rule.yml' does not exist.\n" +
        "  hint: Give a Sigma rule file (.yml) or a folder of them.\n" +
        "converted 0 of 1 rule; 1 failed\n" +
        "      1  SC7015 input does not exist\n",
    );
    const both = capture();
    expect(await main(["sigma", "convert", SEED, "no/such/rule.yml"], both.io)).toBe(1);
    expect(both.out).toHaveLength(1);
    expect(both.err.join("")).toContain("converted 1 of 2 rules; 1 failed\n");
  });
  it("accepts a pipeline file", async () => {
    const p = join(scratch, "pipe.yml");
    writeFileSync(p, "name: mine\nfields:\n  Image: proc\nlogsources:\n  - match: {category: process_creation}\n    conditions:\n      index: [edr]\n");
    const c = capture();
    expect(await main(["sigma", "convert", SEED, "--pipeline", p], c.io)).toBe(0);
    expect(c.out.join("")).toMatch(/^index="edr" proc="\*\\\\rundll32\.exe" OR /);
  });
  it("prints help", async () => {
    const c = capture();
    expect(await main(["sigma", "convert", "--help"], c.io)).toBe(0);
    expect(c.out.join("")).toContain("--pipeline");
  });
});

describe("secpack import sigma", () => {
  it("writes a detection for the seed rule that validates and builds", async () => {
    const root = join(scratch, "seed-import");
    const c = capture();
    expect(await main(["import", "sigma", SEED, "--out", root, "--story", "Credential Dumping"], c.io)).toBe(0);
    const det = readFileSync(join(root, "detections", "endpoint", "process_dump_via_comsvcs_dll.yml"), "utf8");
    expect(det).toContain("id: f3bf1fa1-87e4-57f6-9a87-4bb28c663450\n");
    expect(det).toContain("date: '2019-09-02'\n");
    expect(det).toContain("| `process_dump_via_comsvcs_dll_filter`'\n");
    expect(det).toMatch(/mitre_attack_id:\n  - T1003\n  - T1003\.001\n/);
    expect(det).toContain("risk_score: 36\n");
    expect(readdirSync(join(root, "macros")).sort()).toEqual([
      "process_dump_via_comsvcs_dll_filter.yml",
      "security_content_ctime.yml",
      "security_content_summariesonly.yml",
    ]);
    expect(readFileSync(join(root, "stories", "credential_dumping.yml"), "utf8")).toContain("name: Credential Dumping\n");
    const v = capture();
    expect(await main(["validate", "--path", root], v.io)).toBe(0);
    expect(v.out.join("") + v.err.join("")).toContain("0 errors, 0 warnings");
    const b = capture();
    expect(await main(["build", "--path", root, "--out", join(scratch, "seed-dist"), "--quiet"], b.io)).toBe(0);
  });
  it("is deterministic and leaves no temp files", async () => {
    const a = join(scratch, "det-a");
    const b = join(scratch, "det-b");
    await main(["import", "sigma", SEED, "--out", a], capture().io);
    await main(["import", "sigma", SEED, "--out", b], capture().io);
    const rel = "detections/endpoint/process_dump_via_comsvcs_dll.yml";
    expect(readFileSync(join(a, rel), "utf8")).toBe(readFileSync(join(b, rel), "utf8"));
    expect(readdirSync(join(a, "detections", "endpoint")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(readdirSync(scratch).filter((f) => f.includes(".secpack-"))).toEqual([]);
  });
  it("writes nothing at all when no rule converts (no macros, no story)", async () => {
    const root = join(scratch, "none-converted");
    const c = capture();
    expect(await main(["import", "sigma", join(scratch, "does-not-exist"), "--out", root], c.io)).toBe(1);
    expect(existsSync(root)).toBe(false);
    expect(c.err.join("")).toContain("imported 0 of 1 rule; 1 failed\n");
    expect(c.err.join("")).toContain("wrote nothing under");
    const broken = join(scratch, "only-broken");
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, "x.yml"), "title: [x\n");
    mkdirSync(join(root, "macros"), { recursive: true });
    expect(await main(["import", "sigma", broken, "--out", root], capture().io)).toBe(1);
    expect(readdirSync(root)).toEqual(["macros"]);
    expect(readdirSync(join(root, "macros"))).toEqual([]);
  });
  it("a failure while moving the batch into place leaves the root as it was", async () => {
    const root = join(scratch, "half");
    // The story file is moved last; a folder in its place makes that move fail after the others went in.
    mkdirSync(join(root, "stories", "imported_sigma_rules.yml"), { recursive: true });
    const c = capture();
    expect(await main(["import", "sigma", SEED, "--out", root], c.io)).toBe(1);
    expect(readdirSync(root)).toEqual(["stories"]);
    expect(readdirSync(join(root, "stories"))).toEqual(["imported_sigma_rules.yml"]);
    const err = c.err.join("");
    expect(err).toMatch(/error SC7013: Cannot write the output: .*imported_sigma_rules\.yml.*; nothing was written\n/);
    expect(err).not.toMatch(/internal error|\n\s+at /);
    expect(readdirSync(scratch).filter((f) => f.includes(".secpack-"))).toEqual([]);
  });
  it("an --out under a regular file is one clear error, exit 1", async () => {
    const file = join(scratch, "plain-file");
    writeFileSync(file, "x");
    const c = capture();
    expect(await main(["import", "sigma", SEED, "--out", join(file, "x")], c.io)).toBe(1);
    const err = c.err.join("");
    expect(err.match(/error SC7013/g)).toHaveLength(1);
    expect(err).toContain("a part of the path is a file, not a folder (ENOTDIR); nothing was written");
  });
  it("does not overwrite macros the content already defines; --out detections/ writes beside it", async () => {
    const root = join(scratch, "existing");
    mkdirSync(join(root, "macros"), { recursive: true });
    writeFileSync(join(root, "macros", "ctime.yml"), "name: security_content_ctime\narguments:\n  - field\ndefinition: convert ctime($field$)\ndescription: mine\n");
    expect(await main(["import", "sigma", SEED, "--out", join(root, "detections")], capture().io)).toBe(0);
    expect(readFileSync(join(root, "macros", "ctime.yml"), "utf8")).toContain("description: mine");
    expect(existsSync(join(root, "macros", "security_content_ctime.yml"))).toBe(false);
    expect(existsSync(join(root, "detections", "endpoint", "process_dump_via_comsvcs_dll.yml"))).toBe(true);
  });
  it("leaves out data sources the content root does not define, with a note", async () => {
    const root = join(scratch, "with-ds");
    mkdirSync(join(root, "data_sources"), { recursive: true });
    writeFileSync(join(root, "data_sources", "s1.yml"), "name: Sysmon EventID 1\nid: 6f0e2a4c-8b1d-4f3a-9c5e-7a2b4d6f8e10\n");
    const c = capture();
    expect(await main(["import", "sigma", SEED, "--out", root], c.io)).toBe(0);
    expect(c.err.join("")).toContain("note: data source 'Windows Event Log Security 4688' is not defined in");
    const det = readFileSync(join(root, "detections", "endpoint", "process_dump_via_comsvcs_dll.yml"), "utf8");
    expect(det).toContain("data_source:\n- Sysmon EventID 1\nsearch:");
  });
  it("imports the good rules of a batch, exits 1 and summarizes the failures", async () => {
    batch();
    const c = capture(scratch);
    expect(await main(["import", "sigma", "batch", "--out", "batch-out"], c.io)).toBe(1);
    expect(c.err.join("")).toContain("imported 1 of 3 rules; 2 failed\n");
    expect(readdirSync(join(scratch, "batch-out", "detections", "endpoint"))).toEqual(["process_dump_via_comsvcs_dll.yml"]);
  });
  it("imports a raw-event search with the windows pipeline that validates", async () => {
    const root = join(scratch, "win");
    expect(await main(["import", "sigma", SEED, "--out", root, "--pipeline", "windows"], capture().io)).toBe(0);
    const det = readFileSync(join(root, "detections", "endpoint", "process_dump_via_comsvcs_dll.yml"), "utf8");
    expect(det).toContain(
      'search: source="WinEventLog:Microsoft-Windows-Sysmon/Operational" EventCode=1 Image="*\\\\rundll32.exe" OR OriginalFileName="RUNDLL32.EXE" CommandLine IN ("*comsvcs*MiniDump*full*", "*comsvcs*MiniDumpW*full*") | fillnull value="-" CommandLine ParentCommandLine | stats count min(_time) as firstTime max(_time) as lastTime by host CommandLine ParentCommandLine',
    );
    expect(await main(["validate", "--path", root], capture().io)).toBe(0);
  });
});

const BIN = join(__dirname, "..", "..", "bin", "secpack.js");
const COMPILED = join(__dirname, "..", "..", "lib", "sigma", "convert.js");

describe.skipIf(!existsSync(COMPILED))("compiled binary", () => {
  it("node bin/secpack.js sigma convert prints the seed query", () => {
    const r = spawnSync(process.execPath, [BIN, "sigma", "convert", SEED], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Image="\*\\\\rundll32\.exe" OR OriginalFileName="RUNDLL32\.EXE" CommandLine IN /);
  });
});
