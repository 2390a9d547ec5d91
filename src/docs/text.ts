// Small text rules of the docs pages (ESCU doc_gen format, §9): HTML escaping as Jinja's autoescape does,
// Python float printing, slugs, code-point ordering, safe coercion of loosely typed YAML values, YAML-safe
// front matter values and markdown table cells.
import { isScalar, isSeq, parseDocument } from "yaml";

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

/**
 * A YAML double-quoted scalar for front matter (`title: "..."`). JSON string syntax is valid YAML
 * double-quoted syntax, so `"`, `\\` and control characters are escaped and anything else is kept:
 * a value that needs no escape gives the same bytes as `"${value}"`.
 */
export const yamlQuoted = (s: string): string => JSON.stringify(s);

// YAML 1.1 (Ruby Psych, which Jekyll uses) reads these plain words as booleans or null.
const YAML11_SPECIAL = /^(?:y|n|yes|no|on|off|true|false|null|~)$/i;
const plainCache = new Map<string, string>();

/**
 * A front matter value in plain (unquoted) style when YAML reads it back as exactly the same text, else
 * double-quoted: "Endpoint", "2021-11-29" or "Logon Script (Windows)" stay as they are, while
 * "a: b", "#x", "&x", "- x", "yes", "1.0", " x", "" or a line break get quotes.
 */
export function yamlPlain(s: string): string {
  let out = plainCache.get(s);
  if (out === undefined) {
    out = plainReadsBack(s) ? s : yamlQuoted(s);
    if (plainCache.size < 10_000) plainCache.set(s, out);
  }
  return out;
}

function plainReadsBack(s: string): boolean {
  if (s === "" || s !== s.trim() || /[\r\n\t]/.test(s) || YAML11_SPECIAL.test(s)) return false;
  // Fast path for the common case (names, products, dates): no YAML indicator can occur.
  if (/^[A-Za-z0-9][A-Za-z0-9 _.,()/+=-]*$/.test(s)) return numberish(s) === undefined || String(numberish(s)) === s;
  const doc = parseDocument(`- ${s}\n`);
  if (doc.errors.length || doc.warnings.length || doc.comment || doc.commentBefore) return false;
  const seq = doc.contents;
  if (!isSeq(seq) || seq.items.length !== 1) return false;
  const item = seq.items[0];
  return isScalar(item) && item.type === "PLAIN" && !item.comment && !item.commentBefore && String(item.value) === s;
}

/** What the YAML core schema makes of a plain word that looks like a number. */
function numberish(s: string): number | undefined {
  return /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$|^0o[0-7]+$|^0x[0-9a-fA-F]+$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/.test(s) ? Number(s) : undefined;
}

/** A markdown table cell: "|" is escaped and line breaks become spaces, so the row keeps its columns. */
export const tableCell = (s: string): string => (/[|\r\n]/.test(s) ? s.replace(/\r?\n|\r/g, " ").replace(/\|/g, "\\|") : s);
