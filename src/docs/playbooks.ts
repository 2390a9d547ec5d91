// SOAR playbook pages (_playbooks/<slug>.md, §9.2): type, products, apps, platform tags, and links to the
// documented detections the playbook lists in tags.detections.
import type { Project } from "../model/project.js";
import type { OutputFile } from "../render/output.js";
import type { DocDetection } from "./model.js";
import { docsTemplate } from "./templates.js";
import { byCodePoint, htmlEscape, slug, str, strList, yamlPlain, yamlQuoted } from "./text.js";

export function renderPlaybookPages(project: Project, detections: DocDetection[], repo: string, branch: string): OutputFile[] {
  const byName = new Map<string, DocDetection>();
  for (const d of detections) byName.set(d.name, d);
  const template = docsTemplate("playbook.md.ejs", { noFinalNewline: true });
  const pages = new Map<string, string>();
  const sorted = project.playbooks.filter((o) => o.data && typeof o.data === "object").sort((a, b) => byCodePoint(str(a.data.name), str(b.data.name)));
  for (const o of sorted) {
    const data = o.data as Record<string, any>;
    const tags = data.tags && typeof data.tags === "object" ? data.tags : {};
    const name = str(data.name);
    const p = {
      name,
      id: str(data.id),
      version: str(data.version),
      date: str(data.date),
      author: str(data.author),
      type: str(data.type),
      description: str(data.description),
      howToImplement: str(data.how_to_implement),
      references: strList(data.references),
      apps: strList(data.app_list),
      products: strList(tags.product),
      platformTags: strList(tags.platform_tags),
      detections: strList(tags.detections).map((n) => byName.get(n)).filter((d): d is DocDetection => !!d),
      sourceUrl: `${repo}/tree/${branch}/playbooks/${slug(name)}.yml`,
    };
    pages.set(`_playbooks/${slug(name)}.md`, template({ p, fq: (v: unknown) => yamlQuoted(htmlEscape(v)), fv: (v: unknown) => yamlPlain(htmlEscape(v)) }));
  }
  return [...pages].map(([path, contents]) => ({ path, contents }));
}
