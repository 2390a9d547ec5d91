// Translate one ECS event query onto a target source: resolve every field through the mapping tables,
// evaluate conditions on event metadata (event.category/type/action/code, ...) against the source's event
// kinds, and produce the shared SPL query model (src/spl). Pure; throws ConvertError for what cannot be mapped.
import { and as splAnd, cidrOnly, match as splMatch, not as splNot, orUnique as splOr, type Glob, type Node } from "./spl-model.js";
const match = splMatch;
import { ANY, ONE, escapeRegex, globToRegex, normalizeGlob } from "../spl/index.js";
import type { Call, Compare, EventQuery, Expr, Literal } from "./ast.js";
import type { EventKind, FieldTarget, Source, Target } from "./mapping/types.js";

/** A reason a rule cannot be converted; `reason` is a short key for batch summaries. */
export class ConvertError extends Error {
  constructor(
    message: string,
    readonly reason: string,
    readonly offset?: number,
  ) {
    super(message);
  }
}

/** The query tree while kinds are still sets (simplified before it becomes SPL). */
type T = { k: "kinds"; set: Set<string> } | { k: "and" | "or"; items: T[] } | { k: "not"; item: T } | { k: "node"; node: Node };

const TRUE: T = { k: "node", node: { type: "const", value: true } };
const FALSE: T = { k: "node", node: { type: "const", value: false } };
const isConst = (t: T, v: boolean) => t.k === "node" && t.node.type === "const" && t.node.value === v;

/** Where a field lives for one event kind: its kind-specific or source-wide mapping, or a constant. */
export function resolveField(target: Target, source: Source, kind: EventKind, field: string): FieldTarget | undefined {
  const meta = kind.meta[field] ?? source.meta[field];
  if (meta) return { const: meta };
  const direct = kind.fields?.[field] ?? source.fields[field];
  if (direct !== undefined) return direct;
  for (const p of target.prefixes) if (field.startsWith(p.ecs)) return p.splunk + field.slice(p.ecs.length);
  return undefined;
}

function globOf(value: Literal, wildcard: boolean, single: boolean): Glob {
  const s = String(value);
  if (!wildcard) return [s];
  const out: Glob = [];
  let lit = "";
  for (const ch of s) {
    if (ch === "*" || (single && ch === "?")) {
      if (lit) out.push(lit);
      lit = "";
      out.push(ch === "*" ? ANY : ONE);
    } else lit += ch;
  }
  if (lit) out.push(lit);
  return out;
}

const patternCache = new Map<string, RegExp>();

/** Does a constant satisfy a comparison? Metadata values are compared case-insensitively. */
function constMatches(values: string[], e: Compare): boolean {
  return values.some((v) =>
    e.values.some((p) => {
      if (p === null) return false;
      const key = `${e.wildcard ? 1 : 0}${e.single ? 1 : 0}${String(p)}`;
      let re = patternCache.get(key);
      if (!re) patternCache.set(key, (re = new RegExp(globToRegex(globOf(p, e.wildcard, Boolean(e.single)), true), "is")));
      return re.test(v);
    }),
  );
}

const hasCase = (s: string) => s.toLowerCase() !== s.toUpperCase();

function regexNode(field: string, body: string, ci: boolean): Node {
  return { type: "regex", field, pattern: body, flags: ci ? { i: true } : {} };
}

/** One value compared for equality against a mapped field. */
function equalsNode(ft: Exclude<FieldTarget, { const: string[] }>, raw: Literal, e: { ci: boolean; wildcard: boolean; single?: boolean }): Node {
  let value: Literal = raw;
  if (typeof ft === "object" && "values" in ft) {
    const key = Object.keys(ft.values).find((k) => k.toLowerCase() === String(raw).toLowerCase());
    if (key) value = ft.values[key];
  }
  if (typeof ft === "object" && "bool" in ft) {
    const truthy = value === true || String(value).toLowerCase() === "true";
    const m = match(ft.field, ft.bool);
    return truthy ? m : splNot(m);
  }
  const field = typeof ft === "string" ? ft : ft.field;
  const glob = globOf(value, e.wildcard, Boolean(e.single));
  const part = typeof ft === "object" && "part" in ft ? ft.part : undefined;
  const globMatch = (f: string, g: Glob) => splMatch(f, normalizeGlob(g));
  if (typeof value === "number" && part === undefined) return { type: "compare", field, op: "=", value };
  const ci = e.ci || !hasCase(String(value));
  switch (part) {
    case "args":
      return globMatch(field, [ANY, ...glob, ANY]);
    case "extension":
      return ci ? globMatch(field, [ANY, ".", ...glob]) : regexNode(field, `\\.${globToRegex(glob, false)}$`, false);
    case "basename":
      return ci ? globMatch(field, [ANY, "\\", ...glob]) : regexNode(field, `(^|\\\\)${globToRegex(glob, false)}$`, false);
    case "dirname":
      return regexNode(field, `^${globToRegex(glob, false)}\\\\[^\\\\]*$`, ci);
    case "length":
      throw new ConvertError(`Only numeric comparisons are possible on '${field}' length.`, "unsupported comparison on a derived field");
    default:
      return ci ? globMatch(field, glob) : regexNode(field, globToRegex(glob, true), false);
  }
}

