// `deploy --mode app` (apps/local, restart detection) and `deploy --cloud` (AppInspect + ACS) against the double.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestPki, type TestPki } from "./double/certs.js";
import { SplunkDouble } from "./double/splunk-double.js";
import { ALL_OUTPUT, APPID, assertNoSecrets, makeFixture, runCli, SECRETS, type Fixture } from "./helpers.js";

let pki: TestPki;
let fx: Fixture;

beforeAll(() => {
  pki = makeTestPki();
  fx = makeFixture();
});
afterAll(() => rmSync(pki.dir, { recursive: true, force: true }));

describe("deploy --mode app", () => {
  let double: SplunkDouble;
  beforeAll(async () => {
    double = new SplunkDouble({ tls: { key: pki.key, cert: pki.cert }, username: SECRETS.username, password: SECRETS.password });
    await double.start();
  });
  afterAll(() => double.stop());
  const env = { SPLUNK_USERNAME: SECRETS.username, SPLUNK_PASSWORD: SECRETS.password };

  it("--dry-run says what would be installed and changes nothing", async () => {
    const spl = await fx.pack("1.0.0");
    const r = await runCli(["--url", double.url, "--mode", "app", "--from", spl, "--ca-file", pki.caFile, "--dry-run"], env);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`Dry run: would install app ${APPID} with version 1.0.0`);
    expect(double.apps.size).toBe(0);
  });

  it("installs from a path on the Splunk host and reports the pending restart", async () => {
    const spl = await fx.pack("1.0.0");
    const r = await runCli(["--url", double.url, "--mode", "app", "--from", spl, "--ca-file", pki.caFile], env);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`Installed app ${APPID}: version 1.0.0.`);
    expect(r.out).toContain("a restart is required: rerun with --restart");
    const post = double.requests.find((q) => q.path === "/services/apps/local" && q.method === "POST")!;
    expect(Object.fromEntries(post.form)).toMatchObject({ name: spl, filename: "true", update: "true", explicit_appname: APPID });
    expect(double.restarts).toBe(0);
  });

  it("updates over HTTP with --serve and restarts only with --restart (logging in again)", async () => {
    const spl = await fx.pack("1.1.0");
    const r = await runCli(["--url", double.url, "--mode", "app", "--from", spl, "--ca-file", pki.caFile, "--serve", "127.0.0.1:0", "--restart"], env);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`Updated app ${APPID}: version 1.1.0 (was 1.0.0).`);
    expect(r.out).toContain("splunkd restarted.");
    expect(double.restarts).toBe(1);
    expect(double.restartPending).toBe(false);
    const post = double.requests.filter((q) => q.path === "/services/apps/local" && q.method === "POST").at(-1)!;
    expect(Object.fromEntries(post.form).name).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}\/secpack_fixture-1\.1\.0\.spl$/);
  });

  it("needs a package location for a remote host, and a .spl for --mode app", async () => {
    const spl = await fx.pack("1.1.0");
    const remote = await runCli(["--url", "https://splunk.example.invalid:8089", "--mode", "app", "--from", spl], env);
    expect(remote.code).toBe(2);
    expect(remote.err).toContain("--mode app needs --package-location");
    const folder = await runCli(["--url", double.url, "--mode", "app", "--from", fx.app, "--ca-file", pki.caFile], env);
    expect(folder.code).toBe(2);
    expect(folder.err).toContain("--from must name a .spl/.tgz package");
  });

  it("reports the server's error for a path splunkd cannot see", async () => {
    const spl = await fx.pack("1.1.0");
    const r = await runCli(["--url", double.url, "--mode", "app", "--from", spl, "--ca-file", pki.caFile, "--package-location", "/nowhere/x.spl"], env);
    expect(r.code).toBe(1);
    expect(r.err).toContain("POST /services/apps/local failed with HTTP 400");
    expect(r.err).toContain("failed to extract app from /nowhere/x.spl");
  });
});

