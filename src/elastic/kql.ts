// KQL (Kibana Query Language) parser into the shared query model. KQL matches keyword fields exactly
// (case-sensitive) and text fields by phrase (case-insensitive); quoted values are never wildcards.
import { and, or, QuerySyntaxError, QueryUnsupportedError, type Expr, type Query } from "./ast.js";

/** ECS fields indexed as full text (phrase matching, case-insensitive) rather than as keywords. */
export const ECS_TEXT_FIELDS = new Set([
  "message",
  "powershell.file.script_block_text",
  "error.message",
  "process.command_line.text",
  "file.path.text",
  "winlog.event_data.ScriptBlockText",
]);

const isText = (field: string) => ECS_TEXT_FIELDS.has(field) || field.endsWith(".text");
const isCaseless = (field: string) => field.endsWith(".caseless");

class KqlParser {
  private i = 0;
  constructor(private readonly s: string) {}

  ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }
  eof(): boolean {
    this.ws();
    return this.i >= this.s.length;
  }
  peekChar(): string {
    this.ws();
    return this.s[this.i] ?? "";
  }
  /** A keyword (and/or/not) is a whole word, case-insensitive. */
  keyword(w: string): boolean {
    this.ws();
    const m = /^[A-Za-z]+/.exec(this.s.slice(this.i, this.i + 4));
    if (m && m[0].toLowerCase() === w && !/[^\s()]/.test(this.s[this.i + w.length] ?? " ")) {
      this.i += w.length;
      return true;
    }
    return false;
  }
  error(msg: string, at = this.i): QuerySyntaxError {
    return new QuerySyntaxError(msg, at);
  }

  query(): Query {
    const where = this.orQuery();
    if (!this.eof()) throw this.error(`Unexpected '${this.s[this.i]}'.`);
    return { k: "event", query: { category: "any", where, pos: 0 } };
  }

  orQuery(): Expr {
    const items = [this.andQuery()];
    while (this.keyword("or")) items.push(this.andQuery());
    return or(items);
  }
  andQuery(): Expr {
    const items = [this.notQuery()];
    while (this.keyword("and")) items.push(this.notQuery());
    return and(items);
  }
  notQuery(): Expr {
    if (this.keyword("not")) return { k: "not", item: this.notQuery() };
    return this.subQuery();
  }
  subQuery(): Expr {
    if (this.peekChar() === "(") {
      this.i++;
      const e = this.orQuery();
      if (this.peekChar() !== ")") throw this.error("Expected ')'.");
      this.i++;
      return e;
    }
    return this.fieldExpr();
  }

  fieldExpr(): Expr {
    this.ws();
    const pos = this.i;
    const m = /^[A-Za-z0-9_@.*-]+/.exec(this.s.slice(this.i, this.i + 300));
    if (!m) throw this.error(`Expected a field name, found '${this.s[this.i] ?? "end of query"}'.`);
    this.i += m[0].length;
    const field = m[0];
    const op = /^(<=|>=|<|>|:)/.exec(this.s.slice(this.i).trimStart());
    if (!op) throw new QueryUnsupportedError(`Expected ':' after '${field}' (free-text search without a field is not supported).`, pos, "KQL free-text search");
    this.ws();
    this.i += op[0].length;
    if (op[0] !== ":") {
      const v = this.value();
      const ops = { "<": "lt", "<=": "le", ">": "gt", ">=": "ge" } as const;
      const num = Number(v.text);
      return { k: "cmp", field, op: ops[op[0] as "<"], values: [Number.isFinite(num) && v.text !== "" ? num : v.text], ci: false, wildcard: false, pos };
    }
    if (this.peekChar() === "{") throw new QueryUnsupportedError("Nested KQL queries (field:{...}) are not supported.", this.i, "KQL nested query");
    return this.valueExpr(field, pos);
  }

  valueExpr(field: string, pos: number): Expr {
    if (this.peekChar() === "(") {
      this.i++;
      const e = this.valueOr(field, pos);
      if (this.peekChar() !== ")") throw this.error("Expected ')' to close the value list.");
      this.i++;
      return e;
    }
    return this.leaf(field, pos);
  }
  valueOr(field: string, pos: number): Expr {
    const items = [this.valueAnd(field, pos)];
    while (this.keyword("or")) items.push(this.valueAnd(field, pos));
    return or(items);
  }
  valueAnd(field: string, pos: number): Expr {
    const items = [this.valueNot(field, pos)];
    while (this.keyword("and")) items.push(this.valueNot(field, pos));
    return and(items);
  }
  valueNot(field: string, pos: number): Expr {
    if (this.keyword("not")) return { k: "not", item: this.valueNot(field, pos) };
    if (this.peekChar() === "(") return this.valueExpr(field, pos);
    return this.leaf(field, pos);
  }

  leaf(field: string, pos: number): Expr {
    const v = this.value();
    if (!v.quoted && v.text === "*") return { k: "exists", field, pos };
    const wildcard = !v.quoted && /[*]/.test(v.raw);
    if (isText(field)) {
      // Phrase match inside analysed text: contained anywhere, case-insensitive.
      return { k: "cmp", field, op: "eq", values: [`*${v.text}*`], ci: true, wildcard: true, pos };
    }
    const values = [v.text];
    return { k: "cmp", field: field.replace(/\.caseless$/, ""), op: "eq", values, ci: isCaseless(field), wildcard, pos };
  }

  /** A quoted or unquoted value. `raw` keeps `\*` escapes so wildcard values stay exact. */
  value(): { text: string; raw: string; quoted: boolean } {
    this.ws();
    if (this.s[this.i] === '"') {
      const start = this.i++;
      let out = "";
      while (this.i < this.s.length && this.s[this.i] !== '"') {
        if (this.s[this.i] === "\\") {
          const c = this.s[this.i + 1];
          out += c === "n" ? "\n" : c === "t" ? "\t" : c === "r" ? "\r" : c;
          this.i += 2;
        } else out += this.s[this.i++];
      }
      if (this.i >= this.s.length) throw this.error("Unterminated quoted value.", start);
      this.i++;
      return { text: out, raw: out, quoted: true };
    }
    let text = "";
    let raw = "";
    const start = this.i;
    while (this.i < this.s.length && !/[\s()":<>{}]/.test(this.s[this.i])) {
      if (this.s[this.i] === "\\" && this.i + 1 < this.s.length) {
        const c = this.s[this.i + 1];
        text += c;
        raw += c === "*" ? "" : c; // an escaped '*' is literal: keep it out of the wildcard test
        this.i += 2;
      } else {
        text += this.s[this.i];
        raw += this.s[this.i];
        this.i++;
      }
    }
    if (this.i === start) throw this.error(`Expected a value, found '${this.s[this.i] ?? "end of query"}'.`);
    return { text, raw, quoted: false };
  }
}

/** Parse KQL text. Throws QuerySyntaxError (with the offset) on bad input. */
export function parseKql(text: string): Query {
  return new KqlParser(text).query();
}
