// Which detections get pages, in which order, and every value a detection page shows (ESCU doc_gen §8.7, §9.1),
// derived once from the loaded project. Pure: no I/O; problems become diagnostics.
import { resolveTechnique, type ResolvedTechnique } from "../attack/resolve.js";
import { ATTACK_TABLE_FILE, type AttackTable } from "../attack/table.js";
import type { Diagnostic } from "../diag/diagnostic.js";
import type { ContentObject, Project } from "../model/project.js";
import type { Detection, Lookup, Macro } from "../model/types.js";
import { noAttackTable, retiredTechnique, unknownTechnique } from "./codes.js";
import type { CveTable } from "./cve.js";
import { byCodePoint, capitalize, num, pyFloat, slug, str, strList } from "./text.js";

export interface AttackEntry {
  id: string;
  /** https://attack.mitre.org/techniques/T1003/003/ */
  url: string;
  /** Undefined when the table lacks the id. */
  technique?: ResolvedTechnique;
}

export interface DocLookup {
  name: string;
  /** The "data" link: the lookup file, or "" for a KV store / fields_list lookup. */
  dataUrl: string;
}

export interface DocRba {
  score: string;
  impact: string;
  confidence: string;
  message: string;
}

export interface DocDetection {
  object: ContentObject<Detection>;
  name: string;
  id: string;
  version: string;
  date: string;
  author: string;
  type: string;
  description: string;
  search: string;
  howToImplement: string;
  knownFalsePositives: string;
  /** "Endpoint": the parent folder, capitalized. */
  kind: string;
  experimental: boolean;
  products: string[];
  datamodels: string[];
  cves: string[];
  attack: AttackEntry[];
  macros: string[];
  lookups: DocLookup[];
  requiredFields: string[];
  stories: string[];
  killChain: string[];
  references: string[];
  datasets: string[];
  rba?: DocRba;
  /** Page file, e.g. "_posts/2021-11-29-detect_dump_lsass_memory_using_comsvcs.md". */
  page: string;
  /** Site link, e.g. "/endpoint/detect_dump_lsass_memory_using_comsvcs/". */
  permalink: string;
  /** Link to the YAML in the source repository (built from the name, as doc_gen did). */
  sourceUrl: string;
}

export interface DocsOptions {
  attack?: AttackTable;
  cve?: CveTable;
  /** Repository links: default https://github.com/splunk/security_content, branch develop. */
  repository?: string;
  branch?: string;
}

/** doc_gen's folder walk order; other folders follow alphabetically. */
const FOLDER_ORDER = ["endpoint", "application", "cloud", "network", "web", "experimental"];
const NOT_DOCUMENTED_TYPES = new Set(["baseline", "investigation"]);

const isDeprecated = (o: ContentObject<Detection>) =>
  str(o.data.status).toLowerCase() === "deprecated" || o.origin.file.toLowerCase().includes("deprecated");
const isExperimental = (o: ContentObject<Detection>) =>
  str(o.data.status).toLowerCase() === "experimental" || o.origin.file.toLowerCase().includes("experimental");

/** Detections that get a page: not Baseline/Investigation, not deprecated; sorted by name, ties by folder order then path. */
export function documentedDetections(project: Project): ContentObject<Detection>[] {
  const rankOf = (o: ContentObject<Detection>) => {
    const i = FOLDER_ORDER.indexOf(o.group.split("/")[0]);
    return i < 0 ? FOLDER_ORDER.length : i;
  };
  return project.detections
    .filter((o) => o.data && typeof o.data === "object" && !NOT_DOCUMENTED_TYPES.has(str(o.data.type).toLowerCase()) && !isDeprecated(o))
    .sort((a, b) => rankOf(a) - rankOf(b) || byCodePoint(a.origin.file, b.origin.file))
    .sort((a, b) => byCodePoint(str(a.data.name), str(b.data.name)));
}

/** Backtick macro calls shown on a page: doc_gen's token rule (§9.1 Macros), de-duplicated and sorted. */
export function pageMacros(search: string, macros: Map<string, Macro>): string[] {
  const names = new Set<string>();
  for (const m of search.matchAll(/`\S+`/g)) {
    const token = m[0];
    if (/cim_|get_|_filter|drop_dm_object_name/.test(token)) continue;
    const name = token.slice(1, -1).split("(")[0];
    if (macros.has(name)) names.add(name);
  }
  return [...names].sort(byCodePoint);
}

/** Lookups used by the listed macros' definitions, then the search; not de-duplicated (§10.6), sorted. */
export function pageLookups(search: string, macroNames: string[], macros: Map<string, Macro>, lookups: Map<string, Lookup>, fileUrl: (f: string) => string): DocLookup[] {
  const texts = [...macroNames.map((n) => str(macros.get(n)?.definition)), search];
  const found: DocLookup[] = [];
  for (const text of texts) {
    for (const m of text.matchAll(/lookup\s+(?:update=true\s+)?(?:append=t\s+)?(\S+)/g)) {
      const lk = lookups.get(m[1]);
      if (!lk) continue;
      const file = lk.fields_list || !lk.filename ? "" : fileUrl(str(lk.filename));
      found.push({ name: m[1], dataUrl: file });
    }
  }
  return found.sort((a, b) => byCodePoint(a.name, b.name));
}

