// The catalog of load (SC1xxx), schema/per-file (SC2xxx) and cross-file (SC3xxx) diagnostics.
// Each code is one small factory so messages stay consistent. A code never changes meaning once released.
import type { Severity } from "./diagnostic.js";

export interface CodeInfo {
  code: string;
  severity: Severity;
  message: string;
  hint?: string;
}

const e = (code: string, message: string, hint?: string): CodeInfo => ({ code, severity: "error", message, hint });
const w = (code: string, message: string, hint?: string): CodeInfo => ({ code, severity: "warning", message, hint });
const didYouMean = (guess?: string) => (guess ? `Did you mean '${guess}'?` : undefined);

// ---- SC1xxx: reading and parsing files
export const yamlSyntax = (detail: string) =>
  e("SC1001", `YAML syntax error: ${detail}.`, "Fix the YAML at this position (a YAML linter or editor with yaml-language-server shows it live).");
export const unindentedContinuation = (key: string, lines: number[], col: number) =>
  w(
    "SC1002",
    `Continuation line${lines.length > 1 ? "s" : ""} ${lines.join(", ")} of the quoted '${key}' value ${lines.length > 1 ? "start" : "starts"} at or left of the key's column; PyYAML accepts this, YAML 1.2 parsers reject it.`,
    `Indent line${lines.length > 1 ? "s" : ""} ${lines.join(", ")} so ${lines.length > 1 ? "they start" : "it starts"} at column ${col} or later (e.g. ${col - 1} space${col === 2 ? "" : "s"}); the value stays the same.`,
  );
export const binaryFile = () => e("SC1003", "File is binary (it contains NUL bytes), not YAML text.", "Remove it from the content folder or move it under lookups/ if it is a data file.");
export const notUtf8 = (byte: number) =>
  e("SC1004", `File is not valid UTF-8 (byte 0x${byte.toString(16).padStart(2, "0")}).`, "Re-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`).");
export const emptyFile = () => e("SC1005", "File is empty (no YAML content).", "Delete the file or fill in the object it should define.");
export const fileTooLarge = (size: number, max: number) =>
  e("SC1006", `File is too large (${size} bytes; the limit is ${max} bytes).`, "Content YAML is a few KB; split the file or set `max_file_bytes` in secpack.yml.");
export const notAMapping = (found: string) =>
  e("SC1007", `The document must be a mapping of keys to values, found ${found}.`, "Start the file with `name: ...` style keys.");
export const byteOrderMark = () => w("SC1008", "File starts with a UTF-8 byte order mark.", "Save the file as UTF-8 without BOM.");
export const crlfLineEndings = () =>
  w("SC1009", "File uses CRLF (Windows) line endings.", "Convert to LF line endings (e.g. `dos2unix FILE`, or `git config core.autocrlf input`).");
export const duplicateKey = (key: string, first: number) =>
  w("SC1010", `Key '${key}' is defined twice; the later value wins (first defined at line ${first}).`, "Remove one of the two definitions.");
export const unreadableFile = (reason: string) => e("SC1011", `Cannot read file: ${reason}.`);
export const noContentRoot = (root: string, why: string) =>
  e("SC1012", `Content root '${root}' ${why}.`, "Pass the folder that holds secpack.yml (or contentctl.yml) and detections/ with --path.");
export const noContent = (folders: string) =>
  w("SC1013", `No content found: none of ${folders} exists under the content root.`, "Check --path: it should point at the folder that holds detections/, macros/ and stories/.");
export const configInvalid = (message: string, hint?: string) => e("SC1020", message, hint);
export const configUnknownKey = (key: string, guess?: string) => w("SC1021", `Unknown secpack.yml setting '${key}'.`, didYouMean(guess));
export const multipleConfigs = () =>
  w("SC1022", "Both secpack.yml and contentctl.yml exist; secpack.yml is used.", "Remove contentctl.yml or move its settings into secpack.yml.");

// ---- SC2xxx: schema and per-file checks
export const missingProperty = (name: string, kind: string) => e("SC2001", `Missing required property '${name}' for a ${kind}.`);
export const wrongType = (path: string, expected: string, found: string) => e("SC2002", `'${path}' must be ${expected}, found ${found}.`);
export const notAllowedValue = (path: string, value: string, allowed: string[], guess?: string) =>
  e("SC2003", `'${path}' has value '${value}', expected one of: ${allowed.join(", ")}.`, didYouMean(guess));
export const badFormat = (path: string, value: string, what: string) => e("SC2004", `'${path}' value '${value}' is not ${what}.`);
export const unknownProperty = (path: string, name: string, guess?: string) => w("SC2005", `Unknown property '${name}' in ${path || "the file"}.`, didYouMean(guess));
export const schemaConstraint = (path: string, message: string) => e("SC2006", `'${path}' ${message}.`);
export const badDate = (path: string, value: string) =>
  e("SC2010", `'${path}' value '${value}' is not a real date in YYYY-MM-DD form.`, "Write the date as 'YYYY-MM-DD' (quoted or not).");
