import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildApp } from "../../src/build.js";
import { main } from "../../src/cli/main.js";
import type { Io } from "../../src/cli/io.js";
import { FIXTURE, REPO } from "../render/helpers.js";

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "secpack-build-"));
}

function fixtureCopy(): string {
  const dir = join(scratch(), "content");
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

function capture(cwd: string, env: NodeJS.ProcessEnv = {}): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), env, cwd, interactive: false };
}

const sha = (p: string) => execFileSync("sha256sum", [p]).toString().split(" ")[0];

describe("buildApp", () => {
  it("writes the app folder, the .spl and ssa/, and nothing else", async () => {
    const root = fixtureCopy();
    const out = join(scratch(), "dist");
    const r = await buildApp({ root, out });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.ok).toBe(true);
    expect(readdirSync(out).sort()).toEqual(["Fixture_Content", "Fixture_Content-2.3.4.spl", "ssa"]);
    expect(readdirSync(join(out, "..")).filter((n) => n.startsWith(".secpack-build-"))).toEqual([]);
    expect(existsSync(join(out, "Fixture_Content", "default", "savedsearches.conf"))).toBe(true);
    expect(existsSync(join(out, "Fixture_Content", "local"))).toBe(false);
    expect(statSync(join(out, "Fixture_Content", "default", "app.conf")).mode & 0o777).toBe(0o644);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.buildDate?.toISOString().slice(0, 10)).toBe("2026-11-22"); // newest content date
  });

  it("gives the same sha256 on a second build, and honours SOURCE_DATE_EPOCH", async () => {
    const root = fixtureCopy();
    const a = await buildApp({ root, out: join(scratch(), "a") });
    const b = await buildApp({ root, out: join(scratch(), "b") });
    expect(sha(a.spl!)).toBe(sha(b.spl!));
    expect(a.sha256).toBe(sha(a.spl!));
    const c = await buildApp({ root, out: join(scratch(), "c"), sourceDateEpoch: 1_700_000_000 });
    expect(c.sha256).not.toBe(a.sha256);
    expect(readFileSync(join(c.appDir!, "default", "app.conf"), "utf8")).toContain("build = 20231114221320");
  });

  it("leaves the previous output untouched when the content has errors", async () => {
    const root = fixtureCopy();
    const out = join(scratch(), "dist");
    const first = await buildApp({ root, out });
    expect(first.ok).toBe(true);
    const before = sha(first.spl!);
    const conf = readFileSync(join(first.appDir!, "default", "savedsearches.conf"), "utf8");
    writeFileSync(join(root, "detections", "endpoint", "broken.yml"), "name: [unclosed\n  - x: :\n");
    const second = await buildApp({ root, out });
    expect(second.ok).toBe(false);
    expect(second.diagnostics.some((d) => d.severity === "error" && d.file.includes("broken.yml"))).toBe(true);
    expect(sha(first.spl!)).toBe(before);
    expect(readFileSync(join(first.appDir!, "default", "savedsearches.conf"), "utf8")).toBe(conf);
    expect(readdirSync(out).sort()).toEqual(["Fixture_Content", "Fixture_Content-2.3.4.spl", "ssa"]);
    expect(readdirSync(join(out, "..")).filter((n) => n.startsWith(".secpack-build-"))).toEqual([]);
  });

  it("fails on a render error (a search ending with a backslash) without writing anything", async () => {
    const root = fixtureCopy();
    const f = join(root, "detections", "endpoint", "fixture_hunting_network.yml");
    writeFileSync(f, readFileSync(f, "utf8").replace(/^search: .*$/m, "search: 'index=main | `fixture_hunting_network_filter` \\'"));
    const out = join(scratch(), "dist");
    const r = await buildApp({ root, out });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toContain("SC4003");
    expect(existsSync(out)).toBe(false);
  });

  it("replaces an older build of the same version in place and keeps other files in OUT", async () => {
    const root = fixtureCopy();
    const out = join(scratch(), "dist");
    await buildApp({ root, out });
    writeFileSync(join(out, "keep.txt"), "mine");
    const r = await buildApp({ root, out, excludeStatuses: ["deprecated"] });
    expect(r.ok).toBe(true);
    expect(readFileSync(join(out, "keep.txt"), "utf8")).toBe("mine");
    expect(readFileSync(join(r.appDir!, "default", "savedsearches.conf"), "utf8")).not.toContain("Fixture Old Correlation");
  });
});

