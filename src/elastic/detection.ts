// Build the detection YAML objects for a converted rule: the detection itself, the deployment holding its
// schedule, the macros its search calls and its investigation guide. Pure: returns file contents, writes nothing.
import type { Diagnostic } from "../diag/diagnostic.js";
import type { Deployment, Detection, Macro } from "../model/types.js";
import type { Converted } from "./convert.js";
import { snakeName } from "../model/naming.js";
import { attackIds, dateOf, detectionName, scheduleOf, splitRisk, uuidv5 } from "./metadata.js";
import { metadataDefault } from "./codes.js";

export interface ImportedFile {
  /** Path relative to the output root, forward slashes. */
  path: string;
  contents: string;
}

export interface ImportedRule {
  detection: Detection;
  /** Where the detection goes, relative to the output root. */
  path: string;
  guide?: ImportedFile;
  schedule: ReturnType<typeof scheduleOf>;
  macros: string[];
}

/** Macros the importer's searches call, with the definitions written when the output lacks them. */
export const SUPPORT_MACROS: Record<string, Macro> = {
  security_content_ctime: { name: "security_content_ctime", arguments: ["field"], definition: 'convert timeformat="%Y-%m-%dT%H:%M:%S" ctime($field$)', description: "Formats an epoch time field as an ISO 8601 timestamp." },
  security_content_summariesonly: { name: "security_content_summariesonly", definition: "summariesonly=false allow_old_summaries=true fillnull_value=null", description: "tstats options for data model searches. Set summariesonly=true when the data models are fully accelerated." },
};

const OBSERVABLE_TYPES: [RegExp, string][] = [
  [/^(dest|Computer|host|dvc)$/i, "Hostname"],
  [/^(user|User|SubjectUserName|TargetUserName|user_id|UserID)$/, "User"],
  [/process_name|Image$|^process$/i, "Process"],
  [/(^src|_ip$|Ip$)/, "IP Address"],
];
const observableType = (f: string) => OBSERVABLE_TYPES.find(([re]) => re.test(f))?.[1] ?? "Other";

/** The aggregation that ends every imported search: one result per host (and join key) with first/last time. */
function finishSearch(c: Converted, filter: string): { search: string; outputs: string[] } {
  const cim = c.sources.some((s) => s.datamodel);
  const head = c.rule.maxSignals ? [`head ${c.rule.maxSignals}`] : [];
  const ctime = ["`security_content_ctime(firstTime)`", "`security_content_ctime(lastTime)`"];
  if (c.kind === "new_terms") {
    return { search: [c.spl, ...(cim ? [] : ctime), ...head, filter].join("\n| "), outputs: c.groupBy ?? [] };
  }
  if (c.kind === "event" && cim) return { search: [c.spl, ...head, filter].join("\n| "), outputs: ["dest"] };
  if (c.kind === "event") {
    const by = ["dest", ...c.fields.filter((f) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(f) && f !== "EventCode" && f !== "dest")].slice(0, 9);
    const search = [c.spl, "eval dest=coalesce(dest, dvc, Computer)", `fillnull value="-" ${by.join(" ")}`, `stats count min(_time) as firstTime max(_time) as lastTime by ${by.join(" ")}`, ...ctime, ...head, filter];
    return { search: search.join("\n| "), outputs: by };
  }
  const dm = c.sources.find((s) => s.datamodel)?.datamodel;
  const dest = dm ? `'${dm.object}.dest'` : "coalesce(dest, dvc, Computer)";
  const search = [c.spl, `eval dest=${dest}`, `stats count min(sequence_start) as firstTime max(_time) as lastTime values(seq_step) as seq_steps by dest seq_key`, ...ctime, ...head, filter];
  return { search: search.join("\n| "), outputs: ["dest", "seq_key"] };
}

