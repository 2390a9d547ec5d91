// Read Elastic rules: detection-rules TOML files and Kibana NDJSON exports, keeping the position of the
// query (and of each key) so that errors point at file:line:col. I/O happens in readRuleFiles only.
import { readdir, readFile, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import { parse as parseToml, TomlError } from "smol-toml";
import type { Diagnostic } from "../diag/diagnostic.js";
import { badRuleFile } from "./codes.js";
import type { ElasticRule, ThreatEntry } from "./rule.js";

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : []);
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" && !isNaN(Number(v)) ? Number(v) : undefined);

/** Offset -> 1-based line/column. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) ((line += 1), (last = i));
  return { line, col: offset - last };
}

/**
 * Where a TOML key's string value starts: finds `key = ` at the start of a line inside the [rule] table and
 * skips the opening quotes ('''/"""/'/"), plus the newline TOML trims after a multi-line opener.
 */
function locateTomlValue(text: string, key: string): { line: number; col: number } | undefined {
  const re = new RegExp(`^[ \\t]*${key.replace(/[.]/g, "\\.")}[ \\t]*=[ \\t]*`, "m");
  const ruleStart = text.search(/^\[rule\][ \t]*$/m);
  const m = re.exec(ruleStart >= 0 ? text.slice(ruleStart) : text);
  if (!m) return undefined;
  let at = (ruleStart >= 0 ? ruleStart : 0) + m.index + m[0].length;
  for (const q of ["'''", '"""', "'", '"']) {
    if (text.startsWith(q, at)) {
      at += q.length;
      if (q.length === 3 && text[at] === "\n") at += 1;
      else if (q.length === 3 && text.startsWith("\r\n", at)) at += 2;
      break;
    }
  }
  return lineCol(text, at);
}

function threatOf(v: unknown): ThreatEntry[] {
  if (!Array.isArray(v)) return [];
  return v.filter((t): t is Obj => typeof t === "object" && t !== null).map((t) => t as unknown as ThreatEntry);
}

