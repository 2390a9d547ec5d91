// The offline evaluator: compile a parsed Program once, then run it over SSA enriched events.
// Pure (no I/O). Per-record commands are fused into one loop; stats and union work on the whole batch.
// Stateful/ML commands (first_time_event, adaptive_threshold, ...) make compileProgram throw UnsupportedCommandError.
import type { Command, Expr, Program } from "./ast.js";
import { compileExpr, Spl2CompileError, type Rec } from "./compile.js";
import { SINKS, SOURCES } from "./functions.js";
import { translateJavaRegex } from "./regex.js";
import { runStats } from "./stats.js";
import { hasType, newMap, type Value, type ValueMap } from "./values.js";

/** What write_ssa_detected_events() receives (splunk-platform.md §6.3). */
export interface DetectedEvent {
  start_time: Value;
  end_time: Value;
  entities: Value[];
  body: Value;
  /** Every field of the record at the sink (for debugging and risk message substitution). */
  fields: ValueMap;
}

export class UnsupportedCommandError extends Error {
  constructor(
    readonly command: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(`Command '${command}' is stateful or needs a model and cannot run offline.`);
    this.name = "UnsupportedCommandError";
  }
}

type Stage = { kind: "map"; fn: (r: Rec) => boolean } | { kind: "batch"; fn: (rs: Rec[], vars: Map<string, Rec[]>) => Rec[] };

interface CompiledStatement {
  variable?: string;
  /** Reads the enriched-event source, or a variable. */
  source: { kind: "input" } | { kind: "var"; name: string };
  stages: Stage[];
  sink: boolean;
}

export interface CompiledProgram {
  /** Run over input events (the `input_event` maps) and return what reaches the sink. */
  run(events: ValueMap[]): DetectedEvent[];
}

function makeRecord(inputEvent: ValueMap): Rec {
  const r: Rec = newMap();
  r.input_event = inputEvent;
  const dm = inputEvent._datamodels;
  r._datamodels = dm !== undefined && dm !== null && hasType(dm, "collection<string>") ? dm : [];
  r.body = newMap();
  return r;
}

const copy = (r: Rec): Rec => Object.assign(newMap(), r);

function compileSource(e: Expr): CompiledStatement["source"] {
  if (e.type === "var") return { kind: "var", name: e.name };
  if (e.type === "call" && SOURCES.has(e.name)) return { kind: "input" };
  throw new Spl2CompileError("'from' needs read_ssa_enriched_events() or a $variable.", e.start, e.end);
}

function exprName(e: Expr, text: string): string {
  return e.type === "field" ? e.name : text.slice(e.start, e.end);
}

function compileCommand(c: Command, text: string): Stage | undefined {
  switch (c.kind) {
    case "eval": {
      const steps = c.assignments.map((a) => [a.name, compileExpr(a.expr)] as const);
      return {
        kind: "map",
        fn: (r) => {
          for (const [name, f] of steps) r[name] = f(r);
          return true;
        },
      };
    }
    case "where": {
      const f = compileExpr(c.condition);
      return { kind: "map", fn: (r) => f(r) === true };
    }
    case "select": {
      const items = c.items.map((it) => [it.alias ?? exprName(it.expr, text), compileExpr(it.expr)] as const);
      return {
        kind: "batch",
        fn: (rs) =>
          rs.map((r) => {
            const o: Rec = newMap();
            for (const [name, f] of items) o[name] = f(r);
            return o;
          }),
      };
    }
    case "rename": {
      const pairs = c.pairs;
      return {
        kind: "map",
        fn: (r) => {
          for (const p of pairs) {
            if (p.from in r) {
              r[p.to] = r[p.from]!;
              delete r[p.from];
            }
          }
          return true;
        },
      };
    }
    case "rex": {
      const t = translateJavaRegex(c.pattern);
      if (!t.ok) throw new Spl2CompileError(t.message, c.patternPos.start, c.patternPos.end);
      const re = t.regex;
      const field = c.field;
      return {
        kind: "map",
        fn: (r) => {
          const v = r[field];
          if (typeof v !== "string") return true;
          const m = re.exec(v);
          if (m?.groups) for (const [k, g] of Object.entries(m.groups)) if (g !== undefined) r[k] = g;
          return true;
        },
      };
    }
    case "union": {
      const names = c.sources.map((s) => {
        if (s.type !== "var") throw new Spl2CompileError("'union' needs $variables.", s.start, s.end);
        return s.name;
      });
      return {
        kind: "batch",
        fn: (rs, vars) => {
          const out = rs.slice();
          for (const n of names) for (const r of vars.get(n) ?? []) out.push(copy(r));
          return out;
        },
      };
    }
    case "stats": {
      const run = runStats(c, text);
      return { kind: "batch", fn: (rs) => run(rs) };
    }
    case "opaque":
      throw new UnsupportedCommandError(c.name, c.start, c.end);
    case "from":
      throw new Spl2CompileError("'from' must be the first command of a statement.", c.start, c.end);
    case "into":
      return undefined;
  }
}

