// Secrets against hostile or broken servers: a login answer that is not JSON, redirects, error bodies that echo
// the request, upload file names, and object names that are URL dot segments.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { vetPackage } from "../../src/deploy/appinspect.js";
import { desiredObjects } from "../../src/deploy/objects.js";
import { Redactor } from "../../src/deploy/redact.js";
import { SplunkRest } from "../../src/deploy/rest.js";
import type { TransportOptions } from "../../src/deploy/http.js";

const T: TransportOptions = { timeoutMs: 5000, retries: 0, backoffMs: 1 };
let servers: Server[] = [];

type Seen = { method: string; url: string; headers: IncomingMessage["headers"]; body: Buffer };
async function serve(handler: (req: Seen, res: ServerResponse) => void): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const s = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) };
      seen.push(s);
      handler(s, res);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen };
}

afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

const SESSION_KEY = "SESSIONKEYabcdef0123456789";
const PASSWORD = 'pa ss"w!rd(1)*';

describe("deploy keeps secrets out of errors", () => {
  it("a login answer that is not JSON is reported without quoting the session key it holds", async () => {
    const srv = await serve((_req, res) => res.writeHead(200).end(`{"sessionKey": ${SESSION_KEY}}`));
    const redactor = new Redactor();
    const rest = new SplunkRest(srv.url, T, { kind: "password", username: "admin", password: PASSWORD }, redactor);
    const err = await rest.login().then(() => undefined, (e: Error) => e);
    expect(err?.message).toMatch(/login response is not JSON/);
    expect(err!.message).not.toContain(SESSION_KEY.slice(0, 8));
  });

  it("a redirect is not followed: the Authorization header never goes to the other host", async () => {
    const other = await serve((_req, res) => res.writeHead(200).end("{}"));
    const srv = await serve((_req, res) => res.writeHead(302, { Location: `${other.url}/steal` }).end());
    const rest = new SplunkRest(srv.url, T, { kind: "token", token: "tok-SECRET-1234" }, new Redactor());
    await expect(rest.json("GET", "/services/server/info")).rejects.toThrow(/HTTP 302/);
    expect(other.seen).toEqual([]);
  });

  it("the redactor also scrubs a secret as a form body and as a JSON string encode it", () => {
    const r = new Redactor();
    r.add(PASSWORD);
    const echoed = `${new URLSearchParams({ username: "admin", password: PASSWORD })} ${JSON.stringify({ password: PASSWORD })}`;
    const out = r.redact(echoed);
    expect(out).not.toContain("w!rd");
    expect(out).not.toContain("w%21rd");
    expect(out).toBe('username=admin&password=*** {"password":"***"}');
  });

  it("the AppInspect upload file name cannot inject multipart headers", async () => {
    const srv = await serve((_req, res) => res.writeHead(500).end("{}"));
    const name = 'app-1.0.0\r\nContent-Type: text/evil\r\n\r\n".tar.gz';
    await expect(
      vetPackage({ login: srv.url, appinspect: srv.url }, T, { token: "t", packageName: name, packageData: Buffer.from("x"), pollMs: 1, timeoutMs: 1000 }),
    ).rejects.toThrow(/HTTP 500/);
    const body = srv.seen[0]!.body.toString("latin1");
    expect(body).not.toContain("text/evil\r\n");
    expect(body).toContain('filename="app-1.0.0Content-Type: text/evil.tar.gz"');
  });

  it("objects named '.' or '..' are refused (a URL would resolve them to another endpoint)", () => {
    const conf = "[..]\nsearch = x\n\n[.]\nsearch = y\n\n[ok]\nsearch = z\n";
    const { objects, problems } = desiredObjects([{ path: "default/savedsearches.conf", contents: conf }], "app");
    expect(objects.map((o) => o.name)).toEqual(["ok"]);
    expect(problems.map((p) => p.message)).toEqual([
      "Stanza [..] is a dot segment, which a URL resolves to another endpoint.",
      "Stanza [.] is a dot segment, which a URL resolves to another endpoint.",
    ]);
  });
});
