// Re-exports of the shared query model (src/spl) used by the Elastic importer, plus the one constructor
// that module does not export as a function (cidr leaves).
export { and, match, not, or, type Glob, type Node } from "../spl/ast.js";
import type { Node } from "../spl/ast.js";

/** An IP-in-CIDR test (search: `field="10.0.0.0/8"`, eval: cidrmatch()). */
export const cidrOnly = (field: string, cidr: string): Node => ({ type: "cidr", field, cidr });
