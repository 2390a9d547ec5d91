// Expression compiler: AST -> closures over a record, so a pipeline runs without walking the tree per event.
// Pure. Unknown functions, wrong arity and untranslatable regexes throw Spl2CompileError (a value for checks).
import type { Expr } from "./ast.js";
import { FUNCTIONS, likeMatch, toRegExp } from "./functions.js";
import { translateJavaRegex } from "./regex.js";
import { isMap, likeMatcher, newMap, typePredicate, valuesEqual, type Iterator as ValueIterator, type Value, type ValueMap } from "./values.js";

/** One pipeline record: input_event, _datamodels, body and every field the pipeline assigns. */
export type Rec = ValueMap;
export type Compiled = (r: Rec) => Value;

export class Spl2CompileError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
    this.name = "Spl2CompileError";
  }
}

const truth = (v: Value): boolean | null => (typeof v === "boolean" ? v : null);
const isNullLit = (e: Expr) => e.type === "null";

function compare(op: string, a: Value, b: Value): boolean | null {
  if (a === null || b === null) return null;
  if (op === "=" || op === "==") return valuesEqual(a, b);
  if (op === "!=") return !valuesEqual(a, b);
  const bothNum = typeof a === "number" && typeof b === "number";
  const bothStr = typeof a === "string" && typeof b === "string";
  if (!bothNum && !bothStr) return null;
  switch (op) {
    case "<":
      return a < b;
    case ">":
      return a > b;
    case "<=":
      return a <= b;
    default:
      return a >= b;
  }
}

function arith(op: string, a: Value, b: Value): Value {
  if (op === "+" && typeof a === "string" && typeof b === "string") return a + b;
  if (typeof a !== "number" || typeof b !== "number") return null;
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return b === 0 ? null : a / b;
    default:
      return b === 0 ? null : a % b;
  }
}

/** Compile an expression to a closure. */
export function compileExpr(e: Expr): Compiled {
  switch (e.type) {
    case "field": {
      const name = e.name;
      return (r) => r[name] ?? null;
    }
    case "string":
    case "boolean": {
      const v = e.value;
      return () => v;
    }
    case "number": {
      const v = e.value;
      return () => v;
    }
    case "duration": {
      const v = e.ms;
      return () => v;
    }
    case "null":
      return () => null;
    case "var":
      throw new Spl2CompileError(`Variable '$${e.name}' can only be used in 'from' or 'union'.`, e.start, e.end);
    case "regex": {
      const t = translateJavaRegex(e.source, e.flags);
      if (!t.ok) throw new Spl2CompileError(t.message, e.start + 1 + Math.min(t.offset, e.source.length), e.end);
      const re = t.regex;
      return () => re;
    }
    case "list": {
      const items = e.items.map(compileExpr);
      return (r) => items.map((f) => f(r));
    }
    case "map": {
      const entries = e.entries.map(({ key, value }) => {
        if (key.type !== "string" && key.type !== "field") throw new Spl2CompileError("A map key must be a string.", key.start, key.end);
        return [key.type === "string" ? key.value : key.name, compileExpr(value)] as const;
      });
      return (r) => {
        const m: ValueMap = newMap();
        for (const [k, f] of entries) m[k] = f(r);
        return m;
      };
    }
    case "unary": {
      const f = compileExpr(e.operand);
      if (e.op === "NOT") {
        return (r) => {
          const v = truth(f(r));
          return v === null ? null : !v;
        };
      }
      return (r) => {
        const v = f(r);
        return typeof v === "number" ? -v : null;
      };
    }
    case "isnull": {
      const f = compileExpr(e.operand);
      return e.negated ? (r) => f(r) !== null : (r) => f(r) === null;
    }
    case "like": {
      const f = compileExpr(e.operand);
      if (e.pattern.type === "string") {
        const test = likeMatcher(e.pattern.value);
        return e.negated
          ? (r) => {
              const v = f(r);
              return typeof v === "string" ? !test(v) : false;
            }
          : (r) => {
              const v = f(r);
              return typeof v === "string" && test(v);
            };
      }
      const p = compileExpr(e.pattern);
      return (r) => {
        const v = f(r);
        if (typeof v !== "string") return false;
        return e.negated ? !likeMatch(v, p(r)) : likeMatch(v, p(r));
      };
    }
    case "in": {
      const f = compileExpr(e.operand);
      const items = e.items.map(compileExpr);
      return (r) => {
        const v = f(r);
        if (v === null) return null;
        let found = false;
        for (const it of items) {
          const x = it(r);
          if (Array.isArray(x) ? x.some((y) => valuesEqual(v, y)) : valuesEqual(v, x)) {
            found = true;
            break;
          }
        }
        return e.negated ? !found : found;
      };
    }
    case "binary":
      return compileBinary(e);
    case "call":
      return compileCall(e);
  }
}

