// Convert one Elastic rule into SPL for a target: choose the parser by language, translate each event query,
// render a search, tstats or sequence. User problems come back as a diagnostic with a reason, never thrown.
import type { Diagnostic } from "../diag/diagnostic.js";
import { EVAL, fieldName, fieldsOf as splFields } from "../spl/index.js";
import { QuerySyntaxError, QueryUnsupportedError, type EventQuery, type Query } from "./ast.js";
import { notConvertible, querySyntax, unmappedField, unsupported } from "./codes.js";
import { parseEql } from "./eql.js";
import { parseKql } from "./kql.js";
import { CIM_TARGET } from "./mapping/cim.js";
import { SYSMON_TARGET } from "./mapping/sysmon.js";
import type { EventKind, Source, Target } from "./mapping/types.js";
import { lineCol } from "./read.js";
import { renderEvent, renderSequence, type SequenceStepPlan } from "./render-spl.js";
import type { ElasticRule } from "./rule.js";
import { ConvertError, resolveField, translateEvent, type Translated } from "./translate.js";

export type TargetId = "sysmon" | "cim";
export const TARGETS: Record<TargetId, Target> = { sysmon: SYSMON_TARGET, cim: CIM_TARGET };

export interface Converted {
  ok: true;
  rule: ElasticRule;
  /** The query as SPL (no scheduling, no filter macro). */
  spl: string;
  kind: "event" | "sequence" | "new_terms";
  /** Sources used (for macros and data_source). */
  sources: Source[];
  /** Event kinds matched, per source (for data_source names). */
  kinds: { source: Source; kind: EventKind }[];
  /** Target field names the query reads, in first-use order. */
  fields: string[];
  /** ECS fields the target never carries; conditions on them were evaluated as on a missing field. */
  absent: string[];
  /** Fields the new-terms stage groups by (target names). */
  groupBy?: string[];
}

export interface Failed {
  ok: false;
  rule: ElasticRule;
  diagnostic: Diagnostic;
  /** Short key for batch summaries ("ES|QL", "unmapped field process.code_signature.trusted", ...). */
  reason: string;
}

export type ConvertResult = Converted | Failed;

const NOT_CONVERTIBLE: Record<string, string> = {
  esql: "ES|QL rules are not convertible: ES|QL is a piped query language whose commands have no faithful SPL translation here.",
  machine_learning: "Machine learning rules are not convertible: they read anomaly scores of an Elastic ML job, which Splunk does not have.",
  threshold: "Threshold rules are not convertible: their alert grouping and suppression have no one-to-one SPL equivalent.",
  threat_match: "Indicator match rules are not convertible: they join events with threat-intel indices.",
};

function fail(rule: ElasticRule, diagnostic: Diagnostic, reason: string): Failed {
  return { ok: false, rule, diagnostic, reason };
}

/** File position of an offset inside the rule's query. */
function queryPos(rule: ElasticRule, offset: number | undefined): { line: number; col: number } {
  if (offset === undefined) return rule.queryAt;
  const rel = lineCol(rule.query, offset);
  return rel.line === 1 ? { line: rule.queryAt.line, col: rule.queryAt.col + rel.col - 1 } : { line: rule.queryAt.line + rel.line - 1, col: rel.col };
}

function parseQuery(rule: ElasticRule): Query {
  return rule.language === "eql" ? parseEql(rule.query) : parseKql(rule.query);
}

/**
 * Join keys of a sequence step as eval expressions: the mapped field, or, when the field lives in different
 * target fields per event kind (file.path: ImageLoaded for EventCode 7, TargetFilename for 11), a case() on
 * the kind field.
 */
