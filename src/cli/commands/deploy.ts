// `secpack deploy`: sync knowledge objects or install the app on Splunk Enterprise over the management REST API,
// or vet with AppInspect and install through ACS on Splunk Cloud. Every byte of output passes the Redactor.
import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { UsageError } from "../../diag/diagnostic.js";
import { parseCommandArgs } from "../args.js";
import type { Command, Io } from "../io.js";
import { installApp, servePackage } from "../../deploy/app-install.js";
import { AcsClient, DEFAULT_ACS_URL } from "../../deploy/acs.js";
import { appInspectLogin, DEFAULT_APPINSPECT_URLS, vetPackage, type VettingResult } from "../../deploy/appinspect.js";
import { cloudCredentials, enterpriseCredentials, MissingCredentials, terminalPrompt } from "../../deploy/credentials.js";
import type { TransportOptions } from "../../deploy/http.js";
import { desiredObjects } from "../../deploy/objects.js";
import { displayUrl, Redactor } from "../../deploy/redact.js";
import { formatPlan, formatResult, formatSummary, planJson } from "../../deploy/report.js";
import { SplunkRest } from "../../deploy/rest.js";
import { loadContentApp, readBuilt, type AppSource } from "../../deploy/source.js";
import { syncObjects } from "../../deploy/sync.js";

