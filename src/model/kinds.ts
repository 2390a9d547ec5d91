// The content kinds, stated once: folder name <-> kind.

export const KINDS = [
  "detection",
  "macro",
  "lookup",
  "story",
  "baseline",
  "investigation",
  "playbook",
  "data_source",
  "deployment",
] as const;

export type Kind = (typeof KINDS)[number];

/** The top-level folder of each kind under a content root. */
export const KIND_FOLDERS: Record<Kind, string> = {
  detection: "detections",
  macro: "macros",
  lookup: "lookups",
  story: "stories",
  baseline: "baselines",
  investigation: "investigations",
  playbook: "playbooks",
  data_source: "data_sources",
  deployment: "deployments",
};