/** An EQL regex (whole-value match) on a mapped field, including the parts of a path or command line. */
function regexOn(ft: Exclude<FieldTarget, { const: string[] }>, re: string, ci: boolean, ecsField: string, pos: number): Node {
  const field = typeof ft === "string" ? ft : ft.field;
  const part = typeof ft === "object" && "part" in ft ? ft.part : typeof ft === "string" ? "plain" : undefined;
  const body = `(?:${re})`;
  switch (part) {
    case "plain":
      return regexNode(field, `^${body}$`, ci);
    case "basename":
      return regexNode(field, `(^|\\\\)${body}$`, ci);
    case "extension":
      return regexNode(field, `\\.${body}$`, ci);
    case "args":
      return regexNode(field, `(^|[\\s"])${body}($|[\\s"])`, ci);
    default:
      throw new ConvertError(`Regular expressions on '${ecsField}' are not supported for ${field}.`, "regex on a derived field", pos);
  }
}

function compareNode(ft: Exclude<FieldTarget, { const: string[] }>, e: Compare, ecsField: string): Node {
  const field = typeof ft === "string" ? ft : ft.field;
  const v = e.values[0];
  const n = typeof v === "number" ? v : Number(v);
  if (!Number.isFinite(n)) throw new ConvertError(`Ordering comparison of '${ecsField}' with a non-number is not supported.`, "ordering comparison on text", e.pos);
  const op = ({ lt: "<", le: "<=", gt: ">", ge: ">=" } as Record<string, "<" | "<=" | ">" | ">=">)[e.op];
  if (typeof ft === "object" && "part" in ft && ft.part === "length") {
    const min = op === ">" ? n + 1 : op === ">=" ? n : 0;
    const max = op === "<" ? n - 1 : op === "<=" ? n : undefined;
    return { type: "regex", field, pattern: `^.{${Math.max(0, min)},${max ?? ""}}$`, flags: { s: true } };
  }
  if (typeof ft === "object" && "part" in ft) throw new ConvertError(`Ordering comparison of '${ecsField}' is not supported on ${field}.`, "unsupported comparison on a derived field", e.pos);
  return { type: "compare", field, op, value: n };
}

/** A leaf against one mapped field (not a constant). */
function leafNode(e: Expr, ft: Exclude<FieldTarget, { const: string[] }>, ecsField: string): Node {
  const field = typeof ft === "string" ? ft : ft.field;
  switch (e.k) {
    case "exists":
      return { type: "exists", field };
    case "cmp": {
      if (e.op === "regex") return splOr(...e.values.map((v) => regexOn(ft, String(v), e.ci, ecsField, e.pos)));
      if (e.op === "eq" || e.op === "ne") {
        const any = splOr(...e.values.map((v) => equalsNode(ft, v, e)));
        return e.op === "eq" ? any : splNot(any);
      }
      return compareNode(ft, e, ecsField);
    }
    case "call":
      return callNode(e, ft, ecsField);
    default:
      throw new ConvertError(`Unexpected expression '${e.k}'.`, "internal");
  }
}

