// Re-exports of the shared query model (src/spl) used by the Elastic importer, plus the one constructor
// that module does not export as a function (cidr leaves).
export { and, match, not, or, type Glob, type Node } from "../spl/ast.js";
import { or, type Node } from "../spl/ast.js";

/** or() without repeated arguments (value maps can turn two ECS values into the same target value). */
export function orUnique(...args: Node[]): Node {
  const seen = new Set<string>();
  return or(...args.filter((a) => {
    const key = JSON.stringify(a);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }));
}

/** An IP-in-CIDR test (search: `field="10.0.0.0/8"`, eval: cidrmatch()). */
export const cidrOnly = (field: string, cidr: string): Node => ({ type: "cidr", field, cidr });
