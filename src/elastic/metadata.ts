// Elastic rule metadata -> detection fields: scores, ATT&CK, schedule, dates, a deterministic id. Pure.
import { createHash } from "node:crypto";
import type { Diagnostic } from "../diag/diagnostic.js";
import { metadataDefault } from "./codes.js";
import { relativeTime } from "./convert.js";
import type { ElasticRule } from "./rule.js";

/** Namespace of the UUIDv5 ids of imported Elastic rules (fixed: ids must not change between imports). */
export const ELASTIC_NAMESPACE = "5f0c3d2a-8e4b-5c1d-9a6f-3b7e2d1c0a94";

/** RFC 4122 version-5 UUID of `name` in `namespace`. */
export function uuidv5(name: string, namespace = ELASTIC_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  const hash = createHash("sha1").update(Buffer.concat([ns, Buffer.from(name, "utf8")])).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Impact that each Elastic severity suggests (the confidence then makes up the risk score). */
export const SEVERITY_IMPACT: Record<string, number> = { low: 40, medium: 60, high: 80, critical: 100 };

/**
 * Split Elastic's risk_score (0-100) into impact x confidence / 100 exactly: among the integer factor pairs of
 * risk_score x 100 with both factors <= 100, take the impact closest to what the severity suggests.
 */
export function splitRisk(riskScore: number, severity: string | undefined): { impact: number; confidence: number; risk_score: number } {
  const risk = Math.max(1, Math.min(100, Math.round(riskScore)));
  const want = SEVERITY_IMPACT[(severity ?? "").toLowerCase()] ?? 60;
  let best = { impact: 100, confidence: risk };
  for (let impact = 1; impact <= 100; impact++) {
    if ((risk * 100) % impact !== 0) continue;
    const confidence = (risk * 100) / impact;
    if (confidence > 100) continue;
    if (Math.abs(impact - want) < Math.abs(best.impact - want)) best = { impact, confidence };
  }
  return { ...best, risk_score: (best.impact * best.confidence) / 100 };
}

/** Elastic's interval (5m, 1h, 1d) as a cron schedule. */
export function cronOf(interval: string | undefined): string {
  const m = /^(\d+)([smhd])$/.exec((interval ?? "5m").trim());
  if (!m) return "*/5 * * * *";
  const n = Number(m[1]);
  const minutes = m[2] === "s" ? Math.max(1, Math.round(n / 60)) : m[2] === "m" ? n : m[2] === "h" ? n * 60 : n * 1440;
  if (minutes < 60) return minutes <= 1 ? "* * * * *" : `*/${minutes} * * * *`;
  if (minutes < 1440) {
    const h = Math.round(minutes / 60);
    return h === 1 ? "0 * * * *" : `0 */${h} * * *`;
  }
  return "0 0 * * *";
}

/** ATT&CK ids of the rule: each technique followed by its sub-techniques, in file order, without repeats. */
export function attackIds(rule: ElasticRule): string[] {
  const ids: string[] = [];
  for (const t of rule.threat) {
    if (t.framework && !/att&ck/i.test(t.framework)) continue;
    for (const tech of t.technique ?? []) {
      for (const id of [tech.id, ...(tech.subtechnique ?? []).map((s) => s.id)]) if (id && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

export interface Schedule {
  cron_schedule: string;
  earliest_time: string;
  latest_time: string;
  /** A stable key for grouping rules with the same schedule into one deployment. */
  key: string;
}

/** Interval and look-back as a schedule; new-terms rules look back over their history window. */
export function scheduleOf(rule: ElasticRule): Schedule {
  const cron = cronOf(rule.interval);
  const earliest = relativeTime(rule.newTerms?.historyWindowStart ?? rule.from ?? "now-6m");
  const key = `${(rule.interval ?? "5m").trim()}_${earliest.replace(/^-/, "")}`.replace(/[^A-Za-z0-9_]/g, "_");
  return { cron_schedule: cron, earliest_time: earliest, latest_time: "now", key };
}

/** Date for the detection: updated, else created; a warning and the epoch date when neither is set. */
export function dateOf(rule: ElasticRule, diags: Diagnostic[]): string {
  const d = rule.updatedDate ?? rule.creationDate;
  if (d) return d;
  diags.push(metadataDefault(rule.file, `Rule '${rule.name}' has no creation or update date; using 1970-01-01.`, rule.keyAt("name")));
  return "1970-01-01";
}

/**
 * A detection name whose snake_case form (src/model/naming.ts: spaces, '-', '.', '/' become '_') is a valid
 * file and macro name: '&' becomes 'and', other characters outside letters, digits, space, '-', '.', '/' and
 * '_' are dropped, and runs of spaces collapse.
 */
export function detectionName(name: string): string {
  return name
    .replace(/&/g, " and ")
    .replace(/[^A-Za-z0-9 _./-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
