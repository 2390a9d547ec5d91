// Deploy guards against wiping an app: a --path that is not a content project is an error before anything is sent,
// and --prune is refused when the desired state is empty (it would delete every object the app owns).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SplunkDouble } from "./double/splunk-double.js";
import { ALL_OUTPUT, APPID, assertNoSecrets, FIXTURE_OBJECTS, makeFixture, runCli, SECRETS, type Fixture } from "./helpers.js";

let double: SplunkDouble;
let fx: Fixture;
let scratch: string;
const env = { SPLUNK_TOKEN: SECRETS.token };
const owned = () => [...double.confs.values()].flat().filter((s) => s.app === APPID).length;

beforeAll(async () => {
  double = new SplunkDouble({ token: SECRETS.token });
  await double.start();
  double.apps.set(APPID, { version: "0.0.1", label: "fixture" });
  fx = makeFixture();
  scratch = mkdtempSync(join(tmpdir(), "secpack-deploy-guards-"));
  // The app's objects exist on the server (the lookup file is left out: it needs --lookup-staging).
  const first = await runCli(["--url", double.url, "--from", fx.app, "--format", "json"], env);
  expect(JSON.parse(first.out).summary.created).toBe(FIXTURE_OBJECTS - 1);
});

afterAll(async () => {
  await double?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("deploy refuses to wipe an app by mistake", () => {
  it("--path that does not exist: SC6003, exit 1, no request at all (not even a login)", async () => {
    const before = double.requests.length;
    const r = await runCli(["--url", double.url, "--path", join(scratch, "contnet-typo"), "--prune", "--app", APPID], env);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/secpack deploy: error SC6003: the content root '.*contnet-typo' does not exist \(check --path\); nothing was deployed\.\n/);
    expect(double.requests.length).toBe(before);
    expect(owned()).toBe(FIXTURE_OBJECTS - 1);
  });

  it("--path with no content folders and no config: SC6003 before anything is sent", async () => {
    const empty = join(scratch, "not-a-project");
    mkdirSync(join(empty, "notes"), { recursive: true });
    writeFileSync(join(empty, "README.txt"), "x");
    const before = double.requests.length;
    const r = await runCli(["--url", double.url, "--path", empty, "--prune", "--app", APPID], env);
    expect(r.code).toBe(1);
    expect(r.err).toContain("error SC6003:");
    expect(r.err).toContain("is not a content project: it has no secpack.yml or contentctl.yml and none of the folders detections, macros");
    expect(double.requests.length).toBe(before);
  });

  it("--prune with a desired state of zero objects (empty built app): SC6004, exit 1, nothing sent", async () => {
    const app = join(scratch, "empty", APPID);
    mkdirSync(join(app, "default"), { recursive: true });
    writeFileSync(join(app, "default", "app.conf"), `[id]\nname = ${APPID}\nversion = 1.0.0\n`);
    const before = double.requests.length;
    const r = await runCli(["--url", double.url, "--from", app, "--prune"], env);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`secpack deploy: error SC6004: refusing --prune: the app at ${app} renders no objects, so pruning would delete every object app ${APPID} owns on the server.`);
    expect(double.requests.length).toBe(before);
    expect(owned()).toBe(FIXTURE_OBJECTS - 1);
  });

  it("--prune on a content project that renders no objects (config only): SC6004", async () => {
    const root = join(scratch, "config-only");
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, "secpack.yml"), `app:\n  appid: ${APPID}\n  title: Fixture\n  version: 1.0.0\n`);
    const before = double.requests.length;
    const r = await runCli(["--url", double.url, "--path", root, "--prune"], env);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain("error SC6004: refusing --prune: the content renders no objects");
    expect(r.err).toContain("Check --path; nothing was sent.");
    expect(double.requests.length).toBe(before);
  });

  it("without --prune an empty desired state deletes nothing and says what it would leave", async () => {
    const app = join(scratch, "empty", APPID);
    const r = await runCli(["--url", double.url, "--from", app, "--dry-run"], env);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`${FIXTURE_OBJECTS - 1} object(s) of the app are not in the content (use --prune to delete them)`);
    expect(double.writes().filter((w) => w.method === "DELETE")).toEqual([]);
  });

  it("never prints the secrets it used", () => {
    expect(assertNoSecrets(ALL_OUTPUT)).toEqual([]);
  });
});
