// The AppInspect API client (splunk.com credentials): login, submit a package for vetting, poll, fetch the JSON
// report and list its failures. Base URLs are parameters so tests (and proxies) can redirect them.
import { randomBytes } from "node:crypto";
import { send, type TransportOptions } from "./http.js";
import type { Redactor } from "./redact.js";
import { serverMessages } from "./rest.js";

export interface AppInspectUrls {
  /** Login host, default https://api.splunk.com */
  login: string;
  /** Vetting host, default https://appinspect.splunk.com */
  appinspect: string;
}

export const DEFAULT_APPINSPECT_URLS: AppInspectUrls = {
  login: "https://api.splunk.com",
  appinspect: "https://appinspect.splunk.com",
};

/** The tags a Splunk Cloud (Victoria) private app is vetted with. */
export const VICTORIA_TAGS = ["private_victoria"];

export interface Finding {
  check: string;
  result: string;
  message: string;
  file?: string;
  line?: number;
}

export interface VettingResult {
  requestId: string;
  status: string;
  summary: Record<string, number>;
  /** Checks with result failure, error or manual_check (each of their messages). */
  failures: Finding[];
  warnings: Finding[];
  passed: boolean;
}

export class AppInspectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AppInspectError";
  }
}

const trimSlash = (u: string) => u.replace(/\/$/, "");

async function jsonOrThrow(what: string, res: { status: number; body: Buffer; headers: Record<string, unknown> }): Promise<Record<string, unknown>> {
  if (res.status < 200 || res.status > 299) {
    const msgs = serverMessages({ status: res.status, body: res.body, headers: {} });
    throw new AppInspectError(`${what} failed with HTTP ${res.status}: ${msgs.map((m) => `"${m}"`).join("; ") || "(no message)"}`);
  }
  try {
    return JSON.parse(res.body.toString("utf8")) as Record<string, unknown>;
  } catch {
    throw new AppInspectError(`${what}: response is not JSON`);
  }
}

/** GET /2.0/rest/login/splunk with HTTP Basic; returns the token (registered with the redactor). */
export async function appInspectLogin(urls: AppInspectUrls, user: string, password: string, t: TransportOptions, redactor: Redactor): Promise<string> {
  redactor.addBasic(user, password);
  const basic = Buffer.from(`${user}:${password}`, "utf8").toString("base64");
  const res = await send({ method: "GET", url: `${trimSlash(urls.login)}/2.0/rest/login/splunk`, headers: { Authorization: `Basic ${basic}` } }, t);
  const body = await jsonOrThrow("AppInspect login", res);
  const token = (body.data as { token?: string } | undefined)?.token;
  if (!token) throw new AppInspectError("AppInspect login: the response has no data.token");
  redactor.add(token);
  return token;
}

/** A value for a multipart header: no quote, backslash or control character can end it or start a new header. */
// eslint-disable-next-line no-control-regex
const headerSafe = (v: string): string => v.replace(/["\\\u0000-\u001f\u007f\u0085\u2028\u2029]/g, "");

function multipart(fields: [string, string][], file: { field: string; name: string; data: Buffer }): { body: Buffer; type: string } {
  const boundary = "----secpack" + randomBytes(12).toString("hex");
  const parts: Buffer[] = [];
  for (const [k, v] of fields) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${headerSafe(k)}"\r\n\r\n${v}\r\n`, "utf8"));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${headerSafe(file.name)}"\r\n` +
        "Content-Type: application/octet-stream\r\n\r\n",
      "utf8",
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`, "utf8"),
  );
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

export interface VetOptions {
  token: string;
  packageName: string;
  packageData: Buffer;
  tags?: string[];
  pollMs: number;
  /** Give up after this long (ms). */
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (line: string) => void;
}

/** Submit, poll until a terminal status, fetch the JSON report (format chosen by Content-Type). */
export async function vetPackage(urls: AppInspectUrls, t: TransportOptions, o: VetOptions): Promise<VettingResult> {
  const base = trimSlash(urls.appinspect);
  const auth = { Authorization: `Bearer ${o.token}` };
  const form = multipart([["included_tags", (o.tags ?? VICTORIA_TAGS).join(",")]], { field: "app_package", name: o.packageName, data: o.packageData });
  const submitted = await jsonOrThrow(
    "AppInspect submit",
    await send({ method: "POST", url: `${base}/v1/app/validate`, headers: { ...auth, "Content-Type": form.type }, body: form.body }, t),
  );
  const requestId = String(submitted.request_id ?? "");
  if (!requestId) throw new AppInspectError("AppInspect submit: the response has no request_id");
  o.onProgress?.(`AppInspect request ${requestId} submitted`);
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = Date.now() + o.timeoutMs;
  let status = "";
  for (;;) {
    const st = await jsonOrThrow("AppInspect status", await send({ method: "GET", url: `${base}/v1/app/validate/status/${encodeURIComponent(requestId)}`, headers: auth }, t));
    status = String(st.status ?? "");
    if (status !== "PREPARING" && status !== "PROCESSING") break;
    if (Date.now() > deadline) throw new AppInspectError(`AppInspect request ${requestId} still ${status} after ${Math.round(o.timeoutMs / 1000)} s`);
    o.onProgress?.(`AppInspect: ${status.toLowerCase()}`);
    await sleep(o.pollMs);
  }
  if (status !== "SUCCESS") throw new AppInspectError(`AppInspect request ${requestId} ended with status ${status || "(none)"}`);
  const report = await jsonOrThrow(
    "AppInspect report",
    await send({ method: "GET", url: `${base}/v1/app/report/${encodeURIComponent(requestId)}`, headers: { ...auth, "Content-Type": "application/json" } }, t),
  );
  return readReport(requestId, status, report);
}

interface ReportShape {
  summary?: Record<string, number>;
  reports?: { groups?: { checks?: { name?: string; result?: string; messages?: { message?: string; result?: string; message_filename?: string | null; filename?: string; message_line?: number | null; line?: number }[] }[] }[] }[];
}

/** Collect failing and warning checks; pass = no error, failure or manual_check (as contentctl decides). */
export function readReport(requestId: string, status: string, report: unknown): VettingResult {
  const r = report as ReportShape;
  if (!Array.isArray(r.reports) || r.reports.length !== 1) {
    throw new AppInspectError(`AppInspect report ${requestId} must contain exactly one report, found ${Array.isArray(r.reports) ? r.reports.length : 0}`);
  }
  const failures: Finding[] = [];
  const warnings: Finding[] = [];
  for (const g of r.reports[0]!.groups ?? []) {
    for (const c of g.checks ?? []) {
      const result = c.result ?? "";
      const bucket = result === "failure" || result === "error" || result === "manual_check" ? failures : result === "warning" ? warnings : undefined;
      if (!bucket) continue;
      const msgs = c.messages && c.messages.length > 0 ? c.messages : [{ message: "(no message)" }];
      for (const m of msgs) {
        bucket.push({
          check: c.name ?? "?",
          result,
          message: m.message ?? "",
          file: m.message_filename ?? m.filename ?? undefined,
          line: m.message_line || m.line || undefined,
        });
      }
    }
  }
  const summary = r.summary ?? {};
  const passed = (summary.error ?? 0) === 0 && (summary.failure ?? 0) === 0 && (summary.manual_check ?? 0) === 0 && failures.length === 0;
  return { requestId, status, summary, failures, warnings, passed };
}
