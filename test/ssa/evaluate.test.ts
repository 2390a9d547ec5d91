import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileProgram, UnsupportedCommandError } from "../../src/ssa/evaluate.js";
import { parseSpl2 } from "../../src/ssa/parser.js";
import { fromJson, type ValueMap } from "../../src/ssa/values.js";
import { REPO } from "./helpers.js";

const SEED = readFileSync(join(REPO, "test/ssa/golden/comsvcs-structured/expected.spl2"), "utf8");

function compile(text: string) {
  const r = parseSpl2(text);
  if (!r.ok) throw new Error(r.error.message);
  return compileProgram(r.program, text);
}
const ev = (o: Record<string, unknown>) => fromJson(o) as ValueMap;

/** Run `| eval out=<expr>` over one event and return out. */
function value(expr: string, input: Record<string, unknown> = {}) {
  const p = compile(`| from read_ssa_enriched_events() | eval out=${expr}, start_time=1, end_time=1, entities=["d"], body=create_map(["o", out]) | into write_ssa_detected_events();`);
  return p.run([ev(input)])[0]!.fields.out;
}
/** Whether `| where <cond>` keeps the event. */
function keeps(cond: string, input: Record<string, unknown> = {}) {
  const p = compile(`| from read_ssa_enriched_events() | where ${cond} | eval start_time=1, end_time=1, entities=["d"] | into write_ssa_detected_events();`);
  return p.run([ev(input)]).length === 1;
}

describe("evaluator: the comsvcs seed pipeline", () => {
  const program = compile(SEED);
  it("detects rundll32 calling comsvcs.dll MiniDump and builds the output contract", () => {
    const out = program.run([
      ev({ _time: "1637764267000", process_name: "rundll32.exe", process: "rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump 624 C:\\temp\\lsass.dmp full", dest_device_id: "ws1", event_id: "e1" }),
      ev({ _time: "1637764268000", process_name: "rundll32.exe", process: "rundll32.exe shell32.dll,Control_RunDLL", dest_device_id: "ws1", event_id: "e2" }),
      ev({ _time: "1637764269000", process_name: "cmd.exe", process: "cmd /c comsvcs.dll MiniDump", dest_device_id: "ws1", event_id: "e3" }),
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]!.start_time).toBe(1637764267000);
    expect(out[0]!.end_time).toBe(1637764267000);
    expect(out[0]!.entities).toEqual(["ws1"]);
    expect({ ...(out[0]!.body as object) }).toEqual({ event_id: "e1", process_name: "rundll32.exe", process: "rundll32.exe c:\\windows\\system32\\comsvcs.dll, minidump 624 c:\\temp\\lsass.dmp full" });
  });
  it("drops events whose fields are missing or of another type (ucast does not convert)", () => {
    expect(program.run([ev({ _time: 1637764267000, process_name: "rundll32.exe", process: "comsvcs.dll MiniDump" })])).toHaveLength(1);
    expect(program.run([ev({ process_name: 5, process: "comsvcs.dll MiniDump" })])).toHaveLength(0);
    expect(program.run([ev({})])).toHaveLength(0);
  });
});

