/**
 * Parse one Sigma rule (specification v2) from YAML text into a position-keeping model: every selection,
 * field condition and value carries its span, so later stages report file:line:col. Pure: text in, rule and
 * diagnostics out; never reads files, never throws for bad input.
 */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node as YamlNode } from "yaml";
import type { Span } from "../diag/diagnostic.js";
import { at, badShape, notARule, unsupportedRuleType, yamlSyntax, type SigmaDiagnostic } from "./codes.js";

export type SigmaScalar = string | number | boolean | null;

export interface SigmaValue {
  value: SigmaScalar;
  span?: Span;
}

/** `Field|mod1|mod2: values` (field null for keywords). */
export interface FieldCondition {
  field: string | null;
  modifiers: string[];
  values: SigmaValue[];
  /** Span of the key (or of the value for keywords). */
  span?: Span;
}

/** A named search identifier: alternatives (OR) of condition groups (AND). */
export interface Selection {
  name: string;
  span?: Span;
  alternatives: FieldCondition[][];
}

export interface SigmaRule {
  file: string;
  title: string;
  id?: string;
  status?: string;
  description?: string;
  author?: string;
  date?: string;
  modified?: string;
  references: string[];
  tags: string[];
  falsepositives: string[];
  level?: string;
  fields: string[];
  logsource: { product?: string; category?: string; service?: string };
  selections: Map<string, Selection>;
  conditions: { text: string; span?: Span }[];
  /** Span of a top-level key, for messages about metadata. */
  locate(key: string): Span | undefined;
}

export interface ParseResult {
  rule?: SigmaRule;
  diagnostics: SigmaDiagnostic[];
}

function spanOf(lc: LineCounter, node: YamlNode | null | undefined): Span | undefined {
  const r = node?.range;
  if (!r) return undefined;
  const s = lc.linePos(r[0]);
  const e = lc.linePos(r[1]);
  return { line: s.line, col: s.col, endLine: e.line, endCol: e.col };
}

const scalarValue = (n: unknown): SigmaScalar | undefined => {
  if (!isScalar(n)) return undefined;
  const v = n.value;
  if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (typeof v === "bigint") return Number(v);
  return String(v);
};

const asString = (v: unknown): string | undefined =>
  v === undefined || v === null ? undefined : typeof v === "string" ? v : String(v);

const asStringList = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x) => x !== null && x !== undefined).map(String) : v === undefined || v === null ? [] : [String(v)];

class Reader {
  readonly diagnostics: SigmaDiagnostic[] = [];
  constructor(
    readonly file: string,
    readonly lc: LineCounter,
  ) {}
  span = (n: YamlNode | null | undefined) => spanOf(this.lc, n);
  fail(made: Parameters<typeof at>[0], node?: YamlNode | null): undefined {
    this.diagnostics.push(at(made, this.file, this.span(node)));
    return undefined;
  }

  values(node: unknown): SigmaValue[] | undefined {
    if (isSeq(node)) {
      const out: SigmaValue[] = [];
      for (const item of node.items) {
        const v = scalarValue(item);
        if (v === undefined) return this.fail(badShape("A value list may hold only scalars."), item as YamlNode);
        out.push({ value: v, span: this.span(item as YamlNode) });
      }
      return out;
    }
    if (node === null || node === undefined) return [{ value: null }];
    const v = scalarValue(node);
    if (v === undefined) return this.fail(badShape("A field value must be a scalar or a list of scalars."), node as YamlNode);
    return [{ value: v, span: this.span(node as YamlNode) }];
  }

  conditionGroup(node: unknown): FieldCondition[] | undefined {
    if (!isMap(node)) return undefined;
    const group: FieldCondition[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode;
      const key = asString(scalarValue(keyNode)) ?? "";
      const [field, ...modifiers] = key.split("|");
      const values = this.values(pair.value);
      if (!values) return undefined;
      group.push({ field: field === "" ? null : field, modifiers, values, span: this.span(keyNode) });
    }
    return group;
  }

  selection(name: string, node: unknown, keySpan?: Span): Selection | undefined {
    const alternatives: FieldCondition[][] = [];
    const items = isSeq(node) ? node.items : [node];
    for (const item of items) {
      if (isMap(item)) {
        const g = this.conditionGroup(item);
        if (!g) return undefined;
        alternatives.push(g);
      } else {
        const v = scalarValue(item);
        if (v === undefined || v === null)
          return this.fail(badShape(`Selection '${name}' must be a map, a list of maps or a list of keywords.`), (item ?? node) as YamlNode);
        alternatives.push([{ field: null, modifiers: [], values: [{ value: v, span: this.span(item as YamlNode) }], span: this.span(item as YamlNode) }]);
      }
    }
    return { name, span: keySpan, alternatives };
  }
}