const OPTIONS = {
  path: { type: "string" },
  from: { type: "string" },
  url: { type: "string" },
  app: { type: "string" },
  mode: { type: "string" },
  "dry-run": { type: "boolean" },
  prune: { type: "boolean" },
  restart: { type: "boolean" },
  "ca-file": { type: "string" },
  insecure: { type: "boolean" },
  format: { type: "string" },
  "lookup-staging": { type: "string" },
  "package-location": { type: "string" },
  serve: { type: "string" },
  cloud: { type: "string" },
  "appinspect-url": { type: "string" },
  "splunk-api-url": { type: "string" },
  "acs-url": { type: "string" },
  retries: { type: "string" },
  timeout: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const HELP = `Usage:
  secpack deploy --url https://HOST:8089 [--mode objects|app] [--path DIR | --from APPDIR|FILE.spl] [--app APPID]
                 [--dry-run] [--prune] [--restart] [--lookup-staging DIR] [--package-location PATH|URL]
                 [--serve HOST:PORT] [--ca-file PEM] [--insecure] [--retries N] [--timeout SECONDS] [--format text|json]
  secpack deploy --cloud STACK [--path DIR | --from FILE.spl] [--dry-run] [--appinspect-url URL] [--splunk-api-url URL]
                 [--acs-url URL] [--ca-file PEM] [--insecure] [--format text|json]

Splunk Enterprise (management REST API):
  --mode objects      (default) create/update/ACL saved searches, macros, lookup definitions and files, KV store
                      collections and analytic story entries in /servicesNS/nobody/<app>/; only changed keys are sent
  --mode app          install or update the packaged app with apps/local; reports whether a restart is required
  --prune             (objects) delete objects owned by the app that the content no longer has; refused when the
                      content renders no objects at all (that would delete everything the app owns)
  --restart           (app) restart splunkd when the install requires it, and wait until it is back
  --lookup-staging D  (objects) directory on the Splunk host (under $SPLUNK_HOME/var/run/splunk/lookup_tmp) where the
                      lookup files were copied; lookup files cannot be uploaded through REST
  --package-location  (app) where splunkd reads the package: absolute path on the Splunk host or http(s) URL;
                      defaults to the local .spl path when --url points at this machine
  --serve HOST:PORT   (app) serve the .spl over plain HTTP at an unguessable path from this machine while the
                      install runs, for splunkd to fetch; the server stops when the install ends
Splunk Cloud:
  --cloud STACK       vet the package with AppInspect (tag private_victoria), then install it with ACS
  --appinspect-url, --splunk-api-url, --acs-url   override https://appinspect.splunk.com, https://api.splunk.com,
                      https://admin.splunk.com (also SECPACK_APPINSPECT_URL, SECPACK_SPLUNK_API_URL, SECPACK_ACS_URL)
Common:
  --path DIR          content project (default: current directory); it is validated, rendered and built; a path
                      that does not exist or holds no content (no secpack.yml/contentctl.yml, no content folder) is
                      an error before anything is sent
  --from PATH         deploy an already built app folder or .spl instead of the content project
  --app APPID         target app (default: the app id of the content / package)
  --dry-run           show what would change (the diff / the vetting result) and change nothing
  --ca-file PEM       trust this CA (in addition to the system roots); --insecure skips verification (warns)
  --retries N         retries on 429/5xx/connection errors (default 4); --timeout SECONDS per request (default 60)
Credentials come only from the environment (or a prompt on a terminal), never from flags:
  SPLUNK_TOKEN, or SPLUNK_USERNAME + SPLUNK_PASSWORD; Cloud: SPLUNK_ACS_TOKEN + SPLUNKBASE_USERNAME + SPLUNKBASE_PASSWORD.
Exit codes: 0 done, 1 something failed (or vetting failed), 2 bad usage.
`;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>["values"];

function intFlag(v: string | undefined, name: string, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} expects a non-negative integer, got '${v}'`);
  return n;
}

function envMs(env: NodeJS.ProcessEnv, name: string, dflt: number): number {
  const v = env[name];
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) && n >= 0 ? n : dflt;
}

function checkUrl(raw: string, flag: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UsageError(`${flag} is not a valid URL`);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new UsageError(`${flag} must be an http(s) URL`);
  if (u.username || u.password) throw new UsageError(`${flag} must not contain credentials; use the environment variables`);
  return raw.replace(/\/$/, "");
}

async function transport(v: Values, io: Io, warn: (s: string) => void): Promise<TransportOptions> {
  let ca: string | undefined;
  if (v["ca-file"]) {
    const p = resolve(io.cwd, v["ca-file"]);
    try {
      ca = await readFile(p, "utf8");
    } catch (e) {
      throw new UsageError(`cannot read --ca-file ${v["ca-file"]}: ${(e as Error).message}`);
    }
    if (!ca.includes("-----BEGIN CERTIFICATE-----")) throw new UsageError(`--ca-file ${v["ca-file"]} holds no PEM certificate`);
  }
  if (v.insecure) warn("warning: --insecure: TLS certificates are NOT verified; credentials can be intercepted.");
  return {
    ca,
    insecure: Boolean(v.insecure),
    timeoutMs: intFlag(v.timeout, "timeout", 60) * 1000,
    retries: intFlag(v.retries, "retries", 4),
    backoffMs: envMs(io.env, "SECPACK_DEPLOY_BACKOFF_MS", 500),
    onRetry: (r) => warn(`retry ${r.attempt}: ${r.method} ${new URL(r.url).pathname} got ${r.reason}; waiting ${r.delayMs} ms`),
  };
}

async function appSource(v: Values, io: Io, needPackage: boolean, err: (s: string) => void, sources: Sources): Promise<AppSource | undefined> {
  if (v.from) {
    const src = await readBuilt(resolve(io.cwd, v.from));
    if (needPackage && !src.packagePath) throw new UsageError("--from must name a .spl/.tgz package for --mode app and --cloud");
    return src;
  }
  const res = await loadContentApp(resolve(io.cwd, v.path ?? "."), needPackage);
  if (res.source) sources.push(res.source);
  for (const line of res.messages) err(line);
  return res.source;
}

/** Every source read during one run, so its temporary files are removed however the run ends. */
type Sources = AppSource[];

export const run: Command = async (argv, io) => {
  const { values: v } = parseCommandArgs(argv, OPTIONS);
  if (v.help) {
    io.stdout(HELP);
    return 0;
  }
  const json = v.format === "json";
  if (v.format && v.format !== "json" && v.format !== "text") throw new UsageError(`--format must be text or json, got '${v.format}'`);
  if (v.cloud && v.url) throw new UsageError("give either --url (Splunk Enterprise) or --cloud STACK, not both");
  if (!v.cloud && !v.url) throw new UsageError("missing --url https://HOST:8089 (or --cloud STACK for Splunk Cloud)");
  const mode = v.mode ?? "objects";
  if (mode !== "objects" && mode !== "app") throw new UsageError(`--mode must be objects or app, got '${mode}'`);
  if (v.cloud && v.mode) throw new UsageError("--mode applies to Splunk Enterprise only");
  if (v.prune && (v.cloud || mode === "app")) throw new UsageError("--prune applies to --mode objects only");
  if (v.restart && (v.cloud || mode !== "app")) throw new UsageError("--restart applies to --mode app only");

  const redactor = new Redactor();
  const out = (s: string) => io.stdout(redactor.redact(s));
  const err = (s: string) => io.stderr(redactor.redact(s.endsWith("\n") ? s : s + "\n"));
  const say = json ? err : (s: string) => out(s.endsWith("\n") ? s : s + "\n");
  const prompt = io.interactive ? terminalPrompt : undefined;

  const sources: Sources = [];
  try {
    const t = await transport(v, io, err);
    if (v.cloud) return await deployCloud(v, io, t, redactor, { out, err, say, json, prompt }, sources);
    const url = checkUrl(v.url!, "--url");
    if (url.startsWith("http:")) err("warning: --url uses plain http; credentials travel unencrypted.");
    const creds = await enterpriseCredentials(io.env, prompt);
    const source = await appSource(v, io, mode === "app", err, sources);
    if (!source) return 1;
    const app = v.app ?? source.appid;
    const rest = new SplunkRest(url, t, creds, redactor);

    if (mode === "app") {
      let location = v["package-location"];
      const host = new URL(url).hostname;
      if (!location && !v.serve && ["127.0.0.1", "localhost", "[::1]", "::1"].includes(host)) location = resolve(source.packagePath!);
      if (!location && !v.serve) throw new UsageError("--mode app needs --package-location (a path on the Splunk host or a URL splunkd can fetch) or --serve HOST:PORT");
      if (location && !/^https?:\/\//.test(location) && !isAbsolute(location)) throw new UsageError("--package-location must be an absolute path on the Splunk host or an http(s) URL");
      await rest.login();
      let close: (() => Promise<void>) | undefined;
      if (!location) {
        const served = await servePackage(source.packagePath!, v.serve!);
        location = served.url;
        close = served.close;
      }
      try {
        const r = await installApp(rest, {
          appid: app,
          version: source.version,
          location,
          dryRun: Boolean(v["dry-run"]),
          restart: Boolean(v.restart),
          onProgress: say,
          restartPollMs: envMs(io.env, "SECPACK_RESTART_POLL_MS", 2000),
        });
        if (json) out(JSON.stringify({ target: { url: displayUrl(url), app, mode }, dryRun: Boolean(v["dry-run"]), install: r }, null, 2) + "\n");
        else if (v["dry-run"]) {
          say(`Dry run: would ${r.action} app ${app} ${r.previousVersion !== undefined ? `(installed: ${r.previousVersion || "unknown version"}) ` : ""}with version ${source.version || "?"} from ${location}; nothing changed.`);
        } else {
          say(`${r.action === "install" ? "Installed" : "Updated"} app ${app}: version ${r.version || "?"}${r.previousVersion ? ` (was ${r.previousVersion})` : ""}.`);
          if (r.restarted) say("splunkd restarted.");
          if (r.restartRequired) say("Splunk reports that a restart is required: rerun with --restart, or restart splunkd.");
        }
        return 0;
      } finally {
        await close?.();
      }
    }

    // Worked out before anything is sent: an empty desired state with --prune would delete every object the app owns.
    const { objects, problems } = desiredObjects(source.files, source.appid);
    for (const p of problems) err(`${p.file}${p.line ? `:${p.line}` : ""}: warning SC6001: ${p.message}`);
    if (v.prune && objects.length === 0) {
      err(
        `secpack deploy: error SC6004: refusing --prune: the ${v.from ? `app at ${v.from}` : "content"} renders no objects, so pruning would delete ` +
          `every object app ${app} owns on the server. Check ${v.from ? "--from" : "--path"}; nothing was sent.`,
      );
      return 1;
    }
    await rest.login();
    say(`${v["dry-run"] ? "Plan (dry run: nothing is changed)" : "Deploying"} ${objects.length} object(s) to app ${app} on ${displayUrl(url)}`);
    const outcome = await syncObjects(rest, objects, {
      app,
      prune: Boolean(v.prune),
      dryRun: Boolean(v["dry-run"]),
      lookupStaging: v["lookup-staging"],
      onResult: json ? undefined : (r) => say(formatResult(r)),
    });
    const failed = outcome.results.some((r) => !r.ok);
    if (json) {
      out(JSON.stringify({ target: { url: displayUrl(url), app, mode }, dryRun: Boolean(v["dry-run"]), ...planJson(outcome.plan, v["dry-run"] ? undefined : outcome.results), ok: !failed }, null, 2) + "\n");
    } else if (v["dry-run"]) say(formatPlan(outcome.plan));
    else say(formatSummary(outcome.plan, outcome.results));
    return failed ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(redactor.redact(e.message));
    if (e instanceof MissingCredentials) {
      err(`secpack deploy: ${e.message}`);
      return 2;
    }
    err(`secpack deploy: error SC6002: ${(e as Error).message}`);
    return 1;
  } finally {
    for (const s of sources) await s.cleanup?.().catch(() => undefined);
  }
};

interface Out {
  out: (s: string) => void;
  err: (s: string) => void;
  say: (s: string) => void;
  json: boolean;
  prompt?: (q: string, hidden: boolean) => Promise<string>;
}

function formatVetting(r: VettingResult): string {
  const s = r.summary;
  const lines = [
    `AppInspect ${r.passed ? "passed" : "FAILED"} (request ${r.requestId}): ${s.failure ?? 0} failure, ${s.error ?? 0} error, ${s.manual_check ?? 0} manual_check, ${s.warning ?? 0} warning, ${s.success ?? 0} success.`,
  ];
  for (const f of r.failures) lines.push(`  ${f.result}: ${f.check}: ${f.message}${f.file ? ` (${f.file}${f.line ? `:${f.line}` : ""})` : ""}`);
  for (const f of r.warnings) lines.push(`  warning: ${f.check}: ${f.message}${f.file ? ` (${f.file})` : ""}`);
  return lines.join("\n");
}

async function deployCloud(v: Values, io: Io, t: TransportOptions, redactor: Redactor, o: Out, sources: Sources): Promise<number> {
  const stack = v.cloud!;
  if (!/^[a-z0-9][a-z0-9-]*$/i.test(stack)) throw new UsageError(`--cloud expects a stack name (letters, digits, '-'), got '${stack}'`);
  const urls = {
    login: checkUrl(v["splunk-api-url"] ?? io.env.SECPACK_SPLUNK_API_URL ?? DEFAULT_APPINSPECT_URLS.login, "--splunk-api-url"),
    appinspect: checkUrl(v["appinspect-url"] ?? io.env.SECPACK_APPINSPECT_URL ?? DEFAULT_APPINSPECT_URLS.appinspect, "--appinspect-url"),
  };
  const acsUrl = checkUrl(v["acs-url"] ?? io.env.SECPACK_ACS_URL ?? DEFAULT_ACS_URL, "--acs-url");
  for (const [flag, url] of [["--splunk-api-url", urls.login], ["--appinspect-url", urls.appinspect], ["--acs-url", acsUrl]] as const) {
    if (url.startsWith("http:")) o.err(`warning: ${flag} uses plain http; credentials and tokens travel unencrypted.`);
  }
  const creds = await cloudCredentials(io.env, o.prompt);
  redactor.add(creds.acsToken);
  redactor.addBasic(creds.user, creds.password);
  const source = await appSource(v, io, true, o.err, sources);
  if (!source) return 1;
  const pkg = await readFile(source.packagePath!);
  o.say(`Vetting ${source.appid} ${source.version} with AppInspect (${displayUrl(urls.appinspect)})`);
  const token = await appInspectLogin(urls, creds.user, creds.password, t, redactor);
  const vetting = await vetPackage(urls, t, {
    token,
    packageName: `${source.appid}-${source.version || "0"}.tar.gz`,
    packageData: pkg,
    pollMs: envMs(io.env, "SECPACK_APPINSPECT_POLL_MS", 5000),
    timeoutMs: envMs(io.env, "SECPACK_APPINSPECT_TIMEOUT_MS", 15 * 60_000),
    onProgress: o.say,
  });
  const acs = new AcsClient(acsUrl, stack, creds.acsToken, t, redactor);
  const target = { stack, acs: displayUrl(acsUrl), app: source.appid, version: source.version };
  if (!vetting.passed) {
    if (o.json) o.out(JSON.stringify({ target, dryRun: Boolean(v["dry-run"]), vetting, installed: false, ok: false }, null, 2) + "\n");
    else o.say(formatVetting(vetting) + "\nNot installed: fix the failures above and deploy again.");
    return 1;
  }
  const current = await acs.describe(source.appid);
  if (v["dry-run"]) {
    if (o.json) o.out(JSON.stringify({ target, dryRun: true, vetting, current: current ?? null, ok: true }, null, 2) + "\n");
    else {
      o.say(formatVetting(vetting));
      o.say(`Dry run: would ${current ? `upgrade ${source.appid} from ${current.version ?? "?"} to` : `install ${source.appid}`} ${source.version} on stack ${stack}; nothing changed.`);
    }
    return 0;
  }
  if (!o.json) o.say(formatVetting(vetting));
  const res = await acs.install(pkg, token);
  const verb = res.status === 202 ? "accepted for installation" : "installed";
  if (o.json) o.out(JSON.stringify({ target, dryRun: false, vetting, install: { httpStatus: res.status, app: res.app, previous: current ?? null }, ok: true }, null, 2) + "\n");
  else o.say(`ACS: ${source.appid} ${res.app.version ?? source.version} ${verb} on stack ${stack}${res.app.status ? ` (status: ${res.app.status})` : ""}.`);
  return 0;
}
