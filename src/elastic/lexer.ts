// Tokenizer for EQL and KQL text. Keeps offsets so errors point at the exact character.
import { QuerySyntaxError } from "./ast.js";

export type TokenKind = "ident" | "string" | "number" | "punct" | "eof";

export interface Token {
  kind: TokenKind;
  /** Identifier/punctuation text, or the decoded value of a string. */
  text: string;
  offset: number;
  /** Raw strings ("""...""") keep backslashes as written. */
  raw?: boolean;
}

const PUNCT = ["==", "!=", "<=", ">=", "(", ")", "[", "]", ",", "<", ">", ":", "~", "=", "|", "{", "}", "+", "-", "*", "/"];

function decodeEscape(text: string, i: number, offset: number): [string, number] {
  const c = text[i + 1];
  const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "'": "'", "\\": "\\", "0": "\0" };
  if (c in simple) return [simple[c], 2];
  if (c === "u" && text[i + 2] === "{") {
    const end = text.indexOf("}", i + 3);
    if (end > 0) return [String.fromCodePoint(parseInt(text.slice(i + 3, end), 16)), end - i + 1];
  }
  throw new QuerySyntaxError(`Invalid escape sequence '\\${c ?? ""}' in string.`, offset + i);
}

function readString(text: string, start: number): [Token, number] {
  const q = text[start];
  if (q === '"' && text.startsWith('"""', start)) {
    const end = text.indexOf('"""', start + 3);
    if (end < 0) throw new QuerySyntaxError("Unterminated raw string (missing closing \"\"\").", start);
    return [{ kind: "string", text: text.slice(start + 3, end), offset: start, raw: true }, end + 3];
  }
  let out = "";
  let i = start + 1;
  while (i < text.length && text[i] !== q) {
    if (text[i] === "\n") throw new QuerySyntaxError("Unterminated string (newline before closing quote).", start);
    if (text[i] === "\\") {
      const [s, n] = decodeEscape(text, i, 0);
      out += s;
      i += n;
    } else out += text[i++];
  }
  if (i >= text.length) throw new QuerySyntaxError("Unterminated string.", start);
  return [{ kind: "string", text: out, offset: start }, i + 1];
}

/** Tokenize EQL: identifiers may be dotted, start with `?` (optional field) or be `backquoted`. */
export function tokenizeEql(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) throw new QuerySyntaxError("Unterminated comment.", i);
      i = end + 2;
      continue;
    }
    if (text.startsWith("//", i)) {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const [tok, next] = readString(text, i);
      tokens.push(tok);
      i = next;
      continue;
    }
    if (c === "`") {
      const end = text.indexOf("`", i + 1);
      if (end < 0) throw new QuerySyntaxError("Unterminated backquoted field name.", i);
      tokens.push({ kind: "ident", text: text.slice(i + 1, end), offset: i });
      i = end + 1;
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(text.slice(i, i + 40));
    if (num) {
      tokens.push({ kind: "number", text: num[0], offset: i });
      i += num[0].length;
      continue;
    }
    const id = /^\??[A-Za-z_@$][A-Za-z0-9_@$]*(\.[A-Za-z0-9_@$]+)*/.exec(text.slice(i, i + 300));
    if (id) {
      tokens.push({ kind: "ident", text: id[0].replace(/^\?/, ""), offset: i });
      i += id[0].length;
      continue;
    }
    const p = PUNCT.find((x) => text.startsWith(x, i));
    if (!p) throw new QuerySyntaxError(`Unexpected character '${c}'.`, i);
    tokens.push({ kind: "punct", text: p, offset: i });
    i += p.length;
  }
  tokens.push({ kind: "eof", text: "", offset: text.length });
  return tokens;
}
