// The load -> validate -> link pipeline every command that reads content goes through.
// (Owned by the loader/validator work; build, docs, deploy and test call it.)
import { readAttackTable } from "./attack/table.js";
import { sortDiagnostics, type Diagnostic } from "./diag/diagnostic.js";
import type { Project } from "./model/project.js";
import { link } from "./link/index.js";
import { load, type LoadStats } from "./load/index.js";
import { checkSsaPipelines, resolveSsa } from "./ssa/check.js";
import { validate } from "./validate/index.js";

export interface CheckResult {
  project: Project;
  /** Sorted, with per-code severity overrides from the config applied. */
  diagnostics: Diagnostic[];
  /** Files read per kind (absent when the loader could not count). */
  stats?: LoadStats;
  /** Findings silenced by `suppress:` entries of the config (each names a code, a file and a reason). */
  suppressed: Diagnostic[];
}

/** Split off the findings that a `suppress:` entry of the config accepts (same code, same file). */
export function applySuppressions(
  ds: Diagnostic[],
  rules: readonly { code: string; file: string }[],
): { kept: Diagnostic[]; suppressed: Diagnostic[] } {
  if (rules.length === 0) return { kept: ds, suppressed: [] };
  const keys = new Set(rules.map((r) => `${r.code}\u0000${r.file}`));
  const kept: Diagnostic[] = [];
  const suppressed: Diagnostic[] = [];
  for (const d of ds) (keys.has(`${d.code}\u0000${d.file}`) ? suppressed : kept).push(d);
  return { kept, suppressed };
}

/** Apply `severities:` from the config: a code set to "off" is dropped, others get the given severity. */
export function applySeverities(ds: Diagnostic[], severities: Record<string, string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of ds) {
    const s = severities[d.code];
    if (s === "off") continue;
    out.push(s === "error" || s === "warning" || s === "info" ? { ...d, severity: s } : d);
  }
  return out;
}

/** Load everything under `root` and run every schema and cross-file rule. Never throws for bad content. */
export async function checkContent(root: string): Promise<CheckResult> {
  const { project, diagnostics, stats } = await load(root);
  const attack = await readAttackTable(root).catch(() => undefined);
  diagnostics.push(...resolveSsa(project));
  diagnostics.push(...validate(project, attack));
  diagnostics.push(...link(project));
  diagnostics.push(...checkSsaPipelines(project));
  const { kept, suppressed } = applySuppressions(
    applySeverities(diagnostics, project.config.severities),
    project.config.suppress,
  );
  return { project, diagnostics: sortDiagnostics(kept), stats, suppressed };
}
