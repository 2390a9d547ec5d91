// What an SPL search refers to: macro calls (with arity), lookups, and the field names it mentions.
// A light tokenizer, not a parser: it skips ```comments``` and respects quotes. Pure.

export interface MacroCall {
  name: string;
  args: string[];
  /** Offset of the opening backtick in the search text. */
  offset: number;
}

export interface LookupRef {
  command: "lookup" | "inputlookup" | "outputlookup";
  name: string;
  offset: number;
}

/** Replace ```comments``` with spaces (offsets stay valid). */
export function stripSplComments(search: string): string {
  return search.replace(/```[\s\S]*?```/g, (m) => " ".repeat(m.length));
}

/** Split macro arguments at top-level commas (quotes and parentheses respected). */
export function splitArgs(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let quote = "";
  let cur = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") (cur += c + (text[i + 1] ?? "")), i++;
      else (cur += c), c === quote && (quote = "");
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (c === "," && depth === 0) {
      args.push(cur.trim());
      cur = "";
      continue;
    }
    cur += c;
  }
  args.push(cur.trim());
  return args;
}

/** Every `` `name` `` / `` `name(a,b)` `` macro call. */
export function macroCalls(search: string): MacroCall[] {
  const text = stripSplComments(search);
  const out: MacroCall[] = [];
  const re = /`([^`]*)`/g;
  for (let m; (m = re.exec(text)); ) {
    const body = m[1].trim();
    const call = /^([\w.:-]+)\s*(?:\(([\s\S]*)\))?$/.exec(body);
    if (!call) continue;
    out.push({ name: call[1], args: call[2] === undefined ? [] : call[2].trim() === "" ? [] : splitArgs(call[2]), offset: m.index });
  }
  return out;
}

/** Every lookup named by `| lookup`, `| inputlookup`, `| outputlookup` (options such as append=t skipped). */
export function lookupRefs(search: string): LookupRef[] {
  const text = stripSplComments(search);
  const out: LookupRef[] = [];
  const re = /(?:^|[|[])\s*(lookup|inputlookup|outputlookup)\s+((?:[\w]+\s*=\s*(?:"[^"]*"|\S+)\s+)*)([\w.:-]+)/g;
  for (let m; (m = re.exec(text)); ) {
    out.push({ command: m[1] as LookupRef["command"], name: m[3], offset: m.index + m[0].length - m[3].length });
  }
  return out;
}

/** Field-like words the search mentions: `Processes.dest` yields both `Processes.dest` and `dest`. */
export function searchWords(search: string): Set<string> {
  const words = new Set<string>();
  for (const m of search.matchAll(/[A-Za-z_@][\w.{}@-]*/g)) {
    const w = m[0].replace(/[.-]+$/, "");
    words.add(w);
    const dot = w.lastIndexOf(".");
    if (dot >= 0) words.add(w.slice(dot + 1));
  }
  return words;
}
