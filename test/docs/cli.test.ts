// End-to-end: `secpack docs` in-process (and once through bin/secpack.js), output folder handling,
// exit codes with warnings and errors, --strict, --attack, --cve.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { MANIFEST_FILE } from "../../src/docs/write.js";
import { capture, FIXTURE_SITE, listTree, MINI_BUNDLE, REPO } from "./helpers.js";

const scratch: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "secpack-docs-"));
  scratch.push(d);
  return d;
};
afterEach(() => {
  for (const d of scratch.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("secpack docs", () => {
  it("writes the site for clean content with warnings only (exit 0)", async () => {
    const out = join(tmp(), "site");
    const c = capture();
    expect(await main(["docs", "--path", FIXTURE_SITE, "--out", out, "--attack", MINI_BUNDLE, "--html"], c.io)).toBe(0);
    expect(c.stdout()).toMatch(/wrote 3 detection pages, 2 story pages and \d+ other files/);
    expect(c.stderr()).toContain("warning SC4501: ATT&CK id 'T9999'");
    expect(c.stderr()).toContain("0 errors, 2 warnings");
    const files = listTree(out);
    expect(files).toContain("_posts/2024-05-02-suspicious_tool_download.md");
    expect(files).toContain("_stories/tool_abuse.md");
    expect(files).toContain("report.html");
    expect(files).toContain("attack-navigator-layer.json");
    expect(files).not.toContain("_posts/2020-01-01-old_detection.md");
    expect(files.some((f) => f.includes("staging"))).toBe(false);
    const layer = JSON.parse(readFileSync(join(out, "attack-navigator-layer.json"), "utf8"));
    expect(layer.techniques.map((t: { techniqueID: string; score: number }) => [t.techniqueID, t.score])).toEqual([["T1098", 1], ["T1105", 1], ["T9999", 1]]);
  });

  it("--quiet hides warnings; --cve FILE is used", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "cve.json"), JSON.stringify({ "CVE-2099-0001": { summary: "Future bug", cvss: 1.5 } }));
    const c = capture(dir);
    expect(await main(["docs", "--path", FIXTURE_SITE, "--out", "o", "--attack", MINI_BUNDLE, "--cve", "cve.json", "--quiet"], c.io)).toBe(0);
    expect(c.stderr()).not.toContain("SC4501");
    const page = readFileSync(join(dir, "o", "_posts/2024-05-02-suspicious_tool_download.md"), "utf8");
    expect(page).toContain("| [CVE-2099-0001](https://nvd.nist.gov/vuln/detail/CVE-2099-0001) | Future bug | 1.5 |");
    expect(page).toContain("| [CVE-2021-44228](https://nvd.nist.gov/vuln/detail/CVE-2021-44228) |  |  |");
  });

  it("keeps foreign files in --out and removes only its own stale pages", async () => {
    const root = tmp();
    cpSync(FIXTURE_SITE, join(root, "content"), { recursive: true });
    const out = join(root, "out");
    mkdirSync(out);
    writeFileSync(join(out, "_config.yml"), "title: mine\n");
    const c = capture(root);
    expect(await main(["docs", "--path", "content", "--out", "out", "--attack", MINI_BUNDLE], c.io)).toBe(0);
    expect(existsSync(join(out, "_posts/2023-01-10-hunting_without_attack.md"))).toBe(true);
    rmSync(join(root, "content/detections/endpoint/hunting_without_attack.yml"));
    expect(await main(["docs", "--path", "content", "--out", "out", "--attack", MINI_BUNDLE], c.io)).toBe(0);
    expect(c.stdout()).toContain("(removed 1 stale)");
    expect(existsSync(join(out, "_posts/2023-01-10-hunting_without_attack.md"))).toBe(false);
    expect(readFileSync(join(out, "_config.yml"), "utf8")).toBe("title: mine\n");
    expect(Object.keys(JSON.parse(readFileSync(join(out, MANIFEST_FILE), "utf8")).files)).toContain("index.markdown");
    expect(c.stdout()).toMatch(/\(\d+ unchanged\)/);
    // A generated page edited by hand (different size) is rewritten on the next run.
    const page = join(out, "_posts/2024-05-02-suspicious_tool_download.md");
    const before = readFileSync(page, "utf8");
    writeFileSync(page, "edited");
    expect(await main(["docs", "--path", "content", "--out", "out", "--attack", MINI_BUNDLE], c.io)).toBe(0);
    expect(readFileSync(page, "utf8")).toBe(before);
  });

  it("with content errors: writes pages and exits 1; --strict writes nothing", async () => {
    const root = tmp();
    cpSync(FIXTURE_SITE, root, { recursive: true });
    writeFileSync(join(root, "detections/endpoint/broken.yml"), "name: Broken\nid: [unclosed\n");
    const c = capture(root);
    expect(await main(["docs", "--out", "strict", "--attack", MINI_BUNDLE, "--strict"], c.io)).toBe(1);
    expect(existsSync(join(root, "strict"))).toBe(false);
    expect(c.stderr()).toContain("nothing written (--strict)");
    expect(await main(["docs", "--out", "loose", "--attack", MINI_BUNDLE], c.io)).toBe(1);
    expect(c.stderr()).toMatch(/broken\.yml:\d+:\d+: error SC1/);
    expect(c.stderr()).toContain("pages written anyway");
    expect(existsSync(join(root, "loose/_posts/2024-05-02-suspicious_tool_download.md"))).toBe(true);
  });

  it("reads the content's pinned table by default, and warns once without one", async () => {
    const root = tmp();
    cpSync(FIXTURE_SITE, root, { recursive: true });
    const c = capture(root);
    expect(await main(["docs", "--out", "o"], c.io)).toBe(0);
    expect(c.stderr()).toContain("warning SC4502: No ATT&CK table");
    expect(await main(["attack", "import", MINI_BUNDLE], c.io)).toBe(0);
    const c2 = capture(root);
    // With a pinned table the validator may also report T9999 as an error (exit 1); the pages are written.
    expect(await main(["docs", "--out", "o"], c2.io)).toBeLessThan(2);
    expect(c2.stderr()).not.toContain("SC4502");
    expect(readFileSync(join(root, "o/_posts/2024-05-02-suspicious_tool_download.md"), "utf8")).toContain("| Ingress Tool Transfer | Command And Control |");
  });

  it("rejects bad usage and unusable ATT&CK data", async () => {
    const c = capture();
    expect(await main(["docs", "--bogus"], c.io)).toBe(2);
    expect(await main(["docs", "--path", FIXTURE_SITE, "--attack", join(FIXTURE_SITE, "macros/sysmon.yml"), "--out", join(tmp(), "o")], c.io)).toBe(1);
    expect(c.stderr()).toContain("cannot use ATT&CK data");
    expect(await main(["docs", "--help"], c.io)).toBe(0);
    expect(c.stdout()).toContain("--strict");
  });

  const built = existsSync(join(REPO, "lib", "cli", "main.js"));
  it.skipIf(!built)("runs through bin/secpack.js (needs tsc first, as npm test does)", () => {
    const out = join(tmp(), "o");
    const r = spawnSync(process.execPath, [join(REPO, "bin", "secpack.js"), "docs", "--path", FIXTURE_SITE, "--out", out, "--attack", MINI_BUNDLE], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(out, "_posts/2022-02-02-cloud_key_created.md"), "utf8")).toContain("WARNING THIS IS A EXPERIMENTAL DETECTION");
  });
});
