// Text rendering of diagnostics: the same text in the terminal, CI logs and golden files.
import type { Diagnostic } from "./diagnostic.js";

/** `path:line:col: error SC2003: message` and an indented `hint:` line. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.span ? `${d.file}:${d.span.line}:${d.span.col}` : d.file;
  let out = `${where}: ${d.severity} ${d.code}: ${d.message}`;
  if (d.hint) out += `\n  hint: ${d.hint}`;
  for (const r of d.related ?? []) {
    const rw = r.span ? `${r.file}:${r.span.line}:${r.span.col}` : r.file;
    out += `\n  note: ${rw}: ${r.message}`;
  }
  return out;
}

/** A one-line count such as "2 errors, 1 warning". */
export function summarize(ds: readonly Diagnostic[]): string {
  const e = ds.filter((d) => d.severity === "error").length;
  const w = ds.filter((d) => d.severity === "warning").length;
  return `${e} error${e === 1 ? "" : "s"}, ${w} warning${w === 1 ? "" : "s"}`;
}
