// End-to-end `secpack deploy --mode objects` against the loopback HTTPS test double of splunkd.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestPki, type TestPki } from "./double/certs.js";
import { SplunkDouble } from "./double/splunk-double.js";
import { ALL_OUTPUT, APPID, assertNoSecrets, FIXTURE_OBJECTS, makeFixture, runCli, SECRETS, type Fixture } from "./helpers.js";

let pki: TestPki;
let double: SplunkDouble;
let fx: Fixture;
let staging: string;
const env = { SPLUNK_TOKEN: SECRETS.token };

beforeAll(async () => {
  pki = makeTestPki();
  staging = mkdtempSync(join(tmpdir(), "secpack-lookup-tmp-"));
  double = new SplunkDouble({ tls: { key: pki.key, cert: pki.cert }, token: SECRETS.token, username: SECRETS.username, password: SECRETS.password, lookupStaging: staging });
  await double.start();
  double.apps.set(APPID, { version: "0.0.1", label: "fixture" });
  double.apps.set("search", { version: "9.2.1", label: "Search" });
  // Objects that deploy must never touch: another app's global macro, and a user's private search in our app.
  double.confs.get("macros")!.push({ name: "global_macro", app: "search", owner: "nobody", sharing: "global", perms: { read: ["*"], write: ["admin"] }, layer: "local", keys: { definition: "index=*" } });
  double.confs.get("savedsearches")!.push({ name: "My private search", app: APPID, owner: "alice", sharing: "user", perms: null, layer: "local", keys: { search: "index=_internal" } });
  fx = makeFixture();
  copyFileSync(join(fx.app, "lookups/lsass_allowlist.csv"), join(staging, "lsass_allowlist.csv"));
});

afterAll(async () => {
  await double?.stop();
  rmSync(pki.dir, { recursive: true, force: true });
});

const base = () => ["--url", double.url, "--from", fx.app, "--ca-file", pki.caFile, "--lookup-staging", staging];
const snapshot = () => JSON.stringify([...double.confs.entries(), double.lookupFiles]);

