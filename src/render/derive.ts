// Values the ESCU build derives rather than reads (escu-2024-examples.md, splunk-platform.md §3): stanza names,
// the filter macro name, mappings and annotations, risk objects, data models, providing technologies, severity,
// the deployment that schedules a search. Pure functions over the model; no I/O.
import type { ContentObject, Project } from "../model/project.js";
import type { Deployment, Detection, DrilldownSearch } from "../model/types.js";
import { PyFloat } from "./json.js";

export type Status = "production" | "experimental" | "deprecated" | "validation" | string;

/** Code-point order (Python's default), never localeCompare: output must not depend on the machine's locale. */
export const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const str = (v: unknown): string =>
  v === undefined || v === null ? "" : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);

export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null || v === "" ? [] : [v]);
export const strList = (v: unknown): string[] => list(v).map(str);

/** `<lowercase name, space - . / as _>_filter`, the per-detection tuning macro (stated once, in model/naming). */
export { filterMacroName } from "../model/naming.js";

/** A detection that is an SSA (SPL2 / Behavioral Analytics) pipeline: rendered into OUT/ssa, not into the app. */
export function isSsaDetection(d: Detection): boolean {
  if (d.ssa && typeof d.ssa === "object") return true;
  if (typeof d.search === "string" && /read_ssa_enriched_events\s*\(/.test(d.search)) return true;
  const products = strList(d.tags?.product);
  return products.includes("Splunk Behavioral Analytics") && !products.some((p) => /^Splunk (Enterprise|Cloud)/.test(p));
}

/** A story that only SSA content uses. */
export function isSsaOnlyStory(products: string[]): boolean {
  return products.length > 0 && products.every((p) => p === "Splunk Behavioral Analytics");
}

export function statusOf(d: { status?: unknown }, group: string): Status {
  if (typeof d.status === "string" && d.status) return d.status;
  // 2021-2022 layout: status was the folder (detections/deprecated/, detections/experimental/).
  if (/(^|\/)deprecated(\/|$)/.test(group)) return "deprecated";
  if (/(^|\/)experimental(\/|$)/.test(group)) return "experimental";
  return "production";
}

export function ruleStanza(prefix: string, name: string): string {
  return `${prefix} - ${name} - Rule`;
}
export function baselineStanza(prefix: string, name: string): string {
  return `${prefix} - ${name}`;
}
export function responseTaskStanza(prefix: string, name: string): string {
  return `${prefix} - ${name} - Response Task`;
}

// ---------------------------------------------------------------------------------------------- mappings

export function cis20(d: Detection): string[] {
  const own = strList(d.tags?.cis20);
  if (own.length) return own;
  return d.tags?.security_domain === "network" ? ["CIS 13"] : ["CIS 10"];
}

export function nist(d: Detection): string[] {
  const own = strList(d.tags?.nist);
  if (own.length) return own;
  return d.type === "TTP" ? ["DE.CM"] : ["DE.AE"];
}

/** action.escu.mappings / analyticstories `annotations`: frameworks with at least one entry. */
export function mappings(d: Detection): Record<string, string[]> {
  const m: Record<string, string[]> = {};
  m.cis20 = cis20(d);
  const kc = strList(d.tags?.kill_chain_phases);
  if (kc.length) m.kill_chain_phases = kc;
  const attack = strList(d.tags?.mitre_attack_id);
  if (attack.length) m.mitre_attack = attack;
  m.nist = nist(d);
  return m;
}

export function sortedStories(d: Detection): string[] {
  return [...new Set(strList(d.tags?.analytic_story))].sort(byCodePoint);
}

/** action.correlationsearch.annotations: mappings plus stories, scores, data sources, cve and type. */
export function annotations(d: Detection): Record<string, unknown> {
  const a: Record<string, unknown> = { analytic_story: sortedStories(d) };
  if (typeof d.tags?.confidence === "number") a.confidence = d.tags.confidence;
  if (typeof d.tags?.impact === "number") a.impact = d.tags.impact;
  const cve = strList(d.tags?.cve);
  if (cve.length) a.cve = cve;
  a.data_source = strList(d.data_source);
  a.type = d.type;
  a.type_list = [d.type];
  Object.assign(a, mappings(d));
  return a;
}

/** publish_time: the `date` as epoch seconds (UTC midnight), a float like contentctl's. */
export function metadata(d: Detection, status: Status): Record<string, unknown> {
  return {
    deprecated: status === "deprecated" ? "1" : "0",
    detection_id: str(d.id),
    detection_version: str(d.version),
    publish_time: new PyFloat(dateToEpoch(str(d.date)) ?? 0),
  };
}

export function dateToEpoch(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return undefined;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(t) ? undefined : t / 1000;
}

// ---------------------------------------------------------------------------------------------- data models, technologies

const DATAMODEL_RE = /\bdatamodel\s*(?:=|:|\s)\s*"?([A-Za-z][A-Za-z0-9_]*)/g;

/** CIM data models the search reads (`from datamodel=Endpoint.Processes`, `| datamodel Risk ...`), in order. */
export function dataModels(search: string): string[] {
  const out: string[] = [];
  for (const m of search.matchAll(DATAMODEL_RE)) if (!out.includes(m[1]!)) out.push(m[1]!);
  return out;
}

const ENDPOINT_TECH = [
  "Carbon Black Response",
  "CrowdStrike Falcon",
  "Microsoft Sysmon",
  "Microsoft Windows",
  "Symantec Endpoint Protection",
];
const GOOGLE = ["Google Cloud Platform", "Google Workspace"];
/** Search text -> technologies that provide its data (the ESCU table; `Endpoint` stands for the data model). */
const TECH_BY_KEYWORD: [string, string[]][] = [
  ["`amazon_security_lake`", ["Amazon Security Lake"]],
  ["audit_searches", ["Splunk Internal Logs"]],
  ["`azure_monitor_aad`", ["Azure AD", "Entra ID"]],
  ["`cloudtrail`", ["Amazon Web Services - Cloudtrail"]],
  ["Endpoint", ENDPOINT_TECH],
  ["`google_", GOOGLE],
  ["`gsuite", GOOGLE],
  ["`gws_", GOOGLE],
  ["`kube", ["Kubernetes"]],
  ["`ms_defender`", ["Microsoft Defender"]],
  ["`o365_", ["Microsoft Office 365"]],
  ["`okta", ["Okta"]],
  ["`pingid`", ["Ping ID"]],
  ["`powershell`", ["Microsoft Windows"]],
  ["`splunkd_", ["Splunk Internal Logs"]],
  ["`sysmon`", ["Microsoft Sysmon"]],
  ["`wineventlog_security`", ["Microsoft Windows"]],
  ["`zeek_", ["Zeek"]],
];

export function providingTechnologies(search: string): string[] {
  const found = new Set<string>();
  for (const [key, techs] of TECH_BY_KEYWORD) if (search.includes(key)) for (const t of techs) found.add(t);
  return [...found].sort(byCodePoint);
}

// ---------------------------------------------------------------------------------------------- risk

export interface RiskEntry {
  risk_object_field?: string;
  risk_object_type?: string;
  risk_score?: number;
  threat_object_field?: string;
  threat_object_type?: string;
}

export function riskScore(d: Detection): number {
  if (typeof d.tags?.risk_score === "number") return d.tags.risk_score;
  const c = typeof d.tags?.confidence === "number" ? d.tags.confidence : 0;
  const i = typeof d.tags?.impact === "number" ? d.tags.impact : 0;
  return Math.round((c * i) / 100);
}

const USER_TYPES = new Set(["user", "username", "email address"]);
const SYSTEM_TYPES = new Set(["device", "endpoint", "hostname", "ip address"]);
const THREAT_TYPE_ALIASES: Record<string, string> = {
  "process name": "process",
  process: "process",
  "file name": "file_name",
  file: "file_name",
  "file hash": "file_name",
  "ip address": "ip_address",
  "url string": "url",
  url: "url",
};

/** `_risk`: from the contentctl 5 `rba:` block when present, else from the observables (contentctl 4 rules). */
export function riskEntries(d: Detection): RiskEntry[] {
  if (d.rba && typeof d.rba === "object") {
    const out: RiskEntry[] = [];
    for (const r of d.rba.risk_objects ?? [])
      out.push({ risk_object_field: r.field, risk_object_type: r.type, risk_score: r.score });
    for (const t of d.rba.threat_objects ?? []) out.push({ threat_object_field: t.field, threat_object_type: t.type });
    return out;
  }
  const score = riskScore(d);
  const out: RiskEntry[] = [];
  for (const o of d.tags?.observable ?? []) {
    const type = str(o.type).toLowerCase();
    const roles = strList(o.role);
    if (roles.includes("Victim") && USER_TYPES.has(type)) out.push({ risk_object_field: o.name, risk_object_type: "user", risk_score: score });
    else if (roles.includes("Victim") && SYSTEM_TYPES.has(type))
      out.push({ risk_object_field: o.name, risk_object_type: "system", risk_score: score });
    else if (roles.includes("Attacker"))
      out.push({ threat_object_field: o.name, threat_object_type: THREAT_TYPE_ALIASES[type] ?? type.replace(/ /g, "_") });
    else out.push({ risk_object_field: o.name, risk_object_type: "other", risk_score: score });
  }
  return out;
}

export function riskMessage(d: Detection): string {
  return str(d.rba?.message ?? d.tags?.message);
}

/** Notable severity from the highest risk score (contentctl's bands); `high` when nothing is scored. */
export function severity(entries: RiskEntry[]): string {
  const scores = entries.map((e) => e.risk_score).filter((s): s is number => typeof s === "number");
  if (!scores.length) return "high";
  const max = Math.max(...scores);
  if (max <= 20) return "informational";
  if (max <= 40) return "low";
  if (max <= 60) return "medium";
  if (max <= 80) return "high";
  return "critical";
}

// ---------------------------------------------------------------------------------------------- deployments

export interface Schedule {
  cron_schedule: string;
  earliest_time: string;
  latest_time: string;
  schedule_window?: string;
}

export interface ResolvedDeployment {
  /** The deployment object, or undefined when the built-in defaults apply. */
  source?: ContentObject<Deployment>;
  schedule: Schedule;
  rba: boolean;
  notable?: { rule_title: string; rule_description: string; nes_fields: string[] };
}

const DEFAULT_SCHEDULE: Schedule = { cron_schedule: "0 * * * *", earliest_time: "-70m@m", latest_time: "-10m@m", schedule_window: "auto" };
const BASELINE_SCHEDULE: Schedule = { cron_schedule: "10 0 * * *", earliest_time: "-1450m@m", latest_time: "-10m@m", schedule_window: "auto" };

/** What applies when no deployment matches: the ESCU defaults per type. */
export function defaultDeployment(type: string): ResolvedDeployment {
  const t = type.toLowerCase();
  const notable = { rule_title: "%name%", rule_description: "%description%", nes_fields: ["user", "dest"] };
  if (t === "baseline") return { schedule: { ...BASELINE_SCHEDULE }, rba: false };
  if (t === "ttp") return { schedule: { ...DEFAULT_SCHEDULE }, rba: true, notable };
  if (t === "anomaly") return { schedule: { ...DEFAULT_SCHEDULE }, rba: true };
  if (t === "correlation") return { schedule: { ...DEFAULT_SCHEDULE }, rba: false, notable };
  return { schedule: { ...DEFAULT_SCHEDULE }, rba: false };
}

function resolve(dep: ContentObject<Deployment>, fallbackType: string): ResolvedDeployment {
  const s = dep.data.scheduling ?? {};
  const base = defaultDeployment(fallbackType).schedule;
  const schedule: Schedule = {
    cron_schedule: str(s.cron_schedule) || base.cron_schedule,
    earliest_time: str(s.earliest_time) || base.earliest_time,
    latest_time: str(s.latest_time) || base.latest_time,
  };
  if (s.schedule_window !== undefined) schedule.schedule_window = str(s.schedule_window);
  const aa = (dep.data.alert_action ?? {}) as Record<string, any>;
  const rba = Boolean(aa.rba && aa.rba.enabled !== false);
  const n = aa.notable;
  const notable =
    n && typeof n === "object"
      ? {
          rule_title: str(n.rule_title ?? "%name%"),
          rule_description: str(n.rule_description ?? "%description%"),
          nes_fields: strList(n.nes_fields).map((f) => f.trim()).filter(Boolean),
        }
      : undefined;
  return { source: dep, schedule, rba, notable };
}

const asValues = (v: unknown): string[] => strList(v).map((x) => x.trim());

/**
 * The deployment for an object: first one whose `type` equals the object's type (case-insensitive, file order);
 * else the 2021-2022 rule (a tag whose value equals the deployment's tag of the same key; the last match wins;
 * a deployment tagged `analytic_story: all` is the fallback); else the built-in defaults for the type.
 */
export function matchDeployment(project: Project, type: string, tags: Record<string, unknown> | undefined): ResolvedDeployment {
  const deps = [...project.deployments].sort((a, b) => byCodePoint(a.origin.file, b.origin.file));
  const byType = deps.find((d) => typeof d.data.type === "string" && d.data.type.toLowerCase() === type.toLowerCase());
  if (byType) return resolve(byType, type);
  let matched: ContentObject<Deployment> | undefined;
  let all: ContentObject<Deployment> | undefined;
  for (const dep of deps) {
    const dtags = (dep.data.tags ?? {}) as Record<string, unknown>;
    if (str(dtags.analytic_story) === "all") all = dep;
    for (const [k, v] of Object.entries(tags ?? {})) {
      if (!(k in dtags)) continue;
      const want = asValues(dtags[k]);
      if (asValues(v).some((x) => want.includes(x))) matched = dep;
    }
  }
  const chosen = matched ?? all;
  return chosen ? resolve(chosen, type) : defaultDeployment(type);
}

/** Replace `%key%` from the detection's top-level values, then from its tags (deployment rule_title etc.). */
export function substitute(template: string, d: Detection, overrides: Record<string, string> = {}): string {
  return template.replace(/%([A-Za-z0-9_]+)%/g, (whole, key: string) => {
    if (key in overrides) return overrides[key]!;
    const top = (d as Record<string, unknown>)[key];
    if (top !== undefined && typeof top !== "object") return str(top);
    const tag = (d.tags as Record<string, unknown> | undefined)?.[key];
    if (tag !== undefined) return Array.isArray(tag) ? tag.map(str).join(", ") : typeof tag === "object" ? whole : str(tag);
    return whole;
  });
}

export const ORIGINAL_SEARCH = "%original_detection_search%";

export function drilldowns(d: Detection): Record<string, string>[] {
  const list: DrilldownSearch[] = Array.isArray(d.drilldown_searches) ? d.drilldown_searches : [];
  return list.map((x) => ({
    earliest_offset: str(x.earliest_offset ?? "$info_min_time$"),
    latest_offset: str(x.latest_offset ?? "$info_max_time$"),
    name: str(x.name),
    search: str(x.search).split(ORIGINAL_SEARCH).join(str(d.search)),
  }));
}

/** The newest `date` of any content object, as a UTC Date (the reproducible build time). */
export function newestContentDate(project: Project): Date | undefined {
  let best: number | undefined;
  const all = [
    ...project.detections,
    ...project.stories,
    ...project.baselines,
    ...project.investigations,
    ...project.deployments,
    ...project.macros,
    ...project.lookups,
    ...project.dataSources,
  ];
  for (const o of all) {
    const e = dateToEpoch(str((o.data as { date?: unknown }).date));
    if (e !== undefined && (best === undefined || e > best)) best = e;
  }
  return best === undefined ? undefined : new Date(best * 1000);
}
