// A TEST DOUBLE of Splunk's documented HTTP APIs (splunk-platform.md §4), loopback only, HTTP or HTTPS:
//  - splunkd management REST: auth/login, server/info, server/control/restart, messages/restart_required,
//    apps/local, servicesNS/<owner>/<app>/{configs/conf-*, storage/collections/config, data/lookup-table-files}
//    (list/read/create/update/delete/acl) with the JSON envelope, 401/404/409 semantics and typed JSON values;
//  - AppInspect API: login, validate (multipart), status (PROCESSING once, then SUCCESS), report by Content-Type;
//  - ACS: /<stack>/adminconfig/v2/apps/victoria POST/GET/DELETE with the three headers checked.
// Faults (status, Retry-After) can be queued per route. It keeps a request log for assertions.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer as createHttp, get as httpGet, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttps } from "node:https";
import { resolve as resolvePath } from "node:path";
import { gunzipSync } from "node:zlib";
import { extract } from "tar-stream";

export interface Stanza {
  name: string;
  app: string;
  owner: string;
  sharing: "app" | "global" | "user";
  perms: { read: string[]; write: string[] } | null;
  layer: "local" | "default";
  keys: Record<string, string>;
}

export interface Fault {
  method?: string;
  path: RegExp;
  status: number;
  times: number;
  retryAfter?: string;
  text?: string;
}

export interface LoggedRequest {
  method: string;
  path: string;
  form: [string, string][];
  headers: IncomingMessage["headers"];
}

export interface DoubleOptions {
  tls?: { key: string; cert: string };
  token?: string;
  username?: string;
  password?: string;
  /** Folder that stands for $SPLUNK_HOME/var/run/splunk/lookup_tmp on the "Splunk host". */
  lookupStaging?: string;
  /** AppInspect credentials (splunk.com) and the ACS stack + token. */
  splunkComUser?: string;
  splunkComPassword?: string;
  stack?: string;
  acsToken?: string;
  /** Checks the AppInspect double reports as failures for any package (empty: the package passes). */
  vettingFailures?: { check: string; message: string; file?: string }[];
}

/** System defaults splunkd merges into every stanza it returns (a small, representative subset). */
const DEFAULTS: Record<string, Record<string, string>> = {
  savedsearches: { disabled: "0", is_scheduled: "0", "alert.track": "0", "dispatch.earliest_time": "", cron_schedule: "" },
  macros: { iseval: "0", disabled: "0" },
  transforms: { case_sensitive_match: "1", max_matches: "1000", min_matches: "0" },
  collections: { enforceTypes: "0", replicate: "0" },
  analyticstories: {},
};
const BOOL_KEYS = new Set(["disabled", "is_scheduled", "alert.track", "iseval", "case_sensitive_match", "enforceTypes", "replicate", "is_visible"]);
const NUM_KEYS = new Set(["max_matches", "min_matches", "alert.suppress.period_seconds"]);

function typed(key: string, v: string): unknown {
  if (BOOL_KEYS.has(key)) return ["1", "true", "t", "yes"].includes(v.toLowerCase());
  if (NUM_KEYS.has(key) && /^-?\d+$/.test(v)) return Number(v);
  return v;
}

/** Read `<top>/default/app.conf` [launcher] version and the top folder from a .spl. */
export async function packageInfo(data: Buffer): Promise<{ name: string; version: string }> {
  const ex = extract();
  let name = "";
  let version = "";
  await new Promise<void>((resolve, reject) => {
    ex.on("entry", (h, stream, next) => {
      const parts = h.name.replace(/^\.\//, "").split("/");
      if (!name) name = parts[0]!;
      const chunks: Buffer[] = [];
      stream.on("data", (c: unknown) => void chunks.push(c as Buffer));
      stream.on("end", () => {
        if (parts.slice(1).join("/") === "default/app.conf") {
          const m = /\[launcher\][^[]*?^\s*version\s*=\s*(\S+)/m.exec(Buffer.concat(chunks).toString("utf8"));
          if (m) version = m[1]!;
        }
        next();
      });
      stream.resume();
    });
    ex.on("finish", resolve);
    ex.on("error", reject);
    ex.end(gunzipSync(data));
  });
  return { name, version };
}

const fetchUrl = (url: string): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    httpGet(url, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`HTTP ${res.statusCode}`))));
    }).on("error", reject);
  });

