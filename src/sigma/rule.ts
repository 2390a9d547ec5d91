/**
 * Parse one Sigma rule (specification v2) from YAML text into a model whose parts know their YAML path, so later
 * stages report file:line:col. Values come from a fast parser (js-yaml, YAML 1.2 core schema); positions come
 * from the `yaml` package (LineCounter), parsed only when a diagnostic needs one, and used for the whole rule
 * when the fast parser rejects the text. Pure: text in, rule and diagnostics out; never throws for bad input.
 */
import jsYaml from "js-yaml";
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node as YamlNode } from "yaml";
import type { Span } from "../diag/diagnostic.js";
import { at, badShape, notARule, unsupportedRuleType, yamlSyntax, type SigmaDiagnostic } from "./codes.js";

export type SigmaScalar = string | number | boolean | null;
/** A path into the rule document: map keys and sequence indexes. */
export type YamlPath = (string | number)[];

export interface SigmaValue {
  value: SigmaScalar;
}

/** `Field|mod1|mod2: values` (field null for keywords). */
export interface FieldCondition {
  field: string | null;
  modifiers: string[];
  values: SigmaValue[];
  /** Path of the key (of the value for keywords). */
  path: YamlPath;
}

/** A named search identifier: alternatives (OR) of condition groups (AND). */
export interface Selection {
  name: string;
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
  conditions: { text: string; path: YamlPath }[];
  /**
   * Span of the node at `path` (of its key when the last step is a map key, of its value with `value`; the text
   * of a quoted value starts after the quote), or of its nearest parent.
   */
  locate(path: YamlPath, value?: boolean): Span | undefined;
}

export interface ParseResult {
  rule?: SigmaRule;
  diagnostics: SigmaDiagnostic[];
}

/** Positions of a parsed `yaml` document. */
class Positions {
  constructor(
    readonly doc: Document.Parsed,
    readonly lc: LineCounter,
  ) {}

  span(node: YamlNode | null | undefined): Span | undefined {
    const r = node?.range;
    if (!r) return undefined;
    const s = this.lc.linePos(r[0]);
    const e = this.lc.linePos(r[1]);
    return { line: s.line, col: s.col, endLine: e.line, endCol: e.col };
  }

  /** Where the text of a scalar starts (after the opening quote of a quoted one). */
  private textSpan(node: YamlNode): Span | undefined {
    const s = this.span(node);
    const quoted = isScalar(node) && (node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE");
    return s && quoted ? { ...s, col: s.col + 1 } : s;
  }

  locate(path: YamlPath, value = false): Span | undefined {
    for (let n = path.length; n >= 0; n--) {
      const parent = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n - 1), true);
      if (n === 0) return this.span(parent as YamlNode);
      const step = path[n - 1];
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
        if (pair && value && n === path.length && pair.value) return this.textSpan(pair.value as YamlNode);
        if (pair) return this.span(pair.key as YamlNode);
      } else if (isSeq(parent) && typeof step === "number" && parent.items[step]) {
        return value && n === path.length ? this.textSpan(parent.items[step] as YamlNode) : this.span(parent.items[step] as YamlNode);
      }
    }
    return undefined;
  }
}

function parsePositions(text: string): { positions?: Positions; docs: Document.Parsed[]; lc: LineCounter } {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: false }) as Document.Parsed[];
  const first = docs.find((d) => d.contents !== null);
  return { positions: first ? new Positions(first, lc) : undefined, docs, lc };
}

const isScalarValue = (v: unknown): v is SigmaScalar =>
  v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";

const asString = (v: unknown): string | undefined =>
  v === undefined || v === null ? undefined : typeof v === "string" ? v : String(v);

const asStringList = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x) => x !== null && x !== undefined).map(String) : v === undefined || v === null ? [] : [String(v)];

const isPlainMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

type Made = Parameters<typeof at>[0];

/** Walks the plain rule value; problems are recorded with their path and located at the end. */
class Reader {
  readonly problems: { made: Made; path: YamlPath }[] = [];

  fail(made: Made, path: YamlPath): undefined {
    this.problems.push({ made, path });
    return undefined;
  }

  values(v: unknown, path: YamlPath): SigmaValue[] | undefined {
    if (Array.isArray(v)) {
      const out: SigmaValue[] = [];
      for (let i = 0; i < v.length; i++) {
        if (!isScalarValue(v[i])) return this.fail(badShape("A value list may hold only scalars."), [...path, i]);
        out.push({ value: v[i] as SigmaScalar });
      }
      return out;
    }
    if (v === undefined) return [{ value: null }];
    if (!isScalarValue(v)) return this.fail(badShape("A field value must be a scalar or a list of scalars."), path);
    return [{ value: v }];
  }

