// Static analysis of a parsed SSA pipeline: which fields each command defines and uses, the input_event keys
// it reads, functions and regexes it calls, the output contract, and commands that cannot run offline.
// Pure; positions are offsets into the pipeline text (check.ts maps them to the YAML file).
import type { Command, Expr, Program } from "./ast.js";
import type { SsaCodeName } from "./codes.js";
import { FUNCTIONS, SINKS, SOURCES } from "./functions.js";
import { translateJavaRegex } from "./regex.js";
import { STATS_FUNCTIONS, statsOutputFields } from "./stats.js";

export interface Finding {
  code: SsaCodeName;
  message: string;
  start: number;
  end: number;
  hint?: string;
}

export interface Analysis {
  findings: Finding[];
  /** Keys read with map_get(input_event, "<key>"), in order of appearance (repeats kept). */
  inputKeys: { key: string; start: number; end: number }[];
  /** Fields present on records reaching the sink; undefined when a command adds fields we cannot know. */
  outputFields?: Set<string>;
  /** Keys of the body map when it is built with create_map([...literal keys...]). */
  bodyKeys: string[];
  /** Commands the evaluator cannot run. */
  opaque: { name: string; start: number; end: number }[];
}

const INITIAL_FIELDS = ["input_event", "_datamodels", "body"];
const CONTRACT = ["start_time", "end_time", "entities", "body"];

/** Fields an opaque command is known to add; `open` when its outputs are unknown. */
function opaqueOutputs(c: Extract<Command, { kind: "opaque" }>): { add: string[]; open: boolean } {
  const opt = (k: string) => c.options.find((o) => o.key === k)?.value;
  switch (c.name) {
    case "adaptive_threshold":
      return { add: ["label", "quantile"], open: false };
    case "first_time_event": {
      const cols = opt("input_columns");
      const names = cols?.type === "list" ? cols.items.map((i) => (i.type === "string" ? i.value : "")) : [];
      return { add: [`first_time_${names.join("_")}`], open: false };
    }
    case "apply_model":
      return { add: ["ml_out"], open: false };
    default:
      return { add: [], open: true };
  }
}

class Walker {
  findings: Finding[] = [];
  inputKeys: Analysis["inputKeys"] = [];
  constructor(private text: string) {}

  find(code: SsaCodeName, message: string, n: { start: number; end: number }, hint?: string): void {
    this.findings.push({ code, message, start: n.start, end: n.end, hint });
  }

  /** Check an expression against the defined fields; `bound` are iterator names in scope. */
  expr(e: Expr, defined: Set<string> | undefined, bound: Set<string> = new Set()): void {
    switch (e.type) {
      case "field":
        if (defined && !defined.has(e.name) && !bound.has(e.name)) {
          const near = [...defined].find((d) => d.toLowerCase() === e.name.toLowerCase());
          this.find("undefinedField", `Field '${e.name}' is used but no earlier command defines it.`, e, near ? `Did you mean '${near}'?` : undefined);
        }
        return;
      case "regex": {
        const t = translateJavaRegex(e.source, e.flags);
        if (!t.ok) this.find("regex", t.message, { start: e.start + 1 + Math.min(t.offset, e.source.length), end: e.end });
        return;
      }
      case "list":
        return e.items.forEach((x) => this.expr(x, defined, bound));
      case "map":
        return e.entries.forEach((x) => this.expr(x.value, defined, bound));
      case "unary":
      case "isnull":
        return this.expr(e.operand, defined, bound);
      case "binary":
        this.expr(e.left, defined, bound);
        return this.expr(e.right, defined, bound);
      case "in":
        this.expr(e.operand, defined, bound);
        return e.items.forEach((x) => this.expr(x, defined, bound));
      case "like":
        this.expr(e.operand, defined, bound);
        return this.expr(e.pattern, defined, bound);
      case "var":
        this.find("structure", `Variable '$${e.name}' can only be used in 'from' or 'union'.`, e);
        return;
      case "call":
        return this.call(e, defined, bound);
      default:
        return;
    }
  }

