// The SPL2 scalar functions the offline evaluator implements, with their arity. Pure.
// `if`, `case`, `for_each` and `iterator` evaluate lazily and are compiled in compile.ts; they are listed
// here (without `impl`) so checks know their arity.
import { translateJavaRegex } from "./regex.js";
import { castValue, fromJson, hasType, isMap, likeMatcher, newMap, parseDouble, parseLong, type Value, type ValueMap } from "./values.js";

export interface FunctionSpec {
  min: number;
  max: number;
  impl?: (args: Value[]) => Value;
}

const str = (v: Value): string | null => (typeof v === "string" ? v : null);
const num = (v: Value): number | null => (typeof v === "number" ? v : null);
const math = (f: (x: number) => number) => (a: Value[]) => {
  const x = num(a[0]!);
  if (x === null) return null;
  const r = f(x);
  return Number.isFinite(r) ? r : null;
};

const regexCache = new Map<string, RegExp | null>();
/** A regex argument: a compiled literal, or a string translated (and cached) at run time. */
export function toRegExp(v: Value, global = false): RegExp | null {
  if (v instanceof RegExp) return global && !v.global ? new RegExp(v.source, v.flags + "g") : v;
  if (typeof v !== "string") return null;
  const key = (global ? "g:" : ":") + v;
  let re = regexCache.get(key);
  if (re === undefined) {
    const r = translateJavaRegex(v);
    re = r.ok ? (global ? r.global : r.regex) : null;
    regexCache.set(key, re);
  }
  return re;
}

const likeCache = new Map<string, (s: string) => boolean>();
export function likeMatch(s: Value, pattern: Value): boolean {
  if (typeof s !== "string" || typeof pattern !== "string") return false;
  let test = likeCache.get(pattern);
  if (!test) likeCache.set(pattern, (test = likeMatcher(pattern)));
  return test(s);
}

function flatten(args: Value[]): Value[] {
  const out: Value[] = [];
  for (const a of args) {
    if (a === null) continue;
    if (Array.isArray(a)) for (const x of a) x !== null && out.push(x);
    else out.push(a);
  }
  return out;
}

function mvindex(list: Value, i: Value, j?: Value): Value {
  if (!Array.isArray(list)) return list !== null && (i === 0 || i === -1) && j === undefined ? list : null;
  if (typeof i !== "number") return null;
  const at = (k: number) => (k < 0 ? list.length + k : k);
  if (j === undefined || j === null) return list[at(i)] ?? null;
  if (typeof j !== "number") return null;
  return list.slice(at(i), at(j) + 1);
}

function substr(s: Value, start: Value, len?: Value): Value {
  const t = str(s);
  if (t === null || typeof start !== "number") return null;
  const from = start > 0 ? start - 1 : start < 0 ? Math.max(0, t.length + start) : 0;
  if (len === undefined || len === null) return t.slice(from);
  return typeof len === "number" ? t.slice(from, from + Math.max(0, len)) : null;
}

function createMap(list: Value): Value {
  if (!Array.isArray(list)) return null;
  const m: ValueMap = newMap();
  for (let i = 0; i + 1 < list.length; i += 2) {
    const k = list[i];
    if (typeof k === "string") m[k] = list[i + 1]!;
  }
  return m;
}

