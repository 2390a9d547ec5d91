/**
 * A small boolean query model shared by the Sigma and Elastic importers, emitted as SPL by ./emit.ts.
 * Pure data: no I/O, no SPL text. Importers build a tree, the emitters decide how Splunk can run it.
 *
 *   Query   = Node
 *   Node    = { type: "and", args: Node[] }         every argument holds
 *           | { type: "or",  args: Node[] }         at least one argument holds
 *           | { type: "not", arg: Node }            the argument does not hold (a missing field counts as "does not hold")
 *           | { type: "match", field, glob }        field value equals the glob, case-insensitively (Sigma's default)
 *           | { type: "regex", field, pattern, flags }  PCRE `pattern` is found in the field value (case-sensitive unless flags.i)
 *           | { type: "cidr",  field, cidr }        field value is an IP address inside the CIDR block
 *           | { type: "compare", field, op, value } numeric comparison: < <= > >= = (value is a number)
 *           | { type: "exists", field }             the field is present (non-null)
 *           | { type: "null", field }               the field is absent or empty
 *           | { type: "fieldref", field, other }    field value equals the value of field `other` (case-insensitively)
 *           | { type: "keyword", glob }             free text: the glob occurs anywhere in the raw event
 *           | { type: "const", value }              true / false (e.g. `1 of` an empty set)
 *   Glob    = (string | Wild)[]                     literal text interleaved with wildcards; literal text is raw
 *   Wild    = { wild: "*" } | { wild: "?" }         any run of characters / exactly one character
 *
 * Field names are the names the target knows (after a field-mapping pipeline), e.g. `Processes.process`.
 */

/** A wildcard inside a glob: `*` (any run of characters) or `?` (one character). */
export interface Wild {
  wild: "*" | "?";
}
/** Literal text (raw, unescaped) interleaved with wildcards. Adjacent strings are allowed. */
export type Glob = (string | Wild)[];

export interface And { type: "and"; args: Node[] }
export interface Or { type: "or"; args: Node[] }
export interface Not { type: "not"; arg: Node }
export interface Match { type: "match"; field: string; glob: Glob }
export interface RegexFlags { i?: boolean; m?: boolean; s?: boolean }
export interface Regex { type: "regex"; field: string; pattern: string; flags: RegexFlags }
export interface Cidr { type: "cidr"; field: string; cidr: string }
export type CompareOp = "<" | "<=" | ">" | ">=" | "=";
export interface Compare { type: "compare"; field: string; op: CompareOp; value: number }
export interface Exists { type: "exists"; field: string }
export interface Null { type: "null"; field: string }
export interface FieldRef { type: "fieldref"; field: string; other: string }
export interface Keyword { type: "keyword"; glob: Glob }
export interface Const { type: "const"; value: boolean }

export type Leaf = Match | Regex | Cidr | Compare | Exists | Null | FieldRef | Keyword;
export type Node = And | Or | Not | Leaf | Const;

export const ANY: Wild = Object.freeze({ wild: "*" }) as Wild;
export const ONE: Wild = Object.freeze({ wild: "?" }) as Wild;

export const isWild = (p: string | Wild): p is Wild => typeof p !== "string";

/** Flattening constructors: and(a, and(b, c)) is and(a, b, c); a single argument is returned as is. */
export function and(...args: Node[]): Node {
  const flat: Node[] = [];
  for (const a of args) {
    if (a.type === "and") flat.push(...a.args);
    else if (a.type === "const" && a.value) continue;
    else flat.push(a);
  }
  if (flat.some((a) => a.type === "const" && !a.value)) return { type: "const", value: false };
  if (flat.length === 0) return { type: "const", value: true };
  return flat.length === 1 ? flat[0] : { type: "and", args: flat };
}

export function or(...args: Node[]): Node {
  const flat: Node[] = [];
  for (const a of args) {
    if (a.type === "or") flat.push(...a.args);
    else if (a.type === "const" && !a.value) continue;
    else flat.push(a);
  }
  if (flat.some((a) => a.type === "const" && a.value)) return { type: "const", value: true };
  if (flat.length === 0) return { type: "const", value: false };
  return flat.length === 1 ? flat[0] : { type: "or", args: flat };
}

export function not(arg: Node): Node {
  if (arg.type === "not") return arg.arg;
  if (arg.type === "const") return { type: "const", value: !arg.value };
  return { type: "not", arg };
}

export const match = (field: string, glob: Glob | string): Match => ({
  type: "match",
  field,
  glob: typeof glob === "string" ? [glob] : glob,
});

/** Normalise a glob: merge adjacent literals, drop empty ones, collapse runs of `*`. */
export function normalizeGlob(glob: Glob): Glob {
  const out: Glob = [];
  for (const p of glob) {
    const last = out[out.length - 1];
    if (typeof p === "string") {
      if (p === "") continue;
      if (typeof last === "string") out[out.length - 1] = last + p;
      else out.push(p);
    } else if (!(p.wild === "*" && last !== undefined && isWild(last) && last.wild === "*")) {
      out.push(p.wild === "*" ? ANY : ONE);
    }
  }
  return out;
}

/** Every field a query reads, in first-use order (fieldref contributes both fields). */
export function fieldsOf(node: Node, into: string[] = []): string[] {
  const add = (f: string) => {
    if (!into.includes(f)) into.push(f);
  };
  switch (node.type) {
    case "and":
    case "or":
      for (const a of node.args) fieldsOf(a, into);
      break;
    case "not":
      fieldsOf(node.arg, into);
      break;
    case "keyword":
    case "const":
      break;
    case "fieldref":
      add(node.field);
      add(node.other);
      break;
    default:
      add(node.field);
  }
  return into;
}

/** Rename every field (a field-mapping step); `rename` returns the new name. */
export function mapFields(node: Node, rename: (field: string) => string): Node {
  switch (node.type) {
    case "and":
    case "or":
      return { type: node.type, args: node.args.map((a) => mapFields(a, rename)) };
    case "not":
      return { type: "not", arg: mapFields(node.arg, rename) };
    case "keyword":
    case "const":
      return node;
    case "fieldref":
      return { ...node, field: rename(node.field), other: rename(node.other) };
    default:
      return { ...node, field: rename(node.field) };
  }
}
