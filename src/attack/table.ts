// PLACEHOLDER: replaced by the docs/ATT&CK work. The pinned ATT&CK table stored in a content repo.

export interface AttackTactic {
  id: string; // TA0006
  name: string; // Credential Access
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
  tactics: Record<string, AttackTactic>; // by shortname
  techniques: Record<string, AttackTechnique>; // by id
  groups?: Record<string, { id: string; name: string; techniques: string[] }>;
}

/** Where a content repo keeps its table, relative to the content root. */
export const ATTACK_TABLE_FILE = "attack/enterprise-attack.json";

/** Read the content repo's pinned table, or undefined when it has none. */
export async function readAttackTable(_root: string): Promise<AttackTable | undefined> {
  return undefined;
}
