// The one diagnostic type every stage reports with. User mistakes are values, never exceptions.

/** A 1-based source range. */
export interface Span {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

export type Severity = "error" | "warning" | "info";

/**
 * Code ranges: SC1xxx load, SC2xxx schema, SC3xxx link (cross-file rules), SC4xxx render,
 * SC5xxx package/inspect, SC6xxx deploy, SC7xxx sigma, SC8xxx elastic, SC9xxx SSA / SPL2.
 * A code never changes meaning once released.
 */
export interface Diagnostic {
  code: string;
  severity: Severity;
  /** One sentence that names the thing: "Unknown macro 'foo'." */
  message: string;
  /** Path relative to the content root (or as given by the user), forward slashes. */
  file: string;
  /** Absent only when the whole file is at fault. */
  span?: Span;
  /** How to fix it: "Did you mean 'security_content_ctime'?" */
  hint?: string;
  related?: { file: string; span?: Span; message: string }[];
}

/** A bug in secpack itself (as opposed to a problem with the user's input). */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InternalError";
  }
}

/** Thrown for bad command-line usage; the CLI turns it into exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === "error");

/** Sort by file, then line, then column, then code: the order every reporter prints in. */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      (a.span?.line ?? 0) - (b.span?.line ?? 0) ||
      (a.span?.col ?? 0) - (b.span?.col ?? 0) ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
