/**
 * Reading Sigma rules from disk for the CLI: expand files and folders into a sorted list of rule files, and
 * parse + convert each one. The only module of src/sigma/ that does I/O (reads only).
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { parse as parseYaml } from "yaml";
import { UsageError } from "../diag/diagnostic.js";
import { PIPELINES, type Pipeline } from "./pipelines/index.js";
import { at, missingInput, readFailure, type SigmaDiagnostic } from "./codes.js";
import { convertRule, type Conversion, type ConvertOptions } from "./convert.js";
import { parseSigmaRule, type SigmaRule } from "./rule.js";

const isRuleFile = (name: string) => /\.ya?ml$/i.test(name);

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith(".")) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else if (e.isFile() && isRuleFile(e.name)) out.push(p);
  }
}

/** Expand the command-line paths (files and folders) into rule files; a missing path is a diagnostic. */
export async function listRuleFiles(paths: string[], cwd: string): Promise<{ files: string[]; diagnostics: SigmaDiagnostic[] }> {
  const files: string[] = [];
  const diagnostics: SigmaDiagnostic[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    try {
      const st = await stat(abs);
      if (st.isDirectory()) await walk(abs, files);
      else files.push(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      diagnostics.push(at(code === "ENOENT" || code === "ENOTDIR" ? missingInput(p) : readFailure((e as Error).message), p));
    }
  }
  return { files: [...new Set(files)], diagnostics };
}

/**
 * The inputs that could not be listed, as failed entries of the batch: a missing FILE counts as a rule that did
 * not convert, so the summary never says "converted 0 of 0" next to the error.
 */
export function unreadableInputs(diagnostics: SigmaDiagnostic[]): FileResult[] {
  return diagnostics.map((d) => ({ file: d.file, diagnostics: [d] }));
}

/** How a file is named in diagnostics: relative to the working directory, forward slashes. */
export const displayPath = (abs: string, cwd: string): string => relative(cwd, abs).split(sep).join("/") || abs;

export interface FileResult {
  file: string;
  rule?: SigmaRule;
  conversion?: Conversion;
  diagnostics: SigmaDiagnostic[];
}

/** Read, parse and convert one rule file. */
export async function convertFile(abs: string, cwd: string, opts: ConvertOptions): Promise<FileResult> {
  const file = displayPath(abs, cwd);
  let text: string;
  try {
    text = await readFile(abs, "utf8");
  } catch (e) {
    return { file, diagnostics: [at(readFailure((e as Error).message), file)] };
  }
  const parsed = parseSigmaRule(text, file);
  if (!parsed.rule) return { file, diagnostics: parsed.diagnostics };
  const converted = convertRule(parsed.rule, opts);
  return { file, rule: parsed.rule, conversion: converted.conversion, diagnostics: converted.diagnostics };
}

/** "converted 3 of 4 rules; 1 failed" and one line per reason, most frequent first (each rule counted once per reason). */
export function summarizeBatch(results: FileResult[], verb = "converted"): string {
  const ok = results.filter((r) => r.conversion).length;
  const failed = results.length - ok;
  const reasons = new Map<string, number>();
  for (const r of results) {
    if (r.conversion) continue;
    for (const reason of new Set(r.diagnostics.map((d) => `${d.code} ${d.reason}`))) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  const lines = [`${verb} ${ok} of ${results.length} rule${results.length === 1 ? "" : "s"}; ${failed} failed`];
  const sorted = [...reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [reason, n] of sorted) lines.push(`  ${String(n).padStart(5)}  ${reason}`);
  return lines.join("\n") + "\n";
}

/**
 * The usage checks `sigma convert` and `import sigma` share: at least one input, and a --format of search or
 * tstats (undefined: the pipeline's). Throws UsageError.
 */
export function checkBatchUsage(inputs: string[], format: string | undefined): "search" | "tstats" | undefined {
  if (inputs.length === 0) throw new UsageError("give at least one Sigma rule file or folder");
  if (format !== undefined && format !== "search" && format !== "tstats") {
    throw new UsageError(`--format must be search or tstats, not '${format}'`);
  }
  return format;
}

/** A built-in pipeline by name, or a pipeline file (YAML or JSON with the shape of pipelines/types.ts). */
export async function loadPipeline(nameOrPath: string, cwd: string): Promise<Pipeline> {
  const builtin = PIPELINES[nameOrPath];
  if (builtin) return builtin;
  if (!/\.(ya?ml|json)$/i.test(nameOrPath)) {
    throw new UsageError(`unknown pipeline '${nameOrPath}' (built-in: ${Object.keys(PIPELINES).join(", ")}; or a .yml/.json file)`);
  }
  let data: Record<string, unknown>;
  try {
    data = parseYaml(await readFile(resolve(cwd, nameOrPath), "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`cannot read pipeline '${nameOrPath}': ${(e as Error).message}`);
  }
  if (!data || typeof data !== "object" || (data.fields !== undefined && typeof data.fields !== "object") || (data.logsources !== undefined && !Array.isArray(data.logsources))) {
    throw new UsageError(`pipeline '${nameOrPath}' must be a map with 'fields' (a map) and 'logsources' (a list)`);
  }
  return {
    name: String(data.name ?? nameOrPath),
    description: String(data.description ?? ""),
    fields: (data.fields ?? {}) as Pipeline["fields"],
    logsources: (data.logsources ?? []) as Pipeline["logsources"],
    strictFields: data.strictFields === true,
    strictLogsource: data.strictLogsource === true,
    defaultFormat: data.defaultFormat === "tstats" ? "tstats" : "search",
  };
}
