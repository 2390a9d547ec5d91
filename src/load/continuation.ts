// Finds the lines PyYAML accepts but YAML 1.2 parsers reject: continuation lines of a multi-line quoted
// scalar that are not indented past their key (e.g. a `search:` value whose second line starts at column 1).
// Also collects duplicate top-level keys. A line scanner, cheap enough to run on every file. Pure.

export interface ContinuationIssue {
  /** 1-based line of the quoted scalar's key. */
  keyLine: number;
  key: string;
  /** 1-based lines that need indenting, and the column (1-based) they must start at or after. */
  lines: number[];
  minCol: number;
}

export interface ScanResult {
  issues: ContinuationIssue[];
  /** Top-level keys seen more than once: key, 1-based line of each later occurrence. */
  duplicateKeys: { key: string; line: number; firstLine: number }[];
}

const KEY = /^((?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s'"#\-?:,[\]{}&*!|>%@`][^#]*?|-[^\s#][^#]*?)):(?:[ \t]+|$)/;
/** KEY without the anchor, sticky: matched at a column of the line without slicing it. */
const KEY_AT = new RegExp(KEY.source.slice(1), "y");

/** Index just past the closing quote of a quoted scalar starting at `text[start]`, or -1 if unclosed. */
function closeQuote(lines: string[], lineNo: number, col: number): { line: number; col: number } | undefined {
  const quote = lines[lineNo][col];
  let i = col + 1;
  for (let l = lineNo; l < lines.length; l++, i = 0) {
    const s = lines[l];
    while (i < s.length) {
      const c = s[i];
      if (quote === '"' && c === "\\") i += 2;
      else if (c === quote) {
        if (quote === "'" && s[i + 1] === "'") i += 2;
        else return { line: l, col: i + 1 };
      } else i++;
    }
  }
  return undefined;
}

const indentOf = (s: string): number => {
  let n = 0;
  while (s.charCodeAt(n) === 32) n++;
  return n;
};

/** Scan YAML text for under-indented quoted-scalar continuation lines and duplicate top-level keys. */
export function scanContinuations(text: string): ScanResult {
  const lines = text.split("\n");
  const issues: ContinuationIssue[] = [];
  const duplicateKeys: ScanResult["duplicateKeys"] = [];
  const topKeys = new Map<string, number>();
  let blockParent = -1; // inside a block scalar whose parent node is at this column
  for (let l = 0; l < lines.length; l++) {
    const raw = lines[l];
    const line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    const indent = indentOf(line);
    const blank = indent === line.length || line.trim() === "";
    if (blockParent >= 0) {
      if (blank || indent > blockParent) continue;
      blockParent = -1;
    }
    if (blank || line[indent] === "#") continue;
    let col = indent;
    let parentCol = indent;
    while (line[col] === "-" && (line[col + 1] === " " || col + 1 === line.length)) {
      parentCol = col;
      col += 2;
      while (line[col] === " ") col++;
    }
    KEY_AT.lastIndex = col;
    const m = KEY_AT.exec(line);
    if (m) {
      parentCol = col;
      if (col === 0) {
        const key = m[1].trim();
        const first = topKeys.get(key);
        if (first !== undefined) duplicateKeys.push({ key, line: l + 1, firstLine: first });
        else topKeys.set(key, l + 1);
      }
      col += m[0].length;
    } else if (col === indent) continue; // plain continuation, flow collection, document marker...
    const c = line[col];
    if (c === "|" || c === ">") {
      blockParent = parentCol;
      continue;
    }
    if (c !== "'" && c !== '"') continue;
    const end = closeQuote(lines, l, col);
    if (!end) break; // unclosed: a real syntax error, reported by the parser
    const bad: number[] = [];
    for (let k = l + 1; k <= end.line; k++) {
      const s = lines[k].replace(/\r$/, "");
      if (s.trim() !== "" && indentOf(s) <= parentCol) bad.push(k + 1);
    }
    if (bad.length) issues.push({ keyLine: l + 1, key: m ? m[1].trim() : "-", lines: bad, minCol: parentCol + 2 });
    l = end.line;
    // a key on the closing line (flow mapping) is not expected in block content; stop at the line end
  }
  return { issues, duplicateKeys };
}

/** Indent the offending lines so strict YAML 1.2 parsers accept the text; the values do not change. */
export function repairContinuations(text: string, issues: ContinuationIssue[]): { text: string; shift: Map<number, number> } {
  const shift = new Map<number, number>();
  if (!issues.length) return { text, shift };
  const lines = text.split("\n");
  for (const issue of issues) {
    for (const n of issue.lines) {
      const add = issue.minCol - 1 - indentOf(lines[n - 1]);
      if (add > 0) {
        lines[n - 1] = " ".repeat(add) + lines[n - 1];
        shift.set(n, add);
      }
    }
  }
  return { text: lines.join("\n"), shift };
}