  private call(e: Extract<Expr, { type: "call" }>, defined: Set<string> | undefined, bound: Set<string>): void {
    const spec = FUNCTIONS[e.name];
    if (!spec) {
      const hint = SOURCES.has(e.name) || SINKS.has(e.name) ? `${e.name}() belongs in 'from' or 'into'.` : undefined;
      this.find("unknownFunction", `Unknown function '${e.name}'.`, { start: e.start, end: e.nameEnd }, hint);
    } else if (e.args.length < spec.min || e.args.length > spec.max) {
      const want = spec.min === spec.max ? `${spec.min}` : `${spec.min} to ${spec.max}`;
      this.find("arity", `${e.name}() takes ${want} argument${spec.max === 1 ? "" : "s"}, got ${e.args.length}.`, e);
    }
    if (e.name === "map_get" && e.args[0]?.type === "field" && e.args[0].name === "input_event" && e.args[1]?.type === "string") {
      this.inputKeys.push({ key: e.args[1].value, start: e.args[1].start, end: e.args[1].end });
    }
    if ((e.name === "match_regex" || e.name === "replace") && e.args[1]?.type === "string") {
      const t = translateJavaRegex(e.args[1].value);
      if (!t.ok) this.find("regex", t.message, e.args[1]);
    }
    let inner = bound;
    if (e.name === "for_each" && e.args[0]?.type === "call" && e.args[0].name === "iterator" && e.args[0].args[1]?.type === "string") {
      inner = new Set([...bound, e.args[0].args[1].value]);
    }
    e.args.forEach((a, i) => this.expr(a, defined, i === 1 ? inner : bound));
  }

  name(e: Expr): string {
    return e.type === "field" ? e.name : this.text.slice(e.start, e.end);
  }
}

