/**
 * A converted Sigma rule as a security_content detection (the escu-2024 shape): deterministic id (UUIDv5 of the
 * Sigma id), ATT&CK ids from tags, level → impact/confidence/risk score, observables and a message whose
 * tokens the search produces, and a search that ends with the detection's `<snake_name>_filter` macro.
 * Pure: no I/O, no clock.
 */
import { createHash } from "node:crypto";
import { filterMacroName, snakeName } from "../model/naming.js";
import type { Detection, Macro, Story } from "../model/types.js";
import { fieldName, SEARCH } from "../spl/dialect.js";
import type { Conversion } from "./convert.js";
import type { SigmaRule } from "./rule.js";

/** UUIDv5 (RFC 9562, SHA-1 name-based) of `name` in `namespace`. */
export function uuidv5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  const h = createHash("sha1").update(ns).update(name, "utf8").digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The namespace of imported Sigma ids: uuidv5("https://github.com/SigmaHQ/sigma", URL namespace). */
export const SIGMA_NAMESPACE = uuidv5("https://github.com/SigmaHQ/sigma", "6ba7b811-9dad-11d1-80b4-00c04fd430c8");

export { snakeName };

/**
 * A detection name from a Sigma title: only letters, digits, spaces and `_-.` survive (others become spaces),
 * so that the snake form names a valid file and macro (`00:00` → `00 00`).
 */
export const detectionName = (title: string): string =>
  title
    .replace(/[^A-Za-z0-9 _\-.]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();

/** Sigma level → impact, confidence and detection type (risk_score = impact × confidence / 100). */
export const LEVELS: Record<string, { impact: number; confidence: number; type: string }> = {
  critical: { impact: 100, confidence: 90, type: "TTP" },
  high: { impact: 80, confidence: 80, type: "TTP" },
  medium: { impact: 60, confidence: 60, type: "Anomaly" },
  low: { impact: 40, confidence: 50, type: "Hunting" },
  informational: { impact: 20, confidence: 30, type: "Hunting" },
};

const STATUS: Record<string, string> = {
  stable: "production",
  test: "production",
  experimental: "experimental",
  deprecated: "deprecated",
  unsupported: "experimental",
};

/** Sigma dates are `YYYY/MM/DD` or `YYYY-MM-DD`; anything else falls back to a fixed date (no clock). */
export function isoDate(rule: SigmaRule): string {
  for (const d of [rule.modified, rule.date]) {
    const m = d && /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(d.trim());
    if (m) return `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
  }
  return "1970-01-01";
}

/** ATT&CK technique ids from `attack.t1003.001` tags, upper-cased, in tag order. */
export const attackIds = (tags: string[]): string[] => [
  ...new Set(tags.map((t) => /^attack\.(t\d{4}(?:\.\d{3})?)$/i.exec(t.trim())?.[1]?.toUpperCase()).filter((t): t is string => !!t)),
];

const GROUPS: Record<string, string> = {
  windows: "endpoint", linux: "endpoint", macos: "endpoint",
  aws: "cloud", azure: "cloud", gcp: "cloud", m365: "cloud", okta: "cloud", github: "cloud", onelogin: "cloud",
  zeek: "network", cisco: "network", fortigate: "network", paloalto: "network",
};

/** The detections/ subfolder (and security domain) for a rule. */
export function groupOf(rule: SigmaRule, conversion: Conversion): string {
  if (conversion.logsource?.securityDomain) return conversion.logsource.securityDomain;
  const p = rule.logsource.product;
  if (p && GROUPS[p]) return GROUPS[p];
  const c = rule.logsource.category;
  if (c === "proxy" || c === "firewall" || c === "dns") return "network";
  if (c === "webserver") return "web";
  return "application";
}

export interface ImportOptions {
  story: string;
  /** Names already taken in this batch (to keep names unique); the chosen name is added. */
  taken?: Set<string>;
}

const PRODUCTS = ["Splunk Enterprise", "Splunk Enterprise Security", "Splunk Cloud"];

interface Output {
  search: string;
  observable: { name: string; type: string; role: string[] }[];
  message: (title: string) => string;
  produced: string[];
}

/** The search pipeline after the query: tstats already aggregates; a raw search gets stats by host and fields. */
function finishSearch(rule: SigmaRule, c: Conversion, filter: string): Output {
  if (c.format === "tstats") {
    const produced = (c.logsource?.datamodel?.by ?? []).map((f) => f.slice(f.indexOf(".") + 1));
    const has = (f: string) => produced.includes(f);
    const observable = [
      ...(has("dest") ? [{ name: "dest", type: "Hostname", role: ["Victim"] }] : []),
      ...(has("dvc") ? [{ name: "dvc", type: "Hostname", role: ["Victim"] }] : []),
      ...(has("user") ? [{ name: "user", type: "User", role: ["Victim"] }] : []),
      ...(has("process_name") ? [{ name: "process_name", type: "Process", role: ["Attacker"] }] : []),
    ];
    const message = (t: string) =>
      `${t} matched${has("process_name") ? " process $process_name$" : ""}${has("dest") ? " on $dest$" : ""}${has("dvc") ? " on $dvc$" : ""}${has("user") ? " by user $user$" : ""}.`;
    return { search: `${c.query} | \`${filter}\``, observable, message, produced };
  }
  const base = c.query.replace(/ \| table [^|]*$/, "");
  const shown = (rule.fields.length ? tableFields(c.query) : c.fields).filter((f) => f !== "host").slice(0, 12);
  const by = ["host", ...shown].map((f) => fieldName(SEARCH, f)).join(" ");
  const fill = shown.length ? ` | fillnull value="-" ${shown.map((f) => fieldName(SEARCH, f)).join(" ")}` : "";
  const search =
    `${base}${fill} | stats count min(_time) as firstTime max(_time) as lastTime by ${by}` +
    " | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | `" + filter + "`";
  return {
    search,
    observable: [{ name: "host", type: "Hostname", role: ["Victim"] }],
    message: (t) => `${t} matched on $host$.`,
    produced: ["host", ...shown],
  };
}