function joinKeysFor(target: Target, t: Translated, fields: string[]): string[] {
  return fields.map((f) => {
    const byField = new Map<string, string[]>();
    for (const k of t.kinds) {
      const ft = resolveField(target, t.source, k, f);
      let expr: string | undefined;
      if (typeof ft === "string") expr = fieldName(EVAL, ft);
      else if (ft && "part" in ft && ft.part === "basename") expr = `replace(${fieldName(EVAL, ft.field)}, "^.*\\\\\\\\", "")`;
      else if (ft && "part" in ft && ft.part === "dirname") expr = `replace(${fieldName(EVAL, ft.field)}, "\\\\\\\\[^\\\\\\\\]*$", "")`;
      if (!expr) {
        throw new ConvertError(`The join field '${f}' has no plain equivalent for ${t.source.title} event ${k.id}.`, ft === undefined ? `unmapped field ${f}` : `join field ${f} not a plain field`);
      }
      byField.set(expr, [...(byField.get(expr) ?? []), k.id]);
    }
    if (byField.size === 1) return [...byField.keys()][0];
    const kf = t.source.kindField;
    if (!kf) throw new ConvertError(`The join field '${f}' maps to different fields in the ${t.source.title}.`, `join field ${f} not a plain field`);
    const cases = [...byField].map(([expr, ids]) => `${ids.map((id) => `tonumber(${fieldName(EVAL, kf)})==${Number(id)}`).join(" OR ")}, ${expr}`);
    return `case(${cases.join(", ")})`;
  });
}

function keysFor(target: Target, t: Translated, fields: string[]): string[] {
  return fields.map((f) => {
    const fts = new Set(t.kinds.map((k) => JSON.stringify(resolveField(target, t.source, k, f) ?? null)));
    const ft = JSON.parse([...fts][0]);
    if (fts.size !== 1 || typeof ft !== "string") {
      throw new ConvertError(`The join field '${f}' has no single plain equivalent in the ${t.source.title}.`, ft === null ? `unmapped field ${f}` : `join field ${f} not a plain field`);
    }
    return ft as string;
  });
}

function convertQuery(rule: ElasticRule, target: Target, q: Query): Converted {
  const translate = (e: EventQuery) => translateEvent(target, e, rule.index);
  const base = { ok: true as const, rule };
  if (q.k === "event") {
    const t = translate(q.query);
    const spl = renderEvent(t);
    return { ...base, spl, kind: "event", sources: [t.source], kinds: t.kinds.map((kind) => ({ source: t.source, kind })), fields: splFields(t.node), absent: t.absent };
  }
  const plan = (s: { query: EventQuery; by: string[]; runs: number }): SequenceStepPlan => {
    const t = translate(s.query);
    return { translated: t, keys: joinKeysFor(target, t, [...q.by, ...s.by]), runs: s.runs };
  };
  const steps = q.steps.map(plan);
  const until = q.until ? plan(q.until) : undefined;
  const widths = new Set([...steps, ...(until ? [until] : [])].map((s) => s.keys.length));
  if (widths.size > 1) throw new ConvertError("Sequence steps join on different numbers of fields.", "inconsistent join keys");
  const spl = renderSequence({ steps, until, maxspanSeconds: q.maxspanMs === undefined ? undefined : q.maxspanMs / 1000 });
  const all = [...steps, ...(until ? [until] : [])];
  const sources = [...new Set(all.map((s) => s.translated.source))];
  const fields: string[] = [];
  for (const s of all) for (const f of [...s.keys.filter((k) => /^[A-Za-z_][A-Za-z0-9_.]*$/.test(k)), ...splFields(s.translated.node)]) if (!fields.includes(f)) fields.push(f);
  const absent = [...new Set(all.flatMap((s) => s.translated.absent))];
  return { ...base, spl, kind: "sequence", sources, kinds: all.flatMap((s) => s.translated.kinds.map((kind) => ({ source: s.translated.source, kind }))), fields, absent };
}

