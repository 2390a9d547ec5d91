// The one HTTP transport of deploy: node:https with certificate verification on unless the user opted out,
// an optional private CA, a per-request timeout, and retries with exponential backoff on 429, 5xx and
// connection failures. It never logs; callers decide what to print (through a Redactor).
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { rootCertificates } from "node:tls";

export interface TransportOptions {
  /** PEM text of extra CA certificates to trust (added to Node's default store, not replacing it). */
  ca?: string;
  /** Skip certificate verification (the user passed --insecure). */
  insecure?: boolean;
  /** Per-attempt timeout in milliseconds (connect + full response). */
  timeoutMs: number;
  /** Retries after the first attempt for 429 / 5xx / connection failures. */
  retries: number;
  /** Base delay of the exponential backoff in ms (delay = base * 2^attempt, capped at 32 * base). */
  backoffMs: number;
  /** Injectable sleep so tests never wait for real. */
  sleep?: (ms: number) => Promise<void>;
  /** Called before each retry with the reason (already free of secrets: status or error code). */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string; method: string; url: string }) => void;
}

export interface HttpRequest {
  method: "GET" | "POST" | "DELETE" | "PATCH";
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A failure below HTTP: TLS, connection, timeout. `code` is Node's error code when there is one. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly tls: boolean,
  ) {
    super(message);
    this.name = "TransportError";
  }
}

const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "CERT_SIGNATURE_FAILURE",
  "CERT_UNTRUSTED",
]);

const RETRYABLE_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN", "ESOCKETTIMEDOUT"]);

export const isRetryableStatus = (status: number): boolean => status === 429 || (status >= 500 && status <= 599);

function once(req: HttpRequest, opts: TransportOptions): Promise<HttpResponse> {
  const url = new URL(req.url);
  const secure = url.protocol === "https:";
  const send = secure ? httpsRequest : httpRequest;
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, "utf8");
  const headers: Record<string, string> = { ...(req.headers ?? {}) };
  if (body) headers["Content-Length"] = String(body.length);
  return new Promise((resolve, reject) => {
    const r = send(
      url,
      {
        method: req.method,
        headers,
        ...(secure ? { rejectUnauthorized: !opts.insecure, ...(opts.ca ? { ca: caList(opts.ca) } : {}) } : {}),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", (e) => reject(wrap(e, url)));
      },
    );
    r.setTimeout(opts.timeoutMs, () => r.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })));
    r.on("error", (e) => reject(wrap(e, url)));
    if (body) r.write(body);
    r.end();
  });
}

/** Node's default roots plus the user's PEM, so --ca-file adds trust rather than replacing it. */
const caList = (pem: string): string[] => [...rootCertificates, pem];

function wrap(e: Error, url: URL): TransportError {
  const code = (e as NodeJS.ErrnoException).code;
  const where = `${url.protocol}//${url.host}`;
  if (code && TLS_CODES.has(code)) {
    return new TransportError(
      `TLS certificate of ${where} was refused (${code}: ${e.message}). ` +
        "Pass --ca-file PEM with the CA that signed the server certificate, or --insecure to skip verification (not recommended).",
      code,
      true,
    );
  }
  if (code === "ETIMEDOUT") return new TransportError(`request to ${where} timed out`, code, false);
  if (code === "ECONNREFUSED") return new TransportError(`connection to ${where} refused`, code, false);
  return new TransportError(`request to ${where} failed: ${code ? code + ": " : ""}${e.message}`, code, false);
}

function retryAfterMs(headers: IncomingHttpHeaders): number | undefined {
  const v = headers["retry-after"];
  if (typeof v !== "string") return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs) && secs >= 0) return secs * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Send a request, retrying 429 / 5xx responses and connection failures (never TLS failures).
 * Returns the last response once retries are exhausted (the caller turns a bad status into an error).
 */
export async function send(req: HttpRequest, opts: TransportOptions): Promise<HttpResponse> {
  const sleep = opts.sleep ?? realSleep;
  const cap = opts.backoffMs * 32;
  for (let attempt = 0; ; attempt++) {
    let reason: string;
    let hinted: number | undefined;
    try {
      const res = await once(req, opts);
      if (!isRetryableStatus(res.status) || attempt >= opts.retries) return res;
      reason = `HTTP ${res.status}`;
      hinted = retryAfterMs(res.headers);
    } catch (e) {
      if (!(e instanceof TransportError) || e.tls || !e.code || !RETRYABLE_CODES.has(e.code) || attempt >= opts.retries) {
        throw e;
      }
      reason = e.code;
    }
    const backoff = Math.min(cap, opts.backoffMs * 2 ** attempt);
    const delayMs = hinted === undefined ? backoff : Math.min(Math.max(hinted, backoff), cap);
    opts.onRetry?.({ attempt: attempt + 1, delayMs, reason, method: req.method, url: req.url });
    await sleep(delayMs);
  }
}