describe("buildApp input and output errors", () => {
  it("refuses a content root that is not a folder", async () => {
    const r = await buildApp({ root: join(scratch(), "missing"), out: join(scratch(), "o") });
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({ code: "SC5004", severity: "error" });
  });

  it("reports an output location it cannot create as a diagnostic, not a crash", async () => {
    const root = fixtureCopy();
    const file = join(scratch(), "a-file");
    writeFileSync(file, "x");
    const r = await buildApp({ root, out: join(file, "out") });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.some((d) => d.code === "SC5003")).toBe(true);
  });

  it("an app template key that cannot be written safely is an SC4013 error, not a crash, and nothing is written", async () => {
    const root = fixtureCopy();
    const conf = join(root, "app-template", "default", "app.conf");
    writeFileSync(conf, readFileSync(conf, "utf8") + "\n[ui]\nmy key = 1\n\n[custom stanza]\nweird key! = x\n");
    const meta = join(root, "app-template", "metadata", "default.meta");
    mkdirSync(dirname(meta), { recursive: true });
    writeFileSync(meta, "[]\naccess = read : [ * ]\nexport system = x\n");
    const out = join(scratch(), "dist");
    const r = await buildApp({ root, out });
    expect(r.ok).toBe(false);
    const bad = r.diagnostics.filter((d) => d.code === "SC4013");
    expect(bad.map((d) => [d.severity, d.file, d.message])).toEqual([
      ["error", "app-template/default/app.conf", "App template default/app.conf [ui] has the key 'my key', which cannot be written safely to a .conf file."],
      ["error", "app-template/default/app.conf", "App template default/app.conf [custom stanza] has the key 'weird key!', which cannot be written safely to a .conf file."],
      ["error", "app-template/metadata/default.meta", "App template metadata/default.meta [] has the key 'export system', which cannot be written safely to a .conf file."],
    ]);
    expect(existsSync(out)).toBe(false);
  });
});

