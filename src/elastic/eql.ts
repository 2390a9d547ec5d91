// EQL parser: event queries (`process where ...`, `any where ...`) and sequences with `by`, `maxspan`,
// `runs` and `until`. Produces the shared query model (ast.ts); never maps fields.
import { and, or, QuerySyntaxError, QueryUnsupportedError, type Compare, type EventQuery, type Expr, type Literal, type Query, type SequenceStep } from "./ast.js";
import { tokenizeEql, type Token } from "./lexer.js";

const CMP: Record<string, Compare["op"]> = { "==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge" };
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

class Parser {
  private i = 0;
  constructor(private readonly t: Token[]) {}

  peek(n = 0): Token {
    return this.t[Math.min(this.i + n, this.t.length - 1)];
  }
  next(): Token {
    const tok = this.peek();
    if (this.i < this.t.length - 1) this.i++;
    return tok;
  }
  isWord(w: string, n = 0): boolean {
    const tok = this.peek(n);
    return tok.kind === "ident" && tok.text.toLowerCase() === w;
  }
  isPunct(p: string, n = 0): boolean {
    const tok = this.peek(n);
    return tok.kind === "punct" && tok.text === p;
  }
  expectPunct(p: string): Token {
    if (!this.isPunct(p)) throw this.error(`Expected '${p}'`);
    return this.next();
  }
  expectWord(w: string): Token {
    if (!this.isWord(w)) throw this.error(`Expected '${w}'`);
    return this.next();
  }
  error(what: string): QuerySyntaxError {
    const tok = this.peek();
    const found = tok.kind === "eof" ? "end of query" : `'${tok.text}'`;
    return new QuerySyntaxError(`${what}, found ${found}.`, tok.offset);
  }

  query(): Query {
    if (this.isWord("sequence")) return this.sequence();
    if (this.isWord("sample")) throw new QueryUnsupportedError("EQL 'sample' queries are not supported.", this.peek().offset, "EQL sample");
    const q = this.eventQuery();
    if (this.isPunct("|")) throw new QueryUnsupportedError("EQL pipes ('| head', '| tail', ...) are not supported.", this.peek().offset, "EQL pipe");
    if (this.peek().kind !== "eof") throw this.error("Expected end of query");
    return { k: "event", query: q };
  }

  eventQuery(): EventQuery {
    const cat = this.next();
    if (cat.kind !== "ident" && cat.kind !== "string") throw new QuerySyntaxError("Expected an event category such as 'process' or 'any'.", cat.offset);
    this.expectWord("where");
    return { category: cat.text.toLowerCase(), where: this.expr(), pos: cat.offset };
  }

  fieldList(): string[] {
    const out: string[] = [];
    do {
      const f = this.next();
      if (f.kind !== "ident") throw new QuerySyntaxError("Expected a field name after 'by'.", f.offset);
      out.push(f.text);
    } while (this.isPunct(",") && this.next());
    return out;
  }

  /** `with maxspan=1m` or `with runs=3`: returns the option name and its value tokens. */
  withOption(): { name: string; value: number; unit: string; text: string } {
    this.expectWord("with");
    const name = this.next();
    this.expectPunct("=");
    const num = this.next();
    if (num.kind !== "number") throw new QuerySyntaxError(`Expected a number after '${name.text}='.`, num.offset);
    let unit = "";
    const u = this.peek();
    if (u.kind === "ident" && u.offset === num.offset + num.text.length) unit = this.next().text;
    return { name: name.text.toLowerCase(), value: Number(num.text), unit, text: num.text + unit };
  }

  sequence(): Query {
    this.next();
    let by: string[] = [];
    let maxspanMs: number | undefined;
    let maxspanText: string | undefined;
    for (;;) {
      if (this.isWord("by")) {
        this.next();
        by = this.fieldList();
      } else if (this.isWord("with")) {
        const opt = this.withOption();
        if (opt.name !== "maxspan") throw new QuerySyntaxError(`Unknown sequence option '${opt.name}'.`, this.peek().offset);
        const mult = UNIT_MS[opt.unit || "s"];
        if (mult === undefined) throw new QuerySyntaxError(`Unknown time unit '${opt.unit}' in maxspan.`, this.peek().offset);
        maxspanMs = opt.value * mult;
        maxspanText = opt.text;
      } else break;
    }
    const steps: SequenceStep[] = [];
    while (this.isPunct("[")) steps.push(this.step());
    let until: SequenceStep | undefined;
    if (this.isWord("until")) {
      this.next();
      until = this.step();
    }
    if (steps.length === 0) throw this.error("Expected '[' to start a sequence step");
    if (this.peek().kind !== "eof") throw this.error("Expected '[' or end of sequence");
    return { k: "sequence", by, maxspanMs, maxspanText, steps, until };
  }

  step(): SequenceStep {
    this.expectPunct("[");
    const query = this.eventQuery();
    this.expectPunct("]");
    let by: string[] = [];
    let runs = 1;
    for (;;) {
      if (this.isWord("by")) {
        this.next();
        by = this.fieldList();
      } else if (this.isWord("with") && this.isWord("runs", 1)) {
        runs = this.withOption().value;
      } else break;
    }
    return { query, by, runs };
  }

  expr(): Expr {
    const items = [this.andExpr()];
    while (this.isWord("or")) {
      this.next();
      items.push(this.andExpr());
    }
    return or(items);
  }

  andExpr(): Expr {
    const items = [this.notExpr()];
    while (this.isWord("and")) {
      this.next();
      items.push(this.notExpr());
    }
    return and(items);
  }

