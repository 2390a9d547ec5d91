// CVE details for the pages' CVE table, from a local JSON file (docs never use the network).
// Accepted shapes: {"CVE-2021-44228": {"summary": "...", "cvss": 9.3}} or [{"id": ..., "summary": ..., "cvss": ...}].
import { readFile } from "node:fs/promises";
import { str } from "./text.js";

/** Where a content repo keeps CVE details, relative to its root. */
export const CVE_DETAILS_FILE = "enrichments/cve.json";

export interface CveDetail {
  summary: string;
  cvss: string;
}

export type CveTable = Map<string, CveDetail>;

/** Parse the file's text; throws Error with a reason when its shape is wrong. */
export function parseCveTable(text: string): CveTable {
  const raw = JSON.parse(text) as unknown;
  const table: CveTable = new Map();
  const add = (id: unknown, v: any) => {
    if (typeof id !== "string" || !v || typeof v !== "object") throw new Error(`entry ${JSON.stringify(id)} is not {summary, cvss}`);
    table.set(id.trim().toUpperCase(), { summary: str(v.summary), cvss: str(v.cvss) });
  };
  if (Array.isArray(raw)) for (const v of raw) add(v?.id, v);
  else if (raw && typeof raw === "object") for (const [k, v] of Object.entries(raw)) add(k, v);
  else throw new Error("expected a JSON object or array");
  return table;
}

/** Read a CVE file: the table, "missing" when there is no file, or the reason it is unusable. */
export async function readCveTable(path: string): Promise<CveTable | "missing" | { error: string }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    return { error: (err as Error).message };
  }
  try {
    return parseCveTable(text);
  } catch (err) {
    return { error: (err as Error).message };
  }
}
