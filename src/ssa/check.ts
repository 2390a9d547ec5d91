// PLACEHOLDER: replaced by the SSA work. SPL2 parse + field checks for SSA detections, called by checkContent.
import type { Diagnostic } from "../diag/diagnostic.js";
import type { Project } from "../model/project.js";

/** Fill in `search` of detections that define their SSA pipeline structurally (`ssa:` block). */
export function resolveSsa(_project: Project): Diagnostic[] {
  return [];
}

/** Parse and check every SSA pipeline (fields defined, required_fields, risk message tokens). */
export function checkSsaPipelines(_project: Project): Diagnostic[] {
  return [];
}