/** Every function name the evaluator knows (lower-case). */
export const FUNCTIONS: Record<string, FunctionSpec> = {
  map_get: { min: 2, max: 2, impl: ([m, k]) => (isMap(m) && typeof k === "string" && Object.hasOwn(m, k) ? m[k]! ?? null : null) },
  map_keys: { min: 1, max: 1, impl: ([m]) => (isMap(m) ? Object.keys(m) : null) },
  create_map: { min: 1, max: 1, impl: ([l]) => createMap(l!) },
  ucast: { min: 3, max: 3, impl: ([v, t, d]) => (v !== null && typeof t === "string" && hasType(v!, t) ? v! : d!) },
  cast: { min: 2, max: 2, impl: ([v, t]) => (typeof t === "string" ? castValue(v!, t) : null) },
  parse_long: { min: 1, max: 1, impl: ([v]) => parseLong(v!) },
  parse_int: {
    min: 1,
    max: 1,
    impl: ([v]) => {
      const n = parseLong(v!);
      return typeof n === "number" && n >= -2147483648 && n <= 2147483647 ? n : null;
    },
  },
  parse_double: { min: 1, max: 1, impl: ([v]) => parseDouble(v!) },
  parse_float: { min: 1, max: 1, impl: ([v]) => parseDouble(v!) },
  tostring: { min: 1, max: 1, impl: ([v]) => castValue(v!, "string") },
  tonumber: { min: 1, max: 1, impl: ([v]) => castValue(v!, "double") },
  lower: { min: 1, max: 1, impl: ([v]) => str(v!)?.toLowerCase() ?? null },
  upper: { min: 1, max: 1, impl: ([v]) => str(v!)?.toUpperCase() ?? null },
  trim: { min: 1, max: 1, impl: ([v]) => str(v!)?.trim() ?? null },
  ltrim: { min: 1, max: 1, impl: ([v]) => str(v!)?.trimStart() ?? null },
  rtrim: { min: 1, max: 1, impl: ([v]) => str(v!)?.trimEnd() ?? null },
  len: { min: 1, max: 1, impl: ([v]) => str(v!)?.length ?? null },
  length: {
    min: 1,
    max: 1,
    impl: ([v]) => (typeof v === "string" || Array.isArray(v) ? v.length : isMap(v) ? Object.keys(v).length : null),
  },
  concat: { min: 1, max: 64, impl: (a) => (a.some((x) => x === null) ? null : a.map((x) => (typeof x === "string" ? x : castValue(x, "string"))).join("")) },
  coalesce: { min: 1, max: 64, impl: (a) => a.find((x) => x !== null) ?? null },
  replace: {
    min: 3,
    max: 3,
    impl: ([s, re, r]) => {
      const t = str(s!);
      const g = toRegExp(re!, true);
      return t === null || g === null || typeof r !== "string" ? null : t.replace(g, r);
    },
  },
  match_regex: {
    min: 2,
    max: 2,
    impl: ([s, re]) => {
      const t = str(s!);
      const r = toRegExp(re!);
      return t === null || r === null ? null : r.test(t);
    },
  },
  like: { min: 2, max: 2, impl: ([s, p]) => likeMatch(s!, p!) },
  substr: { min: 2, max: 3, impl: ([s, a, b]) => substr(s!, a!, b) },
  split: { min: 2, max: 2, impl: ([s, d]) => (typeof s === "string" && typeof d === "string" ? s.split(d) : null) },
  mvindex: { min: 2, max: 3, impl: ([l, i, j]) => mvindex(l!, i!, j) },
  mvappend: { min: 1, max: 256, impl: (a) => flatten(a) },
  mvcount: { min: 1, max: 1, impl: ([l]) => (Array.isArray(l) ? l.length : l === null ? null : 1) },
  mvjoin: { min: 2, max: 2, impl: ([l, d]) => (Array.isArray(l) && typeof d === "string" ? l.map((x) => castValue(x, "string") ?? "").join(d) : null) },
  mvrange: {
    min: 2,
    max: 3,
    impl: ([a, b, s]) => {
      const step = typeof s === "number" && s > 0 ? s : 1;
      if (typeof a !== "number" || typeof b !== "number") return null;
      const out: number[] = [];
      for (let i = a; i < b && out.length < 1_000_000; i += step) out.push(i);
      return out;
    },
  },
  isnull: { min: 1, max: 1, impl: ([v]) => v === null },
  isnotnull: { min: 1, max: 1, impl: ([v]) => v !== null },
  time: { min: 0, max: 0, impl: () => Date.now() },
  abs: { min: 1, max: 1, impl: math(Math.abs) },
  ceil: { min: 1, max: 1, impl: math(Math.ceil) },
  floor: { min: 1, max: 1, impl: math(Math.floor) },
  round: { min: 1, max: 1, impl: math(Math.round) },
  sqrt: { min: 1, max: 1, impl: math(Math.sqrt) },
  exp: { min: 1, max: 1, impl: math(Math.exp) },
  log: { min: 1, max: 1, impl: math(Math.log) },
  ln: { min: 1, max: 1, impl: math(Math.log) },
  pow: { min: 2, max: 2, impl: ([a, b]) => (typeof a === "number" && typeof b === "number" ? a ** b : null) },
  deserialize_json_object: {
    min: 1,
    max: 1,
    impl: ([s]) => {
      if (typeof s !== "string") return null;
      try {
        const v = fromJson(JSON.parse(s));
        return isMap(v) ? v : null;
      } catch {
        return null;
      }
    },
  },
  if: { min: 3, max: 3 },
  case: { min: 2, max: 128 },
  iterator: { min: 2, max: 2 },
  for_each: { min: 2, max: 2 },
};

/** Sources and sinks: called in `from` / `into`, not in expressions. */
export const SOURCES = new Set(["read_ssa_enriched_events", "read_text", "read_ssa_detected_events"]);
export const SINKS = new Set(["write_ssa_detected_events", "index", "write_null"]);