function howToImplement(c: Converted, guidePath: string | undefined): string {
  const sources = c.sources.map((s) => (s.macro ? `the \`${s.macro.name}\` macro (${s.title})` : `the CIM data model ${s.datamodel!.model}.${s.datamodel!.dataset}`));
  const parts = [`Converted from the Elastic rule '${c.rule.name}' (rule_id ${c.rule.ruleId}) by secpack. The search reads ${sources.join(" and ")}; point the macros at your indexes.`];
  if (c.absent.length) parts.push(`Conditions on fields only Elastic Defend records (${c.absent.join(", ")}) were evaluated as on a missing field.`);
  if (c.rule.setup) parts.push(c.rule.setup.replace(/^## Setup\s*/m, "").trim());
  if (guidePath) parts.push(`Investigation guide: ${guidePath}.`);
  return parts.join("\n\n");
}

/** The detection for a converted rule (and its guide), ready to write. */
export function buildDetection(c: Converted, diags: Diagnostic[]): ImportedRule {
  const r = c.rule;
  const name = detectionName(r.name) || r.ruleId;
  const snake = snakeName(name);
  const guidePath = r.note?.trim() ? `investigation_guides/${snake}.md` : undefined;
  const { search, outputs } = finishSearch(c, `\`${snake}_filter\``);
  if (r.riskScore === undefined) diags.push(metadataDefault(r.file, `Rule '${name}' has no risk_score; using 50.`, r.keyAt("name")));
  const risk = splitRisk(r.riskScore ?? 50, r.severity);
  const tokens = outputs.filter((f) => f !== "seq_key").slice(0, 2);
  const schedule = scheduleOf(r);
  const dataSources = [...new Set(c.kinds.map((k) => k.source.dataSource?.(k.kind.id)).filter((x): x is string => Boolean(x)))];
  const detection: Detection = {
    name,
    id: uuidv5(r.ruleId || name),
    version: r.version && r.version >= 1 ? Math.floor(r.version) : 1,
    date: dateOf(r, diags),
    author: r.author.length ? r.author.join(", ") : "Elastic",
    status: r.maturity === "development" ? "experimental" : r.maturity === "deprecated" ? "deprecated" : "production",
    type: r.tags.some((t) => /Rule Type: BBR/i.test(t)) ? "Anomaly" : "TTP",
    description: r.description || name,
    ...(dataSources.length ? { data_source: dataSources } : {}),
    search,
    how_to_implement: howToImplement(c, guidePath),
    known_false_positives: r.falsePositives.length ? r.falsePositives.map((s) => s.trim()).join(" ") : "None documented by the source rule.",
    references: r.references,
    tags: {
      asset_type: "Endpoint",
      confidence: risk.confidence,
      impact: risk.impact,
      message: `${name} detected${tokens.map((t, i) => (i === 0 ? ` on $${t}$` : ` ($${t}$)`)).join("")}`,
      mitre_attack_id: attackIds(r),
      observable: tokens.map((t) => ({ name: t, type: observableType(t), role: ["Victim"] })),
      product: ["Splunk Enterprise", "Splunk Enterprise Security", "Splunk Cloud"],
      required_fields: ["_time", ...c.fields.filter((f) => f !== "_time")],
      risk_score: risk.risk_score,
      security_domain: "endpoint",
      elastic_schedule: schedule.key,
    },
  };
  if (!detection.references?.length) delete detection.references;
  const guide = guidePath ? { path: guidePath, contents: `# ${name}\n\nInvestigation guide of the Elastic rule ${r.ruleId}.\n\n${r.note!.trim()}\n` } : undefined;
  return { detection, path: `detections/endpoint/${snake}.yml`, guide, schedule, macros: c.sources.map((s) => s.macro?.name).filter((m): m is string => Boolean(m)) };
}

/** One deployment per distinct schedule, matched to detections through the `elastic_schedule` tag. */
export function buildDeployment(schedule: ImportedRule["schedule"]): Deployment {
  return {
    name: `Elastic Import Schedule ${schedule.key}`,
    id: uuidv5(`schedule:${schedule.key}`),
    date: "2026-01-01",
    author: "secpack elastic import",
    description: `Schedule of imported Elastic rules that ran every ${schedule.key.split("_")[0]} over the last ${schedule.earliest_time.slice(1)}.`,
    scheduling: { cron_schedule: schedule.cron_schedule, earliest_time: schedule.earliest_time, latest_time: schedule.latest_time, schedule_window: "auto" },
    alert_action: { notable: { rule_title: "%name%", rule_description: "%description%", nes_fields: ["dest"] }, rba: { enabled: true } },
    tags: { elastic_schedule: schedule.key },
  };
}
