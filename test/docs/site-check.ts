// Well-formedness checks of a rendered docs site (in memory): every markdown page has front matter that
// parses as YAML (no errors, no warnings, string titles and tags), every markdown table row has the same
// number of cells as its header, and every site-internal link points at a page or tag the site has.
import { parseDocument } from "yaml";
import type { OutputFile } from "../../src/render/output.js";

export interface SiteProblems {
  frontMatter: string[];
  tables: string[];
  /** Internal link target -> pages linking to it. */
  brokenLinks: Map<string, string[]>;
}

const FRONT_MATTER = /^---\n([\s\S]*?)\n---(?:\n|$)/;

/** Parse a page's front matter; returns the value or throws with the first YAML error. */
export function frontMatter(text: string): { data: Record<string, unknown>; body: string } {
  const m = FRONT_MATTER.exec(text);
  if (!m) throw new Error("no front matter");
  const doc = parseDocument(m[1], { uniqueKeys: true });
  const first = doc.errors[0] ?? doc.warnings[0];
  if (first) throw new Error(first.message.split("\n")[0]);
  const data = doc.toJS();
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error("front matter is not a mapping");
  return { data, body: text.slice(m[0].length) };
}

/** Table cells of a row, honouring `\|` escapes (GFM). */
export const tableCells = (row: string): number => row.replace(/\\\|/g, "").split("|").length;

/** Link targets of a line: `](target)`, allowing one level of balanced parentheses in the target. */
const LINK = /\]\(((?:[^()\s]|\([^()\s]*\))*)\)/g;

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&#34;": '"', "&#39;": "'" };
const decodeEntities = (s: string): string => s.replace(/&(?:amp|lt|gt|#34|#39);/g, (e) => ENTITIES[e]);

export function checkSite(files: OutputFile[]): SiteProblems {
  const frontMatterProblems: string[] = [];
  const tables: string[] = [];
  const brokenLinks = new Map<string, string[]>();
  const targets = new Set<string>();
  const tagAnchors = new Set<string>();
  const pages: { path: string; body: string }[] = [];
  for (const f of files) {
    if (!/\.(md|markdown)$/.test(f.path)) continue;
    let parsed;
    try {
      parsed = frontMatter(String(f.contents));
    } catch (e) {
      frontMatterProblems.push(`${f.path}: ${(e as Error).message}`);
      continue;
    }
    const { data, body } = parsed;
    if (typeof data.title !== "string") frontMatterProblems.push(`${f.path}: title is not a string: ${JSON.stringify(data.title)}`);
    for (const key of ["tags", "categories"]) {
      const list = data[key];
      if (list === undefined) continue;
      if (!Array.isArray(list)) frontMatterProblems.push(`${f.path}: ${key} is not a list`);
      else for (const t of list) if (typeof t !== "string") frontMatterProblems.push(`${f.path}: ${key} item is not a string: ${JSON.stringify(t)}`);
    }
    for (const t of Array.isArray(data.tags) ? data.tags : []) tagAnchors.add(String(t).toLowerCase().replace(/ /g, "-"));
    const m = /^_posts\/\d{4}-\d\d-\d\d-(.*)\.md$/.exec(f.path);
    if (m && Array.isArray(data.categories)) targets.add(`/${String(data.categories[0]).toLowerCase()}/${m[1]}/`);
    const story = /^_stories\/(.*)\.md$/.exec(f.path);
    if (story) targets.add(`/stories/${story[1]}`);
    if (typeof data.permalink === "string") targets.add(data.permalink);
    pages.push({ path: f.path, body });
  }
  const norm = (t: string) => t.replace(/\/$/, "");
  const known = new Set([...targets].map(norm));
  for (const { path, body } of pages) {
    let inCode = false;
    let columns: number | undefined;
    for (const [i, line] of body.split("\n").entries()) {
      if (line.startsWith("```")) inCode = !inCode;
      if (inCode || line.startsWith("```")) {
        columns = undefined;
        continue;
      }
      if (line.startsWith("|")) {
        const n = tableCells(line);
        if (columns === undefined) columns = n;
        else if (n !== columns) tables.push(`${path}: body line ${i + 1}: ${n - 2} cells, header has ${columns - 2}: ${line.slice(0, 120)}`);
      } else columns = undefined;
      for (const [, href] of line.matchAll(LINK)) {
        // Markdown decodes entity references in link destinations (detection pages HTML-escape slugs).
        const target = decodeEntities(href);
        if (!target.startsWith("/")) continue;
        const ok = target.startsWith("/tags/#") ? tagAnchors.has(target.slice(7)) : known.has(norm(target));
        if (!ok) brokenLinks.set(target, [...(brokenLinks.get(target) ?? []), path]);
      }
    }
  }
  return { frontMatter: frontMatterProblems, tables, brokenLinks };
}
