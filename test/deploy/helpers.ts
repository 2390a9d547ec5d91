// Test helpers for deploy: a fixture app folder (as `secpack build` writes it), its .spl, and an in-process CLI
// runner that records every byte of output so each test file can scan it for the secrets it used.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { pack } from "tar-stream";
import { main } from "../../src/cli/main.js";
import { captureIo } from "../capture-io.js";

export const SECRETS = {
  token: "tok-9f8e7d6c5b4a-SECRET",
  username: "deployer",
  password: "pw-Zq81!x&y=SECRET",
  acsToken: "acs-jwt-77aa66bb-SECRET",
  splunkComUser: "vetting@example.com",
  splunkComPassword: "sc-pass-4411-SECRET",
};

/** Every byte any deploy test printed (stdout and stderr). */
export const ALL_OUTPUT: string[] = [];

export async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  const c = captureIo(process.cwd(), { SECPACK_DEPLOY_BACKOFF_MS: "1", SECPACK_APPINSPECT_POLL_MS: "1", SECPACK_RESTART_POLL_MS: "1", ...env });
  const code = await main(["deploy", ...args], c.io);
  ALL_OUTPUT.push(...c.out, ...c.err);
  return { code, out: c.stdout(), err: c.stderr() };
}

export const APPID = "secpack_fixture";

const SAVEDSEARCHES: Record<string, Record<string, string>> = {
  "ESCU - Rundll32 Comsvcs MiniDump - Rule": {
    search: "| tstats count from datamodel=Endpoint.Processes where Processes.process_name=rundll32.exe by Processes.dest \\\n| `rundll32_comsvcs_minidump_filter`",
    cron_schedule: "0 * * * *",
    disabled: "true",
    enableSched: "1",
    "dispatch.earliest_time": "-70m@m",
    "action.escu.mappings": '{"mitre_attack": ["T1003.001"]}',
    "action.risk": "1",
  },
  "ESCU - Renamed Comsvcs Load - Rule": {
    search: "`sysmon` EventCode=7 ImageLoaded=*comsvcs.dll | `renamed_comsvcs_load_filter`",
    cron_schedule: "5 * * * *",
    disabled: "false",
    "dispatch.earliest_time": "-70m@m",
  },
  "ESCU - Lsass Dump Via Procdump - Rule": {
    search: "`sysmon` EventCode=10 TargetImage=*lsass.exe | lookup lsass_allowlist process OUTPUT allowed | `lsass_dump_filter`",
    cron_schedule: "10 * * * *",
    disabled: "true",
  },
};

function confText(stanzas: Record<string, Record<string, string>>): string {
  return Object.entries(stanzas)
    .map(([name, keys]) => `[${name}]\n${Object.entries(keys).map(([k, v]) => `${k} = ${v}`).join("\n")}\n`)
    .join("\n");
}

export interface Fixture {
  dir: string;
  /** The app folder (named after the app id). */
  app: string;
  saved: Record<string, Record<string, string>>;
  write(): void;
  /** Pack the app folder into <dir>/<appid>-<version>.spl and return its path. */
  pack(version?: string): Promise<string>;
}

export function makeFixture(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), "secpack-deploy-fixture-"));
  const app = join(dir, APPID);
  const saved = structuredClone(SAVEDSEARCHES);
  let version = "1.0.0";
  const fx: Fixture = {
    dir,
    app,
    saved,
    write() {
      const files: Record<string, string> = {
        "default/app.conf": `[install]\nis_configured = false\n\n[launcher]\nversion = ${version}\nauthor = secpack\n\n[package]\nid = ${APPID}\n\n[id]\nname = ${APPID}\nversion = ${version}\n`,
        "default/savedsearches.conf": `[default]\nrequest.ui_dispatch_app = SplunkEnterpriseSecuritySuite\n\n${confText(saved)}`,
        "default/macros.conf": confText({
          "rundll32_comsvcs_minidump_filter": { definition: "search *", description: "Update this macro to limit the output results to filter out false positives." },
          "renamed_comsvcs_load_filter": { definition: "search *", description: "filter" },
          "lsass_dump_filter": { definition: "search *", description: "filter" },
          "sysmon": { definition: "index=main sourcetype=XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", description: "sysmon data" },
          "parent_of(1)": { args: "p", definition: 'eval parent="$p$"', iseval: "0" },
        }),
        "default/transforms.conf": confText({
          lsass_allowlist: { filename: "lsass_allowlist.csv", case_sensitive_match: "false", max_matches: "1" },
          dumps_seen: { external_type: "kvstore", collection: "dumps_seen", fields_list: "_key,dest,first_seen" },
        }),
        "default/collections.conf": confText({ dumps_seen: { enforceTypes: "false", replicate: "false", "field.first_seen": "time" } }),
        "default/analyticstories.conf": confText({
          "analytic_story://Credential Dumping": { category: "Adversary Tactics", version: "1", searches: '["ESCU - Rundll32 Comsvcs MiniDump - Rule"]', narrative: "First paragraph \\\nsecond paragraph" },
          "savedsearch://ESCU - Rundll32 Comsvcs MiniDump - Rule": { type: "detection", asset_type: "Endpoint", confidence: "medium" },
        }),
        "lookups/lsass_allowlist.csv": "process,allowed\nprocdump.exe,false\n",
        "metadata/default.meta": "[]\naccess = read : [ * ], write : [ admin, sc_admin ]\nexport = system\n",
      };
      for (const [p, text] of Object.entries(files)) {
        mkdirSync(dirname(join(app, p)), { recursive: true });
        writeFileSync(join(app, p), text);
      }
      writeFileSync(join(app, "default/savedsearches.conf"), files["default/savedsearches.conf"]!);
    },
    async pack(v?: string) {
      if (v) version = v;
      fx.write();
      const p = pack();
      const list = (d: string): string[] => readdirSync(d).sort().flatMap((n) => (statSync(join(d, n)).isDirectory() ? list(join(d, n)) : [join(d, n)]));
      for (const file of list(app)) p.entry({ name: `${APPID}/${relative(app, file)}`, mode: 0o644, mtime: new Date(0) }, readFileSync(file));
      p.finalize();
      const chunks: Buffer[] = [];
      for await (const c of p) chunks.push(c as Buffer);
      const out = join(dir, `${APPID}-${version}.spl`);
      writeFileSync(out, gzipSync(Buffer.concat(chunks)));
      return out;
    },
  };
  fx.write();
  return fx;
}

/** Number of objects the fixture defines (stanzas except [default], plus one lookup file). */
export const FIXTURE_OBJECTS = 3 /* searches */ + 5 /* macros */ + 2 /* transforms */ + 1 /* collection */ + 2 /* story entries */ + 1; /* csv */

export function assertNoSecrets(texts: readonly string[]): string[] {
  const leaks: string[] = [];
  const all = texts.join("\n");
  for (const [name, value] of Object.entries(SECRETS)) {
    if (name === "username" || name === "splunkComUser") continue; // user names are not secret
    for (const form of [value, encodeURIComponent(value), Buffer.from(value).toString("base64")]) {
      if (all.includes(form)) leaks.push(`${name} (${form === value ? "plain" : "encoded"})`);
    }
  }
  return leaks;
}
