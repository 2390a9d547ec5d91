// Unit tests of the EQL and KQL parsers, the TOML/NDJSON readers and the metadata helpers.
import { describe, expect, test } from "vitest";
import { QuerySyntaxError, QueryUnsupportedError } from "../../src/elastic/ast.js";
import { parseEql } from "../../src/elastic/eql.js";
import { parseKql } from "../../src/elastic/kql.js";
import { cronOf, splitRisk, uuidv5 } from "../../src/elastic/metadata.js";
import { parseRuleNdjson, parseRuleToml } from "../../src/elastic/read.js";
import { relativeTime } from "../../src/elastic/convert.js";

describe("EQL parser", () => {
  test("event query with operators", () => {
    const q = parseEql('process where a.b : "x*" and not c == 1 or d in~ ("A", "b")');
    expect(q).toMatchObject({ k: "event", query: { category: "process", where: { k: "or" } } });
  });
  test("`:` is case-insensitive with wildcards; == is exact", () => {
    const q = parseEql('any where f : "a?b" and g == "a*b"');
    if (q.k !== "event") throw new Error();
    const [colon, eq] = (q.query.where as { items: unknown[] }).items;
    expect(colon).toMatchObject({ op: "eq", ci: true, wildcard: true, single: true, values: ["a?b"] });
    expect(eq).toMatchObject({ op: "eq", ci: false, wildcard: false, values: ["a*b"] });
  });
  test("raw strings keep backslashes; escaped strings decode them", () => {
    const q = parseEql('any where f regex """a\\d+""" and g : "C:\\\\Windows"');
    if (q.k !== "event") throw new Error();
    const [re, g] = (q.query.where as { items: { values: string[] }[] }).items;
    expect(re.values[0]).toBe("a\\d+");
    expect(g.values[0]).toBe("C:\\Windows");
  });
  test("null comparisons become existence tests", () => {
    const q = parseEql("any where a != null and b == null");
    expect(JSON.stringify(q)).toContain('"k":"exists"');
    expect(JSON.stringify(q)).toContain('"k":"not"');
  });
  test("sequence with by, maxspan, per-step by, runs and until", () => {
    const q = parseEql("sequence by host.id with maxspan=2m [process where true] by process.entity_id [file where true] with runs=3 until [process where false]");
    expect(q).toMatchObject({ k: "sequence", by: ["host.id"], maxspanMs: 120000, steps: [{ by: ["process.entity_id"], runs: 1 }, { runs: 3 }], until: { by: [] } });
  });
  test("maxspan units", () => {
    for (const [t, ms] of [["500ms", 500], ["30s", 30000], ["1h", 3600000], ["1d", 86400000]] as const) {
      expect(parseEql(`sequence with maxspan=${t} [any where true]`)).toMatchObject({ maxspanMs: ms });
    }
  });
  test("functions, length comparison and ~", () => {
    const q = parseEql('any where startsWith~(a, "x", "y") and length(b) >= 3');
    expect(JSON.stringify(q)).toContain('"name":"startswith","field":"a","args":["x","y"],"ci":true');
    expect(JSON.stringify(q)).toContain('"cmp":{"op":"ge","value":3}');
  });
  test("syntax errors carry the offset", () => {
    try {
      parseEql('process where a : ("x", ');
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(QuerySyntaxError);
      expect((e as QuerySyntaxError).offset).toBe(24);
    }
  });
  test("unsupported constructs are reported as such", () => {
    expect(() => parseEql("any where startsWith(a, b)")).toThrow(QueryUnsupportedError);
    expect(() => parseEql("any where true | head 5")).toThrow(/pipes/);
    expect(() => parseEql("sample by host.id [any where true]")).toThrow(/sample/);
  });
  test("comments are skipped", () => {
    expect(parseEql("process where /* c */ a : \"x\" // end\n")).toMatchObject({ k: "event" });
  });
});

