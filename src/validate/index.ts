// validate: per-file checks (JSON Schema of the kind + rules a schema cannot express). Pure over the project.
import type { AttackTable } from "../attack/table.js";
import type { Diagnostic } from "../diag/diagnostic.js";
import type { Project } from "../model/project.js";
import { allObjects } from "../link/objects.js";
import { checkObject } from "./rules.js";
import { validateSchema } from "./schema.js";

/** Validate every object of the project on its own. */
export function validate(project: Project, attack?: AttackTable): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const obj of allObjects(project)) out.push(...validateSchema(obj), ...checkObject(obj, project, attack));
  return out;
}