/** The new-terms stage: alert on value combinations first seen inside the rule's look-back window. */
function addNewTerms(c: Converted, target: Target): Converted {
  const nt = c.rule.newTerms!;
  const t: Translated = { source: c.sources[0], node: { type: "const", value: true }, kinds: c.kinds.map((k) => k.kind), absent: [] };
  const keys = keysFor(target, t, nt.fields);
  const cim = Boolean(c.sources[0].datamodel);
  const short = cim ? keys.map((k) => k.replace(/^[^.]+\./, "")) : keys;
  const lookback = relativeTime(c.rule.from ?? "now-6m");
  const stats = cim
    ? `stats min(firstTime) as firstTime max(lastTime) as lastTime sum(count) as count by ${short.join(" ")}`
    : `stats count min(_time) as firstTime max(_time) as lastTime by ${short.join(" ")}`;
  const spl = cim
    ? c.spl.replace(/ \| `security_content_ctime\(firstTime\)` \| `security_content_ctime\(lastTime\)`$/, "") + ` | ${stats} | where firstTime >= relative_time(now(), "${lookback}")`
    : `${c.spl} | ${stats} | where firstTime >= relative_time(now(), "${lookback}")`;
  return { ...c, spl, kind: "new_terms", groupBy: short };
}

/** Elastic date math (now-9m, now-7d) as a Splunk relative time (-9m, -7d). */
export function relativeTime(text: string): string {
  const m = /^now-(\d+)([smhdwMy])$/.exec(text.trim());
  if (!m) return "-6m";
  const unit = { s: "s", m: "m", h: "h", d: "d", w: "w", M: "mon", y: "y" }[m[2]]!;
  return `-${m[1]}${unit}`;
}

/** Convert one rule for a target. Never throws for bad input. */
export function convertRule(rule: ElasticRule, targetId: TargetId): ConvertResult {
  const type = rule.language === "esql" ? "esql" : rule.type;
  if (NOT_CONVERTIBLE[type]) {
    const label = type === "esql" ? "ES|QL" : type.replace("_", " ");
    return fail(rule, notConvertible(rule.file, NOT_CONVERTIBLE[type], rule.keyAt("type") ?? rule.queryAt), label);
  }
  if (rule.language === "lucene") return fail(rule, notConvertible(rule.file, "Lucene queries are not supported; only KQL and EQL rules convert.", rule.keyAt("language")), "Lucene");
  if (!["eql", "kuery"].includes(rule.language)) return fail(rule, notConvertible(rule.file, `Unknown query language '${rule.language}'.`, rule.keyAt("language")), `language ${rule.language}`);
  if (!["eql", "query", "new_terms", "saved_query"].includes(rule.type)) return fail(rule, notConvertible(rule.file, `Rule type '${rule.type}' is not convertible.`, rule.keyAt("type")), `type ${rule.type}`);
  if (!rule.query.trim()) return fail(rule, notConvertible(rule.file, "The rule has no query.", rule.keyAt("query")), "no query");
  let q: Query;
  try {
    q = parseQuery(rule);
  } catch (err) {
    if (err instanceof QueryUnsupportedError) return fail(rule, unsupported(rule.file, err.message, queryPos(rule, err.offset)), err.reason);
    if (err instanceof QuerySyntaxError) return fail(rule, querySyntax(rule.file, err.message, queryPos(rule, err.offset)), "query syntax error");
    throw err;
  }
  const target = TARGETS[targetId];
  try {
    const c = convertQuery(rule, target, q);
    return rule.type === "new_terms" && rule.newTerms ? addNewTerms(c, target) : c;
  } catch (err) {
    if (!(err instanceof ConvertError)) throw err;
    const at = queryPos(rule, err.offset);
    if (err.reason.startsWith("unmapped field ")) {
      const hint = `Add '${err.reason.slice(15)}' to the ${targetId} field mapping (src/elastic/mapping/) or choose another --target.`;
      return fail(rule, unmappedField(rule.file, err.message, at, hint), err.reason);
    }
    return fail(rule, unsupported(rule.file, err.message, at), err.reason);
  }
}