export class SplunkDouble {
  readonly confs = new Map<string, Stanza[]>();
  readonly apps = new Map<string, { version: string; label: string }>();
  readonly lookupFiles: Stanza[] = [];
  readonly requests: LoggedRequest[] = [];
  readonly faults: Fault[] = [];
  readonly victoria = new Map<string, { name: string; label: string; version: string; status: string }>();
  restartPending = false;
  restarts = 0;
  private downFor = 0;
  private sessions = new Set<string>();
  private aiTokens = new Set<string>();
  private aiRequests = new Map<string, { polls: number; pkg: Buffer }>();
  private server!: Server;
  url = "";

  constructor(readonly opts: DoubleOptions = {}) {
    for (const c of Object.keys(DEFAULTS)) this.confs.set(c, []);
  }

  async start(): Promise<string> {
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        this.handle(req, Buffer.concat(chunks), res).catch((e: Error) => this.send(res, 500, { messages: [{ type: "ERROR", text: e.message }] }));
      });
    };
    this.server = this.opts.tls ? createHttps({ key: this.opts.tls.key, cert: this.opts.tls.cert }, handler) : createHttp(handler);
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    const port = (this.server.address() as { port: number }).port;
    this.url = `${this.opts.tls ? "https" : "http"}://127.0.0.1:${port}`;
    return this.url;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  /** Queue a fault: the next `times` matching requests get `status`. */
  fail(f: Omit<Fault, "times"> & { times?: number }): void {
    this.faults.push({ times: 1, ...f });
  }

  /** Writes (anything but GET) received on the splunkd routes. */
  writes(): LoggedRequest[] {
    return this.requests.filter((r) => r.method !== "GET" && !r.path.startsWith("/services/auth/login"));
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, { "Content-Type": typeof body === "string" ? "text/html" : "application/json", ...headers });
    res.end(text);
  }

  private err(res: ServerResponse, status: number, text: string, type = "ERROR"): void {
    this.send(res, status, { messages: [{ type, text }] });
  }

  private authorized(req: IncomingMessage): boolean {
    const h = req.headers.authorization ?? "";
    if (this.opts.token && (h === `Bearer ${this.opts.token}` || h === `Splunk ${this.opts.token}`)) return true;
    if (h.startsWith("Splunk ") && this.sessions.has(h.slice(7))) return true;
    if (h.startsWith("Basic ") && this.opts.username) {
      return Buffer.from(h.slice(6), "base64").toString("utf8") === `${this.opts.username}:${this.opts.password}`;
    }
    return false;
  }

  private async handle(req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://x");
    const method = req.method ?? "GET";
    const isForm = (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
    const form: [string, string][] = isForm ? [...new URLSearchParams(raw.toString("utf8"))] : [];
    this.requests.push({ method, path: url.pathname, form, headers: req.headers });
    const fault = this.faults.find((f) => f.times > 0 && f.path.test(url.pathname) && (!f.method || f.method === method));
    if (fault) {
      fault.times--;
      const headers: Record<string, string> = fault.retryAfter !== undefined ? { "Retry-After": fault.retryAfter } : {};
      return this.send(res, fault.status, { messages: [{ type: "ERROR", text: fault.text ?? `injected ${fault.status}` }] }, headers);
    }
    if (url.pathname === "/2.0/rest/login/splunk" || url.pathname.startsWith("/v1/app/")) return this.appInspect(req, url, raw, res);
    if (/^\/[^/]+\/adminconfig\/v2\//.test(url.pathname)) return this.acs(req, url, raw, res);
    const f = (k: string) => form.find(([x]) => x === k)?.[1];
    if (url.pathname === "/services/auth/login" && method === "POST") {
      if (f("username") !== this.opts.username || f("password") !== this.opts.password || !this.opts.username) {
        return this.err(res, 401, "Login failed", "WARN");
      }
      const key = randomBytes(18).toString("base64url");
      this.sessions.add(key);
      return this.send(res, 200, { sessionKey: key, message: "", code: "" });
    }
    if (this.downFor > 0) {
      this.downFor--;
      return this.err(res, 503, "Splunkd is restarting");
    }
    if (!this.authorized(req)) return this.err(res, 401, "call not properly authenticated", "WARN");
    return this.splunkd(method, url, form, res);
  }

  private envelope(entries: Stanza[], conf: string | undefined): unknown {
    return {
      links: {},
      generator: { build: "double", version: "9.2.1" },
      entry: entries.map((s) => ({
        name: s.name,
        id: `${this.url}/servicesNS/${s.owner}/${s.app}/x/${encodeURIComponent(s.name)}`,
        author: s.owner,
        acl: {
          app: s.app,
          owner: s.owner,
          sharing: s.sharing,
          perms: s.perms,
          removable: s.layer === "local",
          can_write: true,
          modifiable: true,
        },
        content: {
          ...Object.fromEntries(Object.entries({ ...(conf ? DEFAULTS[conf] : {}), ...s.keys }).map(([k, v]) => [k, typed(k, v)])),
          "eai:acl": null,
          "eai:appName": s.app,
          "eai:userName": s.owner,
        },
      })),
      paging: { total: entries.length, perPage: 0, offset: 0 },
      messages: [],
    };
  }

  private async splunkd(method: string, url: URL, form: [string, string][], res: ServerResponse): Promise<void> {
    const p = url.pathname;
    const f = (k: string) => form.find(([x]) => x === k)?.[1];
    if (p === "/services/server/info" && method === "GET") return this.send(res, 200, this.envelope([], undefined));
    if (p === "/services/messages/restart_required") {
      if (method === "DELETE") this.restartPending = false;
      return this.restartPending ? this.send(res, 200, { entry: [{ name: "restart_required", content: { message: "Splunk must be restarted for changes to take effect." } }] }) : this.err(res, 404, "Message restart_required not found");
    }
    if (p === "/services/server/control/restart" && method === "POST") {
      this.restarts++;
      this.restartPending = false;
      this.downFor = 2;
      this.sessions.clear();
      return this.send(res, 200, { messages: [{ type: "INFO", text: "Restart requested" }] });
    }
    if (p === "/services/apps/local" && method === "POST") return this.installApp(form, res);
    const appMatch = /^\/services\/apps\/local\/([^/]+)$/.exec(p);
    if (appMatch && method === "GET") {
      const name = decodeURIComponent(appMatch[1]!);
      const app = this.apps.get(name);
      if (!app) return this.err(res, 404, `Could not find object id=${name}`);
      return this.send(res, 200, { entry: [{ name, acl: { app: name, owner: "nobody", sharing: "app" }, content: { version: app.version, label: app.label, disabled: false, state_change_requires_restart: true } }] });
    }
    const ns = /^\/servicesNS\/([^/]+)\/([^/]+)\/(configs\/conf-([^/]+)|storage\/collections\/config|data\/lookup-table-files)(?:\/([^/]+))?(?:\/(acl))?$/.exec(p);
    if (!ns) return this.err(res, 404, `Not Found: ${p}`);
    const [, , appEnc, endpoint, confName, nameEnc, acl] = ns;
    const app = decodeURIComponent(appEnc!);
    if (app !== "-" && !this.apps.has(app)) return this.err(res, 404, `Application does not exist: ${app}`);
    const conf = endpoint === "storage/collections/config" ? "collections" : confName;
    const store = conf ? this.confs.get(conf) ?? (this.confs.set(conf, []).get(conf)!) : this.lookupFiles;
    const visible = store.filter((s) => s.app === app || s.sharing === "global");
    if (!nameEnc) {
      if (method === "GET") return this.send(res, 200, this.envelope(visible, conf));
      if (method !== "POST") return this.err(res, 405, "Method not allowed");
      const name = f("name");
      if (!name) return this.err(res, 400, "Missing required argument: name");
      if (store.some((s) => s.app === app && s.name === name)) return this.err(res, 409, `An object with name=${name} already exists`);
      const keys: Record<string, string> = {};
      for (const [k, v] of form) if (k !== "name" && k !== "output_mode") keys[k] = v;
      if (!conf) {
        const staged = keys["eai:data"] ?? "";
        const root = this.opts.lookupStaging ? resolvePath(this.opts.lookupStaging) : undefined;
        if (!root || !resolvePath(staged).startsWith(root + "/") || !existsSync(staged)) {
          return this.err(res, 400, `Lookup file upload failed: ${staged} is not a file in the staging area`);
        }
        const stanza: Stanza = { name, app, owner: "nobody", sharing: "app", perms: null, layer: "local", keys: { "eai:data": resolvePath(staged), size: String(readFileSync(staged).length) } };
        store.push(stanza);
        return this.send(res, 201, this.envelope([stanza], undefined));
      }
      const stanza: Stanza = { name, app, owner: "nobody", sharing: "app", perms: null, layer: "local", keys };
      store.push(stanza);
      return this.send(res, 201, this.envelope([stanza], conf));
    }
    const name = decodeURIComponent(nameEnc);
    const stanza = store.find((s) => s.name === name && s.app === app) ?? visible.find((s) => s.name === name);
    if (!stanza) return this.err(res, 404, `Could not find object id=${name}`);
    if (acl) {
      if (method !== "POST") return this.send(res, 200, this.envelope([stanza], conf));
      const sharing = f("sharing");
      const owner = f("owner");
      if (!sharing || !owner) return this.err(res, 400, "Both sharing and owner are required for an ACL update");
      if (!["user", "app", "global", "system"].includes(sharing)) return this.err(res, 400, `Invalid sharing ${sharing}`);
      stanza.sharing = sharing as Stanza["sharing"];
      stanza.owner = owner;
      stanza.perms = { read: (f("perms.read") ?? "").split(",").filter(Boolean), write: (f("perms.write") ?? "").split(",").filter(Boolean) };
      return this.send(res, 200, this.envelope([stanza], conf));
    }
    if (method === "GET") return this.send(res, 200, this.envelope([stanza], conf));
    if (method === "DELETE") {
      if (stanza.layer !== "local") return this.err(res, 400, `Cannot delete ${name}: it is defined in the default layer`);
      store.splice(store.indexOf(stanza), 1);
      return this.send(res, 200, this.envelope([], conf));
    }
    if (method === "POST") {
      if (form.some(([k]) => k === "name")) return this.err(res, 400, "Argument \"name\" is not supported by this handler.");
      if (!conf) return this.err(res, 400, "Lookup table file updates need eai:data");
      for (const [k, v] of form) if (k !== "output_mode") stanza.keys[k] = v;
      return this.send(res, 200, this.envelope([stanza], conf));
    }
    return this.err(res, 405, "Method not allowed");
  }

  private async installApp(form: [string, string][], res: ServerResponse): Promise<void> {
    const f = (k: string) => form.find(([x]) => x === k)?.[1];
    const name = f("name") ?? "";
    if (f("filename") !== "true") return this.err(res, 400, "This double only models filename=true installs");
    let data: Buffer;
    try {
      if (/^https?:\/\//.test(name)) data = await fetchUrl(name);
      else if (name.startsWith("/") && existsSync(name)) data = readFileSync(name);
      else return this.err(res, 400, `Error during app install: failed to extract app from ${name} to /opt/splunk/var/run/splunk/bundle_tmp: The system cannot find the path specified.`);
    } catch (e) {
      return this.err(res, 400, `Error downloading app from ${name}: ${(e as Error).message}`);
    }
    const info = await packageInfo(data);
    const appName = f("explicit_appname") ?? info.name;
    if (this.apps.has(appName) && f("update") !== "true") return this.err(res, 409, `App "${appName}" already exists; use the "update=true" argument to install anyway`);
    const existed = this.apps.has(appName);
    this.apps.set(appName, { version: info.version, label: appName });
    this.restartPending = true;
    return this.send(res, existed ? 200 : 201, { entry: [{ name: appName, content: { status: existed ? "updated" : "installed" } }] });
  }

  // ---- AppInspect ----
  private async appInspect(req: IncomingMessage, url: URL, raw: Buffer, res: ServerResponse): Promise<void> {
    const p = url.pathname;
    if (p === "/2.0/rest/login/splunk") {
      const h = req.headers.authorization ?? "";
      const ok = h.startsWith("Basic ") && Buffer.from(h.slice(6), "base64").toString("utf8") === `${this.opts.splunkComUser}:${this.opts.splunkComPassword}`;
      if (!ok) return this.send(res, 401, { status_code: 401, status: "error", msg: "Failed to authenticate user" });
      const token = "ai." + randomBytes(16).toString("hex");
      this.aiTokens.add(token);
      return this.send(res, 200, { status_code: 200, status: "success", msg: "Successfully authenticated user and assigned a token", data: { token, user: { name: "Test", email: "t@example.com", username: this.opts.splunkComUser }, groups: [] } });
    }
    const bearer = /^bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (!bearer || !this.aiTokens.has(bearer)) return this.send(res, 401, { message: "Unauthorized" });
    if (p === "/v1/app/validate" && req.method === "POST") {
      const ct = req.headers["content-type"] ?? "";
      const boundary = /boundary=(.+)$/.exec(ct)?.[1];
      if (!boundary) return this.send(res, 400, { message: "expected multipart/form-data" });
      const text = raw.toString("latin1");
      const start = text.indexOf('name="app_package"');
      if (start < 0) return this.send(res, 400, { message: "app_package is required" });
      const bodyStart = text.indexOf("\r\n\r\n", start) + 4;
      const bodyEnd = text.indexOf(`\r\n--${boundary}`, bodyStart);
      const pkg = raw.subarray(bodyStart, bodyEnd);
      const id = randomBytes(8).toString("hex");
      this.aiRequests.set(id, { polls: 0, pkg });
      return this.send(res, 200, { request_id: id, message: "Validation request submitted.", links: [{ href: `/v1/app/validate/status/${id}`, rel: "status" }, { href: `/v1/app/report/${id}`, rel: "report" }] });
    }
    const st = /^\/v1\/app\/validate\/status\/([^/]+)$/.exec(p);
    if (st) {
      const r = this.aiRequests.get(st[1]!);
      if (!r) return this.send(res, 404, { message: "request not found" });
      r.polls++;
      if (r.polls === 1) return this.send(res, 200, { request_id: st[1], status: "PROCESSING", links: [] });
      return this.send(res, 200, { request_id: st[1], status: "SUCCESS", links: [], info: this.summary() });
    }
    const rep = /^\/v1\/app\/report\/([^/]+)$/.exec(p);
    if (rep) {
      const r = this.aiRequests.get(rep[1]!);
      if (!r) return this.send(res, 404, { message: "request not found" });
      if ((req.headers["content-type"] ?? "").startsWith("text/html")) return this.send(res, 200, "<html><body>report</body></html>");
      const info = await packageInfo(r.pkg);
      const failing = this.opts.vettingFailures ?? [];
      return this.send(res, 200, {
        request_id: rep[1],
        summary: this.summary(),
        run_parameters: { included_tags: ["private_victoria"] },
        reports: [
          {
            app_name: info.name,
            app_version: info.version,
            summary: this.summary(),
            groups: [
              {
                name: "check_packaging_standards",
                checks: [
                  { name: "check_that_extracted_splunk_app_does_not_contain_prohibited_directories_or_files", result: "success", messages: [] },
                  ...failing.map((c) => ({ name: c.check, result: "failure", messages: [{ code: "", filename: c.file ?? "", line: 0, message: c.message, result: "failure", message_filename: c.file ?? null, message_line: null }] })),
                ],
              },
            ],
          },
        ],
      });
    }
    return this.send(res, 404, { message: "not found" });
  }

  private summary() {
    const failure = (this.opts.vettingFailures ?? []).length;
    return { error: 0, failure, skipped: 0, manual_check: 0, not_applicable: 10, warning: 0, success: 20 };
  }

  // ---- ACS ----
  private async acs(req: IncomingMessage, url: URL, raw: Buffer, res: ServerResponse): Promise<void> {
    const m = /^\/([^/]+)\/adminconfig\/v2\/apps\/victoria(?:\/([^/]+))?$/.exec(url.pathname);
    const stack = url.pathname.split("/")[1];
    if (stack !== this.opts.stack) return this.send(res, 404, { code: "404-stack-not-found", message: `stack ${stack} not found` });
    if (req.headers.authorization !== `Bearer ${this.opts.acsToken}`) return this.send(res, 401, { code: "401-unauthorized", message: "Unauthorized" });
    if (!m) return this.send(res, 404, { code: "404-not-found", message: "route not found" });
    const app = m[2] ? decodeURIComponent(m[2]) : undefined;
    if (req.method === "GET" && app) {
      const a = this.victoria.get(app);
      return a ? this.send(res, 200, a) : this.send(res, 404, { code: "404-app-not-found", message: `app ${app} not found` });
    }
    if (req.method === "GET") return this.send(res, 200, { apps: [...this.victoria.values()] });
    if (req.method === "DELETE" && app) {
      this.victoria.delete(app);
      return this.send(res, 200, "");
    }
    if (req.method === "POST" && !app) {
      if (req.headers["acs-legal-ack"] !== "Y") return this.send(res, 400, { code: "400-bad-request", message: "ACS-Legal-Ack header is required" });
      const ai = req.headers["x-splunk-authorization"];
      if (typeof ai !== "string" || !this.aiTokens.has(ai)) return this.send(res, 401, { code: "401-unauthorized", message: "invalid X-Splunk-Authorization token" });
      if ((this.opts.vettingFailures ?? []).length > 0) return this.send(res, 400, { code: "400-app-vetting-failed", message: "App failed vetting" });
      const info = await packageInfo(raw);
      const existed = this.victoria.has(info.name);
      const a = { name: info.name, label: info.name, version: info.version, status: "installed" };
      this.victoria.set(info.name, a);
      return this.send(res, existed ? 200 : 202, a);
    }
    return this.send(res, 405, { code: "405-method-not-allowed", message: "method not allowed" });
  }
}