function compileStatement(s: Program["statements"][number], text: string, known: Set<string>): CompiledStatement {
  const [first, ...rest] = s.pipeline.commands;
  if (first!.kind !== "from") throw new Spl2CompileError("A statement must start with 'from'.", first!.start, first!.end);
  const source = compileSource(first!.source);
  if (source.kind === "var" && !known.has(source.name)) {
    throw new Spl2CompileError(`Unknown variable '$${source.name}'.`, first!.start, first!.end);
  }
  const stages: Stage[] = [];
  let sink = false;
  for (const c of rest) {
    if (sink) throw new Spl2CompileError("Nothing may follow 'into'.", c.start, c.end);
    if (c.kind === "into") {
      if (c.sink.type !== "call" || !SINKS.has(c.sink.name)) {
        throw new Spl2CompileError("'into' needs write_ssa_detected_events().", c.sink.start, c.sink.end);
      }
      sink = true;
      continue;
    }
    if (c.kind === "union") {
      for (const v of c.sources) {
        if (v.type === "var" && !known.has(v.name)) throw new Spl2CompileError(`Unknown variable '$${v.name}'.`, v.start, v.end);
      }
    }
    stages.push(compileCommand(c, text)!);
  }
  return { variable: s.variable, source, stages, sink };
}

function runStages(stages: Stage[], input: Rec[], vars: Map<string, Rec[]>): Rec[] {
  let recs = input;
  let i = 0;
  while (i < stages.length) {
    const st = stages[i]!;
    if (st.kind === "batch") {
      recs = st.fn(recs, vars);
      i++;
      continue;
    }
    const fused: ((r: Rec) => boolean)[] = [];
    while (i < stages.length && stages[i]!.kind === "map") fused.push((stages[i++] as { fn: (r: Rec) => boolean }).fn);
    const out: Rec[] = [];
    const n = fused.length;
    outer: for (const r of recs) {
      for (let k = 0; k < n; k++) if (!fused[k]!(r)) continue outer;
      out.push(r);
    }
    recs = out;
  }
  return recs;
}

function toDetected(r: Rec): DetectedEvent {
  const ent = r.entities ?? null;
  return {
    start_time: r.start_time ?? null,
    end_time: r.end_time ?? null,
    entities: Array.isArray(ent) ? ent : ent === null ? [] : [ent],
    body: r.body ?? null,
    fields: r,
  };
}

/** Compile every statement. Throws Spl2CompileError or UnsupportedCommandError (both carry offsets). */
export function compileProgram(program: Program, text: string): CompiledProgram {
  const known = new Set<string>();
  const statements: CompiledStatement[] = [];
  for (const s of program.statements) {
    statements.push(compileStatement(s, text, known));
    if (s.variable) known.add(s.variable);
  }
  return {
    run(events: ValueMap[]): DetectedEvent[] {
      const vars = new Map<string, Rec[]>();
      const detected: DetectedEvent[] = [];
      for (const st of statements) {
        let input: Rec[];
        if (st.source.kind === "input") {
          // A fresh record per statement that reads the source: pipelines assign fields in place.
          input = events.map(makeRecord);
        } else {
          input = (vars.get(st.source.name) ?? []).map(copy);
        }
        const out = runStages(st.stages, input, vars);
        if (st.variable) vars.set(st.variable, out);
        if (st.sink) for (const r of out) detected.push(toDetected(r));
      }
      return detected;
    },
  };
}
