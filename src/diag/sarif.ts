// SARIF 2.1.0 output for code scanning (GitHub, GitLab, VS Code SARIF viewer). Pure.
import type { Diagnostic } from "./diagnostic.js";

const level = (s: Diagnostic["severity"]) => (s === "error" ? "error" : s === "warning" ? "warning" : "note");

/** One SARIF log with a single run; `uriBase` is the content root the file paths are relative to. */
export function toSarif(ds: readonly Diagnostic[], tool: { name: string; version: string }, uriBase?: string): object {
  const rules = [...new Set(ds.map((d) => d.code))].sort().map((id) => ({ id }));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: tool.name, version: tool.version, informationUri: "https://github.com/secpack/secpack", rules } },
        ...(uriBase ? { originalUriBaseIds: { SRCROOT: { uri: uriBase.endsWith("/") ? uriBase : uriBase + "/" } } } : {}),
        results: ds.map((d) => ({
          ruleId: d.code,
          level: level(d.severity),
          message: { text: d.hint ? `${d.message} ${d.hint}` : d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: d.file, ...(uriBase ? { uriBaseId: "SRCROOT" } : {}) },
                ...(d.span ? { region: { startLine: d.span.line, startColumn: d.span.col } } : {}),
              },
            },
          ],
          ...(d.related?.length
            ? {
                relatedLocations: d.related.map((r, i) => ({
                  id: i + 1,
                  message: { text: r.message },
                  physicalLocation: { artifactLocation: { uri: r.file }, ...(r.span ? { region: { startLine: r.span.line, startColumn: r.span.col } } : {}) },
                })),
              }
            : {}),
        })),
      },
    ],
  };
}
