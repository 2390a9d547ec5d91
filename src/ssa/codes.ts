// The SSA / SPL2 diagnostic catalog (SC9xxx). A code never changes meaning once released.
import type { Severity } from "../diag/diagnostic.js";

export interface CodeSpec {
  code: string;
  severity: Severity;
  title: string;
}

const spec = (code: string, severity: Severity, title: string): CodeSpec => ({ code, severity, title });

export const SSA_CODES = {
  syntax: spec("SC9001", "error", "SPL2 syntax error in an SSA pipeline"),
  missingSink: spec("SC9002", "error", "pipeline does not end with | into write_ssa_detected_events();"),
  outputContract: spec("SC9003", "error", "start_time, end_time, entities or body not assigned before the sink"),
  undefinedField: spec("SC9004", "error", "field used before any command defines it"),
  unusedRequiredField: spec("SC9005", "warning", "required_fields lists a key the pipeline never reads"),
  undeclaredInputKey: spec("SC9006", "warning", "pipeline reads an input_event key missing from required_fields"),
  riskToken: spec("SC9007", "warning", "risk message token is not a field of the detected event"),
  unknownFunction: spec("SC9008", "error", "unknown SPL2 function"),
  arity: spec("SC9009", "error", "wrong number of function arguments"),
  regex: spec("SC9010", "error", "regex cannot be translated or is invalid"),
  notOffline: spec("SC9011", "warning", "command is stateful or needs a model; the detection cannot run offline"),
  unknownVariable: spec("SC9012", "error", "unknown $variable"),
  structured: spec("SC9013", "error", "invalid structured ssa: block"),
  searchMismatch: spec("SC9014", "warning", "search differs from the pipeline generated from ssa:"),
  structure: spec("SC9015", "error", "statement structure (from first, nothing after into)"),
  unusedVariable: spec("SC9016", "warning", "$variable assigned but never read"),
  bodyNotSet: spec("SC9017", "warning", "body is never assigned, so detected events carry an empty body"),
} as const;

export type SsaCodeName = keyof typeof SSA_CODES;