/** Analyze every statement of a program. */
export function analyzeProgram(program: Program, text: string): Analysis {
  const w = new Walker(text);
  const vars = new Map<string, Set<string> | undefined>();
  const usedVars = new Set<string>();
  const opaque: Analysis["opaque"] = [];
  let outputFields: Set<string> | undefined;
  let bodyKeys: string[] = [];
  let sawSink = false;
  for (const st of program.statements) {
    const [first, ...rest] = st.pipeline.commands;
    let defined: Set<string> | undefined = new Set(INITIAL_FIELDS);
    const assigned = new Set<string>();
    if (first!.kind !== "from") w.find("structure", "A statement must start with 'from'.", first!);
    else if (first!.source.type === "var") {
      const name = first!.source.name;
      usedVars.add(name);
      if (!vars.has(name)) w.find("unknownVariable", `Unknown variable '$${name}'.`, first!.source, "Assign it first: $name = | from ...;");
      defined = vars.has(name) && vars.get(name) ? new Set(vars.get(name)) : vars.has(name) ? undefined : defined;
    } else if (first!.source.type !== "call" || !SOURCES.has(first!.source.name)) {
      w.find("structure", "'from' needs read_ssa_enriched_events() or a $variable.", first!.source);
    }
    let sink = false;
    for (const c of rest) {
      if (sink) w.find("structure", "Nothing may follow 'into'.", c);
      switch (c.kind) {
        case "from":
          w.find("structure", "'from' must be the first command of a statement.", c);
          break;
        case "eval":
          for (const a of c.assignments) {
            w.expr(a.expr, defined);
            defined?.add(a.name);
            assigned.add(a.name);
            if (a.name === "body" && a.expr.type === "call" && a.expr.name === "create_map" && a.expr.args[0]?.type === "list") {
              bodyKeys = a.expr.args[0].items.filter((_, i) => i % 2 === 0).flatMap((k) => (k.type === "string" ? [k.value] : []));
            }
          }
          break;
        case "where":
          w.expr(c.condition, defined);
          break;
        case "select": {
          c.items.forEach((it) => w.expr(it.expr, defined));
          defined = new Set(c.items.map((it) => it.alias ?? w.name(it.expr)));
          break;
        }
        case "rename":
          for (const p of c.pairs) {
            if (defined && !defined.has(p.from)) w.find("undefinedField", `Field '${p.from}' is renamed but no earlier command defines it.`, p);
            defined?.delete(p.from);
            defined?.add(p.to);
          }
          break;
        case "rex": {
          if (defined && !defined.has(c.field)) w.find("undefinedField", `Field '${c.field}' is used but no earlier command defines it.`, c);
          const t = translateJavaRegex(c.pattern);
          if (!t.ok) w.find("regex", t.message, c.patternPos);
          for (const m of c.pattern.matchAll(/\(\?<([A-Za-z][A-Za-z0-9_]*)>/g)) defined?.add(m[1]!);
          break;
        }
        case "union":
          for (const s of c.sources) {
            if (s.type !== "var") {
              w.find("structure", "'union' needs $variables.", s);
              continue;
            }
            usedVars.add(s.name);
            if (!vars.has(s.name)) w.find("unknownVariable", `Unknown variable '$${s.name}'.`, s);
            const other = vars.get(s.name);
            if (!other) defined = undefined;
            else if (defined) for (const f of other) defined.add(f);
          }
          break;
        case "stats":
          for (const a of c.aggregations) {
            if (!STATS_FUNCTIONS.includes(a.fn)) w.find("unknownFunction", `Unknown aggregation '${a.fn}'.`, a, `Supported: ${STATS_FUNCTIONS.join(", ")}.`);
            a.args.forEach((x) => w.expr(x, defined));
          }
          for (const b of c.by) {
            if (b.type === "call" && b.name === "span") b.args.slice(0, 1).forEach((x) => w.expr(x, defined));
            else w.expr(b, defined);
          }
          defined = new Set(statsOutputFields(c, text));
          break;
        case "opaque": {
          opaque.push({ name: c.name, start: c.start, end: c.end });
          w.find("notOffline", `Command '${c.name}' is stateful or needs a model; this detection cannot be run offline.`, { start: c.start, end: c.start + c.name.length });
          const out = opaqueOutputs(c);
          if (out.open) defined = undefined;
          else out.add.forEach((f) => defined?.add(f));
          break;
        }
        case "into":
          sink = true;
          sawSink = true;
          if (c.sink.type !== "call" || !SINKS.has(c.sink.name)) w.find("missingSink", "'into' needs write_ssa_detected_events().", c.sink);
          if (defined) {
            const missing = CONTRACT.filter((f) => !defined!.has(f));
            if (missing.length) w.find("outputContract", `The detected event lacks ${missing.join(", ")}.`, c, "Assign them in an eval before the sink: start_time, end_time (epoch ms), entities (list), body (map).");
            // body exists from the source (an empty map); say so when the pipeline never sets it.
            if (!assigned.has("body") && defined.has("body") && !missing.includes("body")) {
              w.find("bodyNotSet", "The pipeline never assigns body, so detected events carry an empty body.", c);
            }
          }
          outputFields = defined ? new Set(defined) : undefined;
          break;
      }
    }
    if (st.variable) {
      if (sink) w.find("structure", `Statement '$${st.variable}' writes to the sink; a variable statement should not.`, st);
      vars.set(st.variable, defined);
    }
  }
  for (const st of program.statements) {
    if (st.variable && !usedVars.has(st.variable)) w.find("unusedVariable", `Variable '$${st.variable}' is assigned but never read.`, { start: st.start, end: st.start + st.variable.length + 1 });
  }
  if (!sawSink) {
    const last = program.statements[program.statements.length - 1]!;
    w.find("missingSink", "The pipeline never writes its results: it must end with | into write_ssa_detected_events();", { start: last.end, end: last.end });
  }
  return { findings: w.findings, inputKeys: w.inputKeys, outputFields, bodyKeys, opaque };
}