function readDetection(r: Reader, det: unknown, rule: SigmaRule): boolean {
  if (!isMap(det)) return Boolean(r.fail(notARule("`detection` is not a map"), det as YamlNode));
  let ok = true;
  for (const pair of det.items) {
    const name = asString(scalarValue(pair.key)) ?? "";
    const keySpan = r.span(pair.key as YamlNode);
    if (name === "condition") {
      const conds = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const c of conds) {
        const text = scalarValue(c);
        if (typeof text !== "string") {
          r.fail(badShape("`condition` must be a string or a list of strings."), (c ?? pair.key) as YamlNode);
          ok = false;
        } else rule.conditions.push({ text, span: r.span(c as YamlNode) });
      }
    } else if (name === "timeframe") {
      continue; // only meaningful with aggregations, which are reported by the condition parser
    } else {
      const sel = r.selection(name, pair.value, keySpan);
      if (sel) rule.selections.set(name, sel);
      else ok = false;
    }
  }
  if (rule.conditions.length === 0) return Boolean(r.fail(notARule("`detection` has no `condition`"), det as YamlNode)) || false;
  return ok;
}

function pickDocument(r: Reader, docs: Document.Parsed[]): Document.Parsed | undefined {
  for (const d of docs) {
    for (const e of d.errors) r.diagnostics.push(at(yamlSyntax(e.message.split("\n")[0]), r.file, lineSpan(r.lc, e.pos[0])));
  }
  if (r.diagnostics.length) return undefined;
  const real = docs.filter((d) => d.contents !== null);
  if (real.length === 0) return r.fail(notARule("the file is empty"));
  if (real.length > 1) return r.fail(unsupportedRuleType("a multi-document rule collection"), real[1].contents as YamlNode);
  return real[0];
}

function lineSpan(lc: LineCounter, offset: number): Span {
  const p = lc.linePos(offset);
  return { line: p.line, col: p.col, endLine: p.line, endCol: p.col };
}

/** Parse a Sigma rule. `file` is the name used in diagnostics. */
export function parseSigmaRule(text: string, file: string): ParseResult {
  const lc = new LineCounter();
  const r = new Reader(file, lc);
  const doc = pickDocument(r, parseAllDocuments(text, { lineCounter: lc, uniqueKeys: false }) as Document.Parsed[]);
  if (!doc) return { diagnostics: r.diagnostics };
  const root = doc.contents;
  if (!isMap(root)) return { diagnostics: [...r.diagnostics, at(notARule("the document is not a map"), file, r.span(root as YamlNode))] };
  const js = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  const locate = (key: string) => r.span((root.items.find((p) => isScalar(p.key) && p.key.value === key)?.key as YamlNode) ?? null) ?? r.span(root);
  if ("correlation" in js) return { diagnostics: [at(unsupportedRuleType("a correlation rule"), file, locate("correlation"))] };
  if ("filter" in js && !("detection" in js)) return { diagnostics: [at(unsupportedRuleType("a filter rule"), file, locate("filter"))] };
  if (typeof js.title !== "string" || js.title.trim() === "") return { diagnostics: [at(notARule("`title` is missing"), file, locate("title"))] };
  if (!("detection" in js)) return { diagnostics: [at(notARule("`detection` is missing"), file, r.span(root))] };
  const ls = (js.logsource ?? {}) as Record<string, unknown>;
  const rule: SigmaRule = {
    file,
    title: js.title.trim(),
    id: asString(js.id),
    status: asString(js.status),
    description: asString(js.description),
    author: asString(js.author),
    date: asString(js.date),
    modified: asString(js.modified),
    references: asStringList(js.references),
    tags: asStringList(js.tags),
    falsepositives: asStringList(js.falsepositives),
    level: asString(js.level),
    fields: asStringList(js.fields),
    logsource: {
      product: asString(ls.product)?.toLowerCase(),
      category: asString(ls.category)?.toLowerCase(),
      service: asString(ls.service)?.toLowerCase(),
    },
    selections: new Map(),
    conditions: [],
    locate,
  };
  const ok = readDetection(r, root.get("detection", true), rule);
  return ok && r.diagnostics.length === 0 ? { rule, diagnostics: r.diagnostics } : { diagnostics: r.diagnostics };
}
