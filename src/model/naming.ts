// Naming conventions of security_content, stated once: snake-case names, filter macros, SSA markers. Pure.

/** contentctl's snake-case form of an object name: spaces, '-', '.', '/' become '_', lower case. */
export const snakeName = (name: string): string => name.replace(/[ \-./]/g, "_").toLowerCase();

/** Name of the per-detection filter macro every ESCU search ends with. */
export const filterMacroName = (detectionName: string): string => `${snakeName(detectionName)}_filter`;

export const SSA_PRODUCT = "Splunk Behavioral Analytics";

/** An SSA (Behavioral Analytics, SPL2) detection, by product tag, `ssa:` block or pipeline source. */
export function isSsaDetection(d: { search?: unknown; tags?: { product?: unknown }; ssa?: unknown }): boolean {
  const product = Array.isArray(d.tags?.product) ? d.tags!.product : [];
  if (product.includes(SSA_PRODUCT) || (d.ssa !== undefined && d.ssa !== null)) return true;
  return typeof d.search === "string" && /^\s*\|\s*from\s+read_ssa_enriched_events\s*\(/.test(d.search);
}
