// The Admin Config Service client for Splunk Cloud (Victoria experience): describe and install a private app.
// The body of the install is the raw package; ACS re-vets it with the AppInspect token in X-Splunk-Authorization.
import { send, type TransportOptions } from "./http.js";
import type { Redactor } from "./redact.js";
import { serverMessages } from "./rest.js";

export const DEFAULT_ACS_URL = "https://admin.splunk.com";

export interface AcsApp {
  name: string;
  label?: string;
  version?: string;
  status?: string;
}

export class AcsError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "AcsError";
  }
}

export class AcsClient {
  constructor(
    private readonly baseUrl: string,
    private readonly stack: string,
    private readonly token: string,
    private readonly t: TransportOptions,
    redactor: Redactor,
  ) {
    redactor.add(token);
  }

  private url(path: string): string {
    return `${this.baseUrl.replace(/\/$/, "")}/${encodeURIComponent(this.stack)}/adminconfig/v2/${path}`;
  }

  private fail(what: string, res: { status: number; body: Buffer }): never {
    let code = "";
    try {
      code = String((JSON.parse(res.body.toString("utf8")) as { code?: string }).code ?? "");
    } catch {
      // not JSON
    }
    const msgs = serverMessages({ status: res.status, body: res.body, headers: {} });
    const hint = res.status === 409 || /splunkbase/i.test(msgs.join(" ")) ? " (an app id that clashes with a Splunkbase app cannot be installed as a private app)" : "";
    throw new AcsError(res.status, `ACS ${what} failed with HTTP ${res.status}${code ? ` ${code}` : ""}: ${msgs.map((m) => `"${m}"`).join("; ") || "(no message)"}${hint}`);
  }

  /** GET apps/victoria/<app>; undefined when ACS answers 404. */
  async describe(app: string): Promise<AcsApp | undefined> {
    const res = await send({ method: "GET", url: this.url(`apps/victoria/${encodeURIComponent(app)}`), headers: { Authorization: `Bearer ${this.token}` } }, this.t);
    if (res.status === 404) return undefined;
    if (res.status !== 200) this.fail(`describe app ${app}`, res);
    return JSON.parse(res.body.toString("utf8")) as AcsApp;
  }

  /** POST apps/victoria with the raw package: 200 installed or 202 accepted. */
  async install(pkg: Buffer, appInspectToken: string): Promise<{ status: number; app: AcsApp }> {
    const res = await send(
      {
        method: "POST",
        url: this.url("apps/victoria"),
        headers: {
          Authorization: `Bearer ${this.token}`,
          "X-Splunk-Authorization": appInspectToken,
          "ACS-Legal-Ack": "Y",
          "Content-Type": "application/octet-stream",
        },
        body: pkg,
      },
      this.t,
    );
    if (res.status !== 200 && res.status !== 202) this.fail("install", res);
    return { status: res.status, app: JSON.parse(res.body.toString("utf8") || "{}") as AcsApp };
  }
}
