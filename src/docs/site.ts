// The pages around the detection pages (ESCU docs §9.2): story pages, the detections and stories
// indexes, tag pages for tactics, data models and story categories, navigation data and the index.
// Pure: values in, OutputFile[] out.
import type { ContentObject, Project } from "../model/project.js";
import type { Story } from "../model/types.js";
import type { OutputFile } from "../render/output.js";
import type { DocDetection } from "./model.js";
import { docsTemplate } from "./templates.js";
import { byCodePoint, slug, str, strList, tableCell, tagSlug, yamlPlain, yamlQuoted } from "./text.js";

export interface DocStory {
  object: ContentObject<Story>;
  name: string;
  id: string;
  version: string;
  date: string;
  author: string;
  description: string;
  narrative: string;
  references: string[];
  products: string[];
  categories: string[];
  killChain: string[];
  /** Union of the YAML data models of the story's documented detections, sorted. */
  datamodels: string[];
  /** Documented detections tagged with the story, by name. */
  detections: DocDetection[];
  /** Techniques (names) and tactics covered by those detections, in first-seen order. */
  techniques: string[];
  tactics: string[];
  page: string;
  sourceUrl: string;
}

const raw = (v: unknown) => str(v);
const uniq = (xs: Iterable<string>) => [...new Set(xs)];

/**
 * Technique names of a detection as tag links. An id the ATT&CK table lacks is shown as the bare id: no
 * page is tagged with it, so a tag link would lead nowhere.
 */
export const techniqueLinks = (d: DocDetection): string =>
  uniq(d.attack.map((a) => (a.technique ? `[${a.technique.name}](/tags/#${tagSlug(a.technique.name)})` : tableCell(a.id)))).join(", ");

/** Front matter and table helpers of the unescaped pages (story pages, indexes, tag pages, navigation). */
const rawHelpers = {
  fq: (v: unknown) => yamlQuoted(str(v)),
  fv: (v: unknown) => yamlPlain(str(v)),
  cell: (v: unknown) => tableCell(str(v)),
};

/** Story values, with the detections that reference each story. */
export function buildStories(project: Project, detections: DocDetection[], repo: string, branch: string): DocStory[] {
  const byStory = new Map<string, DocDetection[]>();
  for (const d of detections) {
    for (const s of uniq(d.stories)) {
      const list = byStory.get(s);
      if (list) list.push(d);
      else byStory.set(s, [d]);
    }
  }
  return project.stories
    .filter((o) => o.data && typeof o.data === "object")
    .map((o): DocStory => {
      const s = o.data;
      const tags = s.tags && typeof s.tags === "object" ? s.tags : {};
      const name = str(s.name);
      const dets = byStory.get(name) ?? [];
      const resolved = dets.flatMap((d) => d.attack.map((a) => a.technique).filter((t) => t !== undefined));
      return {
        object: o,
        name,
        id: str(s.id),
        version: str(s.version),
        date: str(s.date),
        author: str(s.author),
        description: str(s.description),
        narrative: str(s.narrative),
        references: strList(s.references),
        products: strList(tags.product),
        categories: strList(tags.category),
        killChain: strList(tags.kill_chain_phases),
        datamodels: uniq(dets.flatMap((d) => d.datamodels)).sort(byCodePoint),
        detections: dets,
        techniques: uniq(resolved.map((t) => t.name)),
        tactics: uniq(resolved.flatMap((t) => t.tactics)),
        page: `_stories/${slug(name)}.md`,
        sourceUrl: `${repo}/tree/${branch}/stories/${slug(name)}.yml`,
      };
    })
    .sort((a, b) => byCodePoint(a.name, b.name));
}

export interface SiteInput {
  title: string;
  detections: DocDetection[];
  stories: DocStory[];
  playbooks: number;
  attackVersion?: string;
}

/** The tactic, data model and category names the navigation and tag pages use. */
export function taxonomy(site: SiteInput) {
  const tactics = uniq(site.detections.flatMap((d) => d.attack.flatMap((a) => a.technique?.tactics ?? []))).sort(byCodePoint);
  const datamodels = uniq(site.detections.flatMap((d) => d.datamodels)).sort(byCodePoint);
  const categories = uniq(site.stories.map((s) => s.categories[0]).filter((c): c is string => !!c)).sort(byCodePoint);
  return { tactics, datamodels, categories };
}

/** Every page except the detection pages. */
export function renderSitePages(site: SiteInput): OutputFile[] {
  const out: OutputFile[] = [];
  const page = (name: string, locals: Record<string, unknown>) =>
    docsTemplate(name, { noFinalNewline: true, escape: raw })({ ...locals, ...rawHelpers, slug, tagSlug, techniqueLinks });
  for (const s of site.stories) out.push({ path: s.page, contents: page("story.md.ejs", { s }) });
  out.push({ path: "_pages/detections.md", contents: page("detections.md.ejs", { detections: site.detections }) });
  out.push({
    path: "_pages/stories.md",
    contents: page("stories.md.ejs", { title: "Analytic Stories", layout: "categories", permalink: "/stories/", taxonomy: "", stories: site.stories }),
  });
  const { tactics, datamodels, categories } = taxonomy(site);
  // One namespace, written in this order: a later page of the same name replaces an earlier one (§9.2).
  const pages = new Map<string, string>();
  for (const t of [...tactics, ...datamodels]) {
    pages.set(`_pages/${slug(t)}.md`, page("tag.md.ejs", { title: t, permalink: `/${slug(t)}/` }));
  }
  for (const c of categories) {
    const stories = site.stories.filter((s) => s.categories[0] === c);
    pages.set(`_pages/${slug(c)}.md`, page("stories.md.ejs", { title: c, layout: "tag", permalink: `/${slug(c)}/`, taxonomy: c, stories }));
  }
  for (const [path, contents] of pages) out.push({ path, contents });
  const groups = [
    { title: "Tactics", children: tactics },
    { title: "Data Models", children: datamodels },
    { title: "Story Categories", children: categories },
  ];
  out.push({ path: "_data/navigation.yml", contents: docsTemplate("navigation.yml.ejs", { escape: raw })({ groups, slug, ...rawHelpers }) });
  const byType = new Map<string, number>();
  for (const d of site.detections) byType.set(d.type, (byType.get(d.type) ?? 0) + 1);
  const counts = {
    detections: site.detections.length,
    stories: site.stories.length,
    playbooks: site.playbooks,
    techniques: new Set(site.detections.flatMap((d) => d.attack.map((a) => a.id))).size,
    tactics: tactics.length,
    datamodels: datamodels.length,
    categories: categories.length,
  };
  out.push({
    path: "index.markdown",
    contents: docsTemplate("index.markdown.ejs", { escape: raw })({
      ...rawHelpers,
      title: site.title,
      counts,
      attackVersion: site.attackVersion,
      byType: [...byType].sort((a, b) => byCodePoint(a[0], b[0])),
    }),
  });
  return out;
}
