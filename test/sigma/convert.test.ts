import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { convertRule } from "../../src/sigma/convert.js";
import { PIPELINES } from "../../src/sigma/pipelines/index.js";
import { parseSigmaRule } from "../../src/sigma/rule.js";
import { formatDiagnostic } from "../../src/diag/format.js";

const SEED = readFileSync(join(__dirname, "fixtures", "seed_comsvcs_dump.yml"), "utf8");

/** Convert inline YAML; returns the query or the formatted diagnostics. */
function convert(yaml: string, pipeline = "none", format?: "search" | "tstats"): string {
  const parsed = parseSigmaRule(yaml, "rule.yml");
  if (!parsed.rule) return parsed.diagnostics.map(formatDiagnostic).join("\n");
  const r = convertRule(parsed.rule, { pipeline: PIPELINES[pipeline], format });
  return r.conversion?.query ?? r.diagnostics.map(formatDiagnostic).join("\n");
}

const rule = (detection: string, logsource = "  product: windows\n  category: process_creation") =>
  `title: T\nlogsource:\n${logsource}\ndetection:\n${detection}\n`;

describe("seed rule (golden)", () => {
  it("converts to a query equivalent to the seed's Splunk conversion", () => {
    // Seed (sigmac splunk): ((Image="*\\rundll32.exe" OR OriginalFileName="RUNDLL32.EXE")
    //   (CommandLine="*comsvcs*MiniDump*full*" OR CommandLine="*comsvcs*MiniDumpW*full*")) | table CommandLine,ParentCommandLine
    // Ours: the same leaves with the same escaping. `field IN (a, b)` is `field=a OR field=b`; the outer
    // parentheses are redundant; and the search command evaluates OR before AND (NOT > OR > AND), so
    // `a OR b c IN (...)` groups as `(a OR b) (c IN (...))`, exactly the seed's grouping.
    expect(convert(SEED)).toBe(
      'Image="*\\\\rundll32.exe" OR OriginalFileName="RUNDLL32.EXE" CommandLine IN ("*comsvcs*MiniDump*full*", "*comsvcs*MiniDumpW*full*") | table CommandLine,ParentCommandLine',
    );
  });
  it("converts to a tstats search over Endpoint.Processes with the cim pipeline", () => {
    expect(convert(SEED, "cim")).toBe(
      "| tstats `security_content_summariesonly` count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes " +
        'where (Processes.process_name="rundll32.exe" OR Processes.original_file_name="RUNDLL32.EXE") Processes.process IN ("*comsvcs*MiniDump*full*", "*comsvcs*MiniDumpW*full*") ' +
        "by Processes.dest Processes.user Processes.parent_process_name Processes.parent_process Processes.original_file_name Processes.process_name Processes.process Processes.process_id Processes.parent_process_path Processes.process_path Processes.parent_process_id " +
        "| `drop_dm_object_name(Processes)` | `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)`",
    );
  });
  it("adds the Sysmon source and event code with the windows pipeline", () => {
    expect(convert(SEED, "windows")).toBe(
      'source="WinEventLog:Microsoft-Windows-Sysmon/Operational" EventCode=1 Image="*\\\\rundll32.exe" OR OriginalFileName="RUNDLL32.EXE" CommandLine IN ("*comsvcs*MiniDump*full*", "*comsvcs*MiniDumpW*full*") | table CommandLine,ParentCommandLine',
    );
  });
});

