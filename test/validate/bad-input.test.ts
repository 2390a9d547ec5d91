// The bad-input suite: each case breaks one thing and expects one code at one exact line:col, and nothing
// else; nothing may throw.
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { checkContent } from "../../src/check.js";
import { baseFiles, DETECTION, detectionWith, STORY, writeTree, type Files } from "./fixture.js";

const DET = "detections/endpoint/test_detection.yml";
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

async function run(files: Files) {
  const root = writeTree(files);
  roots.push(root);
  return checkContent(root);
}

interface Case {
  name: string;
  files: Files;
  code: string;
  file?: string;
  at?: [number, number]; // line, col; omitted when the whole file is at fault
  hint?: RegExp;
  /** Other codes this input also (legitimately) produces. */
  also?: string[];
}

const cases: Case[] = [
  { name: "malformed YAML (unclosed flow sequence)", files: { [DET]: detectionWith("data_source: []", "data_source: [a, b") }, code: "SC1001", at: [10, 1] }, // js-yaml notices at the next key
  { name: "tab indentation", files: { [DET]: detectionWith("  asset_type: Endpoint", "\tasset_type: Endpoint") }, code: "SC1001", at: [17, 1] },
  { name: "byte order mark", files: { [DET]: "\ufeff" + DETECTION }, code: "SC1008", at: [1, 1] },
  { name: "CRLF line endings", files: { [DET]: DETECTION.replace(/\n/g, "\r\n") }, code: "SC1009", at: [1, 21] },
  { name: "empty file", files: { [DET]: "" }, code: "SC1005" },
  { name: "comments only", files: { [DET]: "# nothing here\n\n# still nothing\n" }, code: "SC1005" },
  { name: "binary file", files: { [DET]: new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x00, 0x01, 0x02]) }, code: "SC1003", at: [1, 6] },
  {
    name: "not UTF-8 (latin-1 byte)",
    files: { [DET]: Buffer.concat([Buffer.from(DETECTION.replace("Tester", "Tester")), Buffer.from("extra: caf"), Buffer.from([0xe9]), Buffer.from("\n")]) },
    code: "SC1004",
    at: [34, 11],
  },
  { name: "top-level sequence", files: { [DET]: "- a\n- b\n" }, code: "SC1007", at: [1, 1] },
  { name: "duplicate top-level key", files: { [DET]: DETECTION + "author: Someone Else\n" }, code: "SC1010", at: [34, 1] },
  {
    name: "column-0 continuation in a quoted scalar",
    files: { [DET]: detectionWith("description: Detects a test.", "description: 'Detects\na test.'") },
    code: "SC1002",
    at: [9, 1],
    hint: /^Indent line 9 so it starts at column 2 or later/,
  },
  { name: "missing required field (id)", files: { [DET]: detectionWith("id: 11111111-1111-4111-8111-111111111111\n", "") }, code: "SC2001", at: [1, 1] },
  { name: "wrong type (version as text)", files: { [DET]: detectionWith("version: 1", "version: two") }, code: "SC2002", at: [3, 10] },
  { name: "wrong type (analytic_story as text)", files: { [DET]: detectionWith("  analytic_story:\n  - Test Story", "  analytic_story: Test Story") }, code: "SC2002", at: [15, 19] },
  { name: "type not in enum", files: { [DET]: detectionWith("type: TTP", "type: TPP") }, code: "SC2003", at: [7, 7], hint: /Did you mean 'TTP'\?/ },
  { name: "status not in enum", files: { [DET]: detectionWith("status: production", "status: prod") }, code: "SC2003", at: [6, 9] },
  { name: "id not a UUID", files: { [DET]: detectionWith("id: 11111111-1111-4111-8111-111111111111", "id: not-a-uuid") }, code: "SC2004", at: [2, 5] },
  { name: "unknown property", files: { [DET]: detectionWith("data_source: []", "data_sources: []") }, code: "SC2005", at: [9, 15], hint: /Did you mean 'data_source'\?/ },
  { name: "confidence above 100", files: { [DET]: detectionWith("confidence: 50", "confidence: 500") }, code: "SC2006", at: [18, 15], also: ["SC2012"] },
  { name: "empty search", files: { [DET]: detectionWith(/search: '.*'/.exec(DETECTION)![0], "search: ''") }, code: "SC2006", at: [10, 9], also: ["SC2017"] },
  { name: "impossible date", files: { [DET]: detectionWith("date: '2024-01-02'", "date: '2024-02-30'") }, code: "SC2010", at: [4, 7] },
  { name: "date not in YYYY-MM-DD form", files: { [DET]: detectionWith("date: '2024-01-02'", "date: 01/02/2024") }, code: "SC2010", at: [4, 7] },
  { name: "risk score mismatch", files: { [DET]: detectionWith("risk_score: 40", "risk_score: 45") }, code: "SC2012", at: [32, 15], hint: /Set risk_score to 40/ },
  { name: "malformed ATT&CK id", files: { [DET]: detectionWith("  - T1003.001", "  - T1003.1") }, code: "SC2013", at: [22, 5] },
  { name: "missing filter macro", files: { [DET]: detectionWith(" | `test_detection_filter`", "") }, code: "SC2017", at: [10, 9] },
  { name: "filter macro not last", files: { [DET]: detectionWith("`test_detection_filter`'", "`test_detection_filter` | where count > 1'") }, code: "SC2022", at: [10, 9] },
  { name: "file name does not match the name", files: { [DET]: detectionWith("name: Test Detection", "name: Test Detection Two").replace("test_detection_filter", "test_detection_two_filter") }, code: "SC2018", at: [1, 7] },
  { name: "status does not match its folder", files: { [DET]: undefined as any, "detections/deprecated/test_detection.yml": DETECTION }, code: "SC2019", file: "detections/deprecated/test_detection.yml", at: [6, 9] },
  {
    name: "same id in two files",
    files: { "detections/endpoint/other.yml": detectionWith("name: Test Detection", "name: Other").replace("test_detection_filter", "other_filter") },
    code: "SC3001",
    file: "detections/endpoint/test_detection.yml",
    at: [2, 5],
  },
  { name: "same name in two files", files: { "detections/endpoint/copy/test_detection.yml": detectionWith("11111111-1111", "33333333-1111") }, code: "SC3002", file: "detections/endpoint/test_detection.yml", at: [1, 7] },
  { name: "unknown analytic story", files: { [DET]: detectionWith("  - Test Story", "  - Test Stroy") }, code: "SC3003", at: [16, 5], hint: /Did you mean 'Test Story'\?/ },
  { name: "unknown macro", files: { [DET]: detectionWith("| `test_detection_filter`", "| `two_arg(x,y)` | `test_detection_filter`") }, code: "SC3004", at: [10, 9], hint: /Did you mean 'two_args'\?/ },
  { name: "wrong macro arity", files: { [DET]: detectionWith("| `test_detection_filter`", "| `two_args(x)` | `test_detection_filter`") }, code: "SC3005", at: [10, 9] },
  { name: "unknown lookup", files: { [DET]: detectionWith("| `test_detection_filter`", "| lookup local=true no_such_lookup dest OUTPUT x | `test_detection_filter`") }, code: "SC3006", at: [10, 9] },
  { name: "message token not an observable", files: { [DET]: detectionWith("message: Activity on $dest$", "message: Activity on $dset$") }, code: "SC3007", at: [20, 12], hint: /Did you mean 'dest'\?/ },
  { name: "unknown data source", files: { [DET]: detectionWith("data_source: []", "data_source:\n- Sysmon EventID 1"), "data_sources/sysmon_eventid_3.yml": "name: Sysmon EventID 3\nid: 44444444-4444-4444-8444-444444444444\nsource: XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\nsourcetype: xmlwineventlog\n" }, code: "SC3008", at: [10, 3], hint: /Did you mean 'Sysmon EventID 3'\?/ },
  {
    name: "SSA detection with a wrong source",
    files: { [DET]: detectionWith(/search: '.*'/.exec(DETECTION)![0], "search: '| from read_events() | into write_ssa_detected_events();'").replace("- Splunk Enterprise", "- Splunk Behavioral Analytics") },
    code: "SC2015",
    at: [10, 9],
  },
  {
    name: "SSA detection with a wrong sink",
    files: { [DET]: detectionWith(/search: '.*'/.exec(DETECTION)![0], "search: '| from read_ssa_enriched_events() | where true'").replace("- Splunk Enterprise", "- Splunk Behavioral Analytics") },
    code: "SC2016",
    at: [10, 9],
  },
  { name: "invalid secpack.yml", files: { "secpack.yml": "app:\n  appid: my app\n  title: T\n  version: '1.0.0'\n" }, code: "SC1020", file: "secpack.yml", at: [2, 10] },
  { name: "unknown secpack.yml key", files: { "secpack.yml": "app:\n  appid: myapp\n  title: T\n  version: '1.0.0'\nseverities: {}\nexternal_macro: []\n" }, code: "SC1021", file: "secpack.yml", at: [6, 17], hint: /Did you mean 'external_macros'\?/ },
];

