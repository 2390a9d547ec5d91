// The SC7xxx catalog of the Sigma importer: one factory per code, so messages and summary reasons stay consistent.
import type { Diagnostic, Span } from "../diag/diagnostic.js";

/** A diagnostic with a short, stable reason used to group failures in batch summaries. */
export interface SigmaDiagnostic extends Diagnostic {
  reason: string;
}

type Made = Omit<SigmaDiagnostic, "file" | "span">;
const err = (code: string, reason: string, message: string, hint?: string): Made => ({
  code,
  severity: "error",
  reason,
  message,
  ...(hint ? { hint } : {}),
});

export const yamlSyntax = (msg: string) => err("SC7001", "YAML syntax error", `YAML syntax error: ${msg}`);
export const notARule = (what: string) =>
  err("SC7002", "not a Sigma rule", `Not a Sigma detection rule: ${what}.`, "A rule needs `title`, `logsource` and `detection` with a `condition`.");
export const badShape = (what: string) => err("SC7003", "malformed rule", what);
export const unknownSelection = (name: string, hint?: string) =>
  err("SC7004", "unknown selection in condition", `Unknown selection '${name}' in the condition.`, hint);
export const conditionSyntax = (msg: string) => err("SC7005", "condition syntax error", `Condition syntax error: ${msg}`);
export const unsupportedModifier = (mod: string, why: string) =>
  err("SC7006", `unsupported modifier '${mod}'`, `The modifier '${mod}' is not supported: ${why}`);
export const badValue = (msg: string) => err("SC7007", "invalid value", msg);
export const unmappedField = (field: string, pipeline: string, hint?: string) =>
  err("SC7008", `unmapped field '${field}'`, `The field '${field}' has no mapping in the '${pipeline}' pipeline.`, hint);
export const unmappedLogsource = (logsource: string, pipeline: string) =>
  err(
    "SC7009",
    `unmapped log source ${logsource}`,
    `The log source ${logsource} has no mapping in the '${pipeline}' pipeline.`,
    "Use --pipeline windows or none for a raw-event search.",
  );
export const notExpressible = (what: string) => err("SC7010", "not expressible in SPL", `Cannot express in SPL: ${what}.`);
export const unsupportedRuleType = (what: string) =>
  err("SC7011", `unsupported rule type: ${what}`, `Unsupported Sigma document: ${what}.`, "Only detection rules are converted.");
export const readFailure = (msg: string) => err("SC7012", "cannot read file", `Cannot read the file: ${msg}`);
export const writeFailure = (msg: string) => err("SC7013", "cannot write output", `Cannot write the output: ${msg}`);
export const missingInput = (path: string) =>
  err("SC7015", "input does not exist", `The input '${path}' does not exist.`, "Give a Sigma rule file (.yml) or a folder of them.");

/** Attach the file and span to a made diagnostic. */
export const at = (made: Made, file: string, span?: Span): SigmaDiagnostic => ({
  ...made,
  file,
  ...(span ? { span } : {}),
});
