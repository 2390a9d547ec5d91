// Unique ids (across all kinds) and unique names (per kind; macros per name and arity). Both files are named.
import type { Diagnostic } from "../diag/diagnostic.js";
import * as codes from "../diag/codes.js";
import type { ContentObject, Project } from "../model/project.js";
import { allObjects } from "./objects.js";

function findDuplicates(
  objects: ContentObject<any>[],
  keyOf: (o: ContentObject<any>) => string | undefined,
  pointer: string,
  make: (key: string, o: ContentObject<any>) => ReturnType<typeof codes.duplicateId>,
): Diagnostic[] {
  const first = new Map<string, ContentObject<any>>();
  const out: Diagnostic[] = [];
  for (const o of objects) {
    const key = keyOf(o);
    if (key === undefined) continue;
    const prev = first.get(key);
    if (!prev) {
      first.set(key, o);
      continue;
    }
    out.push({
      file: o.origin.file,
      span: o.origin.locate(pointer),
      ...make(key, o),
      related: [{ file: prev.origin.file, span: prev.origin.locate(pointer), message: "first defined here" }],
    });
  }
  return out;
}

/** SC3001 duplicate id, SC3002 duplicate name. */
export function checkUnique(project: Project): Diagnostic[] {
  const all = allObjects(project);
  const out = findDuplicates(all, (o) => (typeof o.data.id === "string" ? o.data.id.toLowerCase() : undefined), "/id", (k, o) =>
    codes.duplicateId(k, o.kind.replace("_", " ")),
  );
  const byKind = new Map<string, ContentObject<any>[]>();
  for (const o of all) byKind.set(o.kind, [...(byKind.get(o.kind) ?? []), o]);
  for (const [kind, objects] of byKind) {
    const keyOf = (o: ContentObject<any>) =>
      typeof o.data.name !== "string" ? undefined : kind === "macro" ? `${o.data.name}(${Array.isArray(o.data.arguments) ? o.data.arguments.length : 0})` : o.data.name;
    out.push(...findDuplicates(objects, keyOf, "/name", (_k, o) => codes.duplicateName(o.data.name, kind.replace("_", " "))));
  }
  return out;
}
