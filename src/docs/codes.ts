// Diagnostic codes of the docs generator (SC45xx, inside the render range). A code never changes meaning.
import type { Diagnostic } from "../diag/diagnostic.js";

type Made = Pick<Diagnostic, "code" | "severity" | "message" | "hint">;

export const unknownTechnique = (id: string, version: string): Made => ({
  code: "SC4501",
  severity: "warning",
  message: `ATT&CK id '${id}' is not in the pinned ATT&CK ${version} table; its name and tactics are left out of the page.`,
  hint: "Check the id, or run 'secpack attack update' (or 'attack import FILE') for a newer ATT&CK release.",
});

export const noAttackTable = (count: number): Made => ({
  code: "SC4502",
  severity: "warning",
  message: `No ATT&CK table: technique names and tactics of ${count} ATT&CK id(s) are left out of the pages.`,
  hint: "Run 'secpack attack import enterprise-attack.json' once, or pass --attack FILE.",
});

export const retiredTechnique = (id: string, version: string, how: string): Made => ({
  code: "SC4503",
  severity: "warning",
  message: `ATT&CK technique '${id}' is ${how} in ATT&CK ${version}.`,
  hint: "Map the detection to the technique that replaces it.",
});

export const noCveDetails = (ids: string[], file: string, present: boolean): Made => ({
  code: "SC4504",
  severity: "warning",
  message: present
    ? `No details for ${ids.length} CVE id(s) in ${file} (${ids.slice(0, 5).join(", ")}${ids.length > 5 ? ", ..." : ""}); their summary and CVSS are omitted.`
    : `No CVE details file (${file}): summary and CVSS of ${ids.length} CVE id(s) are omitted.`,
  hint: `Provide ${file} as {"CVE-2021-44228": {"summary": "...", "cvss": 9.3}} or pass --cve FILE.`,
});

export const pageCollision = (page: string): Made => ({
  code: "SC4505",
  severity: "warning",
  message: `Two documented detections render to the same page '${page}'; the later one (by file path) replaces the other.`,
  hint: "Give the detections different names or dates.",
});

export const badCveFile = (file: string, reason: string): Made => ({
  code: "SC4506",
  severity: "warning",
  message: `The CVE details file ${file} cannot be used: ${reason}; CVE summaries are omitted.`,
});
