// Small text rules of the docs pages (ESCU doc_gen format, §9): HTML escaping as Jinja's autoescape does,
// Python float printing, slugs, code-point ordering, and safe coercion of loosely typed YAML values.

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" };

/** Jinja/markupsafe autoescape: & < > " ' become entities. */
export function htmlEscape(v: unknown): string {
  const s = str(v);
  return /[&<>"']/.test(s) ? s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]) : s;
}

/** Python's repr of a float: always with a fraction ("70.0", "25.5"). */
export function pyFloat(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? "inf" : n < 0 ? "-inf" : "nan";
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

/** The page slug of a name: lower case, spaces to "_" only (hyphens and dots stay). */
export const slug = (name: string): string => name.toLowerCase().replace(/ /g, "_");

/** A tag anchor: lower case, spaces to "-". */
export const tagSlug = (name: string): string => name.toLowerCase().replace(/ /g, "-");

/** Python's str.capitalize(): first letter upper, rest lower. */
export const capitalize = (s: string): string => (s ? s[0].toUpperCase() + s.slice(1).toLowerCase() : s);

/** Code-point string order (Python's default), not localeCompare. */
export const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A scalar as text: strings verbatim, dates as YYYY-MM-DD, null/undefined as "". */
export function str(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** A list of strings from a value that should be one (a lone scalar becomes a one-item list). */
export function strList(v: unknown): string[] {
  if (v === undefined || v === null || v === "") return [];
  return (Array.isArray(v) ? v : [v]).filter((x) => x !== undefined && x !== null).map(str);
}

/** A finite number, or undefined. */
export function num(v: unknown): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}