function callNode(e: Call, ft: Exclude<FieldTarget, { const: string[] }>, ecsField: string): Node {
  const field = typeof ft === "string" ? ft : ft.field;
  const strings = () =>
    e.args.map((a) => {
      if (typeof a !== "string") throw new ConvertError(`Function '${e.name}' needs text arguments.`, `function ${e.name} with non-text arguments`, e.pos);
      return a;
    });
  const asCmp = (values: string[]): Compare => ({ k: "cmp", field: ecsField, op: "eq", values, ci: e.ci, wildcard: true, pos: e.pos });
  switch (e.name) {
    case "startswith":
      return leafNode(asCmp(strings().map((s) => s + "*")), ft, ecsField);
    case "endswith":
      return leafNode(asCmp(strings().map((s) => "*" + s)), ft, ecsField);
    case "stringcontains":
      return leafNode(asCmp(strings().map((s) => `*${s}*`)), ft, ecsField);
    case "wildcard":
      return leafNode({ ...asCmp(strings()), ci: true, single: true }, ft, ecsField);
    case "cidrmatch":
      if (typeof ft !== "string") throw new ConvertError(`cidrMatch on '${ecsField}' needs a plain field.`, "cidrMatch on a derived field", e.pos);
      return splOr(...strings().map((c) => cidrOnly(field, c)));
    case "length": {
      if (!e.cmp) throw new ConvertError("length() must be compared with a number.", "length without comparison", e.pos);
      const lengthFt: FieldTarget = { field, part: "length" };
      const { op, value } = e.cmp;
      if (op === "eq" || op === "ne") {
        const n = Number(value);
        const node: Node = { type: "regex", field, pattern: `^.{${n}}$`, flags: { s: true } };
        return op === "eq" ? node : splNot(node);
      }
      return compareNode(lengthFt, { k: "cmp", field: ecsField, op, values: [value], ci: false, wildcard: false, pos: e.pos }, ecsField);
    }
    default:
      throw new ConvertError(`The EQL function '${e.name}' is not supported.`, `function ${e.name}`, e.pos);
  }
}

/** Evaluate a leaf on a constant field. */
function constLeaf(e: Expr, values: string[]): boolean {
  switch (e.k) {
    case "exists":
      return true;
    case "cmp":
      if (e.op === "eq") return constMatches(values, e);
      if (e.op === "ne") return !constMatches(values, { ...e, op: "eq" });
      if (e.op === "regex") return values.some((v) => e.values.some((p) => new RegExp(`^(?:${String(p)})$`, e.ci ? "i" : "").test(v)));
      throw new ConvertError(`Ordering comparison on the constant field '${e.field}' is not supported.`, "ordering on event metadata", e.pos);
    case "call": {
      const cmp: Compare = { k: "cmp", field: e.field, op: "eq", values: [], ci: e.ci, wildcard: true, pos: e.pos };
      const args = e.args.map(String);
      if (e.name === "startswith") return constMatches(values, { ...cmp, values: args.map((a) => a + "*") });
      if (e.name === "endswith") return constMatches(values, { ...cmp, values: args.map((a) => "*" + a) });
      if (e.name === "stringcontains") return constMatches(values, { ...cmp, values: args.map((a) => `*${a}*`) });
      throw new ConvertError(`The EQL function '${e.name}' is not supported on '${e.field}'.`, `function ${e.name}`, e.pos);
    }
    default:
      return false;
  }
}

interface Ctx {
  target: Target;
  source: Source;
  universe: EventKind[];
  /** ECS fields that no kind of the universe maps (reported when the whole query cannot be translated). */
  unmapped: Set<string>;
  /** Fields the target never carries (Target.absent) that the query tests. */
  absent: Set<string>;
}

/** Whether the target's events never carry this field (Target.absent). */
export function isAbsent(target: Target, field: string): boolean {
  return target.absent.some((a) => (a.endsWith(".") ? field.startsWith(a) : field === a));
}

function leaf(e: Expr & { field: string }, ctx: Ctx): T {
  const groups = new Map<string, { ft: FieldTarget | undefined; ids: Set<string> }>();
  for (const kind of ctx.universe) {
    const ft = resolveField(ctx.target, ctx.source, kind, e.field);
    const key = JSON.stringify(ft ?? null);
    const g = groups.get(key) ?? { ft, ids: new Set<string>() };
    g.ids.add(kind.id);
    groups.set(key, g);
  }
  if ([...groups.values()].every((g) => g.ft === undefined)) {
    if (isAbsent(ctx.target, e.field)) {
      ctx.absent.add(e.field);
      return FALSE; // a missing field: the comparison is false, its negation true
    }
    ctx.unmapped.add(e.field);
    throw new ConvertError(`The field '${e.field}' has no equivalent in the ${ctx.source.title}.`, `unmapped field ${e.field}`, (e as { pos?: number }).pos);
  }
  const branches: T[] = [];
  for (const g of groups.values()) {
    // A field a kind does not carry is absent there: comparisons on it are false.
    const node: T = g.ft === undefined ? FALSE : typeof g.ft === "object" && "const" in g.ft ? (constLeaf(e, (g.ft as { const: string[] }).const) ? TRUE : FALSE) : { k: "node", node: leafNode(e, g.ft as Exclude<FieldTarget, { const: string[] }>, e.field) };
    branches.push(groups.size === 1 ? node : { k: "and", items: [{ k: "kinds", set: g.ids }, node] });
  }
  return branches.length === 1 ? branches[0] : { k: "or", items: branches };
}