describe("modifiers", () => {
  const one = (key: string, value: string) => convert(rule(`  sel:\n    ${key}: ${value}\n  condition: sel`));
  it("contains, startswith, endswith and all", () => {
    expect(one("a|contains", "x")).toBe('a="*x*"');
    expect(one("a|startswith", "x")).toBe('a="x*"');
    expect(one("a|endswith", "'\\x'")).toBe('a="*\\\\x"');
    expect(one("a|contains|all", "[x, y]")).toBe('a="*x*" a="*y*"');
  });
  it("keeps Sigma escapes: \\* is a literal star (needs a regex), \\\\ one backslash", () => {
    expect(one("a", "'x\\*y'")).toBe('* | where match(a, "(?i)^x\\\\*y$")');
    expect(one("a", "'C:\\\\Temp'")).toBe('a="C:\\\\Temp"');
    expect(one("a", "'C:\\Temp'")).toBe('a="C:\\\\Temp"');
  });
  it("turns ? into a regex and keeps null and empty values", () => {
    expect(one("a", "'x?z'")).toBe('* | where match(a, "(?is)^x.z$")');
    expect(one("a", "null")).toBe("NOT a=*");
    expect(one("a", "''")).toBe('a=""');
  });
  it("re with flags, top level and negated", () => {
    expect(one("a|re", "'^x\\d+\"'")).toBe('* | regex a="^x\\\\d+\\""');
    expect(one("a|re|i", "'x'")).toBe('* | regex a="(?i)x"');
    expect(convert(rule("  s:\n    a: 1\n  f:\n    b|re|m|s: 'x.y'\n  condition: s and not f"))).toBe('a=1 | regex b!="(?ms)x.y"');
  });
  it("cidr, numeric comparisons, exists and fieldref", () => {
    expect(one("ip|cidr", "['10.0.0.0/8', 'fe80::/10']")).toBe('ip="10.0.0.0/8" OR ip="fe80::/10"');
    expect(one("n|gte", "5")).toBe("n>=5");
    expect(one("n|lt", "'7'")).toBe("n<7");
    expect(one("a|exists", "true")).toBe("a=*");
    expect(one("a|exists", "false")).toBe("NOT a=*");
    expect(one("a|fieldref", "b")).toBe("* | where lower(a)==lower(b)");
  });
  it("base64, base64offset and wide", () => {
    expect(one("a|base64", "'ping'")).toBe('a="cGluZw=="');
    expect(one("a|base64offset|contains", "'ping'")).toBe('a IN ("*cGluZ*", "*Bpbm*", "*waW5n*")');
    expect(one("a|wide|base64", "'ab'")).toBe('a="YQBiAA=="');
  });
  it("windash expands dashes that start an option", () => {
    expect(one("a|windash|contains", "' -f'")).toBe('a IN ("* -f*", "* /f*", "* \u2013f*", "* \u2014f*", "* \u2015f*")');
  });
  it("rejects cased, expand and unknown modifiers at the key", () => {
    expect(one("a|cased", "x")).toMatch(/^rule\.yml:7:5: error SC7006: The modifier 'cased' is not supported: SPL's search command compares/);
    expect(one("a|expand", "'%x%'")).toMatch(/SC7006: The modifier 'expand'/);
    expect(one("a|frob", "x")).toMatch(/SC7006: The modifier 'frob' is not supported: it is not a Sigma modifier/);
    expect(one("a|cidr", "'10.0.0.1'")).toMatch(/SC7007: '10.0.0.1' is not a CIDR block/);
    expect(one("a|gt", "x")).toMatch(/SC7007: 'x' is not a number/);
  });
  it("keywords: a list of terms, or a where for a backtick (Splunk would expand it as a macro)", () => {
    expect(convert(rule("  keywords:\n    - 'evil'\n    - 'ba\"d'\n  condition: keywords"))).toBe('"evil" OR "ba\\"d"');
    expect(convert(rule("  keywords:\n    - 'I`EX'\n  condition: keywords"))).toBe('* | where match(_raw, "(?i)I\\\\x60EX")');
  });
});

describe("conditions", () => {
  const sels = "  a:\n    f: 1\n  b:\n    g: 2\n  c_1:\n    h: 3\n  c_2:\n    i: 4\n  _hidden:\n    j: 5\n";
  const cond = (c: string) => convert(rule(`${sels}  condition: ${c}`));
  it("and binds tighter than or; not tightest", () => {
    expect(cond("a or b and not c_1")).toBe("f=1 OR (g=2 NOT h=3)");
    expect(cond("(a or b) and c_1")).toBe("f=1 OR g=2 h=3");
    expect(cond("not (a or b)")).toBe("NOT (f=1 OR g=2)");
  });
  it("quantifiers over patterns and them (them skips _ names)", () => {
    expect(cond("1 of c_*")).toBe("h=3 OR i=4");
    expect(cond("all of c_*")).toBe("h=3 i=4");
    expect(cond("1 of them")).toBe("f=1 OR g=2 OR h=3 OR i=4");
    expect(cond("all of them")).toBe("f=1 g=2 h=3 i=4");
    expect(cond("a and not 1 of c*")).toBe("f=1 NOT (h=3 OR i=4)");
  });
  it("reports unknown selections and syntax errors at their column", () => {
    expect(cond("a and nope")).toBe("rule.yml:16:20: error SC7004: Unknown selection 'nope' in the condition.\n  hint: Selections: a, b, c_1, c_2, _hidden.");
    expect(cond("a and (b")).toMatch(/^rule\.yml:16:\d+: error SC7005: Condition syntax error: missing '\)'/);
    expect(cond("a | count() > 5")).toMatch(/SC7005: Condition syntax error: aggregations/);
    expect(cond("2 of c_*")).toMatch(/unsupported quantifier '2 of'/);
  });
  it("locates errors inside a quoted condition after the quote", () => {
    expect(convert(rule(`${sels}  condition: 'a and nope'`))).toMatch(/^rule\.yml:16:21: error SC7004/);
  });
  it("lists of maps are alternatives, a map is a conjunction", () => {
    expect(convert(rule("  s:\n    - a: 1\n      b: 2\n    - c: 3\n  condition: s"))).toBe("(a=1 b=2) OR c=3");
  });
});

describe("pipelines", () => {
  it("windows maps EventID and services", () => {
    expect(convert(rule("  s:\n    EventID: 4688\n  condition: s", "  product: windows\n  service: security"), "windows")).toBe(
      'source="WinEventLog:Security" EventCode=4688',
    );
    expect(convert(rule("  s:\n    EventID: 1\n  condition: s", "  product: windows\n  service: applocker"), "windows")).toMatch(
      /^source IN \("WinEventLog:Microsoft-Windows-AppLocker\/MSI and Script", /,
    );
  });
  it("cim reports unmapped fields and log sources with positions", () => {
    expect(convert(rule("  s:\n    Company: x\n    Image: y\n  condition: s"), "cim")).toMatch(
      /^rule\.yml:7:5: error SC7008: The field 'Company' has no mapping in the 'cim' pipeline\./,
    );
    expect(convert(rule("  s:\n    a: 1\n  condition: s", "  product: windows\n  category: image_load"), "cim")).toBe(
      "rule.yml:2:1: error SC7009: The log source product=windows category=image_load has no mapping in the 'cim' pipeline.\n  hint: Use --pipeline windows or none for a raw-event search.",
    );
  });
  it("cim uses process_name for an endswith on a file name, process_path otherwise", () => {
    const q = convert(rule("  s:\n    Image|endswith:\n      - '\\a.exe'\n      - 'b.exe'\n      - '\\dir\\c.exe'\n  condition: s"), "cim", "search");
    expect(q).toBe('| from datamodel:Endpoint.Processes | search process_name="a.exe" OR process_path IN ("*b.exe", "*\\\\dir\\\\c.exe")');
  });
  it("cim --format search reads the data model's events (data model fields exist nowhere else), with short names", () => {
    // A bare `Processes.process_name=...` matches no raw event: the search form starts from the dataset.
    const q = convert(rule("  s:\n    Image|endswith: '\\a.exe'\n    CommandLine|contains: x\n  condition: s\nfields:\n  - ParentCommandLine"), "cim", "search");
    expect(q).toBe('| from datamodel:Endpoint.Processes | search process_name="a.exe" process="*x*" | table parent_process');
    expect(q).not.toContain("Processes.");
  });
  it("cim --format search with nothing for the search command keeps the generator and the later commands", () => {
    const q = convert(rule("  s:\n    CommandLine|re: 'a.*b'\n  condition: s"), "cim", "search");
    expect(q).toBe('| from datamodel:Endpoint.Processes | regex process="a.*b"');
  });
  it("tstats needs a data model", () => {
    expect(convert(rule("  s:\n    a: 1\n  condition: s"), "none", "tstats")).toMatch(/SC7010: Cannot express in SPL: the tstats form needs a data model/);
  });
});

describe("rule parsing", () => {
  it("falls back to the positional parser for what the fast one rejects (duplicate keys: the last wins)", () => {
    expect(convert(rule("  s:\n    a: 1\n    a: 2\n  condition: s"))).toBe("a=2");
  });
  it("keeps YAML 1.2 core scalars: yes is a string, 0x10 a number", () => {
    expect(convert(rule("  s:\n    a: yes\n    b: 0x10\n  condition: s"))).toBe('a="yes" b=16');
  });
});

describe("rule parsing errors", () => {
  it("reports YAML syntax errors with line and column", () => {
    expect(convert("title: x\ndetection: [a\n")).toMatch(/^rule\.yml:3:1: error SC7001: YAML syntax error/);
  });
  it("rejects documents that are not detection rules", () => {
    expect(convert("title: x\nlogsource: {}\n")).toMatch(/SC7002: Not a Sigma detection rule: `detection` is missing/);
    expect(convert("title: x\ncorrelation:\n  type: event_count\n")).toMatch(/^rule\.yml:2:1: error SC7011: Unsupported Sigma document: a correlation rule/);
    expect(convert("title: x\n---\ntitle: y\n")).toMatch(/SC7011: Unsupported Sigma document: a multi-document rule collection/);
    expect(convert("")).toMatch(/SC7002: Not a Sigma detection rule: the file is empty/);
    expect(convert(rule("  s:\n    a: {b: 1}\n  condition: s"))).toMatch(/SC7003: A field value must be a scalar/);
  });
});
