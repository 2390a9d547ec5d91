// ATT&CK: STIX bundle -> pinned table, table I/O, id resolution, and the attack import/update commands.
import { createServer, type Server } from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAttackFile, pythonTitle, resolveTechnique, tacticTitle } from "../../src/attack/resolve.js";
import { StixError, tableFromBundleBytes } from "../../src/attack/stix.js";
import { ATTACK_TABLE_FILE, AttackTableError, parseAttackTable, readAttackTable, serializeAttackTable, writeAttackTable } from "../../src/attack/table.js";
import { main } from "../../src/cli/main.js";
import { capture, MINI_BUNDLE, REPO, V10_BUNDLE } from "../docs/helpers.js";

const mini = () => readFileSync(MINI_BUNDLE);
const tmp = () => mkdtempSync(join(tmpdir(), "secpack-attack-"));

describe("STIX bundle to table", () => {
  it("keeps tactics in matrix order and techniques with names, tactics and parents", () => {
    const t = tableFromBundleBytes(mini(), MINI_BUNDLE);
    expect(Object.keys(t.tactics)).toEqual(["persistence", "credential-access", "defense-evasion", "command-and-control"]);
    expect(t.tactics["command-and-control"]).toEqual({ id: "TA0011", name: "Command and Control", shortname: "command-and-control" });
    expect(t.techniques["T1003.003"]).toEqual({ id: "T1003.003", name: "NTDS", tactics: ["credential-access"], parent: "T1003" });
    expect(t.techniques["T1064"].revoked).toBe(true);
    expect(t.techniques["T1108"].deprecated).toBe(true);
    expect(t.version).toBe("9.9"); // from the file name
    expect(t.source?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reads gzipped bundles and honours an explicit version", () => {
    const t = tableFromBundleBytes(gzipSync(mini()), "bundle.json.gz", "15.1");
    expect(t.version).toBe("15.1");
    expect(Object.keys(t.techniques)).toHaveLength(9);
  });

  it("rejects what is not a bundle", () => {
    expect(() => tableFromBundleBytes(Buffer.from("{not json"), "x.json")).toThrow(StixError);
    expect(() => tableFromBundleBytes(Buffer.from('{"type":"x"}'), "x.json")).toThrow(/not a STIX bundle/);
    expect(() => tableFromBundleBytes(Buffer.from('{"type":"bundle","objects":[]}'), "x.json")).toThrow(/no ATT&CK techniques/);
    expect(() => tableFromBundleBytes(Buffer.from([0x1f, 0x8b, 1, 2, 3]), "x.gz")).toThrow(/gzip/);
  });
});

describe("pinned table", () => {
  it("round-trips through serialize/parse and read/write", async () => {
    const t = tableFromBundleBytes(mini(), MINI_BUNDLE);
    expect(parseAttackTable(serializeAttackTable(t))).toEqual(t);
    const root = tmp();
    expect(await readAttackTable(root)).toBeUndefined();
    await writeAttackTable(root, t);
    expect(await readAttackTable(root)).toEqual(t);
    expect(await loadAttackFile(join(root, ATTACK_TABLE_FILE))).toEqual(t);
    rmSync(root, { recursive: true });
  });

  it("rejects a corrupt table with a readable error", () => {
    expect(() => parseAttackTable('{"version": "1"}')).toThrow(AttackTableError);
    expect(() => parseAttackTable("[")).toThrow(/not valid JSON/);
  });

  it("the repo's own table is compact, pinned to v10.1 and resolves the seed techniques", async () => {
    const text = readFileSync(join(REPO, ATTACK_TABLE_FILE), "utf8");
    expect(text.length).toBeLessThan(1024 * 1024);
    const t = parseAttackTable(text);
    expect(t.version).toBe("10.1");
    expect(resolveTechnique(t, "T1003.003")).toMatchObject({ name: "NTDS", tactics: ["Credential Access"] });
    expect(resolveTechnique(t, "T1003")).toMatchObject({ name: "OS Credential Dumping", tactics: ["Credential Access"] });
    expect(resolveTechnique(t, "T9999")).toBeUndefined();
  });
});

describe("names", () => {
  it("title-cases tactics like Python's str.title()", () => {
    expect(tacticTitle("command-and-control")).toBe("Command And Control");
    expect(tacticTitle("credential-access")).toBe("Credential Access");
    expect(pythonTitle("they're bill's")).toBe("They'Re Bill'S");
  });
});

describe("secpack attack import", () => {
  it("writes the table and reports counts", async () => {
    const root = tmp();
    const c = capture(root);
    expect(await main(["attack", "import", MINI_BUNDLE, "--path", root], c.io)).toBe(0);
    expect(c.stdout()).toContain("ATT&CK 9.9: 4 tactics, 9 techniques (3 sub-techniques, 2 revoked or deprecated)");
    expect((await readAttackTable(root))?.techniques["T1105"].name).toBe("Ingress Tool Transfer");
    rmSync(root, { recursive: true });
  });

  it("fails with exit 1 on a bad file and leaves no table behind", async () => {
    const root = tmp();
    writeFileSync(join(root, "bad.json"), '{"type": "bundle"}');
    const c = capture(root);
    expect(await main(["attack", "import", "bad.json"], c.io)).toBe(1);
    expect(c.stderr()).toContain("not a STIX bundle");
    expect(existsSync(join(root, ATTACK_TABLE_FILE))).toBe(false);
    expect(await main(["attack", "import", "missing.json"], c.io)).toBe(1);
    expect(c.stderr()).toContain("ENOENT");
    rmSync(root, { recursive: true });
  });

  it("needs exactly one file (usage error, exit 2)", async () => {
    const c = capture();
    expect(await main(["attack", "import"], c.io)).toBe(2);
    expect(await main(["attack", "import", "--help"], c.io)).toBe(0);
    expect(c.stdout()).toContain("Usage: secpack attack import");
  });
});

describe("secpack attack update (local HTTP server only)", () => {
  let server: Server;
  let base = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/cti/enterprise-attack.json") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(mini());
      } else if (req.url === "/moved") {
        res.writeHead(302, { location: "/cti/enterprise-attack.json" });
        res.end();
      } else if (req.url === "/garbage") {
        res.writeHead(200);
        res.end("<html>not json</html>");
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const addr = server.address() as { port: number };
    base = `http://127.0.0.1:${addr.port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("downloads (following redirects) and imports", async () => {
    const root = tmp();
    const c = capture(root);
    expect(await main(["attack", "update", "--url", `${base}/moved`, "--path", root, "--version", "9.9"], c.io)).toBe(0);
    const t = await readAttackTable(root);
    expect(t?.version).toBe("9.9");
    expect(t?.source?.name).toBe(`${base}/moved`);
    expect(Object.keys(t!.techniques)).toContain("T1003.001");
    rmSync(root, { recursive: true });
  });

  it("reports HTTP errors, bad bodies and bad URLs with exit 1", async () => {
    const root = tmp();
    const c = capture(root);
    expect(await main(["attack", "update", "--url", `${base}/nope`, "--path", root], c.io)).toBe(1);
    expect(c.stderr()).toContain("HTTP 404");
    expect(await main(["attack", "update", "--url", `${base}/garbage`, "--path", root], c.io)).toBe(1);
    expect(c.stderr()).toContain("not valid JSON");
    expect(await main(["attack", "update", "--url", "ftp://example.com/x", "--path", root], c.io)).toBe(1);
    expect(c.stderr()).toContain("unsupported URL scheme");
    expect(await main(["attack", "update", "--timeout", "-3"], c.io)).toBe(2);
    expect(existsSync(join(root, ATTACK_TABLE_FILE))).toBe(false);
    rmSync(root, { recursive: true });
  });
});

describe.skipIf(!existsSync(V10_BUNDLE))("the real ATT&CK v10.1 bundle (../shared)", () => {
  if (!existsSync(V10_BUNDLE)) console.warn("../shared/corpus/attack is absent: skipping the v10.1 bundle tests");
  it("imports to the same table the repo pins", async () => {
    const t = await loadAttackFile(V10_BUNDLE);
    expect(t.version).toBe("10.1");
    expect(Object.keys(t.tactics)).toHaveLength(14);
    expect(serializeAttackTable(t)).toBe(readFileSync(join(REPO, ATTACK_TABLE_FILE), "utf8"));
  });
});