/** field == field: per event kind, both fields must be plain target fields (else the kind cannot match). */
function fieldCompare(e: Extract<Expr, { k: "fieldcmp" }>, ctx: Ctx): T {
  const groups = new Map<string, Set<string>>();
  for (const kind of ctx.universe) {
    const l = resolveField(ctx.target, ctx.source, kind, e.left);
    const r = resolveField(ctx.target, ctx.source, kind, e.right);
    if (typeof l !== "string" || typeof r !== "string") continue;
    const key = JSON.stringify([l, r]);
    groups.set(key, (groups.get(key) ?? new Set()).add(kind.id));
  }
  if (groups.size === 0) {
    throw new ConvertError(`Comparing '${e.left}' with '${e.right}' needs both fields mapped to plain ${ctx.source.title} fields.`, "field comparison on derived fields", e.pos);
  }
  const branches: T[] = [...groups].map(([key, ids]) => {
    const [l, r] = JSON.parse(key) as [string, string];
    const node: Node = { type: "fieldref", field: l, other: r };
    return { k: "and", items: [{ k: "kinds", set: ids }, { k: "node", node: e.op === "eq" ? node : splNot(node) }] };
  });
  // Kinds without both fields: the comparison is false there (and its negation true).
  return e.op === "eq" ? { k: "or", items: branches } : { k: "or", items: branches };
}

function build(e: Expr, ctx: Ctx): T {
  switch (e.k) {
    case "and":
    case "or":
      return { k: e.k, items: e.items.map((i) => build(i, ctx)) };
    case "not":
      return { k: "not", item: build(e.item, ctx) };
    case "bool":
      return e.value ? TRUE : FALSE;
    case "fieldcmp":
      return fieldCompare(e, ctx);
    default:
      return leaf(e, ctx);
  }
}

const inter = (a: Set<string>, b: Set<string>) => new Set([...a].filter((x) => b.has(x)));

/** Restrict kind sets to the universe U, fold constants, and narrow U inside conjunctions. */
function simplify(t: T, U: Set<string>): T {
  switch (t.k) {
    case "kinds": {
      const s = inter(t.set, U);
      return s.size === 0 ? FALSE : s.size === U.size ? TRUE : { k: "kinds", set: s };
    }
    case "node":
      return t;
    case "not": {
      const i = simplify(t.item, U);
      if (i.k === "kinds") return simplify({ k: "kinds", set: new Set([...U].filter((x) => !i.set.has(x))) }, U);
      if (i.k === "node" && i.node.type === "const") return i.node.value ? FALSE : TRUE;
      if (i.k === "not") return i.item;
      return { k: "not", item: i };
    }
    case "and": {
      let items = t.items.map((i) => simplify(i, U)).flatMap((i) => (i.k === "and" ? i.items : [i]));
      let narrowed = U;
      for (const i of items) if (i.k === "kinds") narrowed = inter(narrowed, i.set);
      if (narrowed.size === 0 || items.some((i) => isConst(i, false))) return FALSE;
      if (narrowed.size !== U.size) items = items.filter((i) => i.k !== "kinds").map((i) => simplify(i, narrowed));
      items = items.filter((i) => !isConst(i, true) && i.k !== "kinds");
      if (items.some((i) => isConst(i, false))) return FALSE;
      if (narrowed.size !== U.size) items.unshift({ k: "kinds", set: narrowed });
      return items.length === 0 ? TRUE : items.length === 1 ? items[0] : { k: "and", items };
    }
    case "or": {
      const items = t.items
        .map((i) => simplify(i, U))
        .flatMap((i) => (i.k === "or" ? i.items : [i]))
        .filter((i) => !isConst(i, false));
      if (items.some((i) => isConst(i, true))) return TRUE;
      const kinds = new Set<string>();
      const rest: T[] = [];
      for (const i of items) (i.k === "kinds" ? i.set.forEach((x) => kinds.add(x)) : rest.push(i));
      if (kinds.size) rest.unshift(simplify({ k: "kinds", set: kinds }, U));
      if (rest.some((i) => isConst(i, true))) return TRUE;
      return rest.length === 0 ? FALSE : rest.length === 1 ? rest[0] : { k: "or", items: rest };
    }
  }
}

