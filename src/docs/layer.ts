// The ATT&CK Navigator layer of the documented detections: each technique scored by how many detections
// map to it (a detection listing an id twice counts once). Load it at https://mitre-attack.github.io/attack-navigator/.
import type { OutputFile } from "../render/output.js";
import type { DocDetection } from "./model.js";
import { byCodePoint } from "./text.js";

export interface Coverage {
  /** ATT&CK id -> documented detections mapping it, in name order. */
  byTechnique: Map<string, DocDetection[]>;
}

/** Which detections cover which ATT&CK id. */
export function coverageOf(detections: DocDetection[]): Coverage {
  const byTechnique = new Map<string, DocDetection[]>();
  for (const d of detections) {
    for (const id of new Set(d.attack.map((a) => a.id))) {
      const list = byTechnique.get(id);
      if (list) list.push(d);
      else byTechnique.set(id, [d]);
    }
  }
  return { byTechnique };
}

/** Navigator layer format 4.5 (navigator 4.9). */
export function renderNavigatorLayer(title: string, detections: DocDetection[], attackVersion?: string): OutputFile {
  const { byTechnique } = coverageOf(detections);
  const ids = [...byTechnique.keys()].sort(byCodePoint);
  const max = Math.max(1, ...ids.map((id) => byTechnique.get(id)!.length));
  // Parents of covered sub-techniques are shown expanded; an uncovered parent gets an entry without a score.
  const expanded = new Set(ids.filter((id) => id.includes(".")).map((id) => id.split(".")[0]));
  const withParents = [...new Set([...ids, ...expanded])].sort(byCodePoint);
  const layer = {
    name: `${title} detection coverage`,
    versions: { attack: (attackVersion ?? "").split(".")[0] || undefined, navigator: "4.9.1", layer: "4.5" },
    domain: "enterprise-attack",
    description: `${detections.length} documented detections covering ${ids.length} ATT&CK techniques; score = number of detections.`,
    sorting: 3,
    layout: { layout: "side", showID: true, showName: true },
    hideDisabled: false,
    techniques: withParents.map((id) => {
      const list = byTechnique.get(id);
      const expand = expanded.has(id);
      // A parent that only its sub-techniques cover: no score, just expanded (Navigator hides sub-techniques otherwise).
      if (!list) return { techniqueID: id, enabled: true, showSubtechniques: true };
      return {
        techniqueID: id,
        score: list.length,
        enabled: true,
        showSubtechniques: expand,
        comment: list.map((d) => d.name).join("; "),
        metadata: list.map((d) => ({ name: d.type || "detection", value: d.name })),
      };
    }),
    gradient: { colors: ["#ffe766", "#ff9c33", "#ff4d4d"], minValue: 1, maxValue: max },
    legendItems: [],
    showTacticRowBackground: false,
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
  };
  return { path: "attack-navigator-layer.json", contents: JSON.stringify(layer, null, 2) + "\n" };
}
