// OUT/ssa/: per production SSA detection, `srs/` or `complex/` + `ssa___<name>.yml` (the detection with
// product, risk_message, recomputed risk_severity and its test, keys sorted, as Splunk's 2022 build wrote it;
// escu-2022-format.md §8.5) and `ssa___<name>.spl2` (the pipeline). Reads test YAML beside the content (sync).
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse, stringify } from "yaml";
import type { ContentObject, Project } from "../model/project.js";
import type { Detection } from "../model/types.js";
import type { OutputFile } from "../render/output.js";
import { isSsaDetection, ssaPipelineText } from "./check.js";

const DROPPED_KEYS = ["risk", "deployment", "mappings", "savedsearch_annotations", "ssa"];

/** Production = status production, or (no status) a path that names neither deprecated nor experimental. */
export function isProductionSsa(obj: ContentObject<Detection>): boolean {
  const status = obj.data.status;
  if (typeof status === "string") return status === "production";
  return !/deprecated|experimental/.test(obj.origin.file);
}

/** `ssa___<name lower, spaces -> _>` (hyphens kept, as the 2022 build did). */
export const ssaOutputStem = (name: string): string => `ssa___${name.toLowerCase().replace(/ /g, "_")}`;

/** Stateful pipelines go to complex/, the rest to srs/ (Simple Rule Service). */
export const ssaFolder = (search: string): "complex" | "srs" => (/stats|first_time_event|adaptive_threshold/.test(search) ? "complex" : "srs");

export const riskSeverity = (score: number): string => (score >= 80 ? "high" : score >= 50 ? "medium" : "low");

/** Candidate test files of a detection, security_content layout first. */
export function testFileCandidates(project: Project, obj: ContentObject<Detection>): string[] {
  const stem = basename(obj.origin.file).replace(/\.ya?ml$/i, "");
  const group = obj.group || "";
  const legacy = `ssa___${obj.data.name.toLowerCase().replace(/[ -]/g, "_")}`;
  const names = [...new Set([stem, legacy])];
  return names.flatMap((n) => [join(project.root, "tests", group, `${n}.test.yml`), join(project.root, "tests", `${n}.test.yml`)]);
}

function readTest(project: Project, obj: ContentObject<Detection>): unknown {
  for (const p of testFileCandidates(project, obj)) {
    if (!existsSync(p)) continue;
    try {
      return parse(readFileSync(p, "utf8"));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function ssaDocument(project: Project, obj: ContentObject<Detection>, search: string): Record<string, unknown> {
  const doc: Record<string, unknown> = structuredClone(obj.data) as Record<string, unknown>;
  for (const k of DROPPED_KEYS) delete doc[k];
  doc.search = search;
  const tags = { ...(obj.data.tags ?? {}) } as Record<string, unknown>;
  if (typeof tags.risk_score === "number") tags.risk_severity = riskSeverity(tags.risk_score);
  doc.tags = tags;
  if (tags.product !== undefined) doc.product = tags.product;
  const message = tags.message ?? obj.data.rba?.message;
  if (message !== undefined) doc.risk_message = message;
  const test = readTest(project, obj);
  if (test !== undefined) doc.test = test;
  return doc;
}

export function renderSsaOutputs(project: Project): OutputFile[] {
  const out: OutputFile[] = [];
  const seen = new Set<string>();
  const sorted = [...project.detections].sort((a, b) => (a.origin.file < b.origin.file ? -1 : a.origin.file > b.origin.file ? 1 : 0));
  for (const obj of sorted) {
    if (!isSsaDetection(obj.data) || !isProductionSsa(obj)) continue;
    const search = ssaPipelineText(obj.data);
    if (!search) continue;
    const stem = ssaOutputStem(obj.data.name);
    const folder = ssaFolder(search);
    if (seen.has(stem)) continue; // a duplicate name is a link error reported elsewhere; keep the first
    seen.add(stem);
    const yaml = stringify(ssaDocument(project, obj, search), {
      version: "1.1",
      sortMapEntries: true,
      indentSeq: false,
      lineWidth: 80,
      minContentWidth: 0,
      singleQuote: true,
      aliasDuplicateObjects: false,
    });
    out.push({ path: `${folder}/${stem}.yml`, contents: yaml });
    out.push({ path: `${folder}/${stem}.spl2`, contents: search.trim() + "\n" });
  }
  return out;
}
