// Conf value escaping (splunk-platform.md §1.6). Every value written into a .conf file goes through
// `escapeConfValue`: it cannot start a new stanza or key, and it parses back (parse.ts) to `normalizeConfValue(v)`.
//
// Normal form of a value (what a reader gets back):
//  - CRLF, lone CR, U+0085, U+2028 and U+2029 become LF (they are line breaks for Python-based readers);
//  - other C0 controls (except TAB), DEL and U+FEFF are removed;
//  - the value is trimmed (Splunk trims it anyway);
//  - trailing backslashes at the very end are removed (a value cannot end with `\`: it would swallow the next line);
//  - a line that ends with `\` before a line break gets one space appended, so the written line ends in `\ \`
//    and no reader can take the escaped backslash for anything but text.
// Each LF is written as `\` + LF: the continuation keeps the newline, so the parsed value equals the normal form.

const LINE_BREAKS = /\r\n|[\r\u0085\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufeff]/g;

export interface ValueChange {
  /** What normalization changed, for a diagnostic: "line-break", "control", "trailing-backslash". */
  kind: "line-break" | "control" | "trailing-backslash";
  message: string;
}

/** Anything a template may hand over, as text: arrays joined by ", ", objects as JSON, null/undefined empty. */
export function confText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (Array.isArray(value)) return value.map(confText).join(", ");
  return JSON.stringify(value);
}

/** The value a conf reader gets back after `escapeConfValue`; `changes` lists what was lost or rewritten. */
export function normalizeConfValue(value: unknown, changes?: ValueChange[]): string {
  let v = confText(value);
  const broken = v.replace(LINE_BREAKS, "\n");
  if (changes && broken !== v && /[\u0085\u2028\u2029]/.test(v)) {
    changes.push({ kind: "line-break", message: "U+0085/U+2028/U+2029 line separators were written as line breaks." });
  }
  v = broken;
  const cleaned = v.replace(CONTROLS, "");
  if (changes && cleaned !== v) changes.push({ kind: "control", message: "Control characters were removed." });
  v = cleaned.trim();
  if (v.endsWith("\\")) {
    v = v.replace(/[\s\\]+$/, "");
    changes?.push({
      kind: "trailing-backslash",
      message: "The value ended with a backslash, which a .conf file cannot hold; it was removed.",
    });
  }
  if (v.includes("\\\n")) v = v.replace(/\\\n/g, "\\ \n");
  return v;
}

/** Encode a value for `key = <value>`: normal form, then every LF as a backslash continuation. */
export function escapeConfValue(value: unknown): string {
  const s = typeof value === "string" ? value : confText(value);
  // Fast path: one line without controls or separators. Only trimming and a trailing backslash matter then.
  if (!MULTILINE_OR_CONTROL.test(s)) {
    const t = s.trim();
    if (t.charCodeAt(t.length - 1) !== 92) return t;
  }
  return normalizeConfValue(s).replace(/\n/g, "\\\n");
}

// eslint-disable-next-line no-control-regex
const MULTILINE_OR_CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029\ufeff]/;

/** A stanza name on one line: line breaks and controls become spaces, trimmed. The last `]` ends a name, so `]` is fine. */
export function normalizeStanzaName(name: string): string {
  return name
    .replace(LINE_BREAKS, " ")
    .replace(/\n/g, " ")
    .replace(CONTROLS, "")
    .trim();
}

/** Encode a stanza name for `[<name>]`; refuses what cannot be written safely. */
export function escapeStanzaName(name: unknown): string {
  const n = normalizeStanzaName(confText(name));
  if (n === "") throw new ConfEscapeError("A stanza name cannot be empty.");
  return n;
}

const KEY = /^[A-Za-z0-9_.:<>\-/]+$/;

/** Keys come from templates and content-defined names; anything outside the safe set is a bug or bad input. */
export function isSafeConfKey(key: string): boolean {
  return KEY.test(key);
}

export function escapeConfKey(key: unknown): string {
  const k = confText(key);
  if (!isSafeConfKey(k)) throw new ConfEscapeError(`'${k.slice(0, 80)}' cannot be used as a .conf key.`);
  return k;
}

export class ConfEscapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfEscapeError";
  }
}