describe("secpack build / inspect (CLI)", () => {
  it("builds the fixture and inspects the .spl and the folder", async () => {
    const root = fixtureCopy();
    const io = capture(root, { SOURCE_DATE_EPOCH: "1727654400" });
    expect(await main(["build", "--out", "out", "--verify"], io)).toBe(0);
    expect(io.out.join("")).toMatch(/Built out\/Fixture_Content-2\.3\.4\.spl \(\d+ files, sha256 [0-9a-f]{64}\)/);
    const io2 = capture(root);
    expect(await main(["inspect", "out/Fixture_Content-2.3.4.spl", "--format", "json"], io2)).toBe(0);
    const report = JSON.parse(io2.out.join(""));
    expect(report.ok).toBe(true);
    expect(report.summary.failure).toBe(0);
    expect(await main(["inspect", "out/Fixture_Content"], capture(root))).toBe(0);
  });

  it("reports content errors with exit 1 and bad flags with exit 2", async () => {
    const root = fixtureCopy();
    writeFileSync(join(root, "macros", "bad.yml"), "name: [x\n");
    const io = capture(root);
    expect(await main(["build"], io)).toBe(1);
    expect(io.err.join("")).toMatch(/macros\/bad\.yml:\d+:\d+: error SC1\d{3}/);
    expect(await main(["build", "--format", "xml"], capture(root))).toBe(2);
    expect(await main(["build", "--source-date-epoch", "yesterday"], capture(root))).toBe(2);
    expect(await main(["inspect"], capture(root))).toBe(2);
    expect(await main(["build", "--severity", "SC3008"], capture(root))).toBe(2);
    // A severity override turns the load error into something the build tolerates (here: dropped).
    const code = /error (SC\d{4})/.exec(io.err.join(""))![1]!;
    expect(await main(["build", "--out", "o2", "--severity", `${code}=off`], capture(root))).toBe(0);
    const help = capture(root);
    expect(await main(["build", "--help"], help)).toBe(0);
    expect(help.out.join("")).toContain("--exclude-status");
  });

  it("prints a JSON report with --format json", async () => {
    const root = fixtureCopy();
    const io = capture(root);
    expect(await main(["build", "--out", "o", "--format", "json"], io)).toBe(0);
    const r = JSON.parse(io.out.join(""));
    expect(r).toMatchObject({ ok: true, files: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  const BIN = join(REPO, "lib", "cli", "main.js");
  it.skipIf(!existsSync(BIN))("node bin/secpack.js build on the repository's own content gives an .spl that inspect passes", () => {
    const out = join(scratch(), "dist");
    const run = (args: string[]) => execFileSync(process.execPath, [join(REPO, "bin", "secpack.js"), ...args], { cwd: REPO, encoding: "utf8", env: { ...process.env, SOURCE_DATE_EPOCH: "" } });
    expect(run(["build", "--out", out])).toMatch(/^Built /);
    const spl = readdirSync(out).find((n) => n.endsWith(".spl"))!;
    expect(run(["inspect", join(out, spl)])).toMatch(/0 failed/);
    const again = join(scratch(), "dist");
    run(["build", "--out", again, "--quiet"]);
    expect(sha(join(again, spl))).toBe(sha(join(out, spl)));
  });
});

import { parseConf } from "../../src/conf/parse.js";
import { blocksBuild } from "../../src/diag/codes.js";
import { CORPUS, HAVE_CORPUS } from "../render/helpers.js";

describe.skipIf(!HAVE_CORPUS)("build of the escu-2024 corpus (../shared)", () => {
  it("succeeds like contentctl's build, reproducibly, with the LSASS stanza in the written app", async () => {
    const a = await buildApp({ root: CORPUS, out: join(scratch(), "escu") });
    // the corpus's real defects are all metadata errors, which are reported but do not block the build
    const errors = a.diagnostics.filter((d) => d.severity === "error");
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter((d) => blocksBuild(d))).toEqual([]);
    expect(a.ok).toBe(true);
    const saved = parseConf(readFileSync(join(a.appDir!, "default", "savedsearches.conf"), "utf8"));
    const lsass = saved.stanzas.find((s) => s.name === "ESCU - Dump LSASS via comsvcs DLL - Rule")!;
    expect(lsass.keys.get("action.risk.param._risk_message")).toBe("An instance of $parent_process_name$ spawning $process_name$ was identified accessing credentials using comsvcs.dll on endpoint $dest$ by user $user$.");
    expect(lsass.keys.get("action.correlationsearch.metadata")).toBe('{"deprecated": "0", "detection_id": "8943b567-f14d-4ee8-a0bb-2121d4ce3184", "detection_version": "5", "publish_time": 1727654400.0}');
    const b = await buildApp({ root: CORPUS, out: join(scratch(), "escu") });
    expect(b.sha256).toBe(a.sha256);
    expect(sha(b.spl!)).toBe(sha(a.spl!));
    const strict = await buildApp({ root: CORPUS, out: join(scratch(), "strict"), strict: true });
    expect(strict.ok).toBe(false);
  }, 120_000);
});

describe("which errors block a build", () => {
  it("metadata errors are reported without stopping the build; --strict makes them fatal", async () => {
    const root = mkdtempSync(join(tmpdir(), "secpack-blocking-"));
    const write = (rel: string, text: string) => {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), text);
    };
    write("secpack.yml", "app:\n  appid: blocking_test\n  title: Blocking Test App\n  version: 1.0.0\n");
    write("macros/m.yml", "name: m\ndefinition: index=main\ndescription: m\n");
    const detection = (risk: number, macro: string) =>
      `name: Blocking Test\nid: 4f0b7c1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b\nversion: 1\ndate: '2024-01-02'\nauthor: T\nstatus: production\ntype: TTP\n` +
      `description: d\nsearch: '\`${macro}\` | stats count by dest | \`blocking_test_filter\`'\nhow_to_implement: h\nknown_false_positives: none\n` +
      `references: []\ntags:\n  asset_type: Endpoint\n  confidence: 50\n  impact: 80\n  message: Activity on $dest$\n` +
      `  mitre_attack_id:\n  - T1003\n  observable:\n  - name: dest\n    type: Hostname\n    role:\n    - Victim\n` +
      `  product:\n  - Splunk Enterprise\n  required_fields:\n  - dest\n  risk_score: ${risk}\n  security_domain: endpoint\n`;
    write("detections/endpoint/blocking_test.yml", detection(41, "m"));
    const tolerated = await buildApp({ root, out: join(root, "out") });
    expect(tolerated.diagnostics.map((d) => [d.code, d.severity])).toContainEqual(["SC2012", "error"]);
    expect(tolerated.ok).toBe(true);
    expect((await buildApp({ root, out: join(root, "strict"), strict: true })).ok).toBe(false);
    write("detections/endpoint/blocking_test.yml", detection(40, "no_such_macro"));
    const broken = await buildApp({ root, out: join(root, "broken") });
    expect(broken.diagnostics.map((d) => d.code)).toContain("SC3004");
    expect(broken.ok).toBe(false);
    expect(existsSync(join(root, "broken"))).toBe(false);
  });
});
