import { describe, expect, it } from "vitest";
import {
  ANY,
  ONE,
  and,
  emitEvalExpr,
  emitSearchExpr,
  match,
  normalizeGlob,
  not,
  or,
  planQuery,
  quoteString,
  renderSearch,
  renderTstats,
  SEARCH,
  TSTATS,
  type Node,
} from "../../src/spl/index.js";

const s = (n: Node) => emitSearchExpr(SEARCH, n);

describe("spl dialect", () => {
  it("escapes backslash and double quote inside quoted strings", () => {
    expect(quoteString(SEARCH, 'a\\b"c')).toBe('"a\\\\b\\"c"');
  });
  it("quotes field names that are not plain", () => {
    expect(s(match("my field", "x"))).toBe('"my field"="x"');
    expect(s(match("Processes.process", "x"))).toBe('Processes.process="x"');
  });
});

describe("search expressions", () => {
  it("writes wildcards bare inside quotes and escapes literals", () => {
    expect(s(match("Image", [ANY, "\\rundll32.exe"]))).toBe('Image="*\\\\rundll32.exe"');
  });
  it("writes integers unquoted", () => {
    expect(s(match("EventCode", "4688"))).toBe("EventCode=4688");
    expect(s(match("EventCode", "0042"))).toBe('EventCode="0042"');
  });
  it("uses IN for several values of one field in an OR", () => {
    expect(s(or(match("a", "1"), match("b", "x"), match("a", "2")))).toBe('a IN (1, 2) OR b="x"');
  });
  it("follows Splunk precedence NOT > OR > AND: no parentheses for OR inside AND", () => {
    expect(s(and(or(match("a", "x"), match("b", "y")), match("c", "z")))).toBe('a="x" OR b="y" c="z"');
  });
  it("parenthesizes AND inside OR and composites under NOT", () => {
    expect(s(or(and(match("a", "x"), match("b", "y")), match("c", "z")))).toBe('(a="x" b="y") OR c="z"');
    expect(s(not(or(match("a", "x"), match("b", "y"))))).toBe('NOT (a="x" OR b="y")');
    expect(s(not(or(match("a", "x"), match("a", "y"))))).toBe('NOT a IN ("x", "y")');
  });
  it("writes exists, null, numeric comparison and cidr", () => {
    expect(s({ type: "exists", field: "f" })).toBe("f=*");
    expect(s({ type: "null", field: "f" })).toBe("NOT f=*");
    expect(s({ type: "compare", field: "f", op: ">=", value: 5 })).toBe("f>=5");
    expect(s({ type: "cidr", field: "ip", cidr: "10.0.0.0/8" })).toBe('ip="10.0.0.0/8"');
  });
  it("writes keywords as quoted terms", () => {
    expect(s(or({ type: "keyword", glob: ["mimi\"katz"] }, { type: "keyword", glob: ["42"] }))).toBe('"mimi\\"katz" OR "42"');
  });
  it("parenthesizes every nested group in tstats", () => {
    expect(emitSearchExpr(TSTATS, and(or(match("a", "x"), match("b", "y")), match("c", "z")))).toBe('(a="x" OR b="y") c="z"');
  });
});

describe("glob normalisation", () => {
  it("merges literals and collapses stars", () => {
    expect(normalizeGlob(["a", "", "b", ANY, ANY, ONE])).toEqual(["ab", ANY, ONE]);
  });
});

describe("query plans", () => {
  const re: Node = { type: "regex", field: "CommandLine", pattern: '\\s"x', flags: { i: true } };
  it("moves a top-level regex to | regex with escaping", () => {
    expect(renderSearch(and(match("Image", [ANY, "\\a.exe"]), re))).toBe(
      'Image="*\\\\a.exe" | regex CommandLine="(?i)\\\\s\\"x"',
    );
    expect(renderSearch(and(match("a", "1"), not(re)))).toBe('a=1 | regex CommandLine!="(?i)\\\\s\\"x"');
  });
  it("moves a regex under OR to | where, keeping null semantics under NOT", () => {
    const q = and(match("a", "1"), not(or(re, match("b", ["x", ONE]))));
    expect(planQuery(q).where).toHaveLength(1);
    expect(renderSearch(q)).toBe(
      'a=1 | where (isnull(CommandLine) OR NOT match(CommandLine, "(?i)\\\\s\\"x")) AND (isnull(b) OR NOT match(b, "(?is)^x.$"))',
    );
  });
  it("parenthesizes a comparison under NOT in eval (NOT's precedence against comparisons is undocumented)", () => {
    expect(emitEvalExpr(not({ type: "compare", field: "n", op: ">", value: 5 }))).toBe("(isnull(n) OR NOT (tonumber(n)>5))");
    expect(emitEvalExpr(not({ type: "fieldref", field: "a", other: "b" }))).toBe("(isnull(a) OR isnull(b) OR NOT (lower(a)==lower(b)))");
    expect(emitEvalExpr(not({ type: "exists", field: "a" }))).toBe("NOT isnotnull(a)");
  });
  it("writes a literal star through a regex", () => {
    expect(emitEvalExpr(match("f", ["a*b", ANY]))).toBe('match(f, "(?i)^a\\\\*b")');
    expect(emitEvalExpr(match("f", [ANY, "x", ANY, "y"]))).toBe('match(f, "(?is)x.*y$")');
  });
  it("falls back to * when only post-filters remain, and appends table", () => {
    expect(renderSearch(re, { table: ["a", "b c"] })).toBe('* | regex CommandLine="(?i)\\\\s\\"x" | table a,"b c"');
    expect(renderSearch(match("a", "1"), { prefix: 'source="WinEventLog:Security"' })).toBe('source="WinEventLog:Security" a=1');
  });
  it("renders tstats with post-filters on short names and their fields in by", () => {
    const q = and(match("Processes.process_name", "rundll32.exe"), { type: "regex", field: "Processes.process", pattern: "x+", flags: {} });
    expect(renderTstats(q, { datamodel: "Endpoint.Processes", object: "Processes", by: ["Processes.dest"] })).toBe(
      "| tstats `security_content_summariesonly` count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes where Processes.process_name=\"rundll32.exe\" by Processes.dest Processes.process | `drop_dm_object_name(Processes)` | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)` | regex process=\"x+\"",
    );
  });
  it("rejects keywords in tstats", () => {
    expect(() => renderTstats({ type: "keyword", glob: ["x"] }, { datamodel: "A.B", object: "B", by: [] })).toThrow(/keywords/);
  });
});
