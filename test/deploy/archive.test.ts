// deploy --from with a hostile package: path traversal, links, devices, a bad top folder and a gzip bomb are
// refused with a clear error before any request reaches the server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gzipBomb, rawSpl } from "../package/hostile.js";
import { readPackage } from "../../src/deploy/source.js";
import { SplunkDouble } from "./double/splunk-double.js";
import { APPID, runCli, SECRETS } from "./helpers.js";

let double: SplunkDouble;
const env = { SPLUNK_TOKEN: SECRETS.token };
const APP_CONF = { name: `${APPID}/default/app.conf`, body: "[launcher]\nversion = 1.0.0\n" };

beforeAll(async () => {
  double = new SplunkDouble({ token: SECRETS.token });
  await double.start();
});

afterAll(async () => {
  await double?.stop();
});

async function refused(spl: string, mode: "objects" | "app", pattern: RegExp): Promise<void> {
  const before = double.requests.length;
  const r = await runCli(["--url", double.url, "--from", spl, "--mode", mode, "--package-location", "/opt/x.spl"], env);
  expect(r.code).toBe(1);
  expect(r.err).toMatch(pattern);
  expect(double.requests.length).toBe(before);
}

describe("deploy --from refuses hostile packages before sending anything", () => {
  it("a '../../etc/passwd' entry, an absolute path and a backslash path", async () => {
    for (const name of [`${APPID}/../../etc/passwd`, "/etc/cron.d/evil", `${APPID}\\..\\..\\evil`]) {
      await refused(await rawSpl([APP_CONF, { name }]), "objects", /unsafe path in archive/);
    }
  });

  it("symbolic links, hard links and device files", async () => {
    await refused(await rawSpl([APP_CONF, { name: `${APPID}/lookups/passwd.csv`, type: "symlink", linkname: "/etc/passwd" }]), "objects", /symbolic link to '\/etc\/passwd'/);
    await refused(await rawSpl([APP_CONF, { name: `${APPID}/lookups/x.csv`, type: "link", linkname: "etc/shadow" }]), "app", /hard link/);
    await refused(await rawSpl([APP_CONF, { name: `${APPID}/lookups/tty`, type: "character-device" }]), "objects", /character-device entry/);
  });

  it("a top folder that is not a valid app id (it becomes a REST path and an upload file name)", async () => {
    await refused(await rawSpl([{ name: "bad app\r\nX-Evil: 1/default/app.conf", body: "[launcher]\nversion = 1\n" }]), "objects", /unsafe path|not a valid app id/);
    await refused(await rawSpl([{ name: "x?y=1/default/app.conf", body: "[launcher]\nversion = 1\n" }]), "objects", /not a valid app id/);
  });

  it("a gzip bomb (1.1 GiB of zeros) is refused without unpacking it", async () => {
    await refused(await gzipBomb(APPID, 1100), "app", /unpacks to more than 1024 MiB/);
    await expect(readPackage(await gzipBomb(APPID, 48, { headerSize: 10 }), { maxArchiveBytes: 1 << 30, maxUnpackedBytes: 32 << 20, maxEntries: 100 })).rejects.toThrow(/decompresses to more than 32 MiB/);
  });
});

describe("deploy from a content project leaves no temporary build behind", () => {
  it("--mode app removes its temporary .spl build when done (and when the build fails)", async () => {
    const { mkdtempSync, readdirSync, mkdirSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { FIXTURE } = await import("../render/helpers.js");
    const scratch = mkdtempSync(join(tmpdir(), "secpack-deploy-tmp-"));
    const bad = join(scratch, "bad");
    mkdirSync(join(bad, "detections"), { recursive: true });
    writeFileSync(join(bad, "secpack.yml"), "app:\n  appid: 'bad app/x'\n");
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = scratch;
    try {
      const ok = await runCli(["--url", double.url, "--mode", "app", "--path", FIXTURE, "--package-location", "/opt/x.spl", "--dry-run"], env);
      expect(ok.code, ok.err).toBe(0);
      const failed = await runCli(["--url", double.url, "--mode", "app", "--path", bad, "--package-location", "/opt/x.spl", "--dry-run"], env);
      expect(failed.code).toBe(1);
    } finally {
      process.env.TMPDIR = saved;
    }
    expect(readdirSync(scratch)).toEqual(["bad"]);
  });
});
