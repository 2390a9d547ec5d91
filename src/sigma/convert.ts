/**
 * Sigma rule → query tree (pipeline applied) → SPL text. Pure: a parsed rule and a pipeline in, the query and
 * diagnostics out. Every problem is reported at the rule position it comes from.
 */
import type { Span } from "../diag/diagnostic.js";
import { and, fieldsOf, mapFields, not, or, type Glob, type Node } from "../spl/ast.js";
import { renderSearch, renderTstats } from "../spl/query.js";
import { SplUnsupportedError } from "../spl/expr.js";
import { at, conditionSyntax, notExpressible, unknownSelection, unmappedField, unmappedLogsource, type SigmaDiagnostic } from "./codes.js";
import { matchesPattern, parseCondition, type Condition } from "./condition.js";
import { conditionToNode, ModifierError } from "./modifiers.js";
import type { FieldMapping, LogsourceMapping, Pipeline } from "./pipelines/index.js";
import type { FieldCondition, SigmaRule, YamlPath } from "./rule.js";

export type QueryFormat = "search" | "tstats";

export interface ConvertOptions {
  pipeline: Pipeline;
  /** Default: the pipeline's defaultFormat. */
  format?: QueryFormat;
}

export interface Conversion {
  query: string;
  format: QueryFormat;
  /** The query tree after field mapping (log source conditions included). */
  node: Node;
  /** Target fields the query reads, in first-use order. */
  fields: string[];
  logsource?: LogsourceMapping;
}

export interface ConvertResult {
  conversion?: Conversion;
  diagnostics: SigmaDiagnostic[];
}

/** The first log source entry whose keys all equal the rule's. */
export function findLogsource(pipeline: Pipeline, ls: SigmaRule["logsource"]): LogsourceMapping | undefined {
  return pipeline.logsources.find((m) =>
    (["product", "category", "service"] as const).every((k) => m.match[k] === undefined || m.match[k] === ls[k]),
  );
}

const describeLogsource = (ls: SigmaRule["logsource"]) =>
  Object.entries(ls)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ") || "(none)";

/** `*\name.exe` as the bare name, when the value names a file at the end of a path. */
function basenameOf(glob: Glob): string | undefined {
  if (glob.length !== 2 || typeof glob[0] === "string" || glob[0].wild !== "*") return undefined;
  const lit = glob[1];
  if (typeof lit !== "string" || !(lit.startsWith("\\") || lit.startsWith("/"))) return undefined;
  const name = lit.slice(1);
  return name !== "" && !/[\\/]/.test(name) ? name : undefined;
}

class Converter {
  readonly diagnostics: SigmaDiagnostic[] = [];
  private readonly fieldMap: Record<string, FieldMapping>;

  constructor(
    private readonly rule: SigmaRule,
    private readonly pipeline: Pipeline,
    readonly logsource: LogsourceMapping | undefined,
  ) {
    this.fieldMap = logsource?.fields ?? pipeline.fields;
  }

  private fail(made: Parameters<typeof at>[0], span?: Span): undefined {
    this.diagnostics.push(at(made, this.rule.file, span));
    return undefined;
  }

  private target(field: string, path: YamlPath): FieldMapping | undefined {
    const m = this.fieldMap[field];
    if (m !== undefined) return m;
    if (!this.pipeline.strictFields) return field;
    const known = Object.keys(this.fieldMap);
    const guess = known.find((k) => k.toLowerCase() === field.toLowerCase());
    const hint = guess ? `Did you mean '${guess}'?` : known.length ? `Mapped fields: ${known.join(", ")}.` : undefined;
    return this.fail(unmappedField(field, this.pipeline.name, hint), this.rule.locate(path));
  }

  /** Rename the fields of one condition's leaves; a basename target replaces `*\name` matches. */
  private mapLeaves(node: Node, path: YamlPath): Node | undefined {
    switch (node.type) {
      case "and":
      case "or": {
        const args = node.args.map((a) => this.mapLeaves(a, path));
        return args.every((a): a is Node => a !== undefined) ? (node.type === "and" ? and(...args) : or(...args)) : undefined;
      }
      case "not": {
        const a = this.mapLeaves(node.arg, path);
        return a && not(a);
      }
      case "keyword":
      case "const":
        return node;
      case "fieldref": {
        const a = this.target(node.field, path);
        const b = this.target(node.other, path);
        if (!a || !b) return undefined;
        return { ...node, field: typeof a === "string" ? a : a.field, other: typeof b === "string" ? b : b.field };
      }
      default: {
        const t = this.target(node.field, path);
        if (!t) return undefined;
        if (typeof t === "string") return { ...node, field: t };
        const base = node.type === "match" && t.basename ? basenameOf(node.glob) : undefined;
        return base !== undefined ? { type: "match", field: t.basename!, glob: [base] } : { ...node, field: t.field };
      }
    }
  }

  private fieldCondition(cond: FieldCondition): Node | undefined {
    try {
      return this.mapLeaves(conditionToNode(cond), cond.path);
    } catch (e) {
      if (e instanceof ModifierError) return this.fail(e.made, this.rule.locate(cond.path));
      throw e;
    }
  }

