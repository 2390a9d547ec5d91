// Deploy straight from a content project (validate + render), editing and removing detection YAML between runs.
// Uses a copy of this repository's own content pack in a temp folder.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SplunkDouble } from "./double/splunk-double.js";
import { ALL_OUTPUT, assertNoSecrets, runCli, SECRETS } from "./helpers.js";

const REPO = join(import.meta.dirname, "../..");
const PARTS = ["secpack.yml", "detections", "macros", "stories", "data_sources", "deployments", "lookups", "app-template"];
const RENAMED = "detections/endpoint/renamed_comsvcs_dll_image_load.yml";
const REMOVED = "detections/endpoint/process_dump_via_comsvcs_dll_full.yml";
const present = existsSync(join(REPO, "secpack.yml")) && existsSync(join(REPO, RENAMED)) && existsSync(join(REPO, REMOVED));

describe.skipIf(!present)("deploy from the content project (HTTP double)", () => {
  let root: string;
  let double: SplunkDouble;
  const env = { SPLUNK_TOKEN: SECRETS.token };
  const args = () => ["--url", double.url, "--path", root, "--format", "json"];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "secpack-deploy-content-"));
    for (const p of PARTS) if (existsSync(join(REPO, p))) cpSync(join(REPO, p), join(root, p), { recursive: true });
    double = new SplunkDouble({ token: SECRETS.token });
    await double.start();
    double.apps.set("secpack_credential_access", { version: "1.0.0", label: "x" });
  });
  afterAll(async () => {
    await double?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it("creates every rendered object, then reports 0 changes", async () => {
    const first = await runCli(args(), env);
    expect(first.code, first.err).toBe(0);
    const doc = JSON.parse(first.out);
    expect(doc.summary.created).toBeGreaterThanOrEqual(10);
    expect(doc.summary.failed).toBe(0);
    expect(first.err).toContain("warning: --url uses plain http");
    const again = JSON.parse((await runCli(args(), env)).out);
    expect(again.changes).toEqual([]);
    expect(again.summary).toMatchObject({ created: 0, updated: 0, deleted: 0, failed: 0, unchanged: doc.summary.created });
  });

  it("editing one detection's search gives exactly 1 update", async () => {
    const p = join(root, RENAMED);
    writeFileSync(p, readFileSync(p, "utf8").replace("  IMPHASH process_id\n", "  IMPHASH process_id user\n"));
    const r = JSON.parse((await runCli(args(), env)).out);
    expect(r.changes).toEqual([{ kind: "savedsearch", name: "SECPACK - Renamed Comsvcs DLL Image Load - Rule", action: "update", changedKeys: ["search"], acl: false }]);
  });

  it("removing one detection: --prune deletes exactly its objects", async () => {
    rmSync(join(root, REMOVED));
    const r = JSON.parse((await runCli([...args(), "--prune"], env)).out);
    const deleted = r.changes.filter((c: { action: string }) => c.action === "delete");
    // Its saved search, its story annotation entry and its generated filter macro; nothing else.
    expect(deleted.map((c: { kind: string; name: string }) => `${c.kind}:${c.name}`).sort()).toEqual([
      "macro:process_dump_via_comsvcs_dll_full_filter",
      "savedsearch:SECPACK - Process Dump via Comsvcs DLL Full - Rule",
      "story:savedsearch://SECPACK - Process Dump via Comsvcs DLL Full - Rule",
    ]);
    expect(r.summary.failed).toBe(0);
    // The story's search list changes with it (an update, not a delete).
    expect(r.changes.filter((c: { action: string }) => c.action === "update").map((c: { name: string }) => c.name)).toEqual(["analytic_story://Credential Dumping"]);
  });

  it("never prints the secrets it used", () => {
    expect(assertNoSecrets(ALL_OUTPUT)).toEqual([]);
  });
});