/** Data models: the YAML `datamodel` list, else the `datamodel=X.Y` / `datamodel:X` names in the search. */
export function pageDatamodels(d: Detection): string[] {
  if (d.datamodel !== undefined) return strList(d.datamodel);
  const seen = new Set<string>();
  for (const m of str(d.search).matchAll(/datamodel\s*[=:]\s*"?([A-Za-z][A-Za-z_]*)/g)) seen.add(m[1]);
  return [...seen];
}

export const techniqueUrl = (id: string): string => `https://attack.mitre.org/techniques/${id.replace(".", "/")}/`;

function rbaOf(d: Detection): DocRba | undefined {
  const tags = d.tags ?? {};
  const observable = Array.isArray(tags.observable) && tags.observable.length > 0;
  if (!observable && !d.rba) return undefined;
  const impact = num(tags.impact);
  const confidence = num(tags.confidence);
  let score = impact !== undefined && confidence !== undefined ? pyFloat((impact * confidence) / 100) : "";
  if (!score && d.rba?.risk_objects?.length) score = pyFloat(Math.max(...d.rba.risk_objects.map((r) => num(r.score) ?? 0)));
  return { score, impact: str(tags.impact), confidence: str(tags.confidence), message: str(tags.message ?? d.rba?.message) };
}

function datasetsOf(d: Detection): string[] {
  if (d.tags?.dataset !== undefined) return strList(d.tags.dataset);
  const out: string[] = [];
  for (const t of Array.isArray(d.tests) ? d.tests : []) {
    for (const a of Array.isArray(t?.attack_data) ? t.attack_data : []) if (a?.data) out.push(str(a.data).trim());
  }
  return out;
}

/** Kind shown in `categories`: the parent folder, capitalized (a file directly in detections/ uses its security_domain). */
function kindOf(o: ContentObject<Detection>): string {
  const parent = o.group.split("/").filter(Boolean).pop();
  return capitalize(parent ?? (str(o.data.tags?.security_domain) || "detection"));
}

/** Build every page's values and report ATT&CK problems. */
export function buildDetections(project: Project, opts: DocsOptions): { detections: DocDetection[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const macros = new Map(project.macros.map((m) => [str(m.data?.name), m.data]));
  const lookups = new Map(project.lookups.map((l) => [str(l.data?.name), l.data]));
  const repo = (opts.repository ?? "https://github.com/splunk/security_content").replace(/\/+$/, "");
  const branch = opts.branch ?? "develop";
  const attackVersion = opts.attack?.version ?? "";
  let unresolvedWithoutTable = 0;
  const detections = documentedDetections(project).map((o): DocDetection => {
    const d = o.data;
    const tags = d.tags && typeof d.tags === "object" ? d.tags : {};
    const search = str(d.search);
    const attack = strList(tags.mitre_attack_id).map((id, i): AttackEntry => {
      const technique = resolveTechnique(opts.attack, id);
      // Spans are computed only for a diagnostic: locating re-reads positions and is costly at corpus scale.
      const at = () => ({ file: o.origin.file, span: o.origin.locate(`/tags/mitre_attack_id/${i}`) });
      if (!opts.attack) unresolvedWithoutTable++;
      else if (!technique) diagnostics.push({ ...at(), ...unknownTechnique(id, attackVersion) });
      else if (technique.revoked || technique.deprecated) {
        diagnostics.push({ ...at(), ...retiredTechnique(id, attackVersion, technique.revoked ? "revoked" : "deprecated") });
      }
      return { id: id.trim(), url: techniqueUrl(id.trim()), technique };
    });
    const macroNames = pageMacros(search, macros);
    const kind = kindOf(o);
    const name = str(d.name);
    const date = str(d.date);
    const pathExperimental = o.origin.file.toLowerCase().includes("experimental");
    return {
      object: o,
      name,
      id: str(d.id),
      version: str(d.version),
      date,
      author: str(d.author),
      type: str(d.type),
      description: str(d.description),
      search,
      howToImplement: str(d.how_to_implement),
      knownFalsePositives: str(d.known_false_positives),
      kind,
      experimental: isExperimental(o),
      products: strList(tags.product),
      datamodels: pageDatamodels(d),
      cves: strList(tags.cve),
      attack,
      macros: macroNames,
      lookups: pageLookups(search, macroNames, macros, lookups, (f) => `${repo}/blob/${branch}/lookups/${f}`),
      requiredFields: strList(tags.required_fields),
      stories: strList(tags.analytic_story),
      killChain: strList(tags.kill_chain_phases),
      references: strList(d.references),
      datasets: datasetsOf(d),
      rba: rbaOf(d),
      page: `_posts/${date}-${slug(name)}.md`,
      permalink: `/${kind.toLowerCase()}/${slug(name)}/`,
      sourceUrl: `${repo}/tree/${branch}/detections/${pathExperimental ? "experimental/" : ""}${kind.toLowerCase()}/${slug(name)}.yml`,
    };
  });
  if (unresolvedWithoutTable > 0) diagnostics.push({ file: ATTACK_TABLE_FILE, ...noAttackTable(unresolvedWithoutTable) });
  return { detections, diagnostics };
}
