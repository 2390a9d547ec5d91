import { describe, expect, it } from "vitest";
import { repairContinuations, scanContinuations } from "../../src/load/continuation.js";
import { parseFile } from "../../src/load/parse.js";
import { parseValues } from "../../src/load/yaml11.js";

describe("continuation lines", () => {
  it("finds column-0 lines of a quoted value and nothing in block scalars or well-indented values", () => {
    const text = "a: 'one\ntwo'\nb: |\n  'x\nc: \"ok\n  fine\"\nd:\n  e: 'x\n  y'\n";
    const { issues } = scanContinuations(text);
    expect(issues).toEqual([
      { keyLine: 1, key: "a", lines: [2], minCol: 2 },
      { keyLine: 8, key: "e", lines: [9], minCol: 4 },
    ]);
    const fixed = repairContinuations(text, issues);
    expect(fixed.text).toBe("a: 'one\n two'\nb: |\n  'x\nc: \"ok\n  fine\"\nd:\n  e: 'x\n   y'\n");
    expect(parseValues(fixed.text)).toEqual(parseValues(text));
  });

  it("positions of a repaired file point at the original columns", () => {
    const parsed = parseFile("m.yml", "/m.yml", Buffer.from("definition: 'a\n| b'\nname: m\n"));
    expect(parsed.data).toEqual({ definition: "a | b", name: "m" });
    expect(parsed.diagnostics.map((d) => [d.code, d.span?.line, d.span?.col])).toEqual([["SC1002", 2, 1]]);
    expect(parsed.origin!.locate("/name")).toMatchObject({ line: 3, col: 7 });
  });

  it("detects duplicate top-level keys", () => {
    expect(scanContinuations("a: 1\nb: 2\na: 3\n").duplicateKeys).toEqual([{ key: "a", line: 3, firstLine: 1 }]);
  });
});

describe("YAML 1.1 values (PyYAML SafeLoader)", () => {
  it.each([
    ["yes", true], ["No", false], ["on", true], ["OFF", false], ["y", "y"], ["true", true],
    ["010", 8], ["0x1F", 31], ["0b101", 5], ["1_000", 1000], ["1:30", 90], ["-1:00:00", -3600],
    ["1.5", 1.5], ["1e3", "1e3"], ["1.0e+3", 1000], [".inf", Infinity], ["~", null], ["null", null], ["", null],
    ["2024-01-02", "2024-01-02"], ["'2024-01-02'", "2024-01-02"], ["2024-1-2 10:00:00", "2024-1-2 10:00:00"],
  ])("%s", (src, value) => {
    expect(parseValues(`v: ${src}\n`)).toEqual({ value: { v: value } });
  });
});
