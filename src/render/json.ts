// JSON exactly as Jinja's `tojson` writes it (what contentctl's ESCU build emits and ES reads): keys sorted at
// every level, ", " and ": " separators, non-ASCII as \uXXXX, and <, >, &, ' as \u003c, \u003e, \u0026, \u0027.
// One line always: a newline inside a string is written as \n, so a JSON value can never break a .conf line.

/** A number that must print as a Python float (`1727654400.0`), not as an int. */
export class PyFloat {
  constructor(readonly value: number) {}
}

const hex4 = (c: number) => "\\u" + c.toString(16).padStart(4, "0");

const PLAIN = /^[\x20-\x21\x23-\x25\x28-\x3b\x3d\x3f-\x5b\x5d-\x7e]*$/;
const NOT_PY_ASCII = /[\u007f-\uffff<>&']/g;

/** JSON.stringify escapes `"`, `\\` and controls as Python does; then non-ASCII and <>&' become \uXXXX. */
function quote(s: string): string {
  if (PLAIN.test(s)) return '"' + s + '"';
  return JSON.stringify(s).replace(NOT_PY_ASCII, (c) => hex4(c.charCodeAt(0)));
}

function pyFloat(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`Cannot write ${n} as JSON.`);
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

export function toPyJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof PyFloat) return pyFloat(value.value);
  switch (typeof value) {
    case "string":
      return quote(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`Cannot write ${value} as JSON.`);
      return String(value);
    case "boolean":
      return value ? "true" : "false";
    case "object": {
      if (Array.isArray(value)) return "[" + value.map(toPyJson).join(", ") + "]";
      if (value instanceof Date) return quote(value.toISOString());
      const keys = Object.keys(value as object)
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return "{" + keys.map((k) => quote(k) + ": " + toPyJson((value as Record<string, unknown>)[k])).join(", ") + "}";
    }
    default:
      return quote(String(value));
  }
}
