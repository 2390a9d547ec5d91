// inspectPackage: read a .spl or an app folder and run the AppInspect-style checks.
import { runChecks, type CheckResult, type CheckStatus } from "./checks.js";
import { readPackage } from "./read.js";

export interface InspectReport {
  path: string;
  kind: "archive" | "folder";
  summary: Record<CheckStatus, number>;
  checks: CheckResult[];
  /** True when no check failed. */
  ok: boolean;
}

export async function inspectPackage(path: string): Promise<InspectReport> {
  const source = await readPackage(path);
  const checks = runChecks(source);
  const summary: Record<CheckStatus, number> = { success: 0, failure: 0, warning: 0, not_applicable: 0 };
  for (const c of checks) summary[c.status]++;
  return { path, kind: source.kind, summary, checks, ok: summary.failure === 0 };
}

export type { CheckResult, CheckStatus } from "./checks.js";
