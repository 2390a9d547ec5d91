/**
 * Sigma values and modifiers to query leaves: string wildcards and escapes, contains/startswith/endswith, all,
 * re (with i, m, s), cidr, base64, base64offset, wide/utf16*, windash, exists, gt/gte/lt/lte, fieldref.
 * `cased` and `expand` are rejected with a reason. Pure: a field condition in, a tree over Sigma field names out.
 */
import { ANY, ONE, and, normalizeGlob, not, or, type Glob, type Node, type RegexFlags } from "../spl/ast.js";
import { badValue, unsupportedModifier } from "./codes.js";
import type { FieldCondition, SigmaScalar } from "./rule.js";

/** A problem with one condition, reported at the condition's key. */
export class ModifierError extends Error {
  constructor(readonly made: ReturnType<typeof badValue>) {
    super(made.message);
  }
}

/** Sigma string syntax: `*` and `?` are wildcards; `\*`, `\?` and `\\` are literal; other backslashes are literal. */
export function parseSigmaString(s: string): Glob {
  const out: Glob = [];
  let lit = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "\\" && (s[i + 1] === "*" || s[i + 1] === "?" || s[i + 1] === "\\")) {
      lit += s[++i];
    } else if (c === "*" || c === "?") {
      if (lit) out.push(lit);
      lit = "";
      out.push(c === "*" ? ANY : ONE);
    } else lit += c;
  }
  if (lit) out.push(lit);
  return out;
}

const isPlain = (g: Glob) => g.every((p) => typeof p === "string");
const plainText = (g: Glob) => g.join("");

type Encoding = "utf8" | "utf16le" | "utf16be" | "utf16";

function encode(text: string, enc: Encoding): Buffer {
  if (enc === "utf8") return Buffer.from(text, "utf8");
  const le = Buffer.from(text, "utf16le");
  if (enc === "utf16le") return le;
  const be = Buffer.from(le);
  be.swap16();
  return enc === "utf16be" ? be : Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
}

/** The three base64 forms of `bytes` at offsets 0, 1 and 2 of an enclosing stream, without unstable edges. */
export function base64Offsets(bytes: Buffer): string[] {
  const starts = [0, 2, 3];
  const ends = [0, -3, -2];
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const b64 = Buffer.concat([Buffer.alloc(i, 0x20), bytes]).toString("base64");
    const end = ends[(bytes.length + i) % 3];
    out.push(b64.slice(starts[i], end === 0 ? undefined : end));
  }
  return out;
}

const WINDASH = ["-", "/", "\u2013", "\u2014", "\u2015"];
const WINDASH_LIMIT = 4096;

/** Every combination of the five Windows dash characters at each `-` or `/` that starts an option. */
function windash(g: Glob): Glob[] {
  let results: Glob[] = [[]];
  for (const p of g) {
    if (typeof p !== "string") {
      results = results.map((r) => [...r, p]);
      continue;
    }
    // pySigma's \B[-/]\b on Python str: word characters are Unicode letters, digits and `_`.
    const pieces = p.split(/(?<![\p{L}\p{N}_])([-/])(?=[\p{L}\p{N}_])/u);
    for (let i = 0; i < pieces.length; i++) {
      if (i % 2 === 0) results = results.map((r) => [...r, pieces[i]]);
      else {
        results = results.flatMap((r) => WINDASH.map((d) => [...r, d]));
        if (results.length > WINDASH_LIMIT) throw new ModifierError(badValue("windash expands to too many variants."));
      }
    }
  }
  return results.map(normalizeGlob);
}

const scalarText = (v: SigmaScalar): string => (v === null ? "" : typeof v === "string" ? v : String(v));

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/;
const IPV6 = /^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*\/(12[0-8]|1[01]\d|[1-9]?\d)$/;

