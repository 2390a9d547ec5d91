// The static HTML report (`docs --html`): one self-contained file (inline CSS and JS, no external assets)
// with an ATT&CK coverage matrix (tactics x techniques, coloured by detection count, linked to the
// detection list and pages) and a searchable detection list. Pure: values in, one OutputFile out.
import { tacticTitle } from "../attack/resolve.js";
import type { AttackTable } from "../attack/table.js";
import type { OutputFile } from "../render/output.js";
import { coverageOf } from "./layer.js";
import type { DocDetection } from "./model.js";
import type { SiteInput } from "./site.js";
import { docsTemplate } from "./templates.js";
import { byCodePoint, slug } from "./text.js";

export interface MatrixCell {
  id: string;
  name: string;
  /** Detections mapping this technique or (for a parent) any of its sub-techniques. */
  count: number;
  /** 0 (none) .. 5 (16 or more): the colour step. */
  level: number;
  detections: string[];
  subs: MatrixCell[];
}

export interface MatrixColumn {
  title: string;
  covered: number;
  cells: MatrixCell[];
}

/** Colour step of a count: 0, 1, 2-3, 4-7, 8-15, 16+. */
export const levelOf = (n: number): number => (n <= 0 ? 0 : Math.min(5, Math.floor(Math.log2(n)) + 1));

/** Tactic columns in matrix order; ids the table lacks go to a last column. */
export function buildMatrix(detections: DocDetection[], attack: AttackTable | undefined): MatrixColumn[] {
  const { byTechnique } = coverageOf(detections);
  const names = (ds: DocDetection[] | undefined) => [...new Set((ds ?? []).map((d) => d.name))];
  const cell = (id: string, name: string, ds: DocDetection[], subs: MatrixCell[]): MatrixCell => ({
    id, name, count: ds.length, level: levelOf(ds.length), detections: names(ds), subs,
  });
  const columns: MatrixColumn[] = [];
  if (attack) {
    const all = Object.values(attack.techniques).filter((t) => !t.revoked && !t.deprecated);
    const subsOf = new Map<string, typeof all>();
    for (const t of all) {
      if (!t.parent) continue;
      const list = subsOf.get(t.parent);
      if (list) list.push(t);
      else subsOf.set(t.parent, [t]);
    }
    for (const tactic of Object.values(attack.tactics)) {
      const cells = all
        .filter((t) => !t.parent && t.tactics.includes(tactic.shortname))
        .sort((a, b) => byCodePoint(a.name, b.name))
        .map((t) => {
          const subs = (subsOf.get(t.id) ?? [])
            .filter((s) => s.tactics.includes(tactic.shortname) && byTechnique.has(s.id))
            .sort((a, b) => byCodePoint(a.id, b.id))
            .map((s) => cell(s.id, s.name, byTechnique.get(s.id)!, []));
          const ds = new Set([...(byTechnique.get(t.id) ?? []), ...subs.flatMap((s) => byTechnique.get(s.id)!)]);
          return cell(t.id, t.name, [...ds], subs);
        });
      columns.push({ title: tacticTitle(tactic.shortname), covered: cells.filter((c) => c.count > 0).length, cells });
    }
  }
  const unknown = [...byTechnique.keys()].filter((id) => !attack || !Object.hasOwn(attack.techniques, id)).sort(byCodePoint);
  if (unknown.length) {
    const cells = unknown.map((id) => cell(id, "", byTechnique.get(id)!, []));
    columns.push({ title: attack ? `Not in ATT&CK ${attack.version}` : "ATT&CK ids (no ATT&CK table)", covered: cells.length, cells });
  }
  return columns;
}

/** One row of the detection list; `search` is the lower-case text the filter matches. */
function listRow(d: DocDetection) {
  const techniques = d.attack.map((a) => (a.technique ? `${a.id} ${a.technique.name}` : a.id));
  const tactics = [...new Set(d.attack.flatMap((a) => a.technique?.tactics ?? []))];
  const search = [d.name, d.id, d.type, d.kind, d.date, ...techniques, ...tactics, ...d.stories, ...d.products, ...d.datamodels]
    .join(" ")
    .toLowerCase();
  return { d, techniques, tactics, search, href: d.page };
}

export function renderHtmlReport(site: SiteInput, attack: AttackTable | undefined): OutputFile {
  const columns = buildMatrix(site.detections, attack);
  const covered = new Set(site.detections.flatMap((d) => d.attack.map((a) => a.id))).size;
  const contents = docsTemplate("report.html.ejs")({
    title: site.title,
    attackVersion: attack?.version,
    counts: { detections: site.detections.length, stories: site.stories.length, techniques: covered },
    columns,
    rows: site.detections.map(listRow),
    slug,
  });
  return { path: "report.html", contents };
}
