import { describe, expect, it } from "vitest";
import { escapeConfKey, escapeConfValue, escapeStanzaName, normalizeConfValue, type ValueChange } from "../../src/conf/escape.js";
import { parseConf } from "../../src/conf/parse.js";
import { ADVERSARIAL } from "./adversarial.js";


function roundTrip(value: string): { parsed: ReturnType<typeof parseConf>; expected: string } {
  const text = `[s]\nk = ${escapeConfValue(value)}\nnext = 1\n[t]\nz = 2\n`;
  return { parsed: parseConf(text), expected: normalizeConfValue(value) };
}

describe("escapeConfValue", () => {
  for (const [name, value] of Object.entries(ADVERSARIAL)) {
    it(`round-trips ${name} as one key of one stanza`, () => {
      const { parsed, expected } = roundTrip(value);
      expect(parsed.problems).toEqual([]);
      expect(parsed.stanzas.map((s) => s.name)).toEqual(["s", "t"]);
      expect(Object.fromEntries(parsed.stanzas[0]!.keys)).toEqual({ k: expected, next: "1" });
    });
  }

  it("keeps everything that a .conf file can hold", () => {
    for (const v of [ADVERSARIAL.stanzaInjection!, ADVERSARIAL.long!, ADVERSARIAL.nonAscii!, ADVERSARIAL.comment!, ADVERSARIAL.blankLines!, ADVERSARIAL.leadingBracket!]) {
      expect(normalizeConfValue(v)).toBe(v);
    }
    expect(normalizeConfValue("a\tb")).toBe("a\tb");
  });

  it("normalises only what it must, and says so", () => {
    const changes: ValueChange[] = [];
    expect(normalizeConfValue(ADVERSARIAL.carriageReturn, changes)).toBe("one\ntwo\nthree");
    expect(changes).toEqual([]);
    expect(normalizeConfValue(ADVERSARIAL.lineSeparator, changes)).toBe("before\nafter\nend\nx");
    expect(normalizeConfValue(ADVERSARIAL.trailingBackslash, changes)).toBe("ends with a backslash");
    expect(normalizeConfValue(ADVERSARIAL.controls, changes)).toBe("bell nul tab\tend");
    expect(changes.map((c) => c.kind)).toEqual(["line-break", "trailing-backslash", "control"]);
    expect(normalizeConfValue(ADVERSARIAL.innerBackslashLine)).toBe("C:\\Windows\\ \nnext line");
    expect(normalizeConfValue(ADVERSARIAL.padded)).toBe("padded");
    expect(normalizeConfValue(ADVERSARIAL.onlyBackslashes)).toBe("");
  });

  it("is idempotent", () => {
    for (const v of Object.values(ADVERSARIAL)) expect(normalizeConfValue(normalizeConfValue(v))).toBe(normalizeConfValue(v));
  });

  it("writes every newline as a backslash continuation and never ends a line in whitespace after the backslash", () => {
    const out = escapeConfValue("a\nb\nc");
    expect(out).toBe("a\\\nb\\\nc");
    for (const line of escapeConfValue(Object.values(ADVERSARIAL).join("\n")).split("\n")) expect(line).not.toMatch(/\\[ \t]+$/);
  });

  it("turns non-strings into text", () => {
    expect(escapeConfValue(["a", "b"])).toBe("a, b");
    expect(escapeConfValue(3)).toBe("3");
    expect(escapeConfValue(undefined)).toBe("");
    expect(escapeConfValue({ b: 1 })).toBe('{"b":1}');
  });
});

describe("stanza names and keys", () => {
  it("keeps a stanza name on one line", () => {
    expect(escapeStanzaName("ESCU - a\n[evil] - Rule")).toBe("ESCU - a [evil] - Rule");
    expect(escapeStanzaName("with ] bracket")).toBe("with ] bracket");
    expect(() => escapeStanzaName(" \n ")).toThrow(/empty/);
    const parsed = parseConf(`[${escapeStanzaName("x\r\n[y]")}]\nk = v\n`);
    expect(parsed.stanzas.map((s) => s.name)).toEqual(["x [y]"]);
  });

  it("refuses keys that could start a stanza or another key", () => {
    expect(escapeConfKey("action.risk.param._risk")).toBe("action.risk.param._risk");
    expect(escapeConfKey("reload.content-version")).toBe("reload.content-version");
    for (const bad of ["a = b", "[x]", "#c", "a\nb", "", "sp ace"]) expect(() => escapeConfKey(bad)).toThrow();
  });
});
