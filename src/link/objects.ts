// Views over a project used by the cross-file rules. Pure.
import type { ContentObject, Project } from "../model/project.js";
import type { Detection } from "../model/types.js";

/** Every loaded object, in a stable order (by kind, then file). */
export function allObjects(p: Project): ContentObject<any>[] {
  return [p.detections, p.stories, p.baselines, p.investigations, p.macros, p.lookups, p.dataSources, p.deployments, p.playbooks].flat();
}

/** Objects that carry an SPL search: detections, baselines, investigations. */
export function searchObjects(p: Project): ContentObject<Detection>[] {
  return [...p.detections, ...p.baselines, ...p.investigations].filter((o) => typeof o.data.search === "string");
}
