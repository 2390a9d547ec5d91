/**
 * Whole SPL queries from a boolean tree: the `search` form (`<expr> | regex ... | where ... | table ...`) and the
 * `tstats` form over a CIM data model. The top-level conjuncts the search command can express stay in the search
 * (or tstats where clause); a top-level (negated) regex becomes `| regex field="..."` / `field!="..."`; anything
 * else (a regex under OR, a field reference, a `?` wildcard) becomes one `| where` with eval semantics. Pure.
 */
import { and, fieldsOf, mapFields, type Node } from "./ast.js";
import { SEARCH, TSTATS, fieldName, quoteString } from "./dialect.js";
import { emitEvalExpr, emitSearchExpr, isSearchable, regexWithFlags } from "./expr.js";

/** The parts of a query, in evaluation order. */
export interface QueryPlan {
  /** Conjuncts the search command (or a tstats where clause) can express. */
  search: Node[];
  /** Top-level regular expressions, applied with `| regex`. */
  regex: { field: string; pattern: string; negate: boolean }[];
  /** The remaining conjuncts, applied with `| where` (eval semantics). */
  where: Node[];
}

/** Split a query into what search, `| regex` and `| where` will each evaluate. */
export function planQuery(node: Node): QueryPlan {
  const plan: QueryPlan = { search: [], regex: [], where: [] };
  const conjuncts = node.type === "and" ? node.args : [node];
  for (const c of conjuncts) {
    if (isSearchable(c)) plan.search.push(c);
    else if (c.type === "regex") plan.regex.push({ field: c.field, pattern: regexWithFlags(c.pattern, c.flags), negate: false });
    else if (c.type === "not" && c.arg.type === "regex") {
      const r = c.arg;
      plan.regex.push({ field: r.field, pattern: regexWithFlags(r.pattern, r.flags), negate: true });
    } else plan.where.push(c);
  }
  return plan;
}

/** The `| regex ...` and `| where ...` commands of a plan (each starting with " | "). */
function postCommands(plan: QueryPlan, rename: (f: string) => string = (f) => f): string {
  let out = "";
  for (const r of plan.regex) {
    out += ` | regex ${fieldName(SEARCH, rename(r.field))}${r.negate ? "!=" : "="}${quoteString(SEARCH, r.pattern)}`;
  }
  if (plan.where.length) out += ` | where ${emitEvalExpr(mapFields(and(...plan.where), rename))}`;
  return out;
}

export interface SearchOptions {
  /** Text placed before the expression, e.g. `source="WinEventLog:Security"` or a macro call. */
  prefix?: string;
  /**
   * A generating command that supplies the events, e.g. `| from datamodel:Endpoint.Processes`; the expression
   * then follows as `| search <expr>` (left out when nothing is left for the search command). Not with `prefix`.
   */
  generator?: string;
  /** Fields for a trailing `| table a,b` (Sigma's `fields`). */
  table?: string[];
}

/**
 * A query for the search command: `[prefix] <expr> [| regex ...] [| where ...] [| table ...]`, or with a generating
 * command `<generator> | search <expr> [| regex ...] ...`.
 */
export function renderSearch(node: Node, opts: SearchOptions = {}): string {
  const plan = planQuery(node);
  const expr = plan.search.length ? emitSearchExpr(SEARCH, and(...plan.search)) : "";
  const head = opts.generator
    ? `${opts.generator}${expr ? ` | search ${expr}` : ""}`
    : [opts.prefix ?? "", expr].filter((s) => s !== "").join(" ") || "*";
  const table = opts.table?.length ? ` | table ${opts.table.map((f) => fieldName(SEARCH, f)).join(",")}` : "";
  return head + postCommands(plan) + table;
}

export interface TstatsOptions {
  /** The data model and dataset, e.g. "Endpoint.Processes". */
  datamodel: string;
  /** The field prefix of the dataset, e.g. "Processes" (dropped by `drop_dm_object_name`). */
  object: string;
  /** `by` fields, with the prefix (e.g. "Processes.dest"); fields used after tstats are appended. */
  by: string[];
  /** Arguments right after `tstats`. Default: the ESCU summariesonly macro. */
  tstatsArgs?: string;
  /** Aggregations. Default: count, first and last time. */
  aggregates?: string;
  /** Commands after tstats, before any regex/where. Default: drop_dm_object_name and ctime for both times. */
  tail?: string[];
}

/**
 * A tstats query over a data model. Conjuncts tstats cannot evaluate run after `drop_dm_object_name`, so they
 * use the short field names, and their fields are added to `by` so that they survive the aggregation.
 */
export function renderTstats(node: Node, opts: TstatsOptions): string {
  const plan = planQuery(node);
  const prefix = opts.object + ".";
  const strip = (f: string) => (f.startsWith(prefix) ? f.slice(prefix.length) : f);
  const by = [...opts.by];
  for (const f of [...plan.regex.map((r) => r.field), ...plan.where.flatMap((w) => fieldsOf(w))]) {
    if (!by.includes(f)) by.push(f);
  }
  const tail = opts.tail ?? [
    `\`drop_dm_object_name(${opts.object})\``,
    "`security_content_ctime(firstTime)`",
    "`security_content_ctime(lastTime)`",
  ];
  const where = plan.search.length ? ` where ${emitSearchExpr(TSTATS, and(...plan.search))}` : "";
  const args = opts.tstatsArgs ?? "`security_content_summariesonly`";
  const aggs = opts.aggregates ?? "count min(_time) as firstTime max(_time) as lastTime";
  const head = `| tstats ${args} ${aggs} from datamodel=${opts.datamodel}${where} by ${by.map((f) => fieldName(TSTATS, f)).join(" ")}`;
  return head + tail.map((t) => ` | ${t}`).join("") + postCommands(plan, strip);
}