describe("deploy --mode objects against the splunkd double", () => {
  it("--dry-run on an empty app lists every object as a create and changes nothing", async () => {
    const before = snapshot();
    const r = await runCli([...base(), "--dry-run"], env);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Plan: ${FIXTURE_OBJECTS} to create, 0 to update, 0 to delete, 0 unchanged.`);
    expect(r.out).toContain('+ create saved search "ESCU - Rundll32 Comsvcs MiniDump - Rule" (7 keys)');
    expect(double.writes()).toEqual([]);
    expect(snapshot()).toBe(before);
  });

  it("first deploy creates every object with app sharing and read for everyone", async () => {
    const r = await runCli(base(), env);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`Summary: ${FIXTURE_OBJECTS} created, 0 updated, 0 deleted, 0 unchanged, 0 failed.`);
    expect(r.out).toMatch(/created +macro "parent_of\(1\)"/);
    const ss = double.confs.get("savedsearches")!.find((s) => s.name === "ESCU - Rundll32 Comsvcs MiniDump - Rule")!;
    expect(ss.app).toBe(APPID);
    expect(ss.sharing).toBe("app");
    expect(ss.perms?.read).toEqual(["*"]);
    expect(ss.keys.search).toContain("Processes.dest \n| `rundll32"); // continuation kept as a newline
    expect(double.confs.get("collections")!.map((s) => s.name)).toEqual(["dumps_seen"]);
    expect(double.lookupFiles.map((s) => s.name)).toEqual(["lsass_allowlist.csv"]);
    expect(double.confs.get("analyticstories")!.length).toBe(2);
    // The [default] stanza is never managed.
    expect(double.confs.get("savedsearches")!.some((s) => s.name === "default")).toBe(false);
  });

  it("a second deploy of unchanged content reports 0 changes and writes nothing", async () => {
    const writes = double.writes().length;
    const r = await runCli(base(), env);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`Summary: 0 created, 0 updated, 0 deleted, ${FIXTURE_OBJECTS} unchanged, 0 failed.`);
    expect(double.writes().length).toBe(writes);
  });

  it("after editing one detection, exactly 1 update that sends only the changed key", async () => {
    fx.saved["ESCU - Renamed Comsvcs Load - Rule"]!.cron_schedule = "15 * * * *";
    fx.write();
    const dry = await runCli([...base(), "--dry-run"], env);
    expect(dry.out).toContain('~ update saved search "ESCU - Renamed Comsvcs Load - Rule": cron_schedule');
    expect(dry.out).toContain("Plan: 0 to create, 1 to update, 0 to delete");
    const writes = double.writes().length;
    const r = await runCli(base(), env);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("Summary: 0 created, 1 updated, 0 deleted");
    const sent = double.writes().slice(writes);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.path).toBe(`/servicesNS/nobody/${APPID}/configs/conf-savedsearches/ESCU%20-%20Renamed%20Comsvcs%20Load%20-%20Rule`);
    expect(sent[0]!.form.filter(([k]) => k !== "output_mode")).toEqual([["cron_schedule", "15 * * * *"]]);
  });

  it("an ACL changed on the server is reported and reset", async () => {
    const m = double.confs.get("macros")!.find((s) => s.name === "sysmon")!;
    m.perms = { read: ["admin"], write: ["admin"] };
    const r = await runCli([...base(), "--format", "json"], env);
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.changes).toEqual([{ kind: "macro", name: "sysmon", action: "update", changedKeys: [], acl: true }]);
    expect(m.perms?.read).toEqual(["*"]);
  });

  it("after removing one detection, --prune deletes exactly it and nothing else", async () => {
    delete fx.saved["ESCU - Lsass Dump Via Procdump - Rule"];
    fx.write();
    const noPrune = await runCli(base(), env);
    expect(noPrune.out).toContain("1 object(s) of the app are not in the content (use --prune to delete them)");
    expect(double.confs.get("savedsearches")!.some((s) => s.name === "ESCU - Lsass Dump Via Procdump - Rule")).toBe(true);
    const dry = await runCli([...base(), "--prune", "--dry-run"], env);
    expect(dry.out).toContain('- delete saved search "ESCU - Lsass Dump Via Procdump - Rule"');
    expect(dry.out).toContain("0 to create, 0 to update, 1 to delete");
    const before = double.writes().length;
    const r = await runCli([...base(), "--prune"], env);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("Summary: 0 created, 0 updated, 1 deleted");
    const sent = double.writes().slice(before);
    expect(sent.map((w) => `${w.method} ${w.path}`)).toEqual([`DELETE /servicesNS/nobody/${APPID}/configs/conf-savedsearches/ESCU%20-%20Lsass%20Dump%20Via%20Procdump%20-%20Rule`]);
    expect(double.confs.get("macros")!.some((s) => s.name === "global_macro")).toBe(true);
    expect(double.confs.get("savedsearches")!.some((s) => s.name === "My private search")).toBe(true);
  });

  it("username/password logs in for a session key", async () => {
    const r = await runCli([...base(), "--dry-run"], { SPLUNK_USERNAME: SECRETS.username, SPLUNK_PASSWORD: SECRETS.password });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("Plan: 0 to create, 0 to update, 0 to delete");
    const wrong = await runCli([...base(), "--dry-run"], { SPLUNK_USERNAME: SECRETS.username, SPLUNK_PASSWORD: "wrong" + SECRETS.password });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('POST /services/auth/login failed with HTTP 401: "Login failed"');
  });

  it("exits 1 and names failed and succeeded objects when some writes fail", async () => {
    fx.saved["ESCU - Renamed Comsvcs Load - Rule"]!.cron_schedule = "20 * * * *";
    fx.saved["ESCU - Rundll32 Comsvcs MiniDump - Rule"]!.cron_schedule = "25 * * * *";
    fx.write();
    double.fail({ method: "POST", path: /Rundll32%20Comsvcs%20MiniDump/, status: 400, times: 1, text: "Invalid cron_schedule" });
    const r = await runCli(base(), env);
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAILED   saved search "ESCU - Rundll32 Comsvcs MiniDump - Rule" (update): POST');
    expect(r.out).toContain('HTTP 400: "Invalid cron_schedule"');
    expect(r.out).toContain('Succeeded: saved search "ESCU - Renamed Comsvcs Load - Rule"');
  });

  it("a missing app is a clear error", async () => {
    const r = await runCli([...base(), "--app", "no_such_app"], env);
    expect(r.code).toBe(1);
    expect(r.err).toContain("App 'no_such_app' does not exist on the server");
  });

  it("a lookup file without --lookup-staging fails with how to fix it", async () => {
    writeFileSync(join(fx.app, "lookups/new_list.csv"), "a,b\n1,2\n");
    const args = base().slice(0, -2);
    const r = await runCli(args, env);
    rmSync(join(fx.app, "lookups/new_list.csv"));
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAILED   lookup file "new_list.csv" (create): a lookup file cannot be uploaded through the REST API');
  });

  it("never prints the secrets it used", () => {
    expect(ALL_OUTPUT.length).toBeGreaterThan(0);
    expect(assertNoSecrets(ALL_OUTPUT)).toEqual([]);
  });
});
