/**
 * The Sigma condition language: `and`, `or`, `not` (precedence not > and > or), parentheses, and the
 * quantifiers `1 of x*`, `all of x*`, `1 of them`, `all of them` (`any of` is the old spelling of `1 of`).
 * Pure: text in, tree or error (with the character offset) out.
 */

export type Condition =
  | { type: "and" | "or"; args: Condition[] }
  | { type: "not"; arg: Condition }
  | { type: "ref"; name: string; offset: number }
  | { type: "quantifier"; all: boolean; pattern: string; offset: number };

export interface ConditionError {
  message: string;
  offset: number;
}

interface Token {
  text: string;
  offset: number;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const re = /\(|\)|[^\s()]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ text: m[0], offset: m.index });
  return out;
}

class ConditionParser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly end: number,
  ) {}

  private peek = (): Token | undefined => this.tokens[this.pos];
  private word = (t: Token | undefined) => t?.text.toLowerCase();
  private error(message: string, t = this.peek()): never {
    throw { message, offset: t?.offset ?? this.end } satisfies ConditionError;
  }

  parse(): Condition {
    if (this.tokens.length === 0) this.error("the condition is empty");
    const c = this.or();
    const t = this.peek();
    if (t) this.error(t.text === "|" ? "aggregations ('| count() ...') are not supported" : `unexpected '${t.text}'`);
    return c;
  }

  private or(): Condition {
    const args = [this.and()];
    while (this.word(this.peek()) === "or") {
      this.pos++;
      args.push(this.and());
    }
    return args.length === 1 ? args[0] : { type: "or", args };
  }

  private and(): Condition {
    const args = [this.not()];
    while (this.word(this.peek()) === "and") {
      this.pos++;
      args.push(this.not());
    }
    return args.length === 1 ? args[0] : { type: "and", args };
  }

  private not(): Condition {
    if (this.word(this.peek()) === "not") {
      this.pos++;
      return { type: "not", arg: this.not() };
    }
    return this.primary();
  }

  private primary(): Condition {
    const t = this.peek();
    if (!t) this.error("the condition ends too early");
    const w = this.word(t);
    if (t.text === "(") {
      this.pos++;
      const inner = this.or();
      if (this.peek()?.text !== ")") this.error("missing ')'");
      this.pos++;
      return inner;
    }
    if (t.text === "|" || t.text.startsWith("|")) this.error("aggregations ('| count() ...') are not supported", t);
    if (t.text === ")" || w === "and" || w === "or" || w === "of") this.error(`unexpected '${t.text}'`, t);
    if (this.word(this.tokens[this.pos + 1]) === "of") {
      if (w !== "1" && w !== "all" && w !== "any") this.error(`unsupported quantifier '${t.text} of' (use '1 of' or 'all of')`, t);
      const target = this.tokens[this.pos + 2];
      if (!target || target.text === "(" || target.text === ")") this.error("'of' needs a selection pattern or 'them'", target);
      this.pos += 3;
      return { type: "quantifier", all: w === "all", pattern: target.text, offset: t.offset };
    }
    this.pos++;
    return { type: "ref", name: t.text, offset: t.offset };
  }
}

/** Parse a condition; returns the tree or an error with its character offset in `text`. */
export function parseCondition(text: string): { condition: Condition } | { error: ConditionError } {
  try {
    return { condition: new ConditionParser(tokenize(text), text.length).parse() };
  } catch (e) {
    if (e && typeof e === "object" && "offset" in e) return { error: e as ConditionError };
    throw e;
  }
}

/** Whether a selection name matches a quantifier pattern (`*` matches any run of characters). */
export function matchesPattern(pattern: string, name: string): boolean {
  if (pattern === "them") return !name.startsWith("_");
  const re = new RegExp("^" + pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$");
  return re.test(name);
}
