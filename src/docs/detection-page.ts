// Renders one detection page (docs/_posts/<date>-<slug>.md) from the values model.ts derived.
import type { CveTable } from "./cve.js";
import type { DocDetection } from "./model.js";
import { docsTemplate } from "./templates.js";
import { htmlEscape, slug, tableCell, yamlPlain, yamlQuoted } from "./text.js";

export interface PageLinks {
  repository: string;
  branch: string;
}

/** The page text, byte-compatible with ESCU's doc_gen pages. */
export function renderDetectionPage(d: DocDetection, links: PageLinks, cve?: CveTable): string {
  const cves = d.cves.map((id) => ({ id, summary: cve?.get(id.toUpperCase())?.summary ?? "", cvss: cve?.get(id.toUpperCase())?.cvss ?? "" }));
  return docsTemplate("detection.md.ejs", { noFinalNewline: true })({
    d,
    cves,
    repo: links.repository,
    branch: links.branch,
    filterMacro: `${slug(d.name)}_filter`,
    slug,
    fq: (v: unknown) => yamlQuoted(htmlEscape(v)),
    fv: (v: unknown) => yamlPlain(htmlEscape(v)),
    cell: (v: unknown) => tableCell(htmlEscape(v)),
  });
}