  group(m: Record<string, unknown>, path: YamlPath): FieldCondition[] | undefined {
    const group: FieldCondition[] = [];
    for (const key of Object.keys(m)) {
      const [field, ...modifiers] = key.split("|");
      const values = this.values(m[key], [...path, key]);
      if (!values) return undefined;
      group.push({ field: field === "" ? null : field, modifiers, values, path: [...path, key] });
    }
    return group;
  }

  selection(name: string, v: unknown): Selection | undefined {
    const base: YamlPath = ["detection", name];
    const alternatives: FieldCondition[][] = [];
    const items = Array.isArray(v) ? v : [v];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const path = Array.isArray(v) ? [...base, i] : base;
      if (isPlainMap(item)) {
        const g = this.group(item, path);
        if (!g) return undefined;
        alternatives.push(g);
      } else if (isScalarValue(item) && item !== null) {
        alternatives.push([{ field: null, modifiers: [], values: [{ value: item }], path }]);
      } else {
        return this.fail(badShape(`Selection '${name}' must be a map, a list of maps or a list of keywords.`), path);
      }
    }
    return { name, alternatives };
  }

  detection(det: unknown, rule: SigmaRule): void {
    if (!isPlainMap(det)) {
      this.fail(notARule("`detection` is not a map"), ["detection"]);
      return;
    }
    for (const name of Object.keys(det)) {
      const v = det[name];
      if (name === "condition") {
        const list = Array.isArray(v) ? v : [v];
        list.forEach((c, i) => {
          const path: YamlPath = Array.isArray(v) ? ["detection", "condition", i] : ["detection", "condition"];
          if (typeof c === "string") rule.conditions.push({ text: c, path });
          else this.fail(badShape("`condition` must be a string or a list of strings."), path);
        });
      } else if (name !== "timeframe") {
        const sel = this.selection(name, v);
        if (sel) rule.selections.set(name, sel);
      }
    }
    if (rule.conditions.length === 0 && this.problems.length === 0) this.fail(notARule("`detection` has no `condition`"), ["detection"]);
  }
}

/** Values of every document, from the fast parser; undefined when it rejects the text (the slow path decides). */
function fastDocuments(text: string): unknown[] | undefined {
  try {
    return jsYaml.loadAll(text, undefined, { schema: jsYaml.CORE_SCHEMA });
  } catch {
    return undefined;
  }
}

/** Parse a Sigma rule. `file` is the name used in diagnostics. */
export function parseSigmaRule(text: string, file: string): ParseResult {
  let docs = fastDocuments(text);
  let positions: Positions | undefined;
  let parsed = false;
  const ensurePositions = () => {
    if (!parsed) {
      parsed = true;
      positions = parsePositions(text).positions;
    }
    return positions;
  };
  const locate = (path: YamlPath, value?: boolean) => ensurePositions()?.locate(path, value);
  if (!docs) {
    const slow = parsePositions(text);
    parsed = true;
    positions = slow.positions;
    const errors = slow.docs.flatMap((d) => d.errors);
    if (errors.length) {
      return {
        diagnostics: errors.map((e) => {
          const p = slow.lc.linePos(e.pos[0]);
          return at(yamlSyntax(e.message.split("\n")[0]), file, { line: p.line, col: p.col, endLine: p.line, endCol: p.col });
        }),
      };
    }
    docs = slow.docs.map((d) => d.toJS({ maxAliasCount: 100 }));
  }
  const real = docs.filter((d) => d !== null && d !== undefined);
  if (real.length === 0) return { diagnostics: [at(notARule("the file is empty"), file)] };
  if (real.length > 1) {
    const second = parsePositions(text).docs.filter((d) => d.contents !== null)[1];
    const span = second && new Positions(second, parsePositions(text).lc).span(second.contents as YamlNode);
    return { diagnostics: [at(unsupportedRuleType("a multi-document rule collection"), file, span)] };
  }
  const js = real[0];
  if (!isPlainMap(js)) return { diagnostics: [at(notARule("the document is not a map"), file, locate([]))] };
  const fail = (made: Made, key: string): ParseResult => ({ diagnostics: [at(made, file, locate([key]))] });
  if ("correlation" in js) return fail(unsupportedRuleType("a correlation rule"), "correlation");
  if ("filter" in js && !("detection" in js)) return fail(unsupportedRuleType("a filter rule"), "filter");
  if (typeof js.title !== "string" || js.title.trim() === "") return fail(notARule("`title` is missing"), "title");
  if (!("detection" in js)) return { diagnostics: [at(notARule("`detection` is missing"), file, locate([]))] };
  const ls = isPlainMap(js.logsource) ? js.logsource : {};
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
  const reader = new Reader();
  reader.detection(js.detection, rule);
  if (reader.problems.length) return { diagnostics: reader.problems.map((p) => at(p.made, file, locate(p.path))) };
  return { rule, diagnostics: [] };
}