function compileBinary(e: Extract<Expr, { type: "binary" }>): Compiled {
  const { op } = e;
  if ((op === "=" || op === "==" || op === "!=") && (isNullLit(e.left) || isNullLit(e.right))) {
    // `x = null` / `x != null` appear in the corpus as null tests.
    const f = compileExpr(isNullLit(e.left) ? e.right : e.left);
    return op === "!=" ? (r) => f(r) !== null : (r) => f(r) === null;
  }
  const a = compileExpr(e.left);
  const b = compileExpr(e.right);
  switch (op) {
    case "AND":
      return (r) => {
        const x = truth(a(r));
        if (x === false) return false;
        const y = truth(b(r));
        if (y === false) return false;
        return x === null || y === null ? null : true;
      };
    case "OR":
      return (r) => {
        const x = truth(a(r));
        if (x === true) return true;
        const y = truth(b(r));
        if (y === true) return true;
        return x === null || y === null ? null : false;
      };
    case "XOR":
      return (r) => {
        const x = truth(a(r));
        const y = truth(b(r));
        return x === null || y === null ? null : x !== y;
      };
    case "=":
    case "==":
      return (r) => {
        const x = a(r);
        const y = b(r);
        if (x === null || y === null) return null;
        return x === y || valuesEqual(x, y);
      };
    case "!=":
    case "<":
    case ">":
    case "<=":
    case ">=":
      return (r) => compare(op, a(r), b(r));
    default:
      return (r) => arith(op, a(r), b(r));
  }
}

function compileCall(e: Extract<Expr, { type: "call" }>): Compiled {
  const spec = FUNCTIONS[e.name];
  if (!spec) throw new Spl2CompileError(`Unknown function '${e.name}'.`, e.start, e.nameEnd);
  if (e.args.length < spec.min || e.args.length > spec.max) {
    const want = spec.min === spec.max ? `${spec.min}` : `${spec.min} to ${spec.max}`;
    throw new Spl2CompileError(`${e.name}() takes ${want} argument${spec.max === 1 ? "" : "s"}, got ${e.args.length}.`, e.start, e.end);
  }
  if (e.name === "if") {
    const [c, t, f] = e.args.map(compileExpr) as [Compiled, Compiled, Compiled];
    return (r) => (c(r) === true ? t(r) : f(r));
  }
  if (e.name === "case") {
    if (e.args.length % 2) throw new Spl2CompileError("case() takes condition/value pairs.", e.start, e.end);
    const fs = e.args.map(compileExpr);
    return (r) => {
      for (let i = 0; i < fs.length; i += 2) if (fs[i]!(r) === true) return fs[i + 1]!(r);
      return null;
    };
  }
  if (e.name === "iterator") {
    const [l, n] = e.args.map(compileExpr) as [Compiled, Compiled];
    return (r) => {
      const items = l(r);
      const name = n(r);
      return Array.isArray(items) && typeof name === "string" ? { iterator: true, items, name } : null;
    };
  }
  if (e.name === "for_each") {
    const [it, body] = e.args.map(compileExpr) as [Compiled, Compiled];
    return (r) => {
      const raw = it(r);
      if (raw === null || typeof raw !== "object" || !("iterator" in raw)) return null;
      const v = raw as ValueIterator;
      const saved = r[v.name];
      const out = v.items.map((x) => {
        r[v.name] = x;
        return body(r);
      });
      if (saved === undefined) delete r[v.name];
      else r[v.name] = saved;
      return out;
    };
  }
  if (e.name === "match_regex" || e.name === "replace") {
    const re = e.args[1]!;
    if (re.type === "string") {
      const t = translateJavaRegex(re.value);
      if (!t.ok) throw new Spl2CompileError(t.message, re.start, re.end);
    }
  }
  const impl = spec.impl!;
  const args = e.args.map(compileExpr);
  if (e.name === "map_get" && e.args[1]?.type === "string") {
    // The hot path of every SSA pipeline: map_get(input_event, "key").
    const m = args[0]!;
    const key = e.args[1].value;
    return (r) => {
      const v = m(r);
      return isMap(v) && Object.hasOwn(v, key) ? (v[key] ?? null) : null;
    };
  }
  if (e.name === "ucast" && e.args[1]?.type === "string") {
    const [v, , d] = args as [Compiled, Compiled, Compiled];
    const is = typePredicate(e.args[1].value);
    return (r) => {
      const x = v(r);
      return x !== null && is(x) ? x : d(r);
    };
  }
  if (e.name === "match_regex" && e.args[1]?.type === "regex") {
    const s = args[0]!;
    const re = (args[1]!(newMap()) as RegExp) ?? null;
    return (r) => {
      const v = s(r);
      return typeof v === "string" ? re.test(v) : null;
    };
  }
  if (e.name === "replace" && e.args[1]?.type === "regex") {
    const [s, reF, repl] = args as [Compiled, Compiled, Compiled];
    const g = toRegExp(reF(newMap()), true)!;
    return (r) => {
      const v = s(r);
      const t = repl(r);
      return typeof v === "string" && typeof t === "string" ? v.replace(g, t) : null;
    };
  }
  switch (args.length) {
    case 0:
      return () => impl([]);
    case 1: {
      const [a] = args as [Compiled];
      return (r) => impl([a(r)]);
    }
    case 2: {
      const [a, b] = args as [Compiled, Compiled];
      return (r) => impl([a(r), b(r)]);
    }
    case 3: {
      const [a, b, c] = args as [Compiled, Compiled, Compiled];
      return (r) => impl([a(r), b(r), c(r)]);
    }
    default:
      return (r) => impl(args.map((f) => f(r)));
  }
}
