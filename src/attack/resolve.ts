// Look up ATT&CK ids in a pinned table the way the docs show them: technique name plus tactic names
// title-cased like Python's str.title() ("command-and-control" -> "Command And Control", ESCU docs §9.1).
// Also loads a table from a file given on the command line (a pinned table or a STIX bundle).
import { readFile } from "node:fs/promises";
import { ATTACK_TABLE_FORMAT, parseAttackTable, type AttackTable } from "./table.js";
import { tableFromBundleBytes } from "./stix.js";

/** Python's str.title(): each run of letters gets an upper-case first letter and lower-case rest. */
export function pythonTitle(text: string): string {
  return text.replace(/\p{L}+/gu, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase());
}

/** A tactic shortname as the docs print it: "credential-access" -> "Credential Access". */
export const tacticTitle = (shortname: string): string => pythonTitle(shortname.replace(/-/g, " "));

export interface ResolvedTechnique {
  id: string;
  name: string;
  /** Title-cased tactic names, in the bundle's order. */
  tactics: string[];
  revoked: boolean;
  deprecated: boolean;
}

const resolved = new WeakMap<AttackTable, Map<string, ResolvedTechnique>>();

/** Resolve one id; undefined when the table lacks it (or there is no table). Results are shared: do not mutate. */
export function resolveTechnique(table: AttackTable | undefined, id: string): ResolvedTechnique | undefined {
  if (!table) return undefined;
  const key = id.trim();
  let cache = resolved.get(table);
  if (!cache) resolved.set(table, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;
  const t = Object.hasOwn(table.techniques, key) ? table.techniques[key] : undefined;
  if (!t) return undefined;
  const r = { id: t.id, name: t.name, tactics: t.tactics.map(tacticTitle), revoked: !!t.revoked, deprecated: !!t.deprecated };
  cache.set(key, r);
  return r;
}

/** Read a pinned table or a STIX bundle (optionally gzipped) from `path`. Throws with a readable message. */
export async function loadAttackFile(path: string): Promise<AttackTable> {
  const bytes = await readFile(path);
  const gz = bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (!gz && bytes.subarray(0, 4096).toString("utf8").includes(ATTACK_TABLE_FORMAT)) {
    return parseAttackTable(bytes.toString("utf8"));
  }
  return tableFromBundleBytes(bytes, path);
}
