// TLS verification, --ca-file / --insecure, retries on 429 and 5xx, persistent 500, credentials handling.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { send } from "../../src/deploy/http.js";
import { makeTestPki, type TestPki } from "./double/certs.js";
import { SplunkDouble } from "./double/splunk-double.js";
import { ALL_OUTPUT, APPID, assertNoSecrets, makeFixture, runCli, SECRETS, type Fixture } from "./helpers.js";

let pki: TestPki;
let double: SplunkDouble;
let fx: Fixture;
const env = { SPLUNK_TOKEN: SECRETS.token };

beforeAll(async () => {
  pki = makeTestPki();
  double = new SplunkDouble({ tls: { key: pki.key, cert: pki.cert }, token: SECRETS.token });
  await double.start();
  double.apps.set(APPID, { version: "1.0.0", label: "fixture" });
  fx = makeFixture();
});

afterAll(async () => {
  await double?.stop();
  rmSync(pki.dir, { recursive: true, force: true });
});

const dry = () => ["--url", double.url, "--from", fx.app, "--dry-run"];

describe("TLS", () => {
  it("refuses a server whose certificate is not trusted", async () => {
    const r = await runCli(dry(), env);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/TLS certificate of https:\/\/127\.0\.0\.1:\d+ was refused \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN)/);
    expect(r.err).toContain("--ca-file");
    expect(double.requests.length).toBe(0); // nothing, not even the token, reached the server
  });

  it("accepts it with --ca-file", async () => {
    const r = await runCli([...dry(), "--ca-file", pki.caFile], env);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("Plan:");
  });

  it("accepts it with --insecure, with a warning", async () => {
    const r = await runCli([...dry(), "--insecure"], env);
    expect(r.code).toBe(0);
    expect(r.err).toContain("warning: --insecure: TLS certificates are NOT verified");
  });

  it("rejects a --ca-file that is not a PEM certificate (usage error)", async () => {
    const r = await runCli([...dry(), "--ca-file", fx.app + "/default/app.conf"], env);
    expect(r.code).toBe(2);
    expect(r.err).toContain("holds no PEM certificate");
  });
});

describe("retries and server errors", () => {
  it("retries a 429 (with Retry-After) and then succeeds", async () => {
    double.fail({ path: /conf-macros$/, status: 429, times: 1, retryAfter: "0" });
    const r = await runCli([...dry(), "--ca-file", pki.caFile], env);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/retry 1: GET \/servicesNS\/nobody\/secpack_fixture\/configs\/conf-macros got HTTP 429/);
    expect(r.out).toContain("Plan:");
  });

  it("retries 503s up to --retries and then succeeds", async () => {
    double.fail({ path: /conf-transforms$/, status: 503, times: 2 });
    const r = await runCli([...dry(), "--ca-file", pki.caFile, "--retries", "2"], env);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain("retry 2:");
  });

  it("fails a persistent 500 with the server's message quoted", async () => {
    double.fail({ path: /conf-savedsearches$/, status: 500, times: 100, text: "KV Store is initializing" });
    const r = await runCli([...dry(), "--ca-file", pki.caFile, "--retries", "3"], env);
    double.faults.length = 0;
    expect(r.code).toBe(1);
    expect(r.err).toContain(`GET /servicesNS/nobody/${APPID}/configs/conf-savedsearches?count=0 failed with HTTP 500: "KV Store is initializing"`);
    expect((r.err.match(/retry \d/g) ?? []).length).toBe(3);
  });

  it("does not retry a 4xx other than 429", async () => {
    double.fail({ path: /conf-macros$/, status: 403, times: 1, text: "You do not have permission" });
    const r = await runCli([...dry(), "--ca-file", pki.caFile], env);
    expect(r.code).toBe(1);
    expect(r.err).not.toContain("retry");
    expect(r.err).toContain('HTTP 403: "You do not have permission"');
  });

  it("times out a server that never answers and retries connection failures", async () => {
    const { createServer } = await import("node:net");
    const sockets: import("node:net").Socket[] = [];
    const silent = createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const port = (silent.address() as { port: number }).port;
    const retries: string[] = [];
    await expect(send({ method: "GET", url: `http://127.0.0.1:${port}/x` }, { timeoutMs: 50, retries: 1, backoffMs: 1, onRetry: (i) => void retries.push(i.reason) })).rejects.toThrow(/timed out/);
    expect(retries).toEqual(["ETIMEDOUT"]);
    for (const s of sockets) s.destroy();
    silent.close();
  });
});

describe("credentials", () => {
  it("takes credentials only from the environment; none is a usage error naming the variables", async () => {
    const r = await runCli([...dry(), "--ca-file", pki.caFile], {});
    expect(r.code).toBe(2);
    expect(r.err).toContain("set SPLUNK_TOKEN, or SPLUNK_USERNAME and SPLUNK_PASSWORD");
  });

  it("has no flag for a password or token", async () => {
    const r = await runCli([...dry(), "--password", "x"], env);
    expect(r.code).toBe(2);
    expect(r.err).toContain("Unknown option '--password'");
  });

  it("refuses credentials in the URL without echoing them", async () => {
    const u = new URL(double.url);
    u.username = "admin";
    u.password = SECRETS.password;
    const r = await runCli(["--url", u.toString(), "--from", fx.app], env);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--url must not contain credentials");
  });

  it("a wrong token gets the server's 401 message, not the token", async () => {
    const r = await runCli([...dry(), "--ca-file", pki.caFile], { SPLUNK_TOKEN: "bad-" + SECRETS.token });
    expect(r.code).toBe(1);
    expect(r.err).toContain('HTTP 401: "call not properly authenticated"');
  });

  it("redacts a secret the server echoes back in an error", async () => {
    double.fail({ path: /conf-macros$/, status: 400, times: 1, text: `bad header Bearer ${SECRETS.token}` });
    const r = await runCli([...dry(), "--ca-file", pki.caFile], env);
    expect(r.code).toBe(1);
    expect(r.err).toContain('"bad header Bearer ***"');
  });

  it("never prints the secrets it used", () => {
    expect(assertNoSecrets(ALL_OUTPUT)).toEqual([]);
  });
});
