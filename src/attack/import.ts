// `secpack attack import/update` core: bytes of a bundle -> pinned table written into a content repo.
import { tableFromBundleBytes } from "./stix.js";
import { writeAttackTable, type AttackTable } from "./table.js";

export interface ImportResult {
  table: AttackTable;
  /** Absolute path of the written table. */
  path: string;
  /** Techniques, of which revoked or deprecated. */
  counts: { tactics: number; techniques: number; subtechniques: number; retired: number };
}

/** Convert a bundle and store it as `root`'s pinned table (atomically). Throws StixError for a bad bundle. */
export async function importAttackBundle(root: string, bytes: Uint8Array, sourceName: string, version?: string): Promise<ImportResult> {
  const table = tableFromBundleBytes(bytes, sourceName, version);
  const path = await writeAttackTable(root, table);
  const all = Object.values(table.techniques);
  return {
    table,
    path,
    counts: {
      tactics: Object.keys(table.tactics).length,
      techniques: all.length,
      subtechniques: all.filter((t) => t.parent).length,
      retired: all.filter((t) => t.revoked || t.deprecated).length,
    },
  };
}

/** One line for the terminal. */
export const describeImport = (r: ImportResult, shown: string): string =>
  `ATT&CK ${r.table.version}: ${r.counts.tactics} tactics, ${r.counts.techniques} techniques ` +
  `(${r.counts.subtechniques} sub-techniques, ${r.counts.retired} revoked or deprecated) written to ${shown}\n`;
