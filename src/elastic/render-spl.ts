// SPL for translated queries: single events as a search (Sysmon/Windows logs) or tstats (CIM), sequences as an
// ordered correlation (sort by time, then streamstats per join key, bounded by maxspan). Pure.
import { SEARCH, emitEvalExpr, emitSearchExpr, planQuery, quoteString, renderSearch, renderTstats } from "../spl/index.js";
import { and as splAnd, or as splOr, type Node } from "./spl-model.js";
import type { Source } from "./mapping/types.js";
import type { Translated } from "./translate.js";

/** The events of one source and query, as the start of a search. */
export function renderEvent(t: Translated): string {
  const s = t.source;
  if (s.datamodel) {
    const dm = s.datamodel;
    return renderTstats(t.node, { datamodel: `${dm.model}.${dm.dataset}`, object: dm.object, by: dm.by });
  }
  return renderSearch(t.node, { prefix: `\`${s.macro!.name}\`` });
}

/** The search-command prefilter of a node: its top-level conjuncts the search command can evaluate. */
function prefilter(node: Node): Node {
  return splAnd(...planQuery(node).search);
}

/** A base search returning the events of several (source, node) pairs. */
function baseSearch(parts: { source: Source; node: Node }[]): string {
  const bySource = new Map<Source, Node[]>();
  for (const p of parts) bySource.set(p.source, [...(bySource.get(p.source) ?? []), prefilter(p.node)]);
  const searches = [...bySource].map(([source, nodes]) => {
    const expr = emitSearchExpr(SEARCH, splOr(...nodes));
    if (source.datamodel) {
      const dm = source.datamodel;
      return { generating: true, text: `| from datamodel:${quoteString(SEARCH, `${dm.model}.${dm.dataset}`)} | search ${expr}` };
    }
    return { generating: false, text: `\`${source.macro!.name}\` ${expr}` };
  });
  if (searches.length === 1) return searches[0].text;
  if (searches.every((s) => !s.generating)) return `| multisearch ${searches.map((s) => `[search ${s.text}]`).join(" ")}`;
  return `| union ${searches.map((s) => `[${s.generating ? s.text : `search ${s.text}`}]`).join(" ")}`;
}

export interface SequenceStepPlan {
  translated: Translated;
  /** Join keys as eval expressions, in order (sequence `by` first, then the step's own `by`). */
  keys: string[];
  runs: number;
}

export interface SequencePlan {
  steps: SequenceStepPlan[];
  until?: SequenceStepPlan;
  maxspanSeconds?: number;
}

const keyExpr = (keys: string[]) => (keys.length ? keys.join(`."|".`) : `"all"`);

/**
 * An EQL sequence as SPL. Every event is classified into the first step whose full condition it meets
 * (seq_step), keyed by its join fields (seq_key) and sorted by time. For step k, seq_tk holds the start time of
 * a chain that has reached step k: a step-k event extends the latest chain that reached step k-1 before it
 * (streamstats last() per key), so each step happens after the previous one, the whole chain within maxspan,
 * and with no `until` event since the chain began. `runs=n` needs n consecutive events of the step.
 */
export function renderSequence(plan: SequencePlan): string {
  const all = plan.until ? [...plan.steps, plan.until] : plan.steps;
  const lines: string[] = [baseSearch(all.map((s) => ({ source: s.translated.source, node: s.translated.node })))];
  const cases = plan.steps.map((s, i) => `${emitEvalExpr(s.translated.node)}, ${i + 1}`);
  if (plan.until) cases.push(`${emitEvalExpr(plan.until.translated.node)}, 0`);
  lines.push(`eval seq_step=case(${cases.join(", ")})`);
  lines.push("where isnotnull(seq_step)");
  const keyCases = all.map((s, i) => `seq_step=${s === plan.until ? 0 : i + 1}, ${keyExpr(s.keys)}`);
  lines.push(`eval seq_key=case(${keyCases.join(", ")})`);
  lines.push("where isnotnull(seq_key)");
  lines.push("sort 0 _time seq_step");
  if (plan.until) {
    lines.push(`eval seq_u=if(seq_step=0, _time, null())`);
    lines.push(`streamstats last(seq_u) as seq_lu by seq_key`);
  }
  const n = plan.steps.length;
  plan.steps.forEach((step, i) => {
    const k = i + 1;
    const start = k === 1 ? "_time" : `seq_s${k - 1}`;
    const cond = k === 1 ? `seq_step=1` : `seq_step=${k} AND isnotnull(seq_s${k - 1})`;
    lines.push(`eval seq_t${k}=if(${cond}, ${start}, null())`);
    if (step.runs > 1) {
      lines.push(`streamstats window=${step.runs} count(seq_t${k}) as seq_n${k} min(seq_t${k}) as seq_m${k} by seq_key`);
      lines.push(`eval seq_t${k}=if(seq_n${k}>=${step.runs}, seq_m${k}, null())`);
    }
    const checks: string[] = [];
    if (plan.maxspanSeconds !== undefined) checks.push(`_time-seq_t${k}<=${plan.maxspanSeconds}`);
    if (plan.until) checks.push(`(isnull(seq_lu) OR seq_lu<seq_t${k})`);
    if (checks.length) lines.push(`eval seq_t${k}=if(isnotnull(seq_t${k}) AND ${checks.join(" AND ")}, seq_t${k}, null())`);
    if (k < n) lines.push(`streamstats last(seq_t${k}) as seq_s${k} by seq_key`);
  });
  lines.push(`where isnotnull(seq_t${n})`);
  lines.push(`eval sequence_start=seq_t${n}`);
  return lines.join("\n| ");
}