export const riskScoreMismatch = (score: number, impact: number, confidence: number) =>
  e("SC2012", `risk_score is ${score} but impact x confidence / 100 = ${impact} x ${confidence} / 100 = ${Math.round((impact * confidence) / 100)}.`, `Set risk_score to ${Math.round((impact * confidence) / 100)}.`);
export const badAttackId = (id: string) =>
  e("SC2013", `'${id}' is not a well-formed ATT&CK technique id.`, "Use the form T1234 or T1234.001.");
export const unknownAttackId = (id: string, version: string, guess?: string) =>
  e("SC2014", `ATT&CK technique '${id}' is not in the pinned ATT&CK table (v${version}).`, didYouMean(guess) ?? "Check the id at attack.mitre.org, or update the table with `secpack attack update`.");
export const ssaBadStart = () =>
  e("SC2015", "An SSA detection's search must start with '| from read_ssa_enriched_events()'.", "Begin the pipeline with `| from read_ssa_enriched_events()`.");
export const ssaBadEnd = () =>
  e("SC2016", "An SSA detection's search must end with '| into write_ssa_detected_events();'.", "End the pipeline with `| into write_ssa_detected_events();`.");
export const missingFilterMacro = (name: string) =>
  e("SC2017", `The search must end with its filter macro \`${name}\`.`, `Append \`| \`${name}\`\` as the last command of the search.`);
export const fileNameMismatch = (expected: string) =>
  w("SC2018", `The file name does not match the object's name; expected '${expected}'.`, `Rename the file to '${expected}'.`);
export const statusFolderMismatch = (status: string, folder: string) =>
  w("SC2019", `A detection under '${folder}/' should have status '${folder}', found '${status}'.`, `Set status: ${folder}, or move the file out of ${folder}/.`);
export const filterMacroNotLast = (name: string) =>
  w("SC2022", `The filter macro \`${name}\` is called, but not as the last command of the search.`, "Move the filter macro to the end so user tuning applies to the final results.");

// ---- SC3xxx: rules across files
export const duplicateId = (id: string, kind: string) => e("SC3001", `Duplicate ${kind} id '${id}'.`, "Generate a fresh UUID for one of them (e.g. `uuidgen`).");
export const duplicateName = (name: string, kind: string) => e("SC3002", `Duplicate ${kind} name '${name}'.`, "Rename one of them; names become stanza names and must be unique.");
export const unknownStory = (name: string, guess?: string) => e("SC3003", `Unknown analytic story '${name}'.`, didYouMean(guess) ?? "Add the story under stories/ or fix the name.");
export const unknownMacro = (name: string, guess?: string) =>
  e("SC3004", `Unknown macro '${name}'.`, didYouMean(guess) ?? "Define it under macros/, or list it under external_macros in secpack.yml if it ships with another app.");
export const macroArity = (name: string, given: number, expected: number[]) =>
  e("SC3005", `Macro '${name}' is called with ${given} argument${given === 1 ? "" : "s"}, but it takes ${expected.join(" or ")}.`, `Call it as \`${name}${expected[0] ? `(${Array.from({ length: expected[0] }, (_, i) => `arg${i + 1}`).join(",")})` : ""}\`.`);
export const unknownLookup = (name: string, guess?: string) =>
  e("SC3006", `Unknown lookup '${name}'.`, didYouMean(guess) ?? "Define it under lookups/, or list it under external_lookups in secpack.yml if it ships with another app.");
export const unknownMessageToken = (token: string, guess?: string) =>
  e("SC3007", `Message token '$${token}$' is not an observable, a risk/threat object or a field the search produces.`, didYouMean(guess) ?? "Add it as an observable (or rba risk object), or produce the field in the search.");
export const unknownDataSource = (name: string, guess?: string) => e("SC3008", `Unknown data source '${name}'.`, didYouMean(guess) ?? "Add it under data_sources/ or fix the name.");
export const unknownDetectionRef = (name: string, guess?: string) => e("SC3009", `Unknown detection '${name}'.`, didYouMean(guess));

/**
 * Errors that describe inconsistent metadata rather than a broken app: the rendered configuration is still
 * correct and installable, so `secpack build` reports them and goes on (unless --strict). Everything else that
 * is an error (unparsable or schema-invalid files, duplicate ids or names, unknown macros, lookups or stories,
 * a search without its filter macro, SSA pipelines that do not parse) stops the build.
 */
export const NON_BLOCKING_ERRORS: ReadonlySet<string> = new Set([
  "SC2012", // risk_score is not impact x confidence / 100: the stated risk_score is what gets rendered
  "SC3007", // a risk message token no field provides: the message renders with the token unexpanded
  "SC3008", // an unknown data source name: only documentation metadata
  "SC3009", // a baseline names an unknown detection: only documentation metadata
]);

/** Whether a diagnostic stops `secpack build` (warnings never do; with strict, every error does). */
export const blocksBuild = (d: { code: string; severity: string }, strict = false): boolean =>
  d.severity === "error" && (strict || !NON_BLOCKING_ERRORS.has(d.code));
