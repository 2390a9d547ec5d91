import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkContent } from "../../src/check.js";
import { formatDiagnostic } from "../../src/diag/format.js";
import { scalarOffsetMap } from "../../src/ssa/locate.js";
import { REPO } from "./helpers.js";

const HEAD = `name: Test Pipeline
id: 0f0e1d2c-3b4a-4596-8877-665544332211
version: 1
date: '2022-01-01'
author: Test
type: TTP
datamodel:
- Endpoint_Processes
description: Test.
`;
const TAGS = `tags:
  analytic_story:
  - Credential Dumping
  asset_type: Endpoint
  confidence: 50
  impact: 50
  message: Dump on $dest_device_id$ by $nobody$.
  mitre_attack_id:
  - T1003
  observable:
  - name: dest_device_id
    type: Hostname
    role:
    - Victim
  product:
  - Splunk Behavioral Analytics
  required_fields:
  - _time
  - dest_device_id
  - unused_key
  risk_score: 25
  security_domain: endpoint
`;

/** Write one detection into a scratch project and return the SSA diagnostics, formatted. */
async function diagnose(body: string): Promise<string[]> {
  const root = mkdtempSync(join(tmpdir(), "secpack-ssa-check-"));
  mkdirSync(join(root, "detections", "endpoint"), { recursive: true });
  writeFileSync(join(root, "detections", "endpoint", "t.yml"), HEAD + body + TAGS);
  const { diagnostics } = await checkContent(root);
  return diagnostics.filter((d) => d.code.startsWith("SC9")).map(formatDiagnostic);
}

const GOOD = '| from read_ssa_enriched_events() | eval timestamp=parse_long(ucast(map_get(input_event, "_time"), "string", null)), dest_device_id=ucast(map_get(input_event, "dest_device_id"), "string", null) | where dest_device_id != null | eval start_time=timestamp, end_time=timestamp, entities=mvappend(dest_device_id), body=create_map(["d", dest_device_id]) | into write_ssa_detected_events();';

describe("SSA checks through checkContent", () => {
  it("maps a syntax error inside a multi-line single-quoted search to line:col", async () => {
    const search = GOOD.replace("where dest_device_id != null", "where dest_device_id != = null");
    const folded = search.replace(' | where', '\n  | where');
    const ds = await diagnose(`search: '${folded}'\n`);
    // line 10 is `search: '...`, the where clause is on line 11, "  | where dest_device_id != = null"
    expect(ds).toContain("detections/endpoint/t.yml:11:29: error SC9001: Expected an expression, found '='.");
  });

  it("maps positions inside a folded block scalar", async () => {
    const lines = GOOD.replace("where dest_device_id != null", "where dest_devce_id != null").split(" | ").join("\n  | ");
    const ds = await diagnose(`search: >-\n  ${lines}\n`);
    expect(ds.some((d) => /t\.yml:13:11: error SC9004: Field 'dest_devce_id' is used but no earlier command defines it\./.test(d))).toBe(true);
  });

  it("reports required_fields mismatches and risk message tokens", async () => {
    const ds = await diagnose(`search: '${GOOD}'\n`);
    expect(ds.find((d) => d.includes("SC9005"))).toMatch(/required_fields lists 'unused_key'/);
    expect(ds.find((d) => d.includes("SC9007"))).toMatch(/t\.yml:\d+:\d+: warning SC9007: Risk message token '\$nobody\$'/);
    expect(ds.filter((d) => d.includes("SC9007"))).toHaveLength(1);
    expect(ds.some((d) => d.includes("SC9006"))).toBe(false);
  });

  it("reports stateful commands, unknown functions and a missing sink with positions", async () => {
    const bad = GOOD.replace("| where dest_device_id != null", '| where nosuch(dest_device_id) | first_time_event input_columns=["dest_device_id"]').replace(" | into write_ssa_detected_events();", ";");
    const ds = await diagnose(`search: '${bad}'\n`);
    expect(ds.find((d) => d.includes("SC9008"))).toMatch(/t\.yml:10:\d+: error SC9008: Unknown function 'nosuch'\./);
    expect(ds.find((d) => d.includes("SC9011"))).toMatch(/warning SC9011: Command 'first_time_event' is stateful/);
    expect(ds.find((d) => d.includes("SC9002"))).toMatch(/error SC9002/);
  });

  it("fills search from a structured ssa: block and locates errors inside its where", async () => {
    const ds = await diagnose(`ssa:
  fields:
  - name: timestamp
    key: _time
    transform: parse_long
  - dest_device_id
  - unused_key
  where: dest_device_id LIKE "%dc%" AND match_regex(dest_device_id, /(?i)a(?i)b/)=true
  entities: [dest_device_id]
  body: [dest_device_id]
`);
    expect(ds).toEqual([
      "detections/endpoint/t.yml:17:75: error SC9010: Inline flags '(?i)' are only supported where nothing before them depends on the flag.",
      "detections/endpoint/t.yml:26:40: warning SC9007: Risk message token '$nobody$' is not a field of the detected event.\n  hint: Fields at the sink: body, dest_device_id, end_time, entities, start_time, timestamp, unused_key.",
    ]);
  });

  it("reports an invalid ssa: block at the offending key", async () => {
    const ds = await diagnose(`ssa:\n  fields: [dest_device_id]\n  entities: [dest_device_id]\n  body: [dest_device_id]\n`);
    expect(ds.some((d) => /t\.yml:11:3: error SC9013: 'where' must give the detection condition\./.test(d))).toBe(true);
  });

  it("the repository's own content has no SSA errors", async () => {
    const { diagnostics } = await checkContent(REPO);
    expect(diagnostics.filter((d) => d.code.startsWith("SC9") && d.severity === "error").map(formatDiagnostic)).toEqual([]);
  });
});

describe("scalarOffsetMap", () => {
  it("aligns double-quoted escapes and line folding", () => {
    const text = 'k: "a\\"b\n  c\\\\d"\n';
    const map = scalarOffsetMap(text, 3, 'a"b c\\d')!;
    expect(map.map((o) => text[o])).toEqual(["a", "\\", "b", "\n", "c", "\\", "d", '"']);
  });
  it("aligns doubled single quotes", () => {
    const text = "k: 'it''s'\n";
    expect(scalarOffsetMap(text, 3, "it's")!.slice(0, 4)).toEqual([4, 5, 6, 8]);
  });
  it("returns undefined when the value does not match the source", () => {
    expect(scalarOffsetMap("k: abc\n", 3, "xyz")).toBeUndefined();
  });
});
