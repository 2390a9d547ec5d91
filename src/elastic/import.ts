// The import pipeline: read rules -> convert -> build detection files -> write them atomically into --out.
// Reading and writing happen here and in read.ts only; conversion and building are pure.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { Document, isScalar, visit } from "yaml";
import type { Diagnostic } from "../diag/diagnostic.js";
import { writeBatch } from "../fs/batch.js";
import { describeFsError, isFsError } from "../fs/errors.js";
import { writeFailed } from "./codes.js";
import { convertRule, type ConvertResult, type TargetId } from "./convert.js";
import { buildDeployment, buildDetection, SUPPORT_MACROS, type ImportedFile } from "./detection.js";
import { TARGETS } from "./convert.js";
import { readRuleFiles } from "./read.js";

/**
 * YAML as security_content writes it: block strings, no aliases, no line folding. Values that a YAML 1.1
 * reader would turn into something else (dates such as 2024-01-31, yes/no/on/off) are single-quoted.
 */
export function toYaml(value: unknown): string {
  const doc = new Document(value, { aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === "string" && /^(\d{4}-\d{2}-\d{2}.*|y|n|yes|no|on|off|true|false|null|~|[-+]?[\d._]+(e[-+]?\d+)?|0x[0-9a-f]+)$/i.test(node.value)) {
        node.type = "QUOTE_SINGLE";
      }
    },
  });
  void isScalar;
  return doc.toString({ lineWidth: 0, blockQuote: "literal" });
}

export interface ImportSummary {
  results: ConvertResult[];
  files: ImportedFile[];
  diagnostics: Diagnostic[];
}

/** Convert rules and build every output file (pure apart from reading the rules). */
export async function planImport(paths: string[], target: TargetId, outRoot: string, cwd = process.cwd()): Promise<ImportSummary> {
  const { rules, diagnostics } = await readRuleFiles(paths, cwd);
  const results = rules.map((r) => convertRule(r, target));
  const files = new Map<string, string>();
  const schedules = new Map<string, ReturnType<typeof buildDetection>["schedule"] & { date: string }>();
  // Support macros, deployments and secpack.yml only go with detections: when no rule converts, nothing is written.
  const macros = new Set<string>(results.some((r) => r.ok) ? ["security_content_ctime"] : []);
  for (const res of results) {
    if (!res.ok) continue;
    const imported = buildDetection(res, diagnostics);
    let path = imported.path;
    for (let n = 2; files.has(path); n++) path = imported.path.replace(/\.yml$/, `_${n}.yml`);
    files.set(path, toYaml(imported.detection));
    if (imported.guide) files.set(imported.guide.path, imported.guide.contents);
    const prev = schedules.get(imported.schedule.key);
    const date = prev && prev.date > imported.detection.date ? prev.date : imported.detection.date;
    schedules.set(imported.schedule.key, { ...imported.schedule, date });
    imported.macros.forEach((m) => macros.add(m));
    if (res.sources.some((s) => s.datamodel)) macros.add("security_content_summariesonly");
  }
  for (const s of schedules.values()) {
    const dep = { ...buildDeployment(s), date: s.date };
    files.set(`deployments/elastic_import_schedule_${s.key.toLowerCase()}.yml`, toYaml(dep));
  }
  const sourceMacros = Object.fromEntries(TARGETS[target].sources.filter((s) => s.macro).map((s) => [s.macro!.name, s.macro!]));
  for (const m of [...macros].sort()) {
    const def = SUPPORT_MACROS[m] ?? sourceMacros[m];
    const path = `macros/${m}.yml`;
    if (def && !existsSync(join(outRoot, path))) files.set(path, toYaml(def));
  }
  if (files.size && !existsSync(join(outRoot, "secpack.yml")) && !existsSync(join(outRoot, "contentctl.yml"))) {
    files.set(
      "secpack.yml",
      toYaml({
        app: { appid: "elastic_imported_rules", title: "Imported Elastic Rules", version: "1.0.0", prefix: "ELASTIC", label: "ELASTIC", author_name: "secpack elastic import", description: "Elastic detection rules converted to Splunk detections by secpack." },
        external_macros: ["drop_dm_object_name"],
      }),
    );
  }
  return { results, files: [...files].sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, contents]) => ({ path, contents })), diagnostics };
}

/**
 * Write files under `outRoot` so that nothing partial is left behind: everything is first written into a
 * staging folder beside the destination, then moved into place; a failure puts back what was moved.
 */
export async function writeAtomically(outRoot: string, files: ImportedFile[]): Promise<Diagnostic[]> {
  try {
    await writeBatch(resolve(outRoot), files);
    return [];
  } catch (err) {
    if (!isFsError(err)) throw err;
    return [writeFailed(outRoot, `Could not write the output: ${describeFsError(err)}; nothing was written.`)];
  }
}

/** Failures grouped by reason, most frequent first: "12 unmapped field x". */
export function summarizeReasons(results: ConvertResult[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const r of results) if (!r.ok) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}
