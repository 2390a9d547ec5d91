// One file: bytes -> text -> values (fast path) + lazy positions + load diagnostics. Pure: no I/O.
// parseSource yields plain data (values, diagnostics, the text to locate in); parseFile adds the Origin.
import type { Diagnostic } from "../diag/diagnostic.js";
import * as codes from "../diag/codes.js";
import type { Origin } from "../model/project.js";
import { repairContinuations, scanContinuations } from "./continuation.js";
import { lazyOrigin } from "./origin.js";
import { decodeSource, DEFAULT_MAX_BYTES } from "./source.js";
import { parseValues } from "./yaml11.js";

export interface ParsedFile {
  data?: Record<string, unknown>;
  origin?: Origin;
  diagnostics: Diagnostic[];
}

/** What parsing one file yields, as plain data: values, diagnostics, and the text positions are computed from. */
export interface ParsedSource {
  data?: Record<string, unknown>;
  diagnostics: Diagnostic[];
  /** Present with `data`: the text as strict parsers accept it, and the per-line indentation added to it. */
  located?: { text: string; shift: [number, number][] };
}

const describe = (v: unknown): string =>
  v === null ? "null" : Array.isArray(v) ? "a sequence" : typeof v === "object" ? "a mapping" : `a ${typeof v} scalar`;

/** Parse one YAML content file as PyYAML would, without positions. `file` is the printed path. */
export function parseSource(file: string, bytes: Uint8Array, maxBytes = DEFAULT_MAX_BYTES): ParsedSource {
  const src = decodeSource(file, bytes, maxBytes);
  const diagnostics = src.diagnostics;
  if (src.text === undefined) return { diagnostics };
  const text = src.text;
  const parsed = parseValues(text);
  if ("error" in parsed) {
    const { line, column, message } = parsed.error;
    const span = { line: line + 1, col: column + 1, endLine: line + 1, endCol: column + 1 };
    diagnostics.push({ file, span, ...codes.yamlSyntax(message) });
    return { diagnostics };
  }
  const scan = scanContinuations(text);
  for (const issue of scan.issues) {
    const line = issue.lines[0];
    diagnostics.push({ file, span: { line, col: 1, endLine: line, endCol: 1 }, ...codes.unindentedContinuation(issue.key, issue.lines, issue.minCol) });
  }
  for (const d of scan.duplicateKeys) {
    diagnostics.push({ file, span: { line: d.line, col: 1, endLine: d.line, endCol: 1 + d.key.length }, ...codes.duplicateKey(d.key, d.firstLine) });
  }
  const value = parsed.value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    diagnostics.push({ file, span: { line: 1, col: 1, endLine: 1, endCol: 1 }, ...codes.notAMapping(describe(value)) });
    return { diagnostics };
  }
  const repaired = repairContinuations(text, scan.issues);
  return { data: value as Record<string, unknown>, diagnostics, located: { text: repaired.text, shift: [...repaired.shift] } };
}

/** Attach positions on demand to a parsed source. `path` is the absolute path. */
export function withOrigin(file: string, path: string, parsed: ParsedSource): ParsedFile {
  if (!parsed.data || !parsed.located) return { diagnostics: parsed.diagnostics };
  return { data: parsed.data, origin: lazyOrigin(file, path, parsed.located.text, new Map(parsed.located.shift)), diagnostics: parsed.diagnostics };
}

/** Parse one YAML content file as PyYAML would. `file` is the printed path, `path` the absolute one. */
export function parseFile(file: string, path: string, bytes: Uint8Array, maxBytes = DEFAULT_MAX_BYTES): ParsedFile {
  return withOrigin(file, path, parseSource(file, bytes, maxBytes));
}
