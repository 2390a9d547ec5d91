// The load -> validate -> link pipeline every command that reads content goes through.
// (Owned by the loader/validator work; build, docs, deploy and test call it.)
import type { Diagnostic } from "./diag/diagnostic.js";
import type { Project } from "./model/project.js";
import { load } from "./load/index.js";

export interface CheckResult {
  project: Project;
  /** Sorted, with per-code severity overrides from the config applied. */
  diagnostics: Diagnostic[];
}

/** Load everything under `root` and run every schema and cross-file rule. Never throws for bad content. */
export async function checkContent(root: string): Promise<CheckResult> {
  const { project, diagnostics } = await load(root);
  return { project, diagnostics };
}
