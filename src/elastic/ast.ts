// The query model shared by the KQL and EQL parsers: a boolean tree over ECS fields.
// Pure data; no Splunk knowledge lives here (translate.ts maps it onto a target).

/** A 1-based position inside the query text (translated to file positions by the reader). */
export interface Pos {
  offset: number;
}

export type Literal = string | number | boolean | null;

/** A comparison of a field against literal values. */
export interface Compare {
  k: "cmp";
  field: string;
  /**
   * eq: equality (wildcards only when `wildcard`), ne: inequality, lt/le/gt/ge: ordering,
   * regex: regular expression match.
   */
  op: "eq" | "ne" | "lt" | "le" | "gt" | "ge" | "regex";
  /** Any of these values matches (an IN list or `:` list). */
  values: Literal[];
  /** Case-insensitive comparison (EQL `:`, `~` operators; KQL on text fields). */
  ci: boolean;
  /** `*` in string values is a wildcard (there is no escape, as in EQL). */
  wildcard: boolean;
  /** `?` is a single-character wildcard too (EQL `:` and `like`; not KQL). */
  single?: boolean;
  pos: number;
}

/** A function over one field, e.g. startsWith(process.name, "a"), length(x) > 3, cidrMatch(ip, ...). */
export interface Call {
  k: "call";
  name: string;
  field: string;
  args: Literal[];
  ci: boolean;
  /** For value-returning functions (length): the comparison applied to the result. */
  cmp?: { op: "eq" | "ne" | "lt" | "le" | "gt" | "ge"; value: Literal };
  pos: number;
}

export interface FieldCompare {
  k: "fieldcmp";
  left: string;
  right: string;
  op: "eq" | "ne";
  ci: boolean;
  pos: number;
}

export type Expr =
  | { k: "and"; items: Expr[] }
  | { k: "or"; items: Expr[] }
  | { k: "not"; item: Expr }
  | { k: "bool"; value: boolean }
  | { k: "exists"; field: string; pos: number }
  | Compare
  | Call
  | FieldCompare;

/** One `category where condition` query. */
export interface EventQuery {
  category: string; // "any" for `any where` and for KQL
  where: Expr;
  pos: number;
}

export interface SequenceStep {
  query: EventQuery;
  by: string[];
  runs: number;
}

export interface SequenceQuery {
  k: "sequence";
  by: string[];
  /** Milliseconds; undefined when the sequence has no maxspan. */
  maxspanMs?: number;
  maxspanText?: string;
  steps: SequenceStep[];
  until?: SequenceStep;
}

export type Query = { k: "event"; query: EventQuery } | SequenceQuery;

/** A syntax error at an offset of the query text. */
export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Valid syntax that the importer does not support; `reason` is the short key for batch summaries. */
export class QueryUnsupportedError extends QuerySyntaxError {
  constructor(
    message: string,
    offset: number,
    readonly reason: string,
  ) {
    super(message, offset);
  }
}

export const and = (items: Expr[]): Expr => (items.length === 1 ? items[0] : { k: "and", items });
export const or = (items: Expr[]): Expr => (items.length === 1 ? items[0] : { k: "or", items });

/** Every field name a query refers to (for required_fields and unmapped-field reporting). */
export function fieldsOf(e: Expr, out: Set<string> = new Set()): Set<string> {
  switch (e.k) {
    case "and":
    case "or":
      e.items.forEach((i) => fieldsOf(i, out));
      break;
    case "not":
      fieldsOf(e.item, out);
      break;
    case "exists":
    case "cmp":
    case "call":
      out.add(e.field);
      break;
    case "fieldcmp":
      out.add(e.left).add(e.right);
      break;
  }
  return out;
}
