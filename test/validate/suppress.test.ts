// `suppress:` in secpack.yml: one code in one file, with a reason; nothing else is silenced.
import { describe, expect, it } from "vitest";
import { checkContent } from "../../src/check.js";
import { baseFiles, detectionWith, writeTree } from "./fixture.js";

const DET = "detections/endpoint/test_detection.yml";
const CONFIG = (entries: string) =>
  `app:\n  appid: a\n  title: T\n  version: '1.0.0'\nsuppress:\n${entries}`;

describe("suppress", () => {
  const bad = detectionWith("date: '2024-01-02'", "date: '2024-02-30'");

  it("silences the named code in the named file and reports it as suppressed", async () => {
    const root = writeTree(
      baseFiles({ [DET]: bad, "secpack.yml": CONFIG(`  - code: SC2010\n    file: ${DET}\n    reason: the date is kept as published upstream\n`) }),
    );
    const { diagnostics, suppressed } = await checkContent(root);
    expect(diagnostics).toEqual([]);
    expect(suppressed.map((d) => [d.code, d.file])).toEqual([["SC2010", DET]]);
  });

  it("does not silence the same code in another file", async () => {
    const root = writeTree(
      baseFiles({ [DET]: bad, "secpack.yml": CONFIG(`  - code: SC2010\n    file: detections/other.yml\n    reason: the date is kept as published upstream\n`) }),
    );
    const { diagnostics, suppressed } = await checkContent(root);
    expect(diagnostics.map((d) => d.code)).toEqual(["SC2010"]);
    expect(suppressed).toEqual([]);
  });

  it("requires a reason", async () => {
    const root = writeTree(baseFiles({ "secpack.yml": CONFIG(`  - code: SC2010\n    file: ${DET}\n`) }));
    const { diagnostics } = await checkContent(root);
    expect(diagnostics.some((d) => d.file === "secpack.yml" && d.severity === "error")).toBe(true);
  });
});

describe("paths in secpack.yml", () => {
  it("a kind's folder outside the content root is refused (its files would be packed)", async () => {
    const root = writeTree(baseFiles({ "secpack.yml": "app:\n  appid: a\n  title: T\n  version: '1.0.0'\npaths:\n  lookup: ../../etc\n" }));
    const { diagnostics } = await checkContent(root);
    const hit = diagnostics.find((d) => d.code === "SC1020" && /outside the content root/.test(d.message));
    expect(hit?.span?.line).toBe(6);
  });
});
