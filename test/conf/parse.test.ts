import { describe, expect, it } from "vitest";
import { parseConf } from "../../src/conf/parse.js";

const keys = (text: string, stanza: string) => Object.fromEntries(parseConf(text).stanzas.find((s) => s.name === stanza)!.keys);

describe("parseConf", () => {
  it("reads stanzas, settings, comments and trims keys and values", () => {
    const r = parseConf("# comment\n; also a comment\n[a]\n key  =  v 1 \nx=\n\n[b]\ny = z # not a comment\n");
    expect(r.problems).toEqual([]);
    expect(r.stanzas.map((s) => [s.name, s.line])).toEqual([["a", 3], ["b", 7]]);
    expect(keys("[a]\n key  =  v 1 \nx=\n", "a")).toEqual({ key: "v 1", x: "" });
    expect(r.stanzas[1]!.keys.get("y")).toBe("z # not a comment");
  });

  it("puts settings before the first stanza into [default]", () => {
    const r = parseConf("a = 1\n[s]\nb = 2\n");
    expect(r.stanzas.map((s) => s.name)).toEqual(["default", "s"]);
    expect(r.stanzas[0]!.keys.get("a")).toBe("1");
    expect(r.stanzas[0]!.line).toBe(1);
  });

  it("ends the stanza name at the last ']'", () => {
    const r = parseConf("[savedsearch://ESCU - a]b - Rule]\nk = v\n");
    expect(r.stanzas[0]!.name).toBe("savedsearch://ESCU - a]b - Rule");
  });

  it("joins continuation lines before classifying them and keeps the newline", () => {
    const r = parseConf("[s]\nsearch = a \\\n[evil]\\\nk = v\nnext = 1\n");
    expect(r.problems).toEqual([]);
    expect(r.stanzas).toHaveLength(1);
    expect(r.stanzas[0]!.keys.get("search")).toBe("a \n[evil]\nk = v");
    expect(r.stanzas[0]!.keys.get("next")).toBe("1");
  });

  it("reports whitespace after a continuation backslash and does not join", () => {
    const r = parseConf("[s]\na = x \\ \nb = y\n");
    expect(r.problems).toEqual([{ line: 2, message: expect.stringMatching(/trailing whitespace/) }]);
    expect(Object.fromEntries(r.stanzas[0]!.keys)).toEqual({ a: "x \\", b: "y" });
  });

  it("reports duplicate stanzas and keys, merging with the later value winning", () => {
    const r = parseConf("[s]\na = 1\na = 2\n[t]\n[s]\nb = 3\na = 4\n");
    expect(r.problems.map((p) => p.line)).toEqual([3, 5, 7]);
    expect(r.problems[0]!.message).toMatch(/Repeat item name 'a'/);
    expect(r.problems[1]!.message).toMatch(/Duplicate stanza \[s\]/);
    expect(Object.fromEntries(r.stanzas[0]!.keys)).toEqual({ a: "4", b: "3" });
    expect(r.stanzas).toHaveLength(2);
  });

  it("reports junk lines, unclosed headers, empty keys and a dangling continuation", () => {
    const r = parseConf("[s\njunk\n= v\n[t]\nk = \\");
    expect(r.problems.map((p) => p.line)).toEqual([1, 2, 3, 5]);
  });

  it("accepts CRLF and a BOM", () => {
    const r = parseConf("\ufeff[s]\r\na = 1\r\nb = 2 \\\r\nc\r\n");
    expect(Object.fromEntries(r.stanzas[0]!.keys)).toEqual({ a: "1", b: "2 \nc" });
  });
});
