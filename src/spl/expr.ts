/**
 * Boolean expressions in SPL text: the search/tstats form (wildcard values, `field IN (...)`, Splunk's
 * NOT > OR > AND precedence) and the eval form used by `| where` (match(), cidrmatch(), isnull()).
 * Pure: tree in, string out. Throws SplUnsupportedError for a node the chosen form cannot express.
 */
import { isWild, type Glob, type Leaf, type Node } from "./ast.js";
import { EVAL, fieldName, quoteString, type SplDialect } from "./dialect.js";

/** A construct the target form cannot express (the caller turns it into a diagnostic). */
export class SplUnsupportedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SplUnsupportedError";
  }
}

/**
 * Whether a glob can be a search-command value: only `*` wildcards, no literal `*` (SPL cannot escape it) and no
 * backtick (Splunk expands `name` as a macro call anywhere in the search string, even inside quotes).
 */
export function isSearchGlob(glob: Glob): boolean {
  return glob.every((p) => (isWild(p) ? p.wild === "*" : !p.includes("*") && !p.includes("`")));
}

/** Replace every backtick of a PCRE pattern (escaped or not) with `\x60`, so that no macro expansion sees it. */
export function hideBackticks(pattern: string): string {
  if (!pattern.includes("`")) return pattern;
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\" && i + 1 < pattern.length) {
      const next = pattern[++i];
      out += next === "`" ? "\\x60" : c + next;
    } else out += c === "`" ? "\\x60" : c;
  }
  return out;
}

/** Whether the search command (and tstats where) can express the node without `| regex` or `| where`. */
export function isSearchable(node: Node): boolean {
  switch (node.type) {
    case "and":
    case "or":
      return node.args.every(isSearchable);
    case "not":
      return isSearchable(node.arg);
    case "match":
    case "keyword":
      return isSearchGlob(node.glob);
    case "regex":
    case "fieldref":
      return false;
    default:
      return true;
  }
}

/** A glob as a quoted search value (`"*\\rundll32.exe"`), or bare when it is a plain integer. */
export function searchValue(d: SplDialect, glob: Glob): string {
  if (glob.length === 1 && typeof glob[0] === "string" && d.plainValue.test(glob[0])) return glob[0];
  let text = "";
  for (const p of glob) {
    if (isWild(p)) {
      const w = p.wild === "*" ? d.wildcardMulti : d.wildcardSingle;
      if (w === null) throw new SplUnsupportedError(`the wildcard '${p.wild}' cannot be expressed in ${d.id}`);
      text += w;
    } else {
      for (const ch of p) text += d.escaped.includes(ch) ? d.escapeChar + ch : ch;
    }
  }
  return d.strQuote + text + d.strQuote;
}

interface Emitted {
  text: string;
  /** Binding strength of the outermost operator (Infinity for an atom). */
  strength: number;
}

const atom = (text: string): Emitted => ({ text, strength: Infinity });

function wrap(d: SplDialect, child: Emitted, parent: number, composite: boolean): string {
  const andOr = Math.max(d.strength.and, d.strength.or);
  const needs = child.strength < parent || (d.parenthesizeNested && composite && child.strength <= andOr);
  return needs ? d.groupOpen + child.text + d.groupClose : child.text;
}

function emitSearchLeaf(d: SplDialect, n: Leaf): Emitted {
  const f = "field" in n ? fieldName(d, n.field) : "";
  switch (n.type) {
    case "match":
      if (!isSearchGlob(n.glob)) throw new SplUnsupportedError(`value of '${n.field}' needs a regular expression`);
      return atom(`${f}=${searchValue(d, n.glob)}`);
    case "keyword":
      if (d.id === "tstats") throw new SplUnsupportedError("keywords (free-text search) are not available in tstats");
      if (!isSearchGlob(n.glob)) throw new SplUnsupportedError("keyword needs a regular expression");
      return atom(searchValue({ ...d, plainValue: /^$/ }, n.glob));
    case "cidr":
      return atom(`${f}=${quoteString(d, n.cidr)}`);
    case "compare":
      return atom(`${f}${n.op}${n.value}`);
    case "exists":
      return atom(`${f}=*`);
    case "null":
      return { text: `${d.notToken}${f}=*`, strength: d.strength.not };
    case "regex":
    case "fieldref":
      throw new SplUnsupportedError(`${n.type} on '${n.field}' cannot be expressed in ${d.id}`);
  }
}

/** Group the match leaves of one field inside an OR into `field IN (...)`, keeping first-use order. */
function emitOrArgs(d: SplDialect, args: Node[]): Emitted[] {
  const byField = new Map<string, Node[]>();
  for (const a of args) {
    if (a.type === "match" && isSearchGlob(a.glob)) byField.set(a.field, [...(byField.get(a.field) ?? []), a]);
  }
  const out: Emitted[] = [];
  const done = new Set<string>();
  for (const a of args) {
    if (a.type === "match" && isSearchGlob(a.glob) && (byField.get(a.field)?.length ?? 0) > 1) {
      if (done.has(a.field)) continue;
      done.add(a.field);
      const values = byField.get(a.field)!.map((m) => searchValue(d, (m as typeof a).glob));
      out.push(atom(`${fieldName(d, a.field)}${d.inToken}${d.listOpen}${values.join(d.listSep)}${d.listClose}`));
    } else out.push(emitSearchNode(d, a));
  }
  return out;
}

