// A small typed client for the Splunk management REST API (port 8089): form-encoded requests, JSON envelopes
// (output_mode=json), bearer-token or session-key auth, and one error type that quotes the server's messages.
// Secrets are registered with the Redactor as soon as they are known; this module never prints.
import { send, type HttpResponse, type TransportOptions } from "./http.js";
import type { Redactor } from "./redact.js";

export type Credentials = { kind: "token"; token: string } | { kind: "password"; username: string; password: string };

/** An HTTP error from Splunk: status plus the `messages[].text` of the envelope (or the raw body, shortened). */
export class SplunkError extends Error {
  constructor(
    readonly status: number,
    readonly serverMessages: string[],
    readonly method: string,
    readonly path: string,
  ) {
    const quoted = serverMessages.length > 0 ? serverMessages.map((m) => `"${m}"`).join("; ") : "(no message)";
    super(`${method} ${path} failed with HTTP ${status}: ${quoted}`);
    this.name = "SplunkError";
  }
}

export interface Acl {
  app: string;
  owner: string;
  sharing: string;
  perms?: { read?: string[]; write?: string[] } | null;
  removable?: boolean;
}

export interface Entry {
  name: string;
  acl: Acl;
  content: Record<string, unknown>;
}

export type Form = [string, string][];

/** Pull message texts out of a JSON envelope, falling back to a short piece of the raw body. */
export function serverMessages(res: HttpResponse): string[] {
  const text = res.body.toString("utf8");
  try {
    const json = JSON.parse(text) as { messages?: { text?: string }[]; message?: string; msg?: string; description?: string };
    const list = (json.messages ?? []).map((m) => m.text ?? "").filter((t) => t !== "");
    if (list.length > 0) return list;
    const single = json.message ?? json.msg ?? json.description;
    if (single) return [single];
  } catch {
    // not JSON: fall through
  }
  const xml = [...text.matchAll(/<msg[^>]*>([^<]*)<\/msg>/g)].map((m) => m[1]!);
  if (xml.length > 0) return xml;
  const trimmed = text.trim().replace(/\s+/g, " ");
  return trimmed ? [trimmed.length > 300 ? trimmed.slice(0, 300) + "…" : trimmed] : [];
}

export const enc = encodeURIComponent;

export class SplunkRest {
  private sessionKey: string | undefined;

  constructor(
    readonly baseUrl: string,
    private readonly transport: TransportOptions,
    private readonly credentials: Credentials,
    private readonly redactor: Redactor,
  ) {
    if (credentials.kind === "token") redactor.add(credentials.token);
    else redactor.addBasic(credentials.username, credentials.password);
  }

  /** For username/password: POST auth/login and keep the session key. A token needs no login. */
  async login(): Promise<void> {
    if (this.credentials.kind === "token") return;
    const form: Form = [
      ["username", this.credentials.username],
      ["password", this.credentials.password],
    ];
    const res = await this.raw("POST", "/services/auth/login", form, false);
    if (res.status !== 200) throw new SplunkError(res.status, serverMessages(res), "POST", "/services/auth/login");
    // Never let a parse error quote the body: it holds the session key, which is not registered yet.
    let key: string | undefined;
    try {
      key = (JSON.parse(res.body.toString("utf8")) as { sessionKey?: string }).sessionKey;
    } catch {
      throw new SplunkError(res.status, ["login response is not JSON"], "POST", "/services/auth/login");
    }
    if (typeof key !== "string" || key === "") key = undefined;
    if (!key) throw new SplunkError(res.status, ["login response has no sessionKey"], "POST", "/services/auth/login");
    this.redactor.add(key);
    this.sessionKey = key;
  }

  private authHeader(): string {
    if (this.credentials.kind === "token") return `Bearer ${this.credentials.token}`;
    if (!this.sessionKey) throw new Error("not logged in");
    return `Splunk ${this.sessionKey}`;
  }

  private async raw(method: "GET" | "POST" | "DELETE", path: string, form: Form | undefined, auth: boolean): Promise<HttpResponse> {
    const sep = path.includes("?") ? "&" : "?";
    const url = this.baseUrl.replace(/\/$/, "") + path + sep + "output_mode=json";
    const headers: Record<string, string> = { Accept: "application/json", "User-Agent": "secpack-deploy" };
    if (auth) headers["Authorization"] = this.authHeader();
    let body: string | undefined;
    if (form) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(form).toString();
    }
    return send({ method, url, headers, body }, this.transport);
  }

  /** One authenticated call; an expired session (401 with a session key) logs in again once. */
  async call(method: "GET" | "POST" | "DELETE", path: string, form?: Form): Promise<HttpResponse> {
    let res = await this.raw(method, path, form, true);
    if (res.status === 401 && this.credentials.kind === "password") {
      await this.login();
      res = await this.raw(method, path, form, true);
    }
    return res;
  }

  /** Call and require a 2xx status; returns the parsed JSON body ({} when empty). */
  async json(method: "GET" | "POST" | "DELETE", path: string, form?: Form): Promise<Record<string, unknown>> {
    const res = await this.call(method, path, form);
    if (res.status < 200 || res.status > 299) throw new SplunkError(res.status, serverMessages(res), method, path);
    const text = res.body.toString("utf8").trim();
    if (!text) return {};
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new SplunkError(res.status, ["response is not JSON: " + text.slice(0, 120)], method, path);
    }
  }

  /** GET a collection with count=0 (every item, not the default page of 30). */
  async list(path: string): Promise<Entry[]> {
    const sep = path.includes("?") ? "&" : "?";
    const body = await this.json("GET", `${path}${sep}count=0`);
    return ((body.entry as Entry[] | undefined) ?? []).map((e) => ({ name: e.name, acl: e.acl ?? ({} as Acl), content: e.content ?? {} }));
  }
}
