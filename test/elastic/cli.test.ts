// End-to-end tests of `secpack elastic convert` and `secpack import elastic` (in-process, capturing io),
// including validate + build of the imported seed rule, and bad input.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli/main.js";
import type { Io } from "../../src/cli/io.js";

const here = dirname(fileURLToPath(import.meta.url));
const golden = join(here, "golden");

function capture(cwd = golden): Io & { out: string; err: string } {
  const io = { out: "", err: "", env: {}, cwd, interactive: false } as Io & { out: string; err: string };
  io.stdout = (t) => void (io.out += t);
  io.stderr = (t) => void (io.err += t);
  return io;
}

const seed = "eql_sequence_comsvcs/rule.toml";

describe("secpack elastic convert", () => {
  test("the comsvcs sequence correlates rundll32 start and the renamed image load per process within 60 s", async () => {
    const io = capture();
    expect(await main(["elastic", "convert", seed, "--target", "sysmon"], io)).toBe(0);
    expect(io.out).toContain("``` eql_sequence_comsvcs/rule.toml: Eql Sequence Comsvcs ```");
    expect(io.out).toContain('(EventCode=1 process_name="rundll32.exe") OR (EventCode=7 OriginalFileName="COMSVCS.DLL"');
    expect(io.out).toContain("eval seq_key=case(seq_step=1, ProcessGuid, seq_step=2, ProcessGuid)");
    expect(io.out).toContain("_time-seq_t2<=60");
    expect(io.err).toContain("1 of 1 rules converted");
  });
  test("a batch prints one query per converted rule and a summary by reason; exit 1", async () => {
    const io = capture();
    expect(await main(["elastic", "convert", "."], io)).toBe(1);
    const queries = io.out.split("\n\n").filter((q) => q.startsWith("```"));
    expect(queries.length).toBeGreaterThan(25);
    expect(io.err).toMatch(/esql_not_convertible\/rule.toml:21:9: error SC8003: ES\|QL rules are not convertible/);
    expect(io.err).toMatch(/eql_unmapped_field\/rule.toml:25:34: error SC8004: The field 'process.hash.ssdeep'/);
    expect(io.err).toMatch(/rules converted \(--target sysmon\)\n(\s+\d+\s+.+\n)+$/);
    expect(io.err).toMatch(/\s1\s+ES\|QL\n/);
  });
  test("--target cim renders tstats", async () => {
    const io = capture();
    expect(await main(["elastic", "convert", "eql_process_name_ci/rule.toml", "--target", "cim"], io)).toBe(0);
    expect(io.out).toContain('from datamodel=Endpoint.Processes where Processes.process_name="rundll32.exe"');
  });
  test("bad usage exits 2", async () => {
    expect(await main(["elastic", "convert", seed, "--target", "lucene"], capture())).toBe(2);
    expect(await main(["elastic", "convert"], capture())).toBe(2);
    const help = capture();
    expect(await main(["elastic", "convert", "--help"], help)).toBe(0);
    expect(help.out).toContain("--target");
  });
  test("missing files and bad TOML are diagnostics, not crashes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "secpack-elastic-"));
    writeFileSync(join(dir, "bad.toml"), "[rule]\nname = 'x\n");
    writeFileSync(join(dir, "empty.toml"), "");
    writeFileSync(join(dir, "binary.toml"), Buffer.from([0, 1, 2, 255, 254]));
    const io = capture(dir);
    expect(await main(["elastic", "convert", "bad.toml", "empty.toml", "binary.toml", "missing.toml"], io)).toBe(1);
    expect(io.err).toMatch(/bad.toml:2:\d+: error SC8001: TOML syntax error/);
    expect(io.err).toMatch(/empty.toml:1:1: error SC8001: No \[rule\] table/);
    expect(io.err).toMatch(/binary.toml:\d+:\d+: error SC8001/);
    expect(io.err).toMatch(/missing.toml: error SC8001: No such file or directory/);
  });
});