function emitSearchNode(d: SplDialect, n: Node): Emitted {
  switch (n.type) {
    case "and": {
      const s = d.strength.and;
      return { text: n.args.map((a) => wrap(d, emitSearchNode(d, a), s + 0.5, true)).join(d.andToken), strength: s };
    }
    case "or": {
      const parts = emitOrArgs(d, n.args);
      if (parts.length === 1) return parts[0];
      const s = d.strength.or;
      return { text: parts.map((p) => wrap(d, p, s + 0.5, true)).join(d.orToken), strength: s };
    }
    case "not": {
      const inner = emitSearchNode(d, n.arg);
      const s = d.strength.not;
      return { text: d.notToken + wrap(d, inner, s + 0.5, true), strength: s };
    }
    case "const":
      return n.value ? atom("*") : { text: `${d.notToken}*`, strength: d.strength.not };
    default:
      return emitSearchLeaf(d, n);
  }
}

/** A node as a search-command (or tstats where) expression. */
export function emitSearchExpr(d: SplDialect, node: Node): string {
  return emitSearchNode(d, node).text;
}

const RE_META = /[\\^$.|?*+()[\]{}]/g;

/** Escape text for use inside a PCRE pattern. */
export const escapeRegex = (text: string): string => text.replace(RE_META, (c) => "\\" + c).replace(/`/g, "\\x60");

/**
 * A glob as a PCRE pattern: `*` → `.*`, `?` → `.`. Field values are anchored, except that a leading or trailing
 * `*` just drops the anchor on that side; keywords are never anchored.
 */
export function globToRegex(glob: Glob, anchored: boolean): string {
  let start = 0;
  let end = glob.length;
  const star = (p: Glob[number] | undefined) => p !== undefined && isWild(p) && p.wild === "*";
  const open = !anchored || star(glob[0]);
  const close = !anchored || (end > 0 && star(glob[end - 1]));
  if (star(glob[0])) start = 1;
  if (end > start && star(glob[end - 1])) end -= 1;
  let body = "";
  for (const p of glob.slice(start, end)) body += isWild(p) ? (p.wild === "*" ? ".*" : ".") : escapeRegex(p);
  return (open ? "" : "^") + body + (close ? "" : "$");
}

/** Inline flags for a regex: `(?ims)` prefix, or "" when none are set. */
export function regexWithFlags(pattern: string, flags: { i?: boolean; m?: boolean; s?: boolean }): string {
  const f = (flags.i ? "i" : "") + (flags.m ? "m" : "") + (flags.s ? "s" : "");
  return hideBackticks(f ? `(?${f})${pattern}` : pattern);
}

/** Case-insensitive, and dot-matches-newline when an inner wildcard must span lines. */
const globFlags = (glob: Glob) =>
  glob.some((p, i) => isWild(p) && (p.wild === "?" || (i > 0 && i < glob.length - 1))) ? "(?is)" : "(?i)";

function evalLeaf(n: Leaf): { text: string; fields: string[] } {
  const d = EVAL;
  const q = (s: string) => quoteString(d, s);
  switch (n.type) {
    case "match":
      return { text: `match(${fieldName(d, n.field)}, ${q(globFlags(n.glob) + globToRegex(n.glob, true))})`, fields: [n.field] };
    case "keyword":
      return { text: `match(_raw, ${q(globFlags(n.glob) + globToRegex(n.glob, false))})`, fields: [] };
    case "regex":
      return { text: `match(${fieldName(d, n.field)}, ${q(regexWithFlags(n.pattern, n.flags))})`, fields: [n.field] };
    case "cidr":
      return { text: `cidrmatch(${q(n.cidr)}, ${fieldName(d, n.field)})`, fields: [n.field] };
    case "compare":
      return { text: `tonumber(${fieldName(d, n.field)})${n.op === "=" ? "==" : n.op}${n.value}`, fields: [n.field] };
    case "exists":
      return { text: `isnotnull(${fieldName(d, n.field)})`, fields: [] };
    case "null":
      return { text: `(isnull(${fieldName(d, n.field)}) OR ${fieldName(d, n.field)}=="")`, fields: [] };
    case "fieldref":
      return {
        text: `lower(${fieldName(d, n.field)})==lower(${fieldName(d, n.other)})`,
        fields: [n.field, n.other],
      };
  }
}

/**
 * A node as an eval expression for `| where`. Negation is pushed to the leaves (De Morgan) so that a missing
 * field satisfies a negated comparison, as it does in the search command: NOT f="x" becomes
 * (isnull(f) OR NOT match(f, ...)).
 */
export function emitEvalExpr(node: Node, negated = false): string {
  switch (node.type) {
    case "and":
    case "or": {
      const isAnd = (node.type === "and") !== negated;
      const parts = node.args.map((a) => {
        const t = emitEvalExpr(a, negated);
        const bare = a.type !== "and" && a.type !== "or";
        return bare ? t : `(${t})`;
      });
      return parts.join(isAnd ? EVAL.andToken : EVAL.orToken);
    }
    case "not":
      return emitEvalExpr(node.arg, !negated);
    case "const":
      return node.value !== negated ? "true()" : "false()";
    default: {
      const { text, fields } = evalLeaf(node);
      if (!negated) return text;
      // Splunk documents NOT's precedence only against AND/OR, not against comparisons: `NOT x>5` could parse
      // as `(NOT x)>5`, so a comparison under NOT is parenthesized.
      const operand = node.type === "compare" || node.type === "fieldref" ? `(${text})` : text;
      const guards = fields.map((f) => `isnull(${fieldName(EVAL, f)}) OR `).join("");
      return guards ? `(${guards}NOT ${operand})` : `NOT ${operand}`;
    }
  }
}