/** The fields of a trailing `| table a,b` (Sigma's `fields`, already mapped by the converter). */
function tableFields(query: string): string[] {
  const m = / \| table ([^|]*)$/.exec(query);
  return m ? m[1].split(",").map((f) => f.replace(/^"|"$/g, "")) : [];
}

/** Build the detection object for a converted rule. */
export function buildDetection(rule: SigmaRule, c: Conversion, opts: ImportOptions): Detection {
  let name = detectionName(rule.title) || "Imported Sigma Rule";
  if (opts.taken?.has(snakeName(name))) name = `${name} ${(rule.id ?? rule.file).replace(/[^A-Za-z0-9]/g, "").slice(0, 8)}`;
  opts.taken?.add(snakeName(name));
  const snake = snakeName(name);
  const level = LEVELS[rule.level?.toLowerCase() ?? ""] ?? LEVELS.medium;
  const out = finishSearch(rule, c, `${snake}_filter`);
  const urls = rule.references.filter((r) => /^https?:\/\/\S+$/.test(r.trim())).map((r) => r.trim());
  const source = `Converted from the Sigma rule "${rule.title}"${rule.id ? ` (${rule.id})` : ""}.`;
  const text = (rule.description ?? rule.title).replace(/\s+/g, " ").trim();
  const description = `${text}${/[.!?]$/.test(text) ? "" : "."} ${source}`;
  const byFields = c.format === "tstats" ? (c.logsource?.datamodel?.by ?? []) : [];
  const required = ["_time", ...byFields, ...c.fields.filter((f) => !f.startsWith("_"))];
  const detection: Detection = {
    name,
    id: uuidv5(rule.id ?? `${rule.file}:${rule.title}`, SIGMA_NAMESPACE),
    version: 1,
    date: isoDate(rule),
    author: rule.author?.replace(/\s+/g, " ").trim() || "Unknown",
    status: STATUS[rule.status?.toLowerCase() ?? ""] ?? "experimental",
    type: level.type,
    description,
    data_source: c.logsource?.dataSource ?? [],
    search: out.search,
    how_to_implement:
      c.logsource?.howToImplement ??
      "The search reads raw events with the field names of the Sigma rule. Make sure your add-ons extract these fields, and scope the search to the right index and source with the filter macro or a prefix.",
    known_false_positives: rule.falsepositives.length ? rule.falsepositives.join("; ") : "Unknown.",
    references: urls,
    tags: {
      analytic_story: [opts.story],
      asset_type: c.logsource?.assetType ?? "Endpoint",
      confidence: level.confidence,
      impact: level.impact,
      message: out.message(name.replace(/\$/g, "")),
      mitre_attack_id: attackIds(rule.tags),
      observable: out.observable,
      product: PRODUCTS,
      required_fields: [...new Set(required)],
      risk_score: Math.round((level.impact * level.confidence) / 100),
      security_domain: groupOf(rule, c) === "endpoint" ? "endpoint" : groupOf(rule, c) === "cloud" ? "cloud" : "network",
    },
  };
  if (detection.data_source!.length === 0) delete detection.data_source;
  if (detection.references!.length === 0) delete detection.references;
  if (detection.tags.mitre_attack_id!.length === 0) delete detection.tags.mitre_attack_id;
  return detection;
}

/** The macros an imported detection calls, with self-contained definitions (written only when missing). */
export function supportMacros(): Macro[] {
  return [
    {
      name: "security_content_summariesonly",
      definition: "summariesonly=false allow_old_summaries=true fillnull_value=null",
      description: "tstats options of the imported data model searches. Set summariesonly=true when the data models are accelerated.",
    },
    {
      name: "security_content_ctime",
      arguments: ["field"],
      definition: 'convert timeformat="%Y-%m-%dT%H:%M:%S" ctime($field$)',
      description: "Formats an epoch time field as an ISO 8601 timestamp.",
    },
  ];
}

/** The filter macro of a detection: a no-op the user edits to tune out known benign activity. */
export const filterMacro = (detection: Detection): Macro => ({
  name: filterMacroName(detection.name),
  definition: "search *",
  description: `Update this macro to filter out false positives of the detection '${detection.name}'.`,
});

/** The analytic story imported detections belong to (written only when missing). */
export const importStory = (name: string, date: string): Story => ({
  name,
  id: uuidv5(`story:${name}`, SIGMA_NAMESPACE),
  version: 1,
  date,
  author: "secpack import sigma",
  description: `Detections imported from Sigma rules into the analytic story '${name}'.`,
  narrative: `The detections of this story were converted from Sigma rules by secpack. Review each search, tune its filter macro, and move it into a more specific story when it fits one.`,
  references: ["https://github.com/SigmaHQ/sigma"],
  tags: { category: ["Adversary Tactics"], product: PRODUCTS, usecase: "Advanced Threat Detection" },
});