function datePart(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  const m = /^(\d{4})[/-](\d{2})[/-](\d{2})/.exec(s);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** Build an ElasticRule from the fields of one rule (TOML [rule] table or a Kibana export object). */
export function ruleFromObject(file: string, r: Obj, meta: Obj, locate: ElasticRule["keyAt"]): ElasticRule {
  const nt = r.new_terms as Obj | undefined;
  const ntFields = nt ? strs((nt as Obj).value) : strs(r.new_terms_fields);
  const hws = nt && Array.isArray(nt.history_window_start) ? str((nt.history_window_start as Obj[])[0]?.value) : str(r.history_window_start);
  const th = r.threshold as Obj | undefined;
  return {
    file,
    name: str(r.name) ?? "",
    ruleId: str(r.rule_id) ?? "",
    description: (str(r.description) ?? "").trim(),
    type: str(r.type) ?? "",
    language: str(r.language) ?? (str(r.type) === "eql" ? "eql" : "kuery"),
    query: str(r.query) ?? "",
    index: strs(r.index),
    riskScore: num(r.risk_score),
    severity: str(r.severity),
    interval: str(r.interval),
    from: str(r.from),
    maxSignals: num(r.max_signals),
    tags: strs(r.tags),
    threat: threatOf(r.threat),
    note: str(r.note),
    setup: str(r.setup),
    falsePositives: strs(r.false_positives),
    references: strs(r.references),
    author: strs(r.author),
    creationDate: datePart(meta.creation_date ?? r.created_at),
    updatedDate: datePart(meta.updated_date ?? r.updated_at),
    version: num(r.version),
    maturity: str(meta.maturity),
    newTerms: ntFields.length ? { fields: ntFields, historyWindowStart: hws } : undefined,
    threshold: th ? { field: strs(th.field), value: num(th.value) ?? 1, cardinality: Array.isArray(th.cardinality) ? (th.cardinality as Obj[]).map((c) => ({ field: str(c.field) ?? "", value: num(c.value) ?? 1 })) : undefined } : undefined,
    queryAt: locate("query") ?? { line: 1, col: 1 },
    keyAt: locate,
  };
}

export interface ReadResult {
  rules: ElasticRule[];
  diagnostics: Diagnostic[];
}

/** Parse the text of one detection-rules TOML file. */
export function parseRuleToml(file: string, text: string): ReadResult {
  let doc: Obj;
  try {
    doc = parseToml(text) as Obj;
  } catch (err) {
    const e = err as TomlError;
    const line = (e as { line?: number }).line ?? 1;
    const col = (e as { column?: number }).column ?? 1;
    return { rules: [], diagnostics: [badRuleFile(file, `TOML syntax error: ${String(e.message).split("\n")[0]}`, { line, col })] };
  }
  const rule = doc.rule as Obj | undefined;
  if (!rule || typeof rule !== "object") return { rules: [], diagnostics: [badRuleFile(file, "No [rule] table: not an Elastic detection rule.", { line: 1, col: 1 })] };
  return { rules: [ruleFromObject(file, rule, (doc.metadata as Obj) ?? {}, (k) => locateTomlValue(text, k))], diagnostics: [] };
}

/** Parse a Kibana rule export (one JSON object per line; the trailing export summary line is skipped). */
export function parseRuleNdjson(file: string, text: string): ReadResult {
  const out: ReadResult = { rules: [], diagnostics: [] };
  let offset = 0;
  for (const [i, line] of text.split("\n").entries()) {
    const start = offset;
    offset += line.length + 1;
    if (!line.trim()) continue;
    let obj: Obj;
    try {
      obj = JSON.parse(line) as Obj;
    } catch (err) {
      out.diagnostics.push(badRuleFile(file, `Invalid JSON on line ${i + 1}: ${(err as Error).message}`, { line: i + 1, col: 1 }));
      continue;
    }
    if ("exported_count" in obj || "exported_rules_count" in obj) continue;
    if (typeof obj.rule_id !== "string" && typeof obj.type !== "string") continue;
    const qIndex = line.indexOf('"query":');
    const at = (key: string) => {
      const k = line.indexOf(`"${key}":`);
      return k < 0 ? undefined : lineCol(text, start + k + key.length + 3 + (line[k + key.length + 3] === '"' ? 1 : 0));
    };
    void qIndex;
    out.rules.push(ruleFromObject(file, obj, {}, at));
  }
  return out;
}

async function collect(path: string, out: string[]): Promise<void> {
  const st = await stat(path);
  if (!st.isDirectory()) {
    out.push(path);
    return;
  }
  for (const e of (await readdir(path, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = join(path, e.name);
    if (e.isDirectory()) await collect(full, out);
    else if (/\.(toml|ndjson)$/i.test(e.name)) out.push(full);
  }
}

/**
 * Read rule files and directories (recursively: *.toml and *.ndjson), relative to `cwd`. Files are named in
 * diagnostics as the user wrote them (relative paths stay relative). Missing paths become diagnostics.
 */
export async function readRuleFiles(paths: string[], cwd = process.cwd()): Promise<ReadResult> {
  const files: string[] = [];
  const result: ReadResult = { rules: [], diagnostics: [] };
  for (const p of paths) {
    try {
      await collect(resolve(cwd, p), files);
    } catch {
      result.diagnostics.push(badRuleFile(p.split("\\").join("/"), "No such file or directory."));
    }
  }
  const relativeInput = paths.every((p) => !isAbsolute(p));
  // Read in parallel (the reads overlap with parsing), keep results in file order.
  const texts = await Promise.all(files.map((f) => readFile(f, "utf8")));
  files.forEach((f, i) => {
    const text = texts[i];
    const file = (relativeInput ? relative(cwd, f) : f).split("\\").join("/");
    const r = /\.ndjson$/i.test(f) || /^\s*\{/.test(text) ? parseRuleNdjson(file, text) : parseRuleToml(file, text);
    result.rules.push(...r.rules);
    result.diagnostics.push(...r.diagnostics);
  });
  return result;
}
