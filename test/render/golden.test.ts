// Golden files: the whole rendered app folder for the fixture tree and for the repository's own content pack.
// Regenerate after an intended change with UPDATE_GOLDEN=1 npx vitest run test/render/golden.test.ts
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderApp } from "../../src/render/index.js";
import { FIXTURE, loadProject, REPO } from "./helpers.js";
import { updateGolden } from "../golden-file.js";

const GOLDEN = join(REPO, "test", "render", "golden");
const UPDATE = updateGolden();

function listFiles(dir: string, rel = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(dir, r) : [r];
  });
}

describe("golden app folders", () => {
  for (const [name, root] of [["fixture", FIXTURE], ["repo", REPO]] as const) {
    it(`${name}: rendered files equal test/render/golden/${name}/`, async () => {
      const project = await loadProject(root);
      const { files, diagnostics } = renderApp(project, { verify: true });
      expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const dir = join(GOLDEN, name);
      if (UPDATE) {
        rmSync(dir, { recursive: true, force: true });
        for (const f of files) {
          mkdirSync(dirname(join(dir, f.path)), { recursive: true });
          writeFileSync(join(dir, f.path), f.contents);
        }
      }
      expect(files.map((f) => f.path).sort()).toEqual(listFiles(dir).sort());
      for (const f of files) {
        const want = readFileSync(join(dir, f.path));
        const got = Buffer.isBuffer(f.contents) ? f.contents : Buffer.from(f.contents, "utf8");
        if (/\.(conf|meta|manifest|md|xml|csv)$/.test(f.path)) expect(got.toString("utf8"), f.path).toBe(want.toString("utf8"));
        else expect(got.equals(want), f.path).toBe(true);
      }
    });
  }
});