describe("KQL parser", () => {
  test("value lists, quoting and wildcards", () => {
    const q = parseKql('process.name:(cmd.exe or "power shell.exe" or pwsh*)');
    const s = JSON.stringify(q);
    expect(s).toContain('"values":["cmd.exe"],"ci":false,"wildcard":false');
    expect(s).toContain('"values":["power shell.exe"],"ci":false,"wildcard":false');
    expect(s).toContain('"values":["pwsh*"],"ci":false,"wildcard":true');
  });
  test("text fields match phrases case-insensitively; .caseless is case-insensitive", () => {
    const s = JSON.stringify(parseKql('powershell.file.script_block_text:"Get-Item" and process.name.caseless:CMD.EXE'));
    expect(s).toContain('"values":["*Get-Item*"],"ci":true,"wildcard":true');
    expect(s).toContain('"field":"process.name","op":"eq","values":["CMD.EXE"],"ci":true');
  });
  test("exists, ranges, not, precedence", () => {
    const q = parseKql("a:* and not b >= 10 or c:x");
    expect(q).toMatchObject({ query: { where: { k: "or", items: [{ k: "and", items: [{ k: "exists" }, { k: "not", item: { op: "ge", values: [10] } }] }, { k: "cmp" }] } } });
  });
  test("errors", () => {
    expect(() => parseKql('a:"x')).toThrow(/Unterminated/);
    expect(() => parseKql("freetext")).toThrow(QueryUnsupportedError);
    expect(() => parseKql("a:(x or y")).toThrow(/Expected '\)'/);
  });
});

describe("readers", () => {
  const toml = `[metadata]\ncreation_date = "2021/10/17"\nupdated_date = "2024/01/02"\n\n[rule]\nname = "R"\nrule_id = "id-1"\ntype = "eql"\nlanguage = "eql"\nrisk_score = 47\nseverity = "medium"\nquery = '''\nprocess where true\n'''\n`;
  test("TOML: fields, dates and the query position", () => {
    const { rules, diagnostics } = parseRuleToml("r.toml", toml);
    expect(diagnostics).toEqual([]);
    expect(rules[0]).toMatchObject({ name: "R", ruleId: "id-1", riskScore: 47, creationDate: "2021-10-17", updatedDate: "2024-01-02", queryAt: { line: 13, col: 1 } });
    expect(rules[0].keyAt("severity")).toEqual({ line: 11, col: 13 });
  });
  test("TOML syntax errors and non-rules become SC8001 with a position", () => {
    const bad = parseRuleToml("b.toml", "[rule]\nname = \n");
    expect(bad.diagnostics[0]).toMatchObject({ code: "SC8001", span: { line: 2 } });
    expect(parseRuleToml("c.toml", "[x]\na = 1\n").diagnostics[0].message).toMatch(/No \[rule\]/);
  });
  test("NDJSON: one rule per line, the export summary skipped, bad lines reported", () => {
    const text = `${JSON.stringify({ rule_id: "a", name: "A", type: "query", language: "kuery", query: "a:b" })}\n{bad\n${JSON.stringify({ exported_count: 1 })}\n`;
    const { rules, diagnostics } = parseRuleNdjson("e.ndjson", text);
    expect(rules.map((r) => r.name)).toEqual(["A"]);
    expect(rules[0].queryAt).toEqual({ line: 1, col: 70 }); // the "a" of a:b
    expect(diagnostics[0]).toMatchObject({ code: "SC8001", span: { line: 2 } });
  });
});

describe("metadata", () => {
  test("risk score splits exactly into impact x confidence / 100, impact near the severity", () => {
    expect(splitRisk(73, "high")).toEqual({ impact: 73, confidence: 100, risk_score: 73 });
    expect(splitRisk(47, "medium")).toEqual({ impact: 50, confidence: 94, risk_score: 47 });
    expect(splitRisk(21, "low")).toEqual({ impact: 42, confidence: 50, risk_score: 21 });
    expect(splitRisk(99, "critical")).toEqual({ impact: 100, confidence: 99, risk_score: 99 });
    for (let r = 1; r <= 100; r++) for (const s of ["low", "medium", "high", "critical"]) {
      const x = splitRisk(r, s);
      expect(x.impact * x.confidence).toBe(r * 100);
      expect(x.impact).toBeLessThanOrEqual(100);
      expect(x.confidence).toBeLessThanOrEqual(100);
    }
  });
  test("interval to cron, from to relative time", () => {
    expect(cronOf("5m")).toBe("*/5 * * * *");
    expect(cronOf("60m")).toBe("0 * * * *");
    expect(cronOf("1h")).toBe("0 * * * *");
    expect(cronOf("4h")).toBe("0 */4 * * *");
    expect(cronOf("1d")).toBe("0 0 * * *");
    expect(cronOf("30s")).toBe("* * * * *");
    expect(relativeTime("now-9m")).toBe("-9m");
    expect(relativeTime("now-7d")).toBe("-7d");
  });
  test("UUIDv5 is the RFC 4122 value", () => {
    // Known vector: uuid5(NAMESPACE_DNS, "python.org") = 886313e1-3b8a-5372-9b90-0c9aee199e5d
    expect(uuidv5("python.org", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("886313e1-3b8a-5372-9b90-0c9aee199e5d");
    expect(uuidv5("c5c9f591-d111-4cf8-baec-c26a39bc31ef")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
