// Java regex (the dialect SPL2 uses) -> JavaScript RegExp. Pure. Translates leading inline flags ((?i), (?s),
// (?m)), \Q..\E, \A, \Z and \z, and quantified lookbehinds (a Java-only form); rejects what JS cannot express.

export type RegexResult = { ok: true; regex: RegExp; global: RegExp } | { ok: false; message: string; offset: number };

const FLAG_MAP: Record<string, string> = { i: "i", s: "s", m: "m" };

function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/** The JS flags for inline flags `letters` met after `before`, or undefined if `before` depends on them. */
function hoistFlags(letters: string, before: string): string[] | undefined {
  const plain = before.replace(/\\./g, "");
  const out: string[] = [];
  for (const f of letters) {
    if (f === "i" && !/[A-Za-z]/.test(plain)) out.push("i");
    else if (f === "s" && !plain.includes(".")) out.push("s");
    else if (f === "m" && !/[\^$]/.test(plain)) out.push("m");
    else return undefined;
  }
  return out;
}

/** Translate a Java regex body plus trailing literal flags (`/re/i`). `offset` in errors is into `source`. */
export function translateJavaRegex(source: string, literalFlags = ""): RegexResult {
  const flags = new Set<string>();
  for (const f of literalFlags) {
    if (!FLAG_MAP[f]) return { ok: false, message: `Unsupported regex flag '${f}'.`, offset: source.length };
    flags.add(FLAG_MAP[f]!);
  }
  let i = 0;
  // Leading inline flags, possibly repeated: (?i)(?s)...
  for (;;) {
    const m = /^\(\?([a-zA-Z]+)\)/.exec(source.slice(i));
    if (!m) break;
    for (const f of m[1]!) {
      if (f === "u" || f === "U" || f === "d") continue; // unicode-case / unix-lines: no JS effect worth rejecting
      if (!FLAG_MAP[f]) return { ok: false, message: `Unsupported inline regex flag '(?${f})'.`, offset: i };
      flags.add(FLAG_MAP[f]!);
    }
    i += m[0].length;
  }
  let out = "";
  let inClass = false;
  /** For each open group: where it starts in `out` and whether it is a lookbehind. */
  const groups: { at: number; lookbehind: boolean }[] = [];
  while (i < source.length) {
    const c = source[i]!;
    if (c === "\\") {
      const e = source[i + 1];
      if (e === undefined) return { ok: false, message: "Regex ends with a lone backslash.", offset: i };
      if (e === "Q") {
        const close = source.indexOf("\\E", i + 2);
        const lit = close < 0 ? source.slice(i + 2) : source.slice(i + 2, close);
        out += escapeLiteral(lit);
        i = close < 0 ? source.length : close + 2;
        continue;
      }
      if (!inClass && e === "A") {
        out += "(?<![\\s\\S])";
        i += 2;
        continue;
      }
      if (!inClass && (e === "Z" || e === "z")) {
        out += e === "z" ? "(?![\\s\\S])" : "(?=\\n?(?![\\s\\S]))";
        i += 2;
        continue;
      }
      if (e === "h") {
        out += inClass ? " \\t\\xA0" : "[ \\t\\xA0]";
        i += 2;
        continue;
      }
      if (e === "p" || e === "P") return { ok: false, message: `Unicode class '\\${e}{..}' is not supported offline.`, offset: i };
      out += c + e;
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      out += c;
      i++;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      i++;
      if (source[i] === "^") out += source[i++];
      if (source[i] === "]") out += "\\" + source[i++]; // Java allows a leading ']' as a literal
      continue;
    }
    if (c === "(") {
      if (source.startsWith("(?>", i)) return { ok: false, message: "Atomic groups '(?>...)' are not supported.", offset: i };
      const inline = /^\(\?([a-zA-Z-]+)([:)])/.exec(source.slice(i));
      if (inline) {
        // Java applies (?i) from where it stands; JS flags apply to the whole regex. That is the same when
        // nothing before it depends on the flag (e.g. `^(?i)kd\.exe`), so hoist it then; reject otherwise.
        const hoisted = inline[2] === ")" && groups.length === 0 ? hoistFlags(inline[1]!, out) : undefined;
        if (!hoisted) return { ok: false, message: `Inline flags '${inline[0]}' are only supported where nothing before them depends on the flag.`, offset: i };
        for (const f of hoisted) flags.add(f);
        i += inline[0].length;
        continue;
      }
      groups.push({ at: out.length, lookbehind: source.startsWith("(?<=", i) || source.startsWith("(?<!", i) });
      out += c;
      i++;
      continue;
    }
    if (c === ")") {
      const g = groups.pop();
      out += c;
      i++;
      if (g?.lookbehind) {
        // Java accepts a quantified lookbehind such as (?<=\s)+; JS does not. An assertion repeated one or more
        // times is the assertion; repeated zero or more times it always matches, so it is dropped.
        const q = /^(\+|\{1,\d*\}|\*|\?|\{0,\d*\})\??/.exec(source.slice(i));
        if (q) {
          if (/^(\*|\?|\{0)/.test(q[0])) out = out.slice(0, g.at);
          i += q[0].length;
        }
      }
      continue;
    }
    if ((c === "+" || c === "*" || c === "?" || c === "}") && source[i + 1] === "+") {
      return { ok: false, message: "Possessive quantifiers ('*+', '++', '?+') are not supported.", offset: i };
    }
    out += c;
    i++;
  }
  const f = [...flags].sort().join("");
  try {
    return { ok: true, regex: new RegExp(out, f), global: new RegExp(out, f + "g") };
  } catch (err) {
    return { ok: false, message: `Invalid regex: ${(err as Error).message.replace(/^Invalid regular expression: /, "")}`, offset: 0 };
  }
}
