// `stats aggs BY keys, span(ts, size[, slide])` over a finite batch: tumbling (or sliding) windows over the
// whole input, yielding window_start / window_end as SSA did. Pure. Output order: window start, then first seen.
import type { Command, Expr } from "./ast.js";
import { compileExpr, Spl2CompileError, type Compiled, type Rec } from "./compile.js";
import { newMap, valuesEqual, type Value } from "./values.js";

type StatsCommand = Extract<Command, { kind: "stats" }>;

interface Acc {
  add(v: Value, counted: boolean): void;
  result(): Value;
}

const num = (v: Value): number | null => (typeof v === "number" ? v : null);

const AGGREGATORS: Record<string, () => Acc> = {
  count: () => {
    let n = 0;
    return { add: (v, counted) => void (counted && v !== null && n++), result: () => n };
  },
  sum: () => {
    let s: number | null = null;
    return { add: (v) => void (num(v) !== null && (s = (s ?? 0) + (v as number))), result: () => s };
  },
  avg: () => {
    let s = 0;
    let n = 0;
    return { add: (v) => void (num(v) !== null && ((s += v as number), n++)), result: () => (n ? s / n : null) };
  },
  min: () => {
    let m: Value = null;
    return { add: (v) => void (v !== null && (m === null || (v as number) < (m as number)) && (m = v)), result: () => m };
  },
  max: () => {
    let m: Value = null;
    return { add: (v) => void (v !== null && (m === null || (v as number) > (m as number)) && (m = v)), result: () => m };
  },
  dc: () => {
    const seen = new Set<string>();
    return { add: (v) => void (v !== null && seen.add(JSON.stringify(v))), result: () => seen.size };
  },
  values: () => {
    const out: Value[] = [];
    return { add: (v) => void (v !== null && !out.some((x) => valuesEqual(x, v)) && out.push(v)), result: () => out };
  },
  first: () => {
    let f: Value = null;
    let set = false;
    return { add: (v) => void (!set && ((f = v), (set = true))), result: () => f };
  },
  last: () => {
    let l: Value = null;
    return { add: (v) => void (l = v), result: () => l };
  },
};
AGGREGATORS.mean = AGGREGATORS.avg!;
AGGREGATORS.estdc = AGGREGATORS.dc!;
AGGREGATORS.distinct_count = AGGREGATORS.dc!;

/** Aggregation function names `stats` accepts. */
export const STATS_FUNCTIONS = Object.keys(AGGREGATORS);

function durationOf(e: Expr | undefined): number | null {
  if (!e) return null;
  if (e.type === "duration") return e.ms;
  if (e.type === "number") return e.value;
  return null;
}

/** The fields a stats command outputs (for checks). */
export function statsOutputFields(c: StatsCommand, text: string): string[] {
  const out: string[] = [];
  for (const b of c.by) {
    if (b.type === "field") out.push(b.name);
    else if (b.type === "call" && b.name === "span") out.push("window_start", "window_end");
  }
  for (const a of c.aggregations) out.push(a.alias ?? text.slice(a.start, a.end));
  return out;
}

/** Compile a stats command into a batch function. Throws Spl2CompileError for what it cannot evaluate. */
export function runStats(c: StatsCommand, text: string): (rs: Rec[]) => Rec[] {
  const keys: { name: string; f: Compiled }[] = [];
  let win: { ts: Compiled; size: number; slide: number } | undefined;
  for (const b of c.by) {
    if (b.type === "field") keys.push({ name: b.name, f: compileExpr(b) });
    else if (b.type === "call" && b.name === "span") {
      const size = durationOf(b.args[1]);
      const slide = b.args[2] ? durationOf(b.args[2]) : size;
      if (!b.args[0] || size === null || slide === null || size <= 0 || slide <= 0) {
        throw new Spl2CompileError("span() needs a time field and a duration such as 10m.", b.start, b.end);
      }
      win = { ts: compileExpr(b.args[0]), size, slide };
    } else throw new Spl2CompileError("stats BY takes field names and span(...).", b.start, b.end);
  }
  const aggs = c.aggregations.map((a) => {
    const make = AGGREGATORS[a.fn];
    if (!make) throw new Spl2CompileError(`Unknown aggregation '${a.fn}'; supported: ${STATS_FUNCTIONS.join(", ")}.`, a.start, a.end);
    return { name: a.alias ?? text.slice(a.start, a.end), make, arg: a.args[0] ? compileExpr(a.args[0]) : undefined };
  });
  return (rs) => {
    const groups = new Map<string, { start: number | null; keyVals: Value[]; accs: Acc[]; order: number }>();
    const visit = (r: Rec, start: number | null, keyVals: Value[]) => {
      const id = JSON.stringify([start, keyVals]);
      let g = groups.get(id);
      if (!g) groups.set(id, (g = { start, keyVals, accs: aggs.map((a) => a.make()), order: groups.size }));
      aggs.forEach((a, i) => g!.accs[i]!.add(a.arg ? a.arg(r) : true, true));
    };
    for (const r of rs) {
      const keyVals = keys.map((k) => k.f(r));
      if (!win) {
        visit(r, null, keyVals);
        continue;
      }
      const ts = win.ts(r);
      if (typeof ts !== "number") continue;
      const last = Math.floor(ts / win.slide);
      for (let k = Math.floor((ts - win.size) / win.slide) + 1; k <= last; k++) visit(r, k * win.slide, keyVals);
    }
    const sorted = [...groups.values()].sort((a, b) => (a.start ?? 0) - (b.start ?? 0) || a.order - b.order);
    return sorted.map((g) => {
      const o: Rec = newMap();
      keys.forEach((k, i) => (o[k.name] = g.keyVals[i]!));
      if (win && g.start !== null) {
        o.window_start = g.start;
        o.window_end = g.start + win.size;
      }
      aggs.forEach((a, i) => (o[a.name] = g.accs[i]!.result()));
      return o;
    });
  };
}
