// A .conf parser that follows Splunk's grammar (splunk-platform.md §1.1-1.4): comments, settings before the
// first stanza belong to [default], backslash continuation joined before lines are classified, the stanza name
// runs to the last `]`. Duplicates are merged as Splunk does (later key wins) and reported as problems.

export interface ConfStanza {
  name: string;
  keys: Map<string, string>;
  /** 1-based line of the stanza header (of the first key for an implicit [default]). */
  line: number;
}

export interface ConfProblem {
  line: number;
  message: string;
}

export interface ConfParseResult {
  stanzas: ConfStanza[];
  problems: ConfProblem[];
}

interface LogicalLine {
  text: string;
  line: number;
}

/** Split into physical lines (LF, CRLF or lone CR), then join backslash continuations. */
function logicalLines(text: string, problems: ConfProblem[]): LogicalLine[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const physical = text.split(/\r\n|\n|\r/);
  if (physical.length > 0 && physical[physical.length - 1] === "") physical.pop();
  const out: LogicalLine[] = [];
  let i = 0;
  while (i < physical.length) {
    const start = i + 1;
    let acc = "";
    for (;;) {
      const raw = physical[i++]!;
      if (raw.charCodeAt(raw.length - 1) === 92) {
        acc += raw.slice(0, -1) + "\n";
        if (i >= physical.length) {
          problems.push({ line: i, message: "Continuation backslash on the last line of the file." });
          break;
        }
        continue;
      }
      if (raw.includes("\\") && /\\[ \t]+$/.test(raw)) {
        problems.push({
          line: i,
          message: "Continuation with trailing whitespace: Splunk does not join the next line.",
        });
      }
      acc += raw;
      break;
    }
    out.push({ text: acc, line: start });
  }
  return out;
}

export function parseConf(text: string): ConfParseResult {
  const problems: ConfProblem[] = [];
  const stanzas: ConfStanza[] = [];
  const byName = new Map<string, ConfStanza>();
  /** Keys seen in the current stanza occurrence (a duplicated stanza starts a new occurrence). */
  let seen = new Set<string>();
  let current: ConfStanza | undefined;

  const open = (name: string, line: number): void => {
    const existing = byName.get(name);
    seen = new Set();
    if (existing) {
      problems.push({ line, message: `Duplicate stanza [${name}] (first at line ${existing.line}).` });
      current = existing;
      // Keys already set by the first occurrence count as duplicates too (Splunk merges, later wins).
      for (const k of existing.keys.keys()) seen.add(k);
      return;
    }
    current = { name, keys: new Map(), line };
    byName.set(name, current);
    stanzas.push(current);
  };

  for (const { text: raw, line } of logicalLines(text, problems)) {
    const trimmed = raw.trim();
    if (trimmed === "") continue;
    if (trimmed.startsWith("#") || trimmed.startsWith(";")) continue;
    if (trimmed.startsWith("[")) {
      const close = trimmed.lastIndexOf("]");
      if (close < 0) {
        problems.push({ line, message: "Stanza header without a closing ']' (Splunk drops it)." });
        continue;
      }
      const name = trimmed.slice(1, close);
      if (trimmed.slice(close + 1).trim() !== "") {
        problems.push({ line, message: `Text after the closing ']' of stanza [${name}].` });
      }
      open(name, line);
      continue;
    }
    const eq = raw.indexOf("=");
    if (eq < 0) {
      problems.push({ line, message: `Line is neither a stanza, a setting nor a comment: '${trimmed.slice(0, 60)}'.` });
      continue;
    }
    const key = raw.slice(0, eq).trim();
    const value = raw.slice(eq + 1).trim();
    if (key === "") {
      problems.push({ line, message: "Setting with an empty key." });
      continue;
    }
    if (!current) open("default", line);
    const stanza = current!;
    if (seen.has(key)) {
      problems.push({ line, message: `Repeat item name '${key}' in stanza [${stanza.name}].` });
    }
    seen.add(key);
    stanza.keys.set(key, value);
  }
  problems.sort((a, b) => a.line - b.line);
  return { stanzas, problems };
}