describe("secpack import elastic", () => {
  test("the seed rule imports, validates and builds", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "secpack-elastic-")), "content");
    const io = capture();
    expect(await main(["import", "elastic", seed, "--out", out], io)).toBe(0);
    expect(readdirSync(join(out, "detections/endpoint"))).toEqual(["eql_sequence_comsvcs.yml"]);
    expect(readdirSync(join(out, "macros")).sort()).toEqual(["security_content_ctime.yml", "sysmon.yml"]);
    expect(readdirSync(join(out, "deployments"))).toEqual(["elastic_import_schedule_5m_9m.yml"]);
    const det = readFileSync(join(out, "detections/endpoint/eql_sequence_comsvcs.yml"), "utf8");
    expect(det).toContain("| `eql_sequence_comsvcs_filter`");
    expect(det).toContain("risk_score: 73");
    const v = capture(out);
    expect(await main(["validate", "--path", out], v)).toBe(0);
    expect(v.err + v.out).toContain("0 errors, 0 warnings");
    const b = capture(out);
    const dist = join(out, "..", "dist");
    expect(await main(["build", "--path", out, "--out", dist], b)).toBe(0);
    const app = readdirSync(dist).find((f) => !f.endsWith(".spl") && f !== "ssa")!;
    const conf = readFileSync(join(dist, app, "default", "savedsearches.conf"), "utf8");
    expect(conf).toContain("cron_schedule = */5 * * * *");
    expect(conf).toContain("dispatch.earliest_time = -9m");
  });
  test("a batch writes only the convertible rules, reports the others by reason, and is reproducible", async () => {
    const base = mkdtempSync(join(tmpdir(), "secpack-elastic-"));
    const io1 = capture();
    expect(await main(["import", "elastic", ".", "--out", join(base, "a")], io1)).toBe(1);
    expect(await main(["import", "elastic", ".", "--out", join(base, "b")], capture())).toBe(1);
    const files = readdirSync(join(base, "a", "detections/endpoint")).sort();
    expect(files.length).toBeGreaterThan(25);
    for (const f of files) expect(readFileSync(join(base, "a/detections/endpoint", f), "utf8")).toBe(readFileSync(join(base, "b/detections/endpoint", f), "utf8"));
    expect(io1.err).toMatch(/rules imported \(--target sysmon\); \d+ files written/);
    const v = capture();
    expect(await main(["validate", "--path", join(base, "a")], v)).toBe(0);
  });
  test("existing macros are kept and --dry-run writes nothing", async () => {
    const out = mkdtempSync(join(tmpdir(), "secpack-elastic-"));
    mkdirSync(join(out, "macros"));
    writeFileSync(join(out, "macros/sysmon.yml"), "name: sysmon\ndefinition: index=mine\ndescription: mine\n");
    expect(await main(["import", "elastic", seed, "--out", out], capture())).toBe(0);
    expect(readFileSync(join(out, "macros/sysmon.yml"), "utf8")).toContain("index=mine");
    const dry = join(out, "dry");
    expect(await main(["import", "elastic", seed, "--out", dry, "--dry-run"], capture())).toBe(0);
    expect(existsSync(dry)).toBe(false);
  });
  test("writes nothing at all when no rule converts (no secpack.yml, no macros)", async () => {
    const base = mkdtempSync(join(tmpdir(), "secpack-elastic-"));
    writeFileSync(join(base, "bad.toml"), '[rule]\nname = "x"\n');
    const io = capture(base);
    expect(await main(["import", "elastic", "bad.toml", "--out", "out"], io)).toBe(1);
    expect(existsSync(join(base, "out"))).toBe(false);
    expect(io.err).toContain("0 of 1 rules imported (--target sysmon); nothing written to out");
    expect(readdirSync(base)).toEqual(["bad.toml"]);
  });
  test("a failure while moving the batch into place leaves the output as it was", async () => {
    const base = mkdtempSync(join(tmpdir(), "secpack-elastic-"));
    expect(await main(["import", "elastic", seed, "--out", join(base, "probe")], capture())).toBe(0);
    const [det] = readdirSync(join(base, "probe", "detections/endpoint"));
    expect(readdirSync(join(base, "probe"))).toContain("deployments");
    // deployments/ is moved before detections/: a folder where the detection goes fails the move after it.
    const out = join(base, "out");
    mkdirSync(join(out, "detections/endpoint", det!), { recursive: true });
    const io = capture();
    expect(await main(["import", "elastic", seed, "--out", out], io)).toBe(1);
    expect(readdirSync(out)).toEqual(["detections"]);
    expect(readdirSync(join(out, "detections/endpoint"))).toEqual([det]);
    expect(io.err).toMatch(/error SC8007: Could not write the output: .*; nothing was written\.\n/);
    expect(io.err).toContain("nothing written to");
    expect(io.err).not.toMatch(/internal error|\n\s+at /);
    expect(readdirSync(base).sort()).toEqual(["out", "probe"]);
  });
  test("an --out under a regular file is one clear error, exit 1", async () => {
    const base = mkdtempSync(join(tmpdir(), "secpack-elastic-"));
    writeFileSync(join(base, "file"), "x");
    const io = capture();
    expect(await main(["import", "elastic", seed, "--out", join(base, "file", "x")], io)).toBe(1);
    expect(io.err).toContain("a part of the path is a file, not a folder (ENOTDIR); nothing was written.");
    expect(io.err).not.toMatch(/internal error|\n\s+at /);
  });
  test("--out is required", async () => {
    expect(await main(["import", "elastic", seed], capture())).toBe(2);
  });
});

describe("the installed binary", () => {
  const bin = join(here, "../../bin/secpack.js");
  const built = existsSync(join(here, "../../lib/cli/main.js"));
  test.skipIf(!built)("node bin/secpack.js elastic convert prints the query and exits 0", async () => {
    const { spawnSync } = await import("node:child_process");
    const r = spawnSync(process.execPath, [bin, "elastic", "convert", "eql_process_name_ci/rule.toml"], { cwd: golden, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('`sysmon` EventCode=1 process_name="rundll32.exe"');
    expect(r.stderr).toContain("1 of 1 rules converted (--target sysmon)");
  });
});
