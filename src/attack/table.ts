// The pinned ATT&CK table a content repo keeps (attack/enterprise-attack.json): technique names and tactics
// extracted from a STIX bundle by `secpack attack import`. Reading and writing it is all this module does.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeBatch } from "../fs/batch.js";

export interface AttackTactic {
  id: string; // TA0006
  name: string; // Credential Access (MITRE's spelling: "Command and Control")
  shortname: string; // credential-access
}

export interface AttackTechnique {
  id: string; // T1003.001
  name: string; // LSASS Memory
  tactics: string[]; // tactic shortnames, in the bundle's order
  parent?: string; // T1003 for a sub-technique
  deprecated?: boolean;
  revoked?: boolean;
}

export interface AttackTable {
  /** ATT&CK release, e.g. "10.1". */
  version: string;
  tactics: Record<string, AttackTactic>; // by shortname, in the Enterprise matrix order
  techniques: Record<string, AttackTechnique>; // by id
  groups?: Record<string, { id: string; name: string; techniques: string[] }>;
  /** Where the table came from: file name or URL, and the bundle's SHA-256. */
  source?: { name: string; sha256: string; imported?: string };
}

/** Where a content repo keeps its table, relative to the content root. */
export const ATTACK_TABLE_FILE = "attack/enterprise-attack.json";

/** The marker that identifies a pinned table file (as opposed to a STIX bundle). */
export const ATTACK_TABLE_FORMAT = "secpack-attack-table/1";

/** Thrown by parseAttackTable for a file that is not a pinned table. */
export class AttackTableError extends Error {}

/** Parse the text of a pinned table; throws AttackTableError when it is not one. */
export function parseAttackTable(text: string): AttackTable {
  let raw: any;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new AttackTableError(`not valid JSON: ${(err as Error).message}`);
  }
  if (!raw || raw.format !== ATTACK_TABLE_FORMAT || typeof raw.techniques !== "object" || typeof raw.tactics !== "object") {
    throw new AttackTableError(`not a pinned ATT&CK table (expected "format": "${ATTACK_TABLE_FORMAT}")`);
  }
  const table: AttackTable = { version: String(raw.version ?? "unknown"), tactics: raw.tactics, techniques: raw.techniques };
  if (raw.groups) table.groups = raw.groups;
  if (raw.source) table.source = raw.source;
  return table;
}

/** Read the content repo's pinned table, or undefined when it has none. Throws AttackTableError if it is corrupt. */
export async function readAttackTable(root: string): Promise<AttackTable | undefined> {
  let text: string;
  try {
    text = await readFile(join(root, ATTACK_TABLE_FILE), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  return parseAttackTable(text);
}

/**
 * Serialize a table: stable key order, one technique per line so that an ATT&CK update
 * shows as a readable diff, LF endings and a final newline.
 */
export function serializeAttackTable(table: AttackTable): string {
  const line = (v: unknown) => JSON.stringify(v);
  const block = (rec: Record<string, unknown>, keys: string[]) =>
    keys.length === 0 ? "{}" : `{\n${keys.map((k) => `    ${line(k)}: ${line(rec[k])}`).join(",\n")}\n  }`;
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const parts = [
    `  "format": ${line(ATTACK_TABLE_FORMAT)}`,
    `  "version": ${line(table.version)}`,
    ...(table.source ? [`  "source": ${line(table.source)}`] : []),
    `  "tactics": ${block(table.tactics, Object.keys(table.tactics))}`,
    `  "techniques": ${block(table.techniques, Object.keys(table.techniques).sort(byId))}`,
    ...(table.groups ? [`  "groups": ${block(table.groups, Object.keys(table.groups).sort(byId))}`] : []),
  ];
  return `{\n${parts.join(",\n")}\n}\n`;
}

/** Write the table under `root` atomically (temp file, then rename). Returns the file's path. */
export async function writeAttackTable(root: string, table: AttackTable): Promise<string> {
  const [path] = await writeBatch(root, [{ path: ATTACK_TABLE_FILE, contents: serializeAttackTable(table) }]);
  return path!;
}
