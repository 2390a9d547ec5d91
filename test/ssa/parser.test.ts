import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseSpl2, parseSpl2Expression } from "../../src/ssa/parser.js";
import { translateJavaRegex } from "../../src/ssa/regex.js";
import { HAVE_SHARED, REPO, SSA_CORPUS, walkFiles } from "./helpers.js";

const SEED = readFileSync(join(REPO, "test/ssa/golden/comsvcs-structured/expected.spl2"), "utf8");

describe("SPL2 parser", () => {
  it("parses the seed pipeline into from/eval/where/eval/into", () => {
    const r = parseSpl2(SEED);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const cmds = r.program.statements[0]!.pipeline.commands;
    expect(cmds.map((c) => c.kind)).toEqual(["from", "eval", "where", "eval", "into"]);
    const ev = cmds[1]!;
    expect(ev.kind === "eval" && ev.assignments.map((a) => a.name)).toEqual(["tenant", "machine", "process_name", "timestamp", "process", "event_id"]);
    const where = cmds[2]!;
    expect(where.kind === "where" && where.condition.type === "binary" && where.condition.op).toBe("AND");
  });

  it("parses multi-statement programs with variables and union", () => {
    const r = parseSpl2('$a = | from read_ssa_enriched_events() | eval x=1;\n$b = | from $a | where x=1;\n| from $a | union $b | into write_ssa_detected_events();');
    expect(r.ok && r.program.statements.map((s) => s.variable)).toEqual(["a", "b", undefined]);
  });

  it("reports a syntax error with its offset", () => {
    const text = '| from read_ssa_enriched_events() | where process_name = = "x" | into write_ssa_detected_events();';
    const r = parseSpl2(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(/Expected an expression, found '='/);
    expect(text.slice(r.error.start, r.error.end)).toBe("=");
    expect(r.error.start).toBe(text.indexOf("= =") + 2);
  });

  it("rejects unknown commands and a missing ';'", () => {
    const a = parseSpl2("| from read_ssa_enriched_events() | frobnicate x | into write_ssa_detected_events();");
    expect(!a.ok && a.error.message).toMatch(/Unknown command 'frobnicate'/);
    const b = parseSpl2("| from read_ssa_enriched_events() | into write_ssa_detected_events()");
    expect(!b.ok && b.error.message).toMatch(/Missing ';'/);
  });

  it("handles precedence: NOT > AND > OR, comparisons over arithmetic", () => {
    const r = parseSpl2Expression("NOT a=1 OR b>1+2*3 AND c IS NOT NULL");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const e = r.expr;
    expect(e.type === "binary" && e.op).toBe("OR");
    if (e.type !== "binary") return;
    expect(e.left.type === "unary" && e.left.op).toBe("NOT");
    expect(e.right.type === "binary" && e.right.op).toBe("AND");
  });

  it("tells a regex literal from division, and skips /* comments */", () => {
    const r = parseSpl2Expression("replace(a, /x\\/y/i, \"z\") /* note */ / 2");
    expect(r.ok).toBe(true);
    if (!r.ok || r.expr.type !== "binary") throw new Error("expected division");
    expect(r.expr.op).toBe("/");
    const call = r.expr.left;
    expect(call.type === "call" && call.args[1]).toMatchObject({ type: "regex", source: "x\\/y", flags: "i" });
  });

  it("reads durations, long suffixes, maps, lists and IN", () => {
    const r = parseSpl2Expression('span(ts, 10m) = 604800000L AND "A" IN(_datamodels) AND {"k": [1, 2]} = null');
    expect(r.ok).toBe(true);
    const s = JSON.stringify(r.ok && r.expr);
    expect(s).toContain('"type":"duration","ms":600000');
    expect(s).toContain('"value":604800000,"suffix":"L"');
    expect(s).toContain('"type":"in"');
  });
});

describe("Java regex translation", () => {
  it("turns a leading (?i) into the i flag", () => {
    const r = translateJavaRegex("(?i)comsvcs.dll[,\\s]+MiniDump");
    expect(r.ok && r.regex.flags).toBe("i");
    expect(r.ok && r.regex.test("COMSVCS.DLL, minidump")).toBe(true);
  });
  it("hoists (?i) after an anchor, rejects it where it would change meaning", () => {
    const a = translateJavaRegex("^(?i)kd\\.exe");
    expect(a.ok && a.regex.test("KD.EXE")).toBe(true);
    const b = translateJavaRegex("abc(?i)def");
    expect(b.ok).toBe(false);
  });
  it("rewrites a quantified lookbehind and \\Q..\\E, rejects possessive quantifiers", () => {
    const a = translateJavaRegex("(?<=\\s)+\\\\[^:]*");
    expect(a.ok && a.regex.source).toBe("(?<=\\s)\\\\[^:]*");
    const q = translateJavaRegex("\\Qa.b\\E+");
    expect(q.ok && q.regex.test("a.bb") && !q.regex.test("axb")).toBe(true);
    expect(translateJavaRegex("a++").ok).toBe(false);
    expect(translateJavaRegex("(?>a)").ok).toBe(false);
  });
});

describe.skipIf(!HAVE_SHARED)("ssa-2022 corpus", () => {
  it("parses all 79 pipelines", () => {
    const files = walkFiles(join(SSA_CORPUS, "detections"), ".yml");
    expect(files.length).toBe(79);
    const failures = files.flatMap((f) => {
      const r = parseSpl2(parse(readFileSync(f, "utf8")).search);
      return r.ok ? [] : [`${f}: ${r.error.message}`];
    });
    expect(failures).toEqual([]);
  });
});
