// Tokenizer for SPL2 as SSA pipelines use it. Pure; reports the first bad character as an Spl2SyntaxError.
// A `/` starts a regex literal where an operand is expected and is division after an operand; `/* */` is a comment.

export type TokenType = "ident" | "var" | "string" | "number" | "regex" | "op" | "eof";

export interface Token {
  type: TokenType;
  /** Identifier or variable name, decoded string, number text (without suffix), regex source, operator. */
  value: string;
  /** Number suffix (L, F, D, s, m, h, ms, d, w) or regex flags. */
  suffix: string;
  start: number;
  end: number;
}

/** A syntax error at a character offset of the pipeline text. */
export class Spl2SyntaxError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
    this.name = "Spl2SyntaxError";
  }
}

const OPS = ["==", "!=", "<=", ">=", "<>", "|", ";", ",", "(", ")", "[", "]", "{", "}", "=", "<", ">", "+", "-", "*", "/", "%", ":", "."];
const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", "\\": "\\", '"': '"', "'": "'", "/": "/" };

function endsOperand(t: Token | undefined): boolean {
  if (!t) return false;
  if (t.type === "op") return t.value === ")" || t.value === "]" || t.value === "}";
  return t.type !== "eof";
}

/** Split SPL2 text into tokens. Throws Spl2SyntaxError on an unterminated string, regex or comment. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    const start = i;
    if (c === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      if (close < 0) throw new Spl2SyntaxError("Unterminated comment '/*'.", start, n);
      i = close + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      const quote = c;
      let value = "";
      i++;
      for (;;) {
        if (i >= n) throw new Spl2SyntaxError(`Unterminated string literal.`, start, n);
        const ch = text[i]!;
        if (ch === quote) break;
        if (ch === "\\" && i + 1 < n) {
          const e = text[i + 1]!;
          if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
            i += 6;
            continue;
          }
          value += ESCAPES[e] ?? "\\" + e;
          i += 2;
          continue;
        }
        value += ch;
        i++;
      }
      i++;
      // A single-quoted name is a field reference in SPL2 ('my field'); a double-quoted one is a string.
      out.push({ type: quote === '"' ? "string" : "ident", value, suffix: "", start, end: i });
      continue;
    }
    if (c === "/" && !endsOperand(out[out.length - 1])) {
      i++;
      let inClass = false;
      let source = "";
      for (;;) {
        if (i >= n || text[i] === "\n") throw new Spl2SyntaxError("Unterminated regex literal.", start, i);
        const ch = text[i]!;
        if (ch === "\\" && i + 1 < n) {
          source += ch + text[i + 1];
          i += 2;
          continue;
        }
        if (ch === "[") inClass = true;
        else if (ch === "]") inClass = false;
        else if (ch === "/" && !inClass) break;
        source += ch;
        i++;
      }
      i++;
      let flags = "";
      while (i < n && /[a-zA-Z]/.test(text[i]!)) flags += text[i++];
      out.push({ type: "regex", value: source, suffix: flags, start, end: i });
      continue;
    }
    if (DIGIT.test(c) || (c === "." && DIGIT.test(text[i + 1] ?? ""))) {
      while (i < n && DIGIT.test(text[i]!)) i++;
      if (text[i] === "." && DIGIT.test(text[i + 1] ?? "")) {
        i++;
        while (i < n && DIGIT.test(text[i]!)) i++;
      }
      if ((text[i] === "e" || text[i] === "E") && /[0-9+-]/.test(text[i + 1] ?? "") && /[0-9]/.test(text[i + 2] ?? text[i + 1]!)) {
        i += 2;
        while (i < n && DIGIT.test(text[i]!)) i++;
      }
      const numEnd = i;
      while (i < n && /[A-Za-z]/.test(text[i]!)) i++;
      const suffix = text.slice(numEnd, i);
      if (suffix && !/^(L|l|F|f|D|ms|s|m|h|d|w)$/.test(suffix)) {
        throw new Spl2SyntaxError(`Invalid number literal '${text.slice(start, i)}'.`, start, i);
      }
      out.push({ type: "number", value: text.slice(start, numEnd), suffix, start, end: i });
      continue;
    }
    if (c === "$" && IDENT_START.test(text[i + 1] ?? "")) {
      i++;
      while (i < n && IDENT_PART.test(text[i]!)) i++;
      out.push({ type: "var", value: text.slice(start + 1, i), suffix: "", start, end: i });
      continue;
    }
    if (IDENT_START.test(c)) {
      while (i < n && IDENT_PART.test(text[i]!)) i++;
      out.push({ type: "ident", value: text.slice(start, i), suffix: "", start, end: i });
      continue;
    }
    if (c === "`") {
      const close = text.indexOf("`", i + 1);
      if (close < 0) throw new Spl2SyntaxError("Unterminated backquoted name.", start, n);
      out.push({ type: "ident", value: text.slice(i + 1, close), suffix: "", start, end: close + 1 });
      i = close + 1;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (!op) throw new Spl2SyntaxError(`Unexpected character '${c}'.`, start, start + 1);
    i += op.length;
    out.push({ type: "op", value: op === "<>" ? "!=" : op, suffix: "", start, end: i });
  }
  out.push({ type: "eof", value: "", suffix: "", start: n, end: n });
  return out;
}
