// `pass_condition` of SSA test files: @count_eq(n), @count_lt, @count_gt, @count_lte, @count_gte, @count_not
// over the number of detected events, combined with & (and), ^ (xor), | (or), ! (not) and parentheses
// (precedence ! > & > ^ > |). Pure; a bad condition is a value, not an exception.

export type PassCondition = (count: number) => boolean;
export type PassConditionResult = { ok: true; test: PassCondition } | { ok: false; message: string; offset: number };

const COUNTS: Record<string, (c: number, n: number) => boolean> = {
  count_eq: (c, n) => c === n,
  count_not: (c, n) => c !== n,
  count_lt: (c, n) => c < n,
  count_gt: (c, n) => c > n,
  count_lte: (c, n) => c <= n,
  count_gte: (c, n) => c >= n,
};

class Fail extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function parsePassCondition(text: string): PassConditionResult {
  let i = 0;
  const ws = () => {
    while (/\s/.test(text[i] ?? "")) i++;
  };
  const binary = (ops: string, next: () => PassCondition, combine: (a: boolean, b: boolean) => boolean) => (): PassCondition => {
    let left = next();
    for (ws(); ops.includes(text[i] ?? "\0") && text[i]; ws()) {
      i++;
      const l = left;
      const r = next();
      left = (c) => combine(l(c), r(c));
    }
    return left;
  };
  const unary = (): PassCondition => {
    ws();
    if (text[i] === "!") {
      i++;
      const f = unary();
      return (c) => !f(c);
    }
    if (text[i] === "(") {
      i++;
      const f = or();
      ws();
      if (text[i] !== ")") throw new Fail("Expected ')'.", i);
      i++;
      return f;
    }
    const m = /^@(\w+)\(\s*(-?\d+)\s*\)/.exec(text.slice(i));
    if (!m) throw new Fail("Expected a function such as @count_gt(0).", i);
    const fn = COUNTS[m[1]!];
    if (!fn) throw new Fail(`Unknown function '@${m[1]}'; use one of ${Object.keys(COUNTS).map((k) => "@" + k).join(", ")}.`, i);
    i += m[0].length;
    const n = Number(m[2]);
    return (c) => fn(c, n);
  };
  const and = binary("&", unary, (a, b) => a && b);
  const xor = binary("^", and, (a, b) => a !== b);
  const or: () => PassCondition = binary("|", xor, (a, b) => a || b);
  try {
    const test = or();
    ws();
    if (i < text.length) throw new Fail(`Unexpected '${text[i]}'.`, i);
    return { ok: true, test };
  } catch (err) {
    if (err instanceof Fail) return { ok: false, message: err.message, offset: err.offset };
    throw err;
  }
}
