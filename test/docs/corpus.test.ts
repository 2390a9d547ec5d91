// Acceptance 2 on the real corpus (../shared): docs for escu-2024 write a page for every documented
// detection and every story, and every ATT&CK id of the corpus that exists in v10.1 resolves.
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadAttackFile } from "../../src/attack/resolve.js";
import type { AttackTable } from "../../src/attack/table.js";
import { main } from "../../src/cli/main.js";
import { checkContent } from "../../src/check.js";
import { generateDocs, type DocsResult } from "../../src/docs/index.js";
import { documentedDetections } from "../../src/docs/model.js";
import type { Project } from "../../src/model/project.js";
import { capture, ESCU_2024, hasShared, listTree, V10_BUNDLE } from "./helpers.js";

if (!hasShared) console.warn("../shared/corpus is absent: skipping the escu-2024 docs tests");

describe.skipIf(!hasShared)("docs for escu-2024", () => {
  let project: Project;
  let attack: AttackTable;
  let result: DocsResult;
  beforeAll(async () => {
    project = (await checkContent(ESCU_2024)).project;
    attack = await loadAttackFile(V10_BUNDLE);
    result = generateDocs(project, { attack, html: true });
  }, 120_000);

  it("documents every non-deprecated detection and every story", () => {
    const yaml = project.detections.length;
    const documented = documentedDetections(project);
    expect(yaml).toBeGreaterThan(1600);
    expect(documented.length).toBe(project.detections.filter((d) => d.data.status !== "deprecated" && !d.origin.file.includes("deprecated")).length);
    const pages = new Set(result.files.map((f) => f.path));
    for (const d of result.detections) expect(pages.has(d.page), d.object.origin.file).toBe(true);
    for (const s of project.stories) expect(pages.has(`_stories/${s.data.name.toLowerCase().replace(/ /g, "_")}.md`), s.origin.file).toBe(true);
    const storyFiles = readdirSync(join(ESCU_2024, "stories"), { recursive: true }).filter((f) => String(f).endsWith(".yml"));
    expect(result.stories.length).toBe(storyFiles.length);
  });

  it("resolves every ATT&CK id that exists in v10.1, and warns for the others", () => {
    const ids = new Set(result.detections.flatMap((d) => d.attack.map((a) => a.id)));
    const inV10 = [...ids].filter((id) => attack.techniques[id]);
    expect(inV10.length).toBeGreaterThan(200);
    for (const d of result.detections) {
      for (const a of d.attack) {
        if (!attack.techniques[a.id]) continue;
        expect(a.technique?.name, `${d.object.origin.file} ${a.id}`).toBe(attack.techniques[a.id].name);
        expect(a.technique!.tactics.length, a.id).toBeGreaterThan(0);
      }
    }
    const missing = [...ids].filter((id) => !attack.techniques[id]);
    const warned = new Set(result.diagnostics.filter((d) => d.code === "SC4501").map((d) => /'([^']+)'/.exec(d.message)![1]));
    expect([...warned].sort()).toEqual(missing.sort());
  });

  it("the CLI writes the site with --attack pointing at the bundle, without crashing", async () => {
    const out = mkdtempSync(join(tmpdir(), "secpack-escu-docs-"));
    const c = capture();
    const code = await main(["docs", "--path", ESCU_2024, "--out", out, "--attack", V10_BUNDLE, "--quiet"], c.io);
    expect([0, 1]).toContain(code);
    expect(c.stderr()).not.toContain("internal error");
    const files = listTree(out);
    expect(files.filter((f) => f.startsWith("_posts/")).length).toBe(result.detectionPages);
    expect(files.filter((f) => f.startsWith("_stories/")).length).toBe(result.stories.length);
    rmSync(out, { recursive: true });
  }, 120_000);
});
