// generateDocs: the whole docs site of a loaded project as OutputFile[] (detection pages, story pages,
// indexes, tag pages, navigation, index page, ATT&CK Navigator layer, optional HTML report).
// Pure and deterministic: the same project, ATT&CK table and CVE table give the same bytes.
import type { AttackTable } from "../attack/table.js";
import type { Diagnostic } from "../diag/diagnostic.js";
import type { Project } from "../model/project.js";
import type { OutputFile } from "../render/output.js";
import { noCveDetails, pageCollision } from "./codes.js";
import type { CveTable } from "./cve.js";
import { renderDetectionPage } from "./detection-page.js";
import { renderHtmlReport } from "./html-report.js";
import { renderNavigatorLayer } from "./layer.js";
import { buildDetections, type DocDetection } from "./model.js";
import { renderPlaybookPages } from "./playbooks.js";
import { buildStories, renderSitePages, type DocStory } from "./site.js";
import { str } from "./text.js";

export interface GenerateOptions {
  attack?: AttackTable;
  cve?: CveTable;
  /** How to name the CVE source in warnings, and whether that file exists. */
  cveSource?: { file: string; present: boolean };
  html?: boolean;
}

export interface DocsResult {
  files: OutputFile[];
  diagnostics: Diagnostic[];
  detections: DocDetection[];
  stories: DocStory[];
  /** Detection pages actually written (same-named detections of the same date share one page). */
  detectionPages: number;
}

/** Settings from secpack.yml `docs:` {repository, branch, title}. */
function docsConfig(project: Project) {
  const raw = (project.config.raw.docs ?? {}) as Record<string, unknown>;
  return {
    repository: (str(raw.repository) || "https://github.com/splunk/security_content").replace(/\/+$/, ""),
    branch: str(raw.branch) || "develop",
    title: str(raw.title) || project.config.app.title,
  };
}

export function generateDocs(project: Project, opts: GenerateOptions = {}): DocsResult {
  const cfg = docsConfig(project);
  const { detections, diagnostics } = buildDetections(project, { attack: opts.attack, repository: cfg.repository, branch: cfg.branch });
  const pages = new Map<string, { file: OutputFile; source: DocDetection }>();
  for (const d of detections) {
    const earlier = pages.get(d.page);
    if (earlier) {
      diagnostics.push({
        file: d.object.origin.file,
        ...pageCollision(d.page),
        related: [{ file: earlier.source.object.origin.file, message: "replaced page" }],
      });
    }
    pages.set(d.page, { file: { path: d.page, contents: renderDetectionPage(d, cfg, opts.cve) }, source: d });
  }
  const missingCves = [...new Set(detections.flatMap((d) => d.cves).filter((id) => !opts.cve?.has(id.toUpperCase())))].sort();
  if (missingCves.length && opts.cveSource) diagnostics.push({ file: opts.cveSource.file, ...noCveDetails(missingCves, opts.cveSource.file, opts.cveSource.present) });
  const stories = buildStories(project, detections, cfg.repository, cfg.branch);
  const site = { title: cfg.title, detections, stories, playbooks: project.playbooks.length, attackVersion: opts.attack?.version };
  const files = [
    ...[...pages.values()].map((p) => p.file),
    ...renderSitePages(site),
    ...renderPlaybookPages(project, detections, cfg.repository, cfg.branch),
    renderNavigatorLayer(cfg.title, detections, opts.attack?.version),
  ];
  if (opts.html) files.push(renderHtmlReport(site, opts.attack));
  return { files, diagnostics, detections, stories, detectionPages: pages.size };
}
