// PLACEHOLDER: replaced by the SSA work. Renders OUT/ssa/ (paths relative to OUT/ssa).
import type { Project } from "../model/project.js";
import type { OutputFile } from "../render/output.js";

export function renderSsaOutputs(_project: Project): OutputFile[] {
  return [];
}
