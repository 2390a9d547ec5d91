// link: the rules that span files. Each rule is a pure function Project -> Diagnostic[]; adding a rule is one line.
import type { Diagnostic } from "../diag/diagnostic.js";
import type { Project } from "../model/project.js";
import { checkMessageTokens } from "./message.js";
import { checkBaselineDetections, checkDataSources, checkLookups, checkMacros, checkStories } from "./references.js";
import { checkUnique } from "./unique.js";

export const LINK_RULES: readonly ((p: Project) => Diagnostic[])[] = [
  checkUnique,
  checkStories,
  checkMacros,
  checkLookups,
  checkDataSources,
  checkBaselineDetections,
  checkMessageTokens,
];

/** Run every cross-file rule. */
export function link(project: Project): Diagnostic[] {
  return LINK_RULES.flatMap((rule) => rule(project));
}