function kindsNode(source: Source, ids: Set<string>): Node {
  const kinds = source.kinds.filter((k) => ids.has(k.id));
  if (source.kindField) {
    if (kinds.length === 1 && /^\d+$/.test(kinds[0].id)) return { type: "compare", field: source.kindField, op: "=", value: Number(kinds[0].id) };
    return splOr(...kinds.map((k) => match(source.kindField!, k.id)));
  }
  if (kinds.some((k) => !k.select)) return { type: "const", value: true };
  return splOr(...kinds.map((k) => match(k.select!.field, k.select!.value)));
}

function toNode(t: T, source: Source): Node {
  switch (t.k) {
    case "kinds":
      return kindsNode(source, t.set);
    case "node":
      return t.node;
    case "not":
      return splNot(toNode(t.item, source));
    case "and":
      return splAnd(...t.items.map((i) => toNode(i, source)));
    case "or":
      return splOr(...t.items.map((i) => toNode(i, source)));
  }
}

export interface Translated {
  source: Source;
  node: Node;
  /** Event kinds the query can match. */
  kinds: EventKind[];
  /** Fields the target never carries that the query tested (evaluated as missing). */
  absent: string[];
}

/** Translate one event query onto one source; throws ConvertError when it cannot. */
export function translateOn(target: Target, source: Source, q: EventQuery): Translated {
  const cat = q.category;
  const universe = source.kinds.filter((k) => cat === "any" || (k.meta["event.category"] ?? []).includes(cat));
  if (universe.length === 0) throw new ConvertError(`The ${source.title} has no '${cat}' events.`, `no ${cat} events`, q.pos);
  const ctx: Ctx = { target, source, universe, unmapped: new Set(), absent: new Set() };
  const U = new Set(universe.map((k) => k.id));
  const all = new Set(source.kinds.map((k) => k.id));
  let t = simplify({ k: "and", items: [{ k: "kinds", set: U }, build(q.where, ctx)] }, all);
  if (isConst(t, false)) {
    if (ctx.absent.size) {
      const fields = [...ctx.absent].join(", ");
      throw new ConvertError(`The query can never match events of the ${source.title}: it requires fields only Elastic Defend records (${fields}).`, "requires Elastic Defend fields", q.pos);
    }
    throw new ConvertError(`The query can never match events of the ${source.title}: no event kind satisfies its event conditions.`, "never matches on the target", q.pos);
  }
  let ids = all;
  if (t.k === "kinds") ids = t.set;
  else if (t.k === "and" && t.items[0].k === "kinds") ids = t.items[0].set;
  else if (source.kindField) {
    // The kind tables list the events rules use, not every event a source emits: always name them.
    t = isConst(t, true) ? { k: "kinds", set: all } : { k: "and", items: [{ k: "kinds", set: all }, t] };
  }
  if (t.k === "node" && t.node.type === "const") t = TRUE;
  const kinds = source.kinds.filter((k) => ids.has(k.id));
  return { source, node: toNode(t, source), kinds, absent: [...ctx.absent] };
}

/** Order the target's sources: those the rule's index patterns name first. */
export function rankSources(target: Target, index: string[]): Source[] {
  const score = (s: Source) => (index.length === 0 ? 0 : index.some((i) => s.indexHints.some((h) => h.test(i))) ? 0 : 1);
  return [...target.sources].sort((a, b) => score(a) - score(b));
}

/**
 * How telling an error is when no source can express the query: "requires Elastic Defend fields" means every
 * other field mapped on that source, so it explains the failure better than an unmapped field elsewhere.
 */
function errorRank(err: ConvertError): number {
  if (err.reason === "requires Elastic Defend fields") return 3;
  if (err.reason === "never matches on the target") return 1;
  if (err.reason.startsWith("no ")) return 0;
  return 2;
}

/** Translate an event query onto the first source that can express it. */
export function translateEvent(target: Target, q: EventQuery, index: string[]): Translated {
  let best: ConvertError | undefined;
  for (const source of rankSources(target, index)) {
    try {
      return translateOn(target, source, q);
    } catch (err) {
      if (!(err instanceof ConvertError)) throw err;
      if (!best || errorRank(err) > errorRank(best)) best = err;
    }
  }
  throw best ?? new ConvertError("No source of the target can express this query.", "no source");
}

export { escapeRegex };