describe("deploy --cloud", () => {
  const STACK = "acme-prod";
  const env = { SPLUNK_ACS_TOKEN: SECRETS.acsToken, SPLUNKBASE_USERNAME: SECRETS.splunkComUser, SPLUNKBASE_PASSWORD: SECRETS.splunkComPassword };
  const start = async (failures?: { check: string; message: string; file?: string }[]) => {
    const d = new SplunkDouble({ tls: { key: pki.key, cert: pki.cert }, stack: STACK, acsToken: SECRETS.acsToken, splunkComUser: SECRETS.splunkComUser, splunkComPassword: SECRETS.splunkComPassword, vettingFailures: failures });
    await d.start();
    return d;
  };
  const args = (d: SplunkDouble, spl: string) => ["--cloud", STACK, "--from", spl, "--ca-file", pki.caFile, "--appinspect-url", d.url, "--splunk-api-url", d.url, "--acs-url", d.url];

  it("vets, then installs through ACS with the three headers", async () => {
    const d = await start();
    const spl = await fx.pack("2.0.0");
    const r = await runCli(args(d, spl), env);
    await d.stop();
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("AppInspect: processing");
    expect(r.out).toContain("AppInspect passed");
    expect(r.out).toContain(`ACS: ${APPID} 2.0.0 accepted for installation on stack ${STACK} (status: installed).`);
    expect(d.victoria.get(APPID)?.version).toBe("2.0.0");
    const post = d.requests.find((q) => q.path === `/${STACK}/adminconfig/v2/apps/victoria` && q.method === "POST")!;
    expect(post.headers["acs-legal-ack"]).toBe("Y");
    expect(post.headers["x-splunk-authorization"]).toMatch(/^ai\./);
    expect(post.headers.authorization).toBe(`Bearer ${SECRETS.acsToken}`);
    const report = d.requests.find((q) => q.path.startsWith("/v1/app/report/"))!;
    expect(report.headers["content-type"]).toBe("application/json");
  });

  it("--dry-run shows the vetting result and what would be installed, installing nothing", async () => {
    const d = await start();
    d.victoria.set(APPID, { name: APPID, label: APPID, version: "1.0.0", status: "installed" });
    const spl = await fx.pack("2.0.0");
    const r = await runCli([...args(d, spl), "--dry-run"], env);
    await d.stop();
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("AppInspect passed");
    expect(r.out).toContain(`Dry run: would upgrade ${APPID} from 1.0.0 to 2.0.0 on stack ${STACK}; nothing changed.`);
    expect(d.requests.some((q) => q.method === "POST" && q.path.includes("adminconfig"))).toBe(false);
    expect(d.victoria.get(APPID)?.version).toBe("1.0.0");
  });

  it("fails listing the report's failures and installs nothing", async () => {
    const d = await start([{ check: "check_for_local_meta", message: "Do not supply a local.meta file.", file: "metadata/local.meta" }]);
    const spl = await fx.pack("2.0.0");
    const r = await runCli([...args(d, spl), "--format", "json"], env);
    await d.stop();
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out);
    expect(doc.ok).toBe(false);
    expect(doc.vetting.failures).toEqual([{ check: "check_for_local_meta", result: "failure", message: "Do not supply a local.meta file.", file: "metadata/local.meta" }]);
    expect(d.victoria.size).toBe(0);
    const text = await (async () => {
      const d2 = await start([{ check: "check_for_local_meta", message: "Do not supply a local.meta file.", file: "metadata/local.meta" }]);
      const t = await runCli(args(d2, spl), env);
      await d2.stop();
      return t;
    })();
    expect(text.out).toContain("AppInspect FAILED");
    expect(text.out).toContain("failure: check_for_local_meta: Do not supply a local.meta file. (metadata/local.meta)");
    expect(text.out).toContain("Not installed");
  });

  it("bad splunk.com credentials and a wrong ACS token fail with the service's message", async () => {
    const d = await start();
    const spl = await fx.pack("2.0.0");
    const badLogin = await runCli(args(d, spl), { ...env, SPLUNKBASE_PASSWORD: "nope" + SECRETS.splunkComPassword });
    const badAcs = await runCli(args(d, spl), { ...env, SPLUNK_ACS_TOKEN: "nope" + SECRETS.acsToken });
    await d.stop();
    expect(badLogin.code).toBe(1);
    expect(badLogin.err).toContain('AppInspect login failed with HTTP 401: "Failed to authenticate user"');
    expect(badAcs.code).toBe(1);
    expect(badAcs.err).toContain('ACS describe app secpack_fixture failed with HTTP 401 401-unauthorized: "Unauthorized"');
  });

  it("warns when a cloud endpoint is plain http, and not when it is https", async () => {
    const d = await start();
    const spl = await fx.pack("2.0.0");
    const secure = await runCli([...args(d, spl), "--dry-run"], env);
    expect(secure.err).not.toContain("plain http");
    const plain = await runCli(["--cloud", STACK, "--from", spl, "--dry-run", "--appinspect-url", "http://127.0.0.1:9", "--splunk-api-url", "http://127.0.0.1:9", "--acs-url", "http://127.0.0.1:9", "--retries", "0"], env);
    await d.stop();
    expect(plain.err).toContain("warning: --appinspect-url uses plain http");
    expect(plain.err).toContain("warning: --acs-url uses plain http");
  });

  it("missing cloud credentials is a usage error naming the variables", async () => {
    const r = await runCli(["--cloud", STACK, "--from", fx.app], {});
    expect(r.code).toBe(2);
    expect(r.err).toContain("SPLUNK_ACS_TOKEN");
  });

  it("never prints the secrets it used", () => {
    expect(assertNoSecrets(ALL_OUTPUT)).toEqual([]);
  });
});
