// Recursive-descent parser: SPL2 pipeline text -> Program. Pure. Errors are Spl2SyntaxError with offsets;
// `parseSpl2` turns the first one into a ParseResult value (never throws for bad input).
import type { Aggregation, Assignment, BinaryOp, Command, CommandOption, Expr, Pipeline, Program, SelectItem, Statement } from "./ast.js";
import { OPAQUE_COMMANDS } from "./ast.js";
import { Spl2SyntaxError, tokenize, type Token } from "./lexer.js";

type DistOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type ParseResult = { ok: true; program: Program } | { ok: false; error: Spl2SyntaxError };

const KNOWN_COMMANDS = ["from", "eval", "where", "into", "select", "rename", "rex", "union", "stats", ...OPAQUE_COMMANDS];
const DURATION_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parse a whole SSA pipeline (one or more `;`-terminated statements). */
export function parseSpl2(text: string): ParseResult {
  try {
    return { ok: true, program: new Parser(text).program() };
  } catch (err) {
    if (err instanceof Spl2SyntaxError) return { ok: false, error: err };
    throw err;
  }
}

/** Parse one expression (the `where` text of a structured `ssa:` block, or `--where` of the scaffold). */
export function parseSpl2Expression(text: string): { ok: true; expr: Expr } | { ok: false; error: Spl2SyntaxError } {
  try {
    const p = new Parser(text);
    const expr = p.expression();
    p.expectEof();
    return { ok: true, expr };
  } catch (err) {
    if (err instanceof Spl2SyntaxError) return { ok: false, error: err };
    throw err;
  }
}

const describe = (t: Token): string =>
  t.type === "eof" ? "end of input" : t.type === "string" ? `string "${t.value}"` : `'${t.type === "var" ? "$" + t.value : t.value}'`;

class Parser {
  private toks: Token[];
  private i = 0;
  constructor(private text: string) {
    this.toks = tokenize(text);
  }

