// SPL2 runtime values and the type rules the evaluator follows (splunk-platform.md §6.4). Pure.
// Values are JS strings, numbers (long and double share `number`), booleans, null, arrays and null-prototype maps.

export type Value = string | number | boolean | null | Value[] | ValueMap | RegExp | Iterator;
export interface ValueMap {
  [key: string]: Value;
}
/** The result of iterator(list, "name"): consumed by for_each. */
export interface Iterator {
  iterator: true;
  items: Value[];
  name: string;
}

/**
 * A new empty map. Instances of a constructor whose prototype is a null-prototype object: no inherited keys
 * ("constructor", "__proto__" are ordinary keys) yet V8 keeps them in fast mode, unlike Object.create(null).
 */
export const newMap = (): ValueMap => new NullProtoMap();
const NullProtoMap = function (this: ValueMap) {} as unknown as { new (): ValueMap };
(NullProtoMap as unknown as { prototype: object }).prototype = Object.create(null);

export const isMap = (v: unknown): v is ValueMap =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof RegExp) && !(v as Iterator).iterator;

/** A type test for a type name, resolved once (the hot path of ucast). */
export function typePredicate(type: string): (v: Value) => boolean {
  const t = type.toLowerCase().replace(/\s+/g, "");
  if (t === "string") return (v) => typeof v === "string";
  if (t === "long" || t === "integer" || t === "int") return (v) => typeof v === "number" && Number.isInteger(v);
  if (t === "double" || t === "float" || t === "number") return (v) => typeof v === "number";
  if (t === "boolean") return (v) => typeof v === "boolean";
  return (v) => hasType(v, t);
}

/** `ucast`: the value itself if it already has the type, else the default. Never converts. */
export function hasType(v: Value, type: string): boolean {
  const t = type.toLowerCase().replace(/\s+/g, "");
  if (t === "any") return true;
  if (t === "string") return typeof v === "string";
  if (t === "long" || t === "integer" || t === "int") return typeof v === "number" && Number.isInteger(v);
  if (t === "double" || t === "float" || t === "number") return typeof v === "number";
  if (t === "boolean") return typeof v === "boolean";
  if (t.startsWith("collection") || t.startsWith("list") || t.startsWith("array")) {
    if (!Array.isArray(v)) return false;
    const inner = /<(.+)>$/.exec(t)?.[1];
    return !inner || v.every((x) => x === null || hasType(x, inner));
  }
  if (t.startsWith("map")) return isMap(v);
  return false;
}

const LONG_RE = /^\s*[+-]?\d+\s*$/;
const DOUBLE_RE = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

export function parseLong(v: Value): Value {
  if (typeof v === "number") return Number.isInteger(v) ? v : null;
  if (typeof v !== "string" || !LONG_RE.test(v)) return null;
  return Number(v);
}

export function parseDouble(v: Value): Value {
  if (typeof v === "number") return v;
  if (typeof v !== "string" || !DOUBLE_RE.test(v)) return null;
  return Number(v);
}

/** The converting `cast`: null when the value cannot be represented as the type. */
export function castValue(v: Value, type: string): Value {
  if (v === null) return null;
  const t = type.toLowerCase().replace(/\s+/g, "");
  if (t === "string") return typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
  if (t === "long" || t === "integer" || t === "int") {
    if (typeof v === "number") return Math.trunc(v);
    if (typeof v === "boolean") return v ? 1 : 0;
    return typeof v === "string" ? parseLong(v) : null;
  }
  if (t === "double" || t === "float" || t === "number") {
    if (typeof v === "number") return v;
    if (typeof v === "boolean") return v ? 1 : 0;
    return typeof v === "string" ? parseDouble(v) : null;
  }
  if (t === "boolean") {
    if (typeof v === "boolean") return v;
    if (typeof v === "string") return v.toLowerCase() === "true" ? true : v.toLowerCase() === "false" ? false : null;
    if (typeof v === "number") return v !== 0;
    return null;
  }
  return hasType(v, t) ? v : null;
}

/** A LIKE test; `%lit%`, `lit%`, `%lit` and wildcard-free patterns avoid regexes. */
export function likeMatcher(pattern: string): (s: string) => boolean {
  const inner = pattern.slice(1, -1);
  if (!/[%_]/.test(pattern)) return (s) => s === pattern;
  if (pattern.length >= 2 && pattern.startsWith("%") && pattern.endsWith("%") && !/[%_]/.test(inner)) return (s) => s.includes(inner);
  if (pattern.endsWith("%") && !/[%_]/.test(pattern.slice(0, -1))) {
    const head = pattern.slice(0, -1);
    return (s) => s.startsWith(head);
  }
  if (pattern.startsWith("%") && !/[%_]/.test(pattern.slice(1))) {
    const tail = pattern.slice(1);
    return (s) => s.endsWith(tail);
  }
  const re = likeToRegExp(pattern);
  return (s) => re.test(s);
}

/** SQL LIKE over the whole string: % any run, _ one character, case-sensitive; compiled once per pattern. */
export function likeToRegExp(pattern: string): RegExp {
  let re = "^";
  for (const ch of pattern) {
    if (ch === "%") re += "[\\s\\S]*";
    else if (ch === "_") re += "[\\s\\S]";
    else re += ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(re + "$");
}

/** Equality: same-typed scalars compare by value; a number never equals a string. */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]!));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && valuesEqual(a[k]!, b[k]!));
  }
  return false;
}

/** Make a plain JSON value (from JSON.parse) safe to use as a Value: maps get a null prototype. */
export function fromJson(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(fromJson);
  if (typeof v === "object") {
    const m: ValueMap = newMap();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) m[k] = fromJson(x);
    return m;
  }
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  return String(v);
}

/** Plain JSON form of a value (for output and --format json). */
export function toJson(v: Value): unknown {
  if (v instanceof RegExp) return v.source;
  if (Array.isArray(v)) return v.map(toJson);
  if (isMap(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) o[k] = toJson(v[k]!);
    return o;
  }
  if (typeof v === "object" && v !== null) return null;
  return v;
}