describe("evaluator: function and operator semantics", () => {
  it("ucast, cast, parse_long", () => {
    expect(value('ucast(map_get(input_event, "n"), "string", "dflt")', { n: 5 })).toBe("dflt");
    expect(value('ucast(map_get(input_event, "n"), "long", null)', { n: 5 })).toBe(5);
    expect(value('cast(map_get(input_event, "n"), "string")', { n: 5 })).toBe("5");
    expect(value('parse_long("12x")')).toBe(null);
    expect(value('parse_long(" 42 ")')).toBe(42);
  });
  it("strings: lower, len, substr (1-based), split, mvindex (negative), replace with groups, concat, coalesce", () => {
    expect(value('substr("abcdef", 2, 3)')).toBe("bcd");
    expect(value('mvindex(split("C:\\\\a\\\\b.exe", "\\\\"), -1)')).toBe("b.exe");
    expect(value('replace("a1b22", /(\\d+)/, "<$1>")')).toBe("a<1>b<22>");
    expect(value('concat("a", null)')).toBe(null);
    expect(value('coalesce(null, "x", "y")')).toBe("x");
    expect(value('len(lower("ABC"))')).toBe(3);
    expect(value('mvappend(null, "x", ["y", null])')).toEqual(["x", "y"]);
    expect({ ...(value('create_map(["a", 1, "b", null])') as object) }).toEqual({ a: 1, b: null });
    expect(value('if(1 > 2, "y", "n")')).toBe("n");
    expect(value('case(false, 1, true, 2)')).toBe(2);
    expect(value("(-1)*log(1)")).toBe(-0);
  });
  it("null logic: comparisons with null drop the event, = null tests for null", () => {
    expect(keeps('x = "a"')).toBe(false);
    expect(keeps('x != "a"')).toBe(false);
    expect(keeps("x = null")).toBe(true);
    expect(keeps("x != null")).toBe(false);
    expect(keeps("x IS NULL AND NOT y IS NOT NULL")).toBe(true);
    expect(keeps('match_regex(x, /a/)=false')).toBe(false);
    expect(keeps('x = "a" OR 1 = 1')).toBe(true);
  });
  it("LIKE is whole-string and case-sensitive; IN tests lists and values", () => {
    const input = { input: 1 };
    expect(keeps('"rundll32.exe" LIKE "%dll32.exe"', input)).toBe(true);
    expect(keeps('"rundll32.exe" LIKE "dll32%"', input)).toBe(false);
    expect(keeps('like("Rundll32.exe", "rundll%")')).toBe(false);
    expect(keeps('"a_c" LIKE "a_c" AND "abc" LIKE "a_c"')).toBe(true);
    expect(keeps('"Authentication" IN(_datamodels)', { _datamodels: ["Authentication"] })).toBe(true);
    expect(keeps('"Authentication" IN(_datamodels)', {})).toBe(false);
    expect(keeps('NOT "b" IN ("a", "c")')).toBe(true);
  });
  it("eval assigns left to right", () => {
    expect(value('"x"') ).toBe("x");
    const p = compile('| from read_ssa_enriched_events() | eval a="A1", a=replace(a, /\\d/, "N"), start_time=1, end_time=1, entities="dev", body="TBD" | into write_ssa_detected_events();');
    const out = p.run([ev({})]);
    expect(out[0]!.fields.a).toBe("AN");
    expect(out[0]!.entities).toEqual(["dev"]);
  });
});

describe("evaluator: commands", () => {
  it("rex adds named groups; rename and select reshape records", () => {
    const p = compile('| from read_ssa_enriched_events() | eval p=ucast(map_get(input_event, "p"), "string", null) | rex field=p "(?<Base>[^\\\\\\\\]+)$" | rename Base AS base | select base, 1 AS start_time, 1 AS end_time, ["d"] AS entities, {} AS body | into write_ssa_detected_events();');
    const out = p.run([ev({ p: "C:\\x\\winword.exe" })]);
    expect({ ...out[0]!.fields }).toEqual({ base: "winword.exe", start_time: 1, end_time: 1, entities: ["d"], body: {} });
  });
  it("union concatenates named statements", () => {
    const p = compile('$s = | from read_ssa_enriched_events() | eval n=ucast(map_get(input_event, "n"), "string", null);\n$a = | from $s | where n="a";\n$b = | from $s | where n="b";\n| from $a | union $b | eval start_time=1, end_time=1, entities=[n], body={} | into write_ssa_detected_events();');
    expect(p.run([ev({ n: "a" }), ev({ n: "b" }), ev({ n: "c" })]).map((e) => e.entities[0])).toEqual(["a", "b"]);
  });
  it("stats counts per key in tumbling windows with window_start/window_end", () => {
    const p = compile('| from read_ssa_enriched_events() | eval ts=parse_long(ucast(map_get(input_event, "_time"), "string", null)), d=ucast(map_get(input_event, "d"), "string", null) | stats count(d) AS c, estdc(d) AS u by d, span(ts, 10s) | eval start_time=window_start, end_time=window_end, entities=[d], body=create_map(["c", c]) | into write_ssa_detected_events();');
    const out = p.run([ev({ _time: "1000", d: "x" }), ev({ _time: "2000", d: "x" }), ev({ _time: "12000", d: "x" }), ev({ _time: "3000", d: "y" })]);
    expect(out.map((e) => [e.start_time, e.end_time, e.entities[0], e.fields.c])).toEqual([
      [0, 10000, "x", 2],
      [0, 10000, "y", 1],
      [10000, 20000, "x", 1],
    ]);
  });
  it("refuses stateful/ML commands with their position", () => {
    const text = "| from read_ssa_enriched_events() | first_time_event input_columns=[\"a\"] | into write_ssa_detected_events();";
    const r = parseSpl2(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    try {
      compileProgram(r.program, text);
      throw new Error("expected UnsupportedCommandError");
    } catch (err) {
      expect(err).toBeInstanceOf(UnsupportedCommandError);
      expect(text.slice((err as UnsupportedCommandError).start)).toMatch(/^first_time_event/);
    }
  });
});