describe("bad input", () => {
  it("the base fixture is clean", async () => {
    const { diagnostics, project } = await run(baseFiles());
    expect(diagnostics).toEqual([]);
    expect(project.detections).toHaveLength(1);
  });

  it.each(cases)("$name -> $code", async (c) => {
    const files = baseFiles(c.files);
    for (const [k, v] of Object.entries(files)) if (v === undefined) delete files[k];
    const { diagnostics } = await run(files);
    const hit = diagnostics.find((d) => d.code === c.code);
    expect(hit, JSON.stringify(diagnostics, null, 1)).toBeDefined();
    expect(hit!.file).toBe(c.file ?? DET);
    if (c.at) expect([hit!.span?.line, hit!.span?.col]).toEqual(c.at);
    else expect(hit!.span).toBeUndefined();
    if (c.hint) expect(hit!.hint).toMatch(c.hint);
    // SC9xxx belong to the SSA pipeline checks (src/ssa), which have their own suite
    const unexpected = diagnostics.filter((d) => d.code !== c.code && !(c.also ?? []).includes(d.code) && !d.code.startsWith("SC9"));
    expect(unexpected).toEqual([]);
  });

  it("a 50 MB file is refused without reading it as YAML", async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, "a: b\n");
    const { diagnostics } = await run(baseFiles({ "macros/huge.yml": big }));
    expect(diagnostics.map((d) => [d.code, d.file])).toEqual([["SC1006", "macros/huge.yml"]]);
  });

  it("severities: off drops a code, and a code can be raised to error", async () => {
    const bad = detectionWith("date: '2024-01-02'", "date: '2024-02-30'");
    const off = await run(baseFiles({ [DET]: bad, "secpack.yml": "app:\n  appid: a\n  title: T\n  version: '1.0.0'\nseverities:\n  SC2010: off\n" }));
    expect(off.diagnostics).toEqual([]);
    const crlf = await run(baseFiles({ [DET]: DETECTION.replace(/\n/g, "\r\n"), "secpack.yml": "app:\n  appid: a\n  title: T\n  version: '1.0.0'\nseverities:\n  SC1009: error\n" }));
    expect(crlf.diagnostics.map((d) => [d.code, d.severity])).toEqual([["SC1009", "error"]]);
  });

  it("search may be omitted when an ssa block is present, not otherwise", async () => {
    const noSearch = DETECTION.replace(/search: '.*'\n/, "");
    const missing = await run(baseFiles({ [DET]: noSearch }));
    expect(missing.diagnostics.map((d) => d.code)).toEqual(["SC2001"]);
    const ssa = await run(baseFiles({ [DET]: noSearch + "ssa:\n  source: read_ssa_enriched_events\n" }));
    expect(ssa.diagnostics.filter((d) => d.code.startsWith("SC2") || d.code.startsWith("SC3"))).toEqual([]);
  });

  it("values load as PyYAML gives them: BOM, CRLF, continuation lines, YAML 1.1 scalars, dates", async () => {
    const text = detectionWith("description: Detects a test.", "description: 'Detects\na test.'") + "extra:\n  flag: yes\n  off: off\n  octal: 010\n  day: 2024-03-04\n  time: 1:30\n";
    const { project } = await run(baseFiles({ [DET]: "\ufeff" + text.replace(/\n/g, "\r\n") }));
    const d = project.detections[0].data as any;
    expect(d.description).toBe("Detects a test.");
    // PyYAML resolves even the key `off` to False: {True-ish...} -> the JS key is "false"
    expect(d.extra).toEqual({ flag: true, false: false, octal: 8, day: "2024-03-04", time: 90 });
    expect(d.date).toBe("2024-01-02");
  });

  it("did-you-mean story hints and related notes name both files", async () => {
    const { diagnostics } = await run(baseFiles({ "stories/copy.yml": STORY.replace("Test Story", "Test Story 2") }));
    const dup = diagnostics.find((d) => d.code === "SC3001")!;
    expect(dup.file).toBe("stories/test_story.yml");
    expect(dup.related).toEqual([{ file: "stories/copy.yml", span: expect.objectContaining({ line: 2, col: 5 }), message: "first defined here" }]);
  });
});
