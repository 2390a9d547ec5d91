// Diagnostic codes of the Elastic importer (SC8xxx). A code never changes meaning once released.
import type { Diagnostic } from "../diag/diagnostic.js";

type At = { line: number; col: number };
const span = (at?: At) => (at ? { line: at.line, col: at.col, endLine: at.line, endCol: at.col } : undefined);

/** SC8001: the file cannot be read as an Elastic rule (TOML/JSON syntax, no [rule] table, missing file). */
export const badRuleFile = (file: string, message: string, at?: At): Diagnostic => ({ code: "SC8001", severity: "error", message, file, span: span(at) });

/** SC8002: the rule's query has a syntax error. */
export const querySyntax = (file: string, message: string, at: At): Diagnostic => ({ code: "SC8002", severity: "error", message: `Query syntax error: ${message}`, file, span: span(at) });

/** SC8003: the rule type or language cannot be converted (ES|QL, machine learning, threshold, ...). */
export const notConvertible = (file: string, message: string, at?: At, hint?: string): Diagnostic => ({ code: "SC8003", severity: "error", message, file, span: span(at), hint });

/** SC8004: a field of the query has no equivalent on the target. */
export const unmappedField = (file: string, message: string, at?: At, hint?: string): Diagnostic => ({ code: "SC8004", severity: "error", message, file, span: span(at), hint });

/** SC8005: a construct of the query cannot be expressed in SPL on the target. */
export const unsupported = (file: string, message: string, at?: At): Diagnostic => ({ code: "SC8005", severity: "error", message, file, span: span(at) });

/** SC8006: a metadata value is missing or out of range; the importer used a default. */
export const metadataDefault = (file: string, message: string, at?: At): Diagnostic => ({ code: "SC8006", severity: "warning", message, file, span: span(at) });

/** SC8007: the output could not be written. */
export const writeFailed = (file: string, message: string): Diagnostic => ({ code: "SC8007", severity: "error", message, file });
