/**
 * SPL token tables. The search command, the tstats `where` clause and eval/where expressions differ only in
 * these tokens and in their precedence rules, so the emitters read them from here instead of branching.
 * Pure data and two tiny pure helpers; no I/O.
 */

export interface SplDialect {
  readonly id: "search" | "tstats" | "eval";
  /** String quote; inside it `escapeChar` escapes the characters of `escaped`. */
  readonly strQuote: string;
  readonly escapeChar: string;
  readonly escaped: readonly string[];
  /** Multi-character wildcard inside a quoted value; null when values are literal (eval). */
  readonly wildcardMulti: string | null;
  /** A single-character wildcard; SPL's search command has none, so `?` needs a regex. */
  readonly wildcardSingle: string | null;
  readonly andToken: string;
  readonly orToken: string;
  readonly notToken: string;
  readonly inToken: string;
  readonly listOpen: string;
  readonly listSep: string;
  readonly listClose: string;
  readonly groupOpen: string;
  readonly groupClose: string;
  /**
   * Binding strength of NOT, OR and AND (higher binds tighter). The search command evaluates NOT, then OR, then
   * AND (documented in "Boolean expressions"), so `a OR b c` means `(a OR b) c`. An operand gets parentheses
   * when it binds more loosely than its parent. `parenthesizeNested` forces parentheses around every nested
   * and/or (used where the precedence is not documented).
   */
  readonly strength: { readonly not: number; readonly or: number; readonly and: number };
  readonly parenthesizeNested: boolean;
  /** Field names matching this are written bare; others are quoted with `fieldQuote`. */
  readonly plainField: RegExp;
  readonly fieldQuote: string;
  /** Values matching this are written without quotes (integers such as EventCode=4688). */
  readonly plainValue: RegExp;
}

const COMMON = {
  strQuote: '"',
  escapeChar: "\\",
  escaped: ["\\", '"'],
  andToken: " ",
  orToken: " OR ",
  notToken: "NOT ",
  inToken: " IN ",
  listOpen: "(",
  listSep: ", ",
  listClose: ")",
  groupOpen: "(",
  groupClose: ")",
  plainValue: /^-?(0|[1-9][0-9]{0,14})$/,
} as const;

/** The `search` command (and the implicit search at the start of a query). */
export const SEARCH: SplDialect = {
  ...COMMON,
  id: "search",
  wildcardMulti: "*",
  wildcardSingle: null,
  strength: { not: 3, or: 2, and: 1 },
  parenthesizeNested: false,
  plainField: /^[A-Za-z_@][A-Za-z0-9_.:@{}-]*$/,
  fieldQuote: '"',
};

/** The `where` clause of `| tstats ... from datamodel=X where ...`: search syntax, nested groups parenthesized. */
export const TSTATS: SplDialect = {
  ...SEARCH,
  id: "tstats",
  parenthesizeNested: true,
};

/** eval / where expressions: standard precedence (NOT > AND > OR), explicit AND, single-quoted field names. */
export const EVAL: SplDialect = {
  ...COMMON,
  id: "eval",
  wildcardMulti: null,
  wildcardSingle: null,
  andToken: " AND ",
  strength: { not: 3, and: 2, or: 1 },
  parenthesizeNested: true,
  plainField: /^[A-Za-z_][A-Za-z0-9_]*$/,
  fieldQuote: "'",
};

/** Quote a literal string value: `"` + escaped text + `"`. */
export function quoteString(d: SplDialect, text: string): string {
  let out = "";
  for (const ch of text) out += d.escaped.includes(ch) ? d.escapeChar + ch : ch;
  return d.strQuote + out + d.strQuote;
}

/** Write a field name, quoting it when the dialect needs to. */
export function fieldName(d: SplDialect, field: string): string {
  if (d.plainField.test(field)) return field;
  const q = d.fieldQuote;
  return q + field.replace(/\\/g, "\\\\").split(q).join("\\" + q) + q;
}
