// Map a character range inside a YAML scalar's *value* (e.g. an SPL2 parse error in `search`) to line:col in
// the YAML file. Works for plain, single-quoted, double-quoted, literal and folded scalars, one-line or
// multi-line, by aligning the value with the source text after the scalar's start. Reads the file (sync,
// cached per path); falls back to the scalar's own span when the alignment fails.
import { readFileSync } from "node:fs";
import type { Span } from "../diag/diagnostic.js";
import type { Origin } from "../model/project.js";

const DQ_ESCAPES: Record<string, string> = {
  "0": "\0", a: "\x07", b: "\b", t: "\t", "\t": "\t", n: "\n", v: "\v", f: "\f", r: "\r", e: "\x1b", " ": " ",
  '"': '"', "/": "/", "\\": "\\", N: "\x85", _: "\xa0", L: "\u2028", P: "\u2029",
};

const isWs = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r";

/**
 * For each character of `value`, the offset in `text` it comes from (plus one final entry: the offset after
 * the last character). `start` is where the scalar begins (its quote or block indicator, or first character).
 */
export function scalarOffsetMap(text: string, start: number, value: string): number[] | undefined {
  const style = text[start];
  let p = start;
  if (style === "'" || style === '"') p++;
  else if (style === "|" || style === ">") {
    const nl = text.indexOf("\n", p);
    if (nl < 0) return undefined;
    p = nl + 1;
  }
  const offsets: number[] = new Array(value.length + 1);
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    for (;;) {
      if (p >= text.length) return undefined;
      const t = text[p]!;
      if (style === '"' && t === "\\") {
        const e = text[p + 1] ?? "";
        if (e === "\n" || e === "\r") {
          p += e === "\r" && text[p + 2] === "\n" ? 3 : 2;
          while (text[p] === " " || text[p] === "\t") p++;
          continue;
        }
        let decoded: string | undefined = DQ_ESCAPES[e];
        let len = 2;
        const hex = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
        if (hex) {
          decoded = String.fromCodePoint(parseInt(text.slice(p + 2, p + 2 + hex), 16));
          len = 2 + hex;
        }
        if (decoded === undefined || !value.startsWith(decoded, i)) return undefined;
        offsets[i] = p;
        // A code point beyond U+FFFF is two UTF-16 units in `value`.
        for (let k = 1; k < decoded.length; k++) offsets[++i] = p;
        p += len;
        break;
      }
      if (style === "'" && t === "'" && text[p + 1] === "'") {
        if (c !== "'") return undefined;
        offsets[i] = p;
        p += 2;
        break;
      }
      if (t === c) {
        offsets[i] = p;
        p++;
        break;
      }
      if ((c === " " || c === "\n") && (t === "\n" || t === "\r")) {
        offsets[i] = p;
        p += t === "\r" && text[p + 1] === "\n" ? 2 : 1;
        break;
      }
      if (isWs(t)) {
        p++;
        continue;
      }
      return undefined;
    }
  }
  offsets[value.length] = p;
  return offsets;
}

const textCache = new Map<string, { text: string; lineStarts: number[] } | null>();

function fileText(path: string): { text: string; lineStarts: number[] } | null {
  let t = textCache.get(path);
  if (t === undefined) {
    try {
      const text = readFileSync(path, "utf8");
      const lineStarts = [0];
      for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
      t = { text, lineStarts };
    } catch {
      t = null;
    }
    textCache.set(path, t);
  }
  return t;
}

function lineCol(lineStarts: number[], offset: number): { line: number; col: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - lineStarts[lo]! + 1 };
}

/**
 * The span of value[from, to) of the scalar at `pointer`. `value` is the scalar's parsed string.
 * Falls back to the scalar's span (origin.locate) when the file cannot be read or aligned.
 */
export function locateInScalar(origin: Origin, pointer: string, value: string, from: number, to: number): Span | undefined {
  const whole = origin.locate(pointer);
  if (!whole) return undefined;
  const ft = fileText(origin.path);
  if (!ft) return whole;
  const start = (ft.lineStarts[whole.line - 1] ?? 0) + whole.col - 1;
  const map = scalarOffsetMap(ft.text, start, value);
  if (!map) return whole;
  const a = lineCol(ft.lineStarts, map[Math.max(0, Math.min(from, value.length))]!);
  const endIdx = Math.max(from, Math.min(to, value.length));
  const b = lineCol(ft.lineStarts, endIdx > from ? map[endIdx - 1]! + 1 : map[endIdx]!);
  return { line: a.line, col: a.col, endLine: b.line, endCol: b.col };
}