  /** Every selection as a tree; undefined for one that failed (its errors are recorded). */
  selections(): Map<string, Node | undefined> {
    const out = new Map<string, Node | undefined>();
    for (const [name, sel] of this.rule.selections) {
      const groups = sel.alternatives.map((g) => {
        const parts = g.map((c) => this.fieldCondition(c));
        return parts.every((p): p is Node => p !== undefined) ? and(...parts) : undefined;
      });
      out.set(name, groups.every((g): g is Node => g !== undefined) ? or(...groups) : undefined);
    }
    return out;
  }

  condition(c: Condition, sels: Map<string, Node | undefined>, path: YamlPath): Node | undefined {
    const spanAt = (offset: number) => shift(this.rule.locate(path, true), offset);
    switch (c.type) {
      case "and":
      case "or": {
        const args = c.args.map((a) => this.condition(a, sels, path));
        if (!args.every((a): a is Node => a !== undefined)) return undefined;
        return c.type === "and" ? and(...args) : or(...args);
      }
      case "not": {
        const a = this.condition(c.arg, sels, path);
        return a && not(a);
      }
      case "ref": {
        if (!sels.has(c.name)) {
          const guess = [...sels.keys()].find((k) => k.toLowerCase() === c.name.toLowerCase());
          const hint = `Selections: ${[...sels.keys()].join(", ") || "(none)"}.${guess ? ` Did you mean '${guess}'?` : ""}`;
          return this.fail(unknownSelection(c.name, hint), spanAt(c.offset));
        }
        return sels.get(c.name);
      }
      case "quantifier": {
        const names = [...sels.keys()].filter((n) => matchesPattern(c.pattern, n));
        if (names.length === 0) return this.fail(unknownSelection(c.pattern, "The pattern matches no selection."), spanAt(c.offset));
        const nodes = names.map((n) => sels.get(n));
        if (!nodes.every((n): n is Node => n !== undefined)) return undefined;
        return c.all ? and(...nodes) : or(...nodes);
      }
    }
  }
}

/** The position `offset` characters into a one-line scalar (a quoted scalar starts one further). */
function shift(span: Span | undefined, offset: number): Span | undefined {
  return span && { line: span.line, col: span.col + offset, endLine: span.line, endCol: span.col + offset };
}

function logsourceConditions(ls: LogsourceMapping | undefined): Node[] {
  return Object.entries(ls?.conditions ?? {}).map(([field, values]) => or(...values.map((v) => ({ type: "match", field, glob: [v] }) as Node)));
}

/** Build the query tree of a rule under a pipeline (no SPL text yet). */
export function buildQuery(rule: SigmaRule, pipeline: Pipeline): { node?: Node; logsource?: LogsourceMapping; diagnostics: SigmaDiagnostic[] } {
  const logsource = findLogsource(pipeline, rule.logsource);
  if (!logsource && pipeline.strictLogsource) {
    return { diagnostics: [at(unmappedLogsource(describeLogsource(rule.logsource), pipeline.name), rule.file, rule.locate(["logsource"]))] };
  }
  const cv = new Converter(rule, pipeline, logsource);
  const sels = cv.selections();
  const conds: Node[] = [];
  for (const { text, path } of rule.conditions) {
    const parsed = parseCondition(text);
    if ("error" in parsed) {
      const off = parsed.error.offset;
      cv.diagnostics.push(
        at(conditionSyntax(parsed.error.message), rule.file, shift(rule.locate(path, true), off)),
      );
      continue;
    }
    const n = cv.condition(parsed.condition, sels, path);
    if (n) conds.push(n);
  }
  if (cv.diagnostics.length) return { diagnostics: cv.diagnostics };
  return { node: and(...logsourceConditions(logsource), or(...conds)), logsource, diagnostics: [] };
}

/** Convert a parsed rule to SPL under a pipeline. */
export function convertRule(rule: SigmaRule, opts: ConvertOptions): ConvertResult {
  const built = buildQuery(rule, opts.pipeline);
  if (!built.node) return { diagnostics: built.diagnostics };
  const { node, logsource } = built;
  const format = opts.format ?? opts.pipeline.defaultFormat;
  const fail = (what: string) => ({ diagnostics: [at(notExpressible(what), rule.file, rule.locate(["detection"]))] });
  try {
    let query: string;
    let searched = node;
    const dm = logsource?.datamodel;
    if (format === "tstats") {
      if (!dm) return fail(`the tstats form needs a data model, and the '${opts.pipeline.name}' pipeline maps log source ${describeLogsource(rule.logsource)} to none`);
      query = renderTstats(node, { datamodel: dm.name, object: dm.object, by: dm.by });
    } else {
      const table = rule.fields.map((f) => {
        const t = (logsource?.fields ?? opts.pipeline.fields)[f];
        return t === undefined ? f : typeof t === "string" ? t : t.field;
      });
      if (dm) {
        // Data model fields (Processes.process_name) exist only in data model searches: raw events lack them.
        // `| from datamodel:<DM>.<dataset>` returns the dataset's events with the short names (process_name).
        const prefix = `${dm.object}.`;
        const strip = (f: string) => (f.startsWith(prefix) ? f.slice(prefix.length) : f);
        searched = mapFields(node, strip);
        query = renderSearch(searched, { generator: `| from datamodel:${dm.name}`, table: table.map(strip) });
      } else {
        query = renderSearch(node, { table });
      }
    }
    return { conversion: { query, format, node: searched, fields: fieldsOf(searched), logsource }, diagnostics: [] };
  } catch (e) {
    if (e instanceof SplUnsupportedError) return fail(e.message);
    throw e;
  }
}
