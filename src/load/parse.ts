// One file: bytes -> text -> values (fast path) + lazy positions + load diagnostics. Pure: no I/O.
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

const describe = (v: unknown): string =>
  v === null ? "null" : Array.isArray(v) ? "a sequence" : typeof v === "object" ? "a mapping" : `a ${typeof v} scalar`;

/** Parse one YAML content file as PyYAML would. `file` is the printed path, `path` the absolute one. */
export function parseFile(file: string, path: string, bytes: Uint8Array, maxBytes = DEFAULT_MAX_BYTES): ParsedFile {
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
  return { data: value as Record<string, unknown>, origin: lazyOrigin(file, path, repaired.text, repaired.shift), diagnostics };
}
