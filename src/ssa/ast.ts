// The SPL2 syntax tree for SSA pipelines. Every node carries its [start, end) character offsets in the
// pipeline text, so checks can point at the exact place (mapped to YAML line:col by ssa/locate.ts).

export interface Pos {
  start: number;
  end: number;
}

export type Expr =
  | ({ type: "field"; name: string } & Pos)
  | ({ type: "var"; name: string } & Pos)
  | ({ type: "string"; value: string } & Pos)
  | ({ type: "number"; value: number; suffix: string } & Pos)
  | ({ type: "duration"; ms: number; text: string } & Pos)
  | ({ type: "boolean"; value: boolean } & Pos)
  | ({ type: "null" } & Pos)
  | ({ type: "regex"; source: string; flags: string } & Pos)
  | ({ type: "list"; items: Expr[] } & Pos)
  | ({ type: "map"; entries: { key: Expr; value: Expr }[] } & Pos)
  | ({ type: "call"; name: string; args: Expr[]; nameEnd: number } & Pos)
  | ({ type: "unary"; op: "NOT" | "-"; operand: Expr } & Pos)
  | ({ type: "binary"; op: BinaryOp; left: Expr; right: Expr } & Pos)
  | ({ type: "in"; operand: Expr; items: Expr[]; negated: boolean } & Pos)
  | ({ type: "isnull"; operand: Expr; negated: boolean } & Pos)
  | ({ type: "like"; operand: Expr; pattern: Expr; negated: boolean } & Pos);

export type BinaryOp = "AND" | "OR" | "XOR" | "=" | "==" | "!=" | "<" | ">" | "<=" | ">=" | "+" | "-" | "*" | "/" | "%";

export interface Assignment extends Pos {
  name: string;
  nameStart: number;
  expr: Expr;
}

export interface SelectItem extends Pos {
  expr: Expr;
  alias?: string;
}

export interface Aggregation extends Pos {
  fn: string;
  args: Expr[];
  alias?: string;
}

export interface CommandOption extends Pos {
  key: string;
  value: Expr;
}

export type Command =
  | ({ kind: "from"; source: Expr } & Pos)
  | ({ kind: "eval"; assignments: Assignment[] } & Pos)
  | ({ kind: "where"; condition: Expr } & Pos)
  | ({ kind: "into"; sink: Expr } & Pos)
  | ({ kind: "select"; items: SelectItem[] } & Pos)
  | ({ kind: "rename"; pairs: { from: string; to: string; start: number; end: number }[] } & Pos)
  | ({ kind: "rex"; field: string; pattern: string; patternPos: Pos; options: CommandOption[] } & Pos)
  | ({ kind: "union"; sources: Expr[] } & Pos)
  | ({ kind: "stats"; aggregations: Aggregation[]; by: Expr[] } & Pos)
  /** Stateful or ML commands (first_time_event, adaptive_threshold, ...): kept as name + options. */
  | ({ kind: "opaque"; name: string; options: CommandOption[] } & Pos);

export interface Pipeline extends Pos {
  commands: Command[];
}

export interface Statement extends Pos {
  /** `$name = | from ...;` binds a pipeline to a variable; undefined for the final, unnamed statement. */
  variable?: string;
  pipeline: Pipeline;
}

export interface Program extends Pos {
  statements: Statement[];
}

/** Commands the offline evaluator cannot run (stateful across time or machine-learning models). */
export const OPAQUE_COMMANDS = new Set(["first_time_event", "adaptive_threshold", "conditional_anomaly", "apply_model"]);
