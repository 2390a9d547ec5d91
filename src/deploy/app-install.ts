// `deploy --mode app`: install or update the packaged app with POST /services/apps/local (filename=true,
// update=true), confirm the installed version, detect a pending restart, and restart only when asked.
// splunkd has no upload endpoint: `name` must be a path on the Splunk host or a URL splunkd can fetch; servePackage
// offers the second by serving the .spl once over HTTP from this machine.
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { createServer } from "node:http";
import { basename } from "node:path";
import { enc, SplunkError, type SplunkRest } from "./rest.js";
import { TransportError } from "./http.js";

export interface InstallOptions {
  appid: string;
  /** Version of the package being installed (from the app config). */
  version: string;
  /** What splunkd reads: an absolute path on the Splunk host or an http(s) URL. */
  location: string;
  dryRun: boolean;
  restart: boolean;
  onProgress?: (line: string) => void;
  /** Poll interval and overall limit while waiting for splunkd to come back after a restart. */
  restartPollMs?: number;
  restartTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface InstallOutcome {
  appid: string;
  /** Version installed before (undefined if the app was absent). */
  previousVersion?: string;
  action: "install" | "update";
  /** Version the server reports afterwards (dry-run: the package version). */
  version: string;
  restartRequired: boolean;
  restarted: boolean;
}

async function installedVersion(rest: SplunkRest, appid: string): Promise<string | undefined> {
  try {
    const body = await rest.json("GET", `/services/apps/local/${enc(appid)}`);
    const entry = (body.entry as { content?: { version?: unknown } }[] | undefined)?.[0];
    return entry?.content?.version === undefined ? "" : String(entry.content.version);
  } catch (e) {
    if (e instanceof SplunkError && e.status === 404) return undefined;
    throw e;
  }
}

/** 200 from messages/restart_required means a restart is pending; 404 means none. */
export async function restartRequired(rest: SplunkRest): Promise<boolean> {
  const res = await rest.call("GET", "/services/messages/restart_required");
  if (res.status === 200) return true;
  if (res.status === 404) return false;
  throw new SplunkError(res.status, [res.body.toString("utf8").slice(0, 200)], "GET", "/services/messages/restart_required");
}

/** POST server/control/restart, then poll server/info until it answers 200 again (re-login included). */
async function restartAndWait(rest: SplunkRest, opts: InstallOptions): Promise<void> {
  await rest.json("POST", "/services/server/control/restart");
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const poll = opts.restartPollMs ?? 2000;
  const deadline = Date.now() + (opts.restartTimeoutMs ?? 300_000);
  while (Date.now() < deadline) {
    await sleep(poll);
    try {
      const res = await rest.call("GET", "/services/server/info");
      if (res.status === 200) return;
    } catch (e) {
      if (!(e instanceof TransportError) || e.tls) throw e; // connection refused while restarting: keep polling
    }
  }
  throw new Error("splunkd did not come back within the restart timeout");
}

export async function installApp(rest: SplunkRest, opts: InstallOptions): Promise<InstallOutcome> {
  const before = await installedVersion(rest, opts.appid);
  const action = before === undefined ? "install" : "update";
  if (opts.dryRun) {
    return { appid: opts.appid, previousVersion: before, action, version: opts.version, restartRequired: false, restarted: false };
  }
  opts.onProgress?.(`${action === "install" ? "installing" : "updating"} app ${opts.appid} from ${opts.location}`);
  await rest.json("POST", "/services/apps/local", [
    ["name", opts.location],
    ["filename", "true"],
    ["update", "true"],
    ["explicit_appname", opts.appid],
  ]);
  const after = await installedVersion(rest, opts.appid);
  if (after === undefined) throw new Error(`app '${opts.appid}' is not listed in apps/local after the install`);
  let pending = await restartRequired(rest);
  let restarted = false;
  if (pending && opts.restart) {
    opts.onProgress?.("restarting splunkd");
    await restartAndWait(rest, opts);
    restarted = true;
    pending = await restartRequired(rest);
  }
  return { appid: opts.appid, previousVersion: before, action, version: after, restartRequired: pending, restarted };
}

/**
 * Serve one file over plain HTTP at an unguessable path until closed, for splunkd to fetch.
 * `listen` is "HOST:PORT" (PORT 0 = any); the URL uses `advertise` (default: HOST) as the host name.
 */
export async function servePackage(file: string, listen: string, advertise?: string): Promise<{ url: string; close: () => Promise<void> }> {
  const m = /^(.*):(\d+)$/.exec(listen);
  if (!m) throw new Error(`--serve expects HOST:PORT, got '${listen}'`);
  const host = m[1]!.replace(/^\[|\]$/g, "");
  const secret = randomBytes(16).toString("hex");
  const route = `/${secret}/${encodeURIComponent(basename(file))}`;
  const server = createServer((req, res) => {
    if (req.method !== "GET" || req.url !== route) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": "application/gzip" });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(Number(m[2]), host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const shownHost = advertise ?? (host.includes(":") ? `[${host}]` : host);
  return {
    url: `http://${shownHost}:${port}${route}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