  private get t(): Token {
    return this.toks[this.i]!;
  }
  private peek(k = 1): Token {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)]!;
  }
  private next(): Token {
    const t = this.t;
    if (t.type !== "eof") this.i++;
    return t;
  }
  private isOp(v: string, t = this.t): boolean {
    return t.type === "op" && t.value === v;
  }
  private isKw(kw: string, t = this.t): boolean {
    return t.type === "ident" && t.value.toUpperCase() === kw && !this.isQuoted(t);
  }
  private isQuoted(t: Token): boolean {
    const c = this.text[t.start];
    return c === "'" || c === "`";
  }
  private fail(message: string, t = this.t): never {
    throw new Spl2SyntaxError(message, t.start, Math.max(t.end, t.start + 1));
  }
  private expectOp(v: string, what = `'${v}'`): Token {
    if (!this.isOp(v)) this.fail(`Expected ${what}, found ${describe(this.t)}.`);
    return this.next();
  }
  private expectIdent(what: string): Token {
    if (this.t.type !== "ident") this.fail(`Expected ${what}, found ${describe(this.t)}.`);
    return this.next();
  }
  expectEof(): void {
    if (this.t.type !== "eof") this.fail(`Unexpected ${describe(this.t)} after the expression.`);
  }

  program(): Program {
    const statements: Statement[] = [];
    while (this.t.type !== "eof") {
      statements.push(this.statement());
    }
    if (statements.length === 0) this.fail("The pipeline is empty.");
    return { statements, start: statements[0]!.start, end: statements[statements.length - 1]!.end };
  }

  private statement(): Statement {
    const start = this.t.start;
    let variable: string | undefined;
    if (this.t.type === "var" && this.isOp("=", this.peek())) {
      variable = this.next().value;
      this.next();
    }
    const pipeline = this.pipeline();
    if (!this.isOp(";")) {
      if (this.t.type === "eof") this.fail("Missing ';' at the end of the statement.");
      this.fail(`Expected '|' or ';', found ${describe(this.t)}.`);
    }
    const end = this.next().end;
    return { variable, pipeline, start, end };
  }

  private pipeline(): Pipeline {
    const start = this.t.start;
    const commands: Command[] = [];
    if (this.isOp("|")) this.next();
    commands.push(this.command());
    while (this.isOp("|")) {
      this.next();
      commands.push(this.command());
    }
    return { commands, start, end: commands[commands.length - 1]!.end };
  }

  private command(): Command {
    const nameTok = this.t;
    if (nameTok.type !== "ident") this.fail(`Expected a command name, found ${describe(nameTok)}.`);
    const name = nameTok.value.toLowerCase();
    if (!KNOWN_COMMANDS.includes(name)) {
      this.fail(`Unknown command '${nameTok.value}'; supported: ${KNOWN_COMMANDS.join(", ")}.`, nameTok);
    }
    this.next();
    const start = nameTok.start;
    const done = (c: DistOmit<Command, "start" | "end">): Command => ({ ...c, start, end: this.toks[this.i - 1]!.end }) as Command;
    switch (name) {
      case "from":
        return done({ kind: "from", source: this.expression() });
      case "into":
        return done({ kind: "into", sink: this.expression() });
      case "where":
        return done({ kind: "where", condition: this.expression() });
      case "eval":
        return done({ kind: "eval", assignments: this.commaList(() => this.assignment()) });
      case "select":
        return done({ kind: "select", items: this.commaList(() => this.selectItem()) });
      case "rename":
        return done({ kind: "rename", pairs: this.commaList(() => this.renamePair()) });
      case "union":
        return done({ kind: "union", sources: this.commaList(() => this.expression(), true) });
      case "stats":
        return this.stats(start);
      case "rex":
        return this.rex(start);
      default:
        return done({ kind: "opaque", name, options: this.options() });
    }
  }

  private atCommandEnd(): boolean {
    return this.isOp("|") || this.isOp(";") || this.t.type === "eof";
  }

  private commaList<T>(item: () => T, spaceSeparated = false): T[] {
    const out = [item()];
    for (;;) {
      if (this.isOp(",")) this.next();
      else if (!spaceSeparated || this.atCommandEnd()) break;
      out.push(item());
    }
    return out;
  }

  private assignment(): Assignment {
    const nameTok = this.expectIdent("a field name to assign");
    this.expectOp("=", "'=' after the field name");
    const expr = this.expression();
    return { name: nameTok.value, nameStart: nameTok.start, expr, start: nameTok.start, end: expr.end };
  }

  private selectItem(): SelectItem {
    const expr = this.expression();
    if (this.isKw("AS")) {
      this.next();
      const alias = this.expectIdent("a name after AS");
      return { expr, alias: alias.value, start: expr.start, end: alias.end };
    }
    return { expr, start: expr.start, end: expr.end };
  }

  private renamePair(): { from: string; to: string; start: number; end: number } {
    const from = this.expectIdent("a field name to rename");
    if (!this.isKw("AS")) this.fail(`Expected AS, found ${describe(this.t)}.`);
    this.next();
    const to = this.expectIdent("the new field name");
    return { from: from.value, to: to.value, start: from.start, end: to.end };
  }

  private stats(start: number): Command {
    const aggregations: Aggregation[] = [];
    const by: Expr[] = [];
    do {
      if (this.isOp(",")) this.next();
      const fnTok = this.expectIdent("an aggregation such as count(x)");
      this.expectOp("(", "'(' after the aggregation name");
      const args = this.isOp(")") ? [] : this.commaList(() => this.expression());
      const close = this.expectOp(")");
      const agg: Aggregation = { fn: fnTok.value.toLowerCase(), args, start: fnTok.start, end: close.end };
      if (this.isKw("AS")) {
        this.next();
        const alias = this.expectIdent("a name after AS");
        agg.alias = alias.value;
        agg.end = alias.end;
      }
      aggregations.push(agg);
    } while (this.isOp(","));
    if (this.isKw("BY")) {
      this.next();
      by.push(...this.commaList(() => this.expression()));
    }
    return { kind: "stats", aggregations, by, start, end: this.toks[this.i - 1]!.end };
  }

  private rex(start: number): Command {
    const options: CommandOption[] = [];
    let pattern: Token | undefined;
    while (!this.atCommandEnd()) {
      if (this.t.type === "string" && !pattern) {
        pattern = this.next();
        continue;
      }
      options.push(this.option());
    }
    const field = options.find((o) => o.key === "field");
    if (!pattern) this.fail("rex needs a quoted regular expression.");
    if (!field || field.value.type !== "field") this.fail("rex needs field=<name>.");
    return {
      kind: "rex",
      field: field.value.name,
      pattern: pattern.value,
      patternPos: { start: pattern.start, end: pattern.end },
      options: options.filter((o) => o !== field),
      start,
      end: this.toks[this.i - 1]!.end,
    };
  }

  private options(): CommandOption[] {
    const out: CommandOption[] = [];
    while (!this.atCommandEnd()) out.push(this.option());
    return out;
  }

  private option(): CommandOption {
    const key = this.expectIdent("an option name (key=value)");
    this.expectOp("=", `'=' after option '${key.value}'`);
    const value = this.unary();
    return { key: key.value, value, start: key.start, end: value.end };
  }

  // ---- expressions -------------------------------------------------------------------------------

  expression(): Expr {
    return this.binaryLevel(0);
  }

  private static LEVELS: string[][] = [["OR"], ["XOR"], ["AND"]];

  private binaryLevel(level: number): Expr {
    if (level >= Parser.LEVELS.length) return this.notExpr();
    let left = this.binaryLevel(level + 1);
    while (Parser.LEVELS[level]!.some((kw) => this.isKw(kw))) {
      const op = this.next().value.toUpperCase() as BinaryOp;
      const right = this.binaryLevel(level + 1);
      left = { type: "binary", op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private notExpr(): Expr {
    if (this.isKw("NOT")) {
      const t = this.next();
      const operand = this.notExpr();
      return { type: "unary", op: "NOT", operand, start: t.start, end: operand.end };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.additive();
    const t = this.t;
    if (t.type === "op" && ["=", "==", "!=", "<", ">", "<=", ">="].includes(t.value)) {
      this.next();
      const right = this.additive();
      return { type: "binary", op: t.value as BinaryOp, left, right, start: left.start, end: right.end };
    }
    let negated = false;
    if (this.isKw("NOT") && (this.isKw("LIKE", this.peek()) || this.isKw("IN", this.peek()))) {
      this.next();
      negated = true;
    }
    if (this.isKw("LIKE")) {
      this.next();
      const pattern = this.additive();
      return { type: "like", operand: left, pattern, negated, start: left.start, end: pattern.end };
    }
    if (this.isKw("IN")) {
      this.next();
      this.expectOp("(", "'(' after IN");
      const items = this.isOp(")") ? [] : this.commaList(() => this.expression());
      const close = this.expectOp(")");
      return { type: "in", operand: left, items, negated, start: left.start, end: close.end };
    }
    if (this.isKw("IS")) {
      this.next();
      let neg = false;
      if (this.isKw("NOT")) {
        this.next();
        neg = true;
      }
      if (!this.isKw("NULL")) this.fail(`Expected NULL after IS${neg ? " NOT" : ""}, found ${describe(this.t)}.`);
      const end = this.next().end;
      return { type: "isnull", operand: left, negated: neg, start: left.start, end };
    }
    return left;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    while (this.isOp("+") || this.isOp("-")) {
      const op = this.next().value as BinaryOp;
      const right = this.multiplicative();
      left = { type: "binary", op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    while (this.isOp("*") || this.isOp("/") || this.isOp("%")) {
      const op = this.next().value as BinaryOp;
      const right = this.unary();
      left = { type: "binary", op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isOp("-")) {
      const t = this.next();
      const operand = this.unary();
      if (operand.type === "number") return { ...operand, value: -operand.value, start: t.start };
      return { type: "unary", op: "-", operand, start: t.start, end: operand.end };
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.t;
    switch (t.type) {
      case "string":
        this.next();
        return { type: "string", value: t.value, start: t.start, end: t.end };
      case "regex":
        this.next();
        return { type: "regex", source: t.value, flags: t.suffix, start: t.start, end: t.end };
      case "var":
        this.next();
        return { type: "var", name: t.value, start: t.start, end: t.end };
      case "number": {
        this.next();
        if (t.suffix && DURATION_MS[t.suffix] !== undefined) {
          return { type: "duration", ms: Number(t.value) * DURATION_MS[t.suffix]!, text: t.value + t.suffix, start: t.start, end: t.end };
        }
        return { type: "number", value: Number(t.value), suffix: t.suffix.toUpperCase(), start: t.start, end: t.end };
      }
      case "op":
        if (t.value === "(") {
          this.next();
          const inner = this.expression();
          this.expectOp(")", "')'");
          return inner;
        }
        if (t.value === "[") return this.list();
        if (t.value === "{") return this.map();
        break;
      case "ident": {
        if (this.isOp("(", this.peek()) && !this.isQuoted(t)) return this.call();
        this.next();
        if (!this.isQuoted(t)) {
          const up = t.value.toUpperCase();
          if (up === "TRUE" || up === "FALSE") return { type: "boolean", value: up === "TRUE", start: t.start, end: t.end };
          if (up === "NULL") return { type: "null", start: t.start, end: t.end };
          if (["AND", "OR", "XOR", "NOT", "LIKE", "IN", "IS", "AS", "BY"].includes(up)) {
            throw new Spl2SyntaxError(`Expected an expression, found keyword '${t.value}'.`, t.start, t.end);
          }
        }
        return { type: "field", name: t.value, start: t.start, end: t.end };
      }
    }
    this.fail(`Expected an expression, found ${describe(t)}.`);
  }

  private call(): Expr {
    const nameTok = this.next();
    this.next(); // (
    const args = this.isOp(")") ? [] : this.commaList(() => this.expression());
    const close = this.expectOp(")", `')' to close ${nameTok.value}(`);
    return { type: "call", name: nameTok.value.toLowerCase(), args, nameEnd: nameTok.end, start: nameTok.start, end: close.end };
  }

  private list(): Expr {
    const open = this.next();
    const items = this.isOp("]") ? [] : this.commaList(() => this.expression());
    const close = this.expectOp("]", "']' to close the list");
    return { type: "list", items, start: open.start, end: close.end };
  }

  private map(): Expr {
    const open = this.next();
    const entries: { key: Expr; value: Expr }[] = [];
    if (!this.isOp("}")) {
      do {
        if (this.isOp(",")) this.next();
        const key = this.primary();
        this.expectOp(":", "':' after the map key");
        entries.push({ key, value: this.expression() });
      } while (this.isOp(","));
    }
    const close = this.expectOp("}", "'}' to close the map");
    return { type: "map", entries, start: open.start, end: close.end };
  }
}