  notExpr(): Expr {
    if (this.isWord("not")) {
      this.next();
      return { k: "not", item: this.notExpr() };
    }
    return this.primary();
  }

  literal(): Literal {
    const tok = this.next();
    if (tok.kind === "string") return tok.text;
    if (tok.kind === "number") return Number(tok.text);
    if (tok.kind === "punct" && tok.text === "-" && this.peek().kind === "number") return -Number(this.next().text);
    if (tok.kind === "ident") {
      const w = tok.text.toLowerCase();
      if (w === "true") return true;
      if (w === "false") return false;
      if (w === "null") return null;
    }
    throw new QuerySyntaxError(`Expected a value, found ${tok.kind === "eof" ? "end of query" : `'${tok.text}'`}.`, tok.offset);
  }

  literalList(): Literal[] {
    if (!this.isPunct("(")) return [this.literal()];
    this.next();
    const out: Literal[] = [this.literal()];
    while (this.isPunct(",")) {
      this.next();
      if (this.isPunct(")")) break;
      out.push(this.literal());
    }
    this.expectPunct(")");
    return out;
  }

  /** `~` directly after an operator or function name makes it case-insensitive. */
  tilde(): boolean {
    if (this.isPunct("~")) {
      this.next();
      return true;
    }
    return false;
  }

  primary(): Expr {
    const tok = this.peek();
    if (this.isPunct("(")) {
      this.next();
      const e = this.expr();
      this.expectPunct(")");
      return e;
    }
    if (tok.kind !== "ident") throw this.error("Expected a field, function or '('");
    const w = tok.text.toLowerCase();
    if ((w === "true" || w === "false") && !this.isPunct("(", 1)) {
      this.next();
      return { k: "bool", value: w === "true" };
    }
    this.next();
    if (this.isPunct("~") && this.isPunct("(", 1)) {
      this.next();
      return this.call(tok, true);
    }
    if (this.isPunct("(")) return this.call(tok, false);
    return this.comparison(tok.text, tok.offset);
  }

  call(name: Token, ci: boolean): Expr {
    this.expectPunct("(");
    const first = this.next();
    if (first.kind !== "ident") throw new QuerySyntaxError(`Function '${name.text}' needs a field as its first argument.`, first.offset);
    if (this.isPunct("(")) throw new QueryUnsupportedError(`Nested function calls inside '${name.text}' are not supported.`, first.offset, "nested function call");
    const args: Literal[] = [];
    while (this.isPunct(",")) {
      this.next();
      const arg = this.peek();
      if (arg.kind === "ident" && !["true", "false", "null"].includes(arg.text.toLowerCase())) {
        const what = this.isPunct("(", 1) ? "a function call" : `the field '${arg.text}'`;
        throw new QueryUnsupportedError(`Function '${name.text}' with ${what} as an argument is not supported (only literal arguments).`, arg.offset, this.isPunct("(", 1) ? "nested function call" : "function with a field argument");
      }
      args.push(this.literal());
    }
    this.expectPunct(")");
    const e: Expr = { k: "call", name: name.text.toLowerCase(), field: first.text, args, ci, pos: name.offset };
    const op = this.peek();
    if (op.kind === "punct" && op.text in CMP) {
      this.next();
      e.cmp = { op: CMP[op.text] as "eq", value: this.literal() };
    }
    return e;
  }

  comparison(field: string, pos: number): Expr {
    const op = this.peek();
    if (op.kind === "punct" && op.text in CMP) {
      this.next();
      const rhs = this.peek();
      if (rhs.kind === "ident" && !["true", "false", "null"].includes(rhs.text.toLowerCase())) {
        this.next();
        if (op.text !== "==" && op.text !== "!=") throw new QuerySyntaxError("Only == and != can compare two fields.", op.offset);
        return { k: "fieldcmp", left: field, right: rhs.text, op: op.text === "==" ? "eq" : "ne", ci: false, pos };
      }
      const value = this.literal();
      if (value === null) {
        const ex: Expr = { k: "exists", field, pos };
        if (op.text === "==") return { k: "not", item: ex };
        if (op.text === "!=") return ex;
        throw new QuerySyntaxError("Only == and != can compare with null.", op.offset);
      }
      return { k: "cmp", field, op: CMP[op.text], values: [value], ci: false, wildcard: false, pos };
    }
    if (this.isPunct(":")) {
      this.next();
      return { k: "cmp", field, op: "eq", values: this.literalList(), ci: true, wildcard: true, single: true, pos };
    }
    let negated = false;
    if (this.isWord("not") && this.isWord("in", 1)) {
      this.next();
      negated = true;
    }
    for (const word of ["like", "regex", "in"]) {
      if (!this.isWord(word)) continue;
      this.next();
      const ci = this.tilde();
      if (word === "in" && !this.isPunct("(")) throw this.error("Expected '(' after 'in'");
      const values = this.literalList();
      const e: Expr = { k: "cmp", field, op: word === "regex" ? "regex" : "eq", values, ci, wildcard: word === "like", single: word === "like", pos };
      return negated ? { k: "not", item: e } : e;
    }
    if (negated) throw this.error("Expected 'in'");
    // A bare field is a boolean test.
    return { k: "cmp", field, op: "eq", values: [true], ci: false, wildcard: false, pos };
  }
}

/** Parse EQL text. Throws QuerySyntaxError (with the offset) on bad input. */
export function parseEql(text: string): Query {
  return new Parser(tokenizeEql(text)).query();
}