type Kind = "match" | "re" | "cidr" | "compare" | "exists" | "fieldref";
const COMPARE = { gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

interface Plan {
  kind: Kind;
  op?: (typeof COMPARE)[keyof typeof COMPARE];
  all: boolean;
  flags: RegexFlags;
  steps: ((alts: Glob[]) => Glob[])[];
}

function planModifiers(mods: string[]): Plan {
  const plan: Plan = { kind: "match", all: false, flags: {}, steps: [] };
  let enc: Encoding = "utf8";
  const setKind = (k: Kind, m: string) => {
    if (plan.kind !== "match") throw new ModifierError(unsupportedModifier(m, `it cannot be combined with '${plan.kind}'.`));
    plan.kind = k;
  };
  const literal = (m: string) => (g: Glob) => {
    if (!isPlain(g)) throw new ModifierError(badValue(`The value of a '${m}' modifier cannot contain wildcards.`));
    return plainText(g);
  };
  for (const raw of mods) {
    const m = raw.toLowerCase();
    switch (m) {
      case "contains":
        plan.steps.push((alts) => alts.map((g) => normalizeGlob([ANY, ...g, ANY])));
        break;
      case "startswith":
        plan.steps.push((alts) => alts.map((g) => normalizeGlob([...g, ANY])));
        break;
      case "endswith":
        plan.steps.push((alts) => alts.map((g) => normalizeGlob([ANY, ...g])));
        break;
      case "all":
        plan.all = true;
        break;
      case "wide":
      case "utf16le":
      case "utf16be":
      case "utf16":
        // The encoding only changes the bytes a later base64/base64offset encodes. Alone (or after base64) it
        // asks for NUL bytes between characters, which no SPL value can hold: refuse rather than ignore it.
        if (!mods.slice(mods.indexOf(raw) + 1).some((n) => /^base64(offset)?$/i.test(n))) {
          throw new ModifierError(unsupportedModifier(raw, "it must come before 'base64' or 'base64offset'."));
        }
        enc = m === "wide" ? "utf16le" : m;
        break;
      case "base64": {
        const e = enc;
        plan.steps.push((alts) => alts.map((g) => [encode(literal(m)(g), e).toString("base64")]));
        break;
      }
      case "base64offset": {
        const e = enc;
        plan.steps.push((alts) => alts.flatMap((g) => base64Offsets(encode(literal(m)(g), e)).map((s) => [s] as Glob)));
        break;
      }
      case "windash":
        plan.steps.push((alts) => alts.flatMap(windash));
        break;
      case "re":
        setKind("re", m);
        break;
      case "i":
      case "ignorecase":
      case "m":
      case "multiline":
      case "s":
      case "dotall":
        if (plan.kind !== "re") throw new ModifierError(unsupportedModifier(raw, "it applies only after 're'."));
        // The long names start with other letters: dotall is the `s` flag.
        plan.flags[m === "dotall" ? "s" : (m[0] as "i" | "m" | "s")] = true;
        break;
      case "cidr":
      case "exists":
      case "fieldref":
        setKind(m, m);
        break;
      case "gt":
      case "gte":
      case "lt":
      case "lte":
        setKind("compare", m);
        plan.op = COMPARE[m];
        break;
      case "cased":
        throw new ModifierError(
          unsupportedModifier("cased", "SPL's search command compares field values case-insensitively, so a case-sensitive match cannot be expressed there."),
        );
      case "expand":
        throw new ModifierError(unsupportedModifier("expand", "placeholders need values from a pipeline, and none define them."));
      default:
        throw new ModifierError(unsupportedModifier(raw, "it is not a Sigma modifier."));
    }
  }
  if (plan.kind !== "match" && plan.steps.length) {
    throw new ModifierError(unsupportedModifier(mods.join("|"), `string modifiers cannot be combined with '${plan.kind}'.`));
  }
  return plan;
}

function leafFor(plan: Plan, field: string, v: SigmaScalar): Node[] {
  const text = scalarText(v);
  switch (plan.kind) {
    case "re":
      return [{ type: "regex", field, pattern: text, flags: plan.flags }];
    case "cidr":
      if (!IPV4.test(text) && !IPV6.test(text)) throw new ModifierError(badValue(`'${text}' is not a CIDR block.`));
      return [{ type: "cidr", field, cidr: text }];
    case "compare": {
      const n = typeof v === "number" ? v : Number(text);
      if (text.trim() === "" || !Number.isFinite(n)) throw new ModifierError(badValue(`'${text}' is not a number.`));
      return [{ type: "compare", field, op: plan.op!, value: n }];
    }
    case "exists":
      if (typeof v !== "boolean") throw new ModifierError(badValue("The 'exists' modifier takes true or false."));
      return [v ? { type: "exists", field } : not({ type: "exists", field })];
    case "fieldref":
      if (text === "") throw new ModifierError(badValue("The 'fieldref' modifier needs a field name."));
      return [{ type: "fieldref", field, other: text }];
    case "match": {
      let alts: Glob[] = [typeof v === "string" ? normalizeGlob(parseSigmaString(v)) : [text]];
      for (const step of plan.steps) alts = step(alts);
      return alts.map((g) => ({ type: "match", field, glob: g }) as Node);
    }
  }
}

/**
 * One `Field|mods: values` entry as a tree over the Sigma field name (or keywords when field is null).
 * Values are OR-ed, or AND-ed with `all`; expansions of one value (windash, base64offset) are always OR-ed.
 */
export function conditionToNode(cond: FieldCondition): Node {
  const plan = planModifiers(cond.modifiers);
  const perValue: Node[] = cond.values.map(({ value }) => {
    if (cond.field === null) {
      if (value === null) throw new ModifierError(badValue("A keyword cannot be null."));
      if (plan.kind !== "match") throw new ModifierError(unsupportedModifier(plan.kind, "keywords take only string modifiers."));
      let alts: Glob[] = [typeof value === "string" ? normalizeGlob(parseSigmaString(value)) : [scalarText(value)]];
      for (const step of plan.steps) alts = step(alts);
      return or(...alts.map((g) => ({ type: "keyword", glob: g }) as Node));
    }
    if (value === null && plan.kind === "match") return { type: "null", field: cond.field };
    return or(...leafFor(plan, cond.field, value));
  });
  return plan.all ? and(...perValue) : or(...perValue);
}
