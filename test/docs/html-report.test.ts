// Acceptance 3: the HTML report in headless Chromium (Debian's /usr/bin/chromium via playwright-core):
// loads without console errors or external requests, the matrix shows the seed technique, search filters.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { capture, REPO } from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`${CHROMIUM} is absent: skipping the HTML report browser test (apt-get install -y chromium)`);

describe("HTML report (static checks)", () => {
  it("is self-contained: no external scripts, styles, images or fonts", async () => {
    const out = mkdtempSync(join(tmpdir(), "secpack-html-"));
    const c = capture();
    expect(await main(["docs", "--path", REPO, "--out", out, "--html", "--quiet"], c.io)).toBeLessThan(2);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).not.toMatch(/<(script|img|iframe)[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href="(?!data:)/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).toContain('data-technique="T1003.003"');
    rmSync(out, { recursive: true });
  });
});

describe.skipIf(!hasChromium)("HTML report in headless Chromium", () => {
  let out: string;
  let browser: import("playwright-core").Browser;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "secpack-html-"));
    const c = capture();
    expect(await main(["docs", "--path", REPO, "--out", out, "--html", "--quiet"], c.io)).toBeLessThan(2);
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it("loads cleanly, shows the seed technique in the matrix, and filters the list", async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("request", (r) => requests.push(r.url()));
    const url = pathToFileURL(join(out, "report.html")).href;
    await page.goto(url, { waitUntil: "load" });

    // The seed technique (T1003.003 NTDS, Credential Access) is in the matrix, coloured as covered.
    const ntds = page.locator('.tactic[data-tactic="Credential Access"] a[data-technique="T1003.003"]');
    await expect(ntds.count()).resolves.toBe(1);
    expect(await ntds.textContent()).toContain("NTDS");
    expect(Number(await ntds.getAttribute("data-count"))).toBeGreaterThanOrEqual(1);
    expect(await ntds.getAttribute("class")).toMatch(/\bl[1-5]\b/);
    const bg = await ntds.evaluate((el) => getComputedStyle(el).backgroundColor);
    const uncovered = await page.locator('a.tech.l0').first().evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).not.toBe(uncovered);

    // The search filters the list.
    const rows = page.locator("#detections tbody tr");
    const visible = () => page.locator("#detections tbody tr:not(.hidden)").count();
    const total = await rows.count();
    expect(await visible()).toBe(total);
    await page.fill("#search", "renamed comsvcs");
    expect(await visible()).toBe(1);
    expect(await page.locator("#detections tbody tr:not(.hidden) a").textContent()).toBe("Renamed Comsvcs DLL Image Load");
    expect(await page.textContent("#shown")).toBe(`1 of ${total} detections`);
    await page.fill("#search", "no such detection anywhere");
    expect(await visible()).toBe(0);
    await page.fill("#search", "");
    expect(await visible()).toBe(total);

    // A matrix cell links to the list filtered by its technique; list rows link to the pages.
    await ntds.click();
    await page.waitForFunction(() => (document.getElementById("search") as HTMLInputElement).value === "T1003.003");
    expect(await visible()).toBe(1);
    const href = await page.locator("#detections tbody tr:not(.hidden) a").getAttribute("href");
    expect(href).toBe("_posts/2021-11-29-detect_dump_lsass_memory_using_comsvcs.md");
    expect(existsSync(join(out, href!))).toBe(true);

    mkdirSync(join(REPO, "test-output"), { recursive: true });
    await page.screenshot({ path: join(REPO, "test-output", "docs-report.png"), fullPage: false });
    expect(problems).toEqual([]);
    expect(requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:"))).toEqual([]);
    await page.close();
  });
});
