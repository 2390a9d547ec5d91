// The cim pipeline beyond process creation: Windows file and registry categories on their Endpoint datasets.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { checkContent } from "../../src/check.js";
import { formatDiagnostic } from "../../src/diag/format.js";
import { convertRule } from "../../src/sigma/convert.js";
import { PIPELINES } from "../../src/sigma/pipelines/index.js";
import { parseSigmaRule } from "../../src/sigma/rule.js";
import { captureIo as capture } from "../capture-io.js";

const scratch = mkdtempSync(join(tmpdir(), "secpack-sigma-cim-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function convert(yaml: string, format?: "search" | "tstats"): string {
  const parsed = parseSigmaRule(yaml, "rule.yml");
  if (!parsed.rule) return parsed.diagnostics.map(formatDiagnostic).join("\n");
  const r = convertRule(parsed.rule, { pipeline: PIPELINES.cim, format });
  return r.conversion?.query ?? r.diagnostics.map(formatDiagnostic).join("\n");
}

const rule = (category: string, detection: string, extra = "") =>
  `title: T\nlogsource:\n  product: windows\n  category: ${category}\ndetection:\n${detection}\n${extra}`;

const TSTATS = "| tstats `security_content_summariesonly` count min(_time) as firstTime max(_time) as lastTime from datamodel=";
const CTIME = "| `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)`";
const FS_BY =
  "by Filesystem.dest Filesystem.user Filesystem.action Filesystem.file_name Filesystem.file_path Filesystem.process_guid Filesystem.process_id";
const REG_BY =
  "by Registry.dest Registry.user Registry.action Registry.registry_path Registry.registry_key_name Registry.registry_value_name " +
  "Registry.registry_value_data Registry.process_guid Registry.process_id";

describe("cim: file_event and file_delete on Endpoint.Filesystem", () => {
  const fileEvent = rule(
    "file_event",
    "  s:\n    TargetFilename|endswith: '\\evil.dll'\n    User|contains: admin\n  f:\n    TargetFilename|startswith: 'C:\\Windows\\'\n  condition: s and not f",
  );
  it("tstats: created files, file_name for *\\name, file_path otherwise", () => {
    expect(convert(fileEvent)).toBe(
      `${TSTATS}Endpoint.Filesystem where Filesystem.action="created" Filesystem.file_name="evil.dll" Filesystem.user="*admin*" ` +
        `NOT Filesystem.file_path="C:\\\\Windows\\\\*" ${FS_BY} | \`drop_dm_object_name(Filesystem)\` ${CTIME}`,
    );
  });
  it("search: reads the dataset's events with short names", () => {
    expect(convert(fileEvent, "search")).toBe(
      '| from datamodel:Endpoint.Filesystem | search action="created" file_name="evil.dll" user="*admin*" NOT file_path="C:\\\\Windows\\\\*"',
    );
  });
  it("file_delete searches deleted files; Hashes is file_hash", () => {
    const r = rule("file_delete", "  s:\n    TargetFilename|contains: '\\Temp\\'\n    Hashes|contains: 'MD5=AB'\n  condition: s");
    expect(convert(r)).toBe(
      `${TSTATS}Endpoint.Filesystem where Filesystem.action="deleted" Filesystem.file_path="*\\\\Temp\\\\*" Filesystem.file_hash="*MD5=AB*" ` +
        `${FS_BY} | \`drop_dm_object_name(Filesystem)\` ${CTIME}`,
    );
    expect(convert(r, "search")).toBe(
      '| from datamodel:Endpoint.Filesystem | search action="deleted" file_path="*\\\\Temp\\\\*" file_hash="*MD5=AB*"',
    );
  });
  it("Image has no Filesystem field: SC7008 naming the field", () => {
    expect(convert(rule("file_event", "  s:\n    Image|endswith: '\\a.exe'\n    TargetFilename: x\n  condition: s"))).toBe(
      "rule.yml:7:5: error SC7008: The field 'Image' has no mapping in the 'cim' pipeline.\n" +
        "  hint: Mapped fields: TargetFilename, Computer, User, ProcessGuid, ProcessId, Hashes.",
    );
  });
});

describe("cim: registry categories on Endpoint.Registry", () => {
  const set = rule("registry_set", "  s:\n    TargetObject|contains: '\\CurrentVersion\\Run\\'\n    Details|endswith: '.exe'\n  condition: s");
  it("registry_set: modified values; TargetObject is registry_path, Details registry_value_data", () => {
    expect(convert(set)).toBe(
      `${TSTATS}Endpoint.Registry where Registry.action="modified" Registry.registry_path="*\\\\CurrentVersion\\\\Run\\\\*" ` +
        `Registry.registry_value_data="*.exe" ${REG_BY} | \`drop_dm_object_name(Registry)\` ${CTIME}`,
    );
    expect(convert(set, "search")).toBe(
      '| from datamodel:Endpoint.Registry | search action="modified" registry_path="*\\\\CurrentVersion\\\\Run\\\\*" registry_value_data="*.exe"',
    );
  });
  it("registry_add and registry_delete constrain the action; registry_event does not", () => {
    const detection = "  s:\n    TargetObject|endswith: '\\Services\\x'\n  condition: s";
    const where = (action: string) =>
      `${TSTATS}Endpoint.Registry where ${action}Registry.registry_path="*\\\\Services\\\\x" ${REG_BY} | \`drop_dm_object_name(Registry)\` ${CTIME}`;
    expect(convert(rule("registry_add", detection))).toBe(where('Registry.action="created" '));
    expect(convert(rule("registry_delete", detection))).toBe(where('Registry.action="deleted" '));
    expect(convert(rule("registry_event", detection))).toBe(where(""));
    expect(convert(rule("registry_event", detection), "search")).toBe(
      '| from datamodel:Endpoint.Registry | search registry_path="*\\\\Services\\\\x"',
    );
  });
  it("EventType (Sysmon's CreateKey/SetValue, not the CIM action) and Image stay SC7008", () => {
    expect(convert(rule("registry_event", "  s:\n    EventType: DeleteKey\n  condition: s"))).toBe(
      "rule.yml:7:5: error SC7008: The field 'EventType' has no mapping in the 'cim' pipeline.\n" +
        "  hint: Mapped fields: TargetObject, Details, Computer, User, ProcessGuid, ProcessId.",
    );
    expect(convert(rule("registry_set", "  s:\n    TargetObject: x\n    Image: y\n  condition: s"))).toMatch(
      /^rule\.yml:8:5: error SC7008: The field 'Image' has no mapping in the 'cim' pipeline\./,
    );
  });
});

describe("cim: network_connection on Network_Traffic.All_Traffic", () => {
  const TRAFFIC_BY =
    "by All_Traffic.dvc All_Traffic.user All_Traffic.src_ip All_Traffic.src_port All_Traffic.dest_ip All_Traffic.dest_port All_Traffic.transport All_Traffic.process_id";
  const nc = rule(
    "network_connection",
    "  s:\n    DestinationPort:\n      - 4444\n      - 8080\n    Protocol: tcp\n    SourceIp|startswith: '10.'\n  f:\n    DestinationIp|cidr: 192.168.0.0/16\n  condition: s and not f",
  );
  it("tstats: ports, IPs and transport from the Sysmon fields", () => {
    expect(convert(nc)).toBe(
      `${TSTATS}Network_Traffic.All_Traffic where All_Traffic.dest_port IN (4444, 8080) All_Traffic.transport="tcp" All_Traffic.src_ip="10.*" ` +
        `NOT All_Traffic.dest_ip="192.168.0.0/16" ${TRAFFIC_BY} | \`drop_dm_object_name(All_Traffic)\` ${CTIME}`,
    );
  });
  it("search: reads the dataset's events with short names", () => {
    expect(convert(nc, "search")).toBe(
      '| from datamodel:Network_Traffic.All_Traffic | search dest_port IN (4444, 8080) transport="tcp" src_ip="10.*" NOT dest_ip="192.168.0.0/16"',
    );
  });
  it("Image (the add-on's `app`, which CIM defines as the protocol), Initiated and DestinationHostname stay SC7008", () => {
    const hint = "  hint: Mapped fields: DestinationIp, DestinationPort, SourceIp, SourcePort, Protocol, User, ProcessId, Computer.";
    for (const f of ["Image", "Initiated", "DestinationHostname"]) {
      expect(convert(rule("network_connection", `  s:\n    DestinationPort: 1\n    ${f}: x\n  condition: s`))).toBe(
        `rule.yml:8:5: error SC7008: The field '${f}' has no mapping in the 'cim' pipeline.\n${hint}`,
      );
    }
  });
  it("imports with Sysmon EventID 3 and dvc/user observables; the root validates", async () => {
    const rules = join(scratch, "net-rules");
    mkdirSync(rules, { recursive: true });
    writeFileSync(
      join(rules, "n.yml"),
      "title: Meterpreter Port\nid: 6b1c1d4e-0f1a-4b8e-9a52-2d7d3c1e0a03\nstatus: test\ndescription: d\nauthor: a\ndate: 2024-01-02\n" +
        "logsource:\n  product: windows\n  category: network_connection\ndetection:\n  s:\n    DestinationPort: 4444\n  condition: s\nlevel: high\n",
    );
    const root = join(scratch, "net-imported");
    mkdirSync(join(root, "data_sources"), { recursive: true });
    writeFileSync(
      join(root, "data_sources", "s3.yml"),
      "name: Sysmon EventID 3\nid: 6f0e2a4c-8b1d-4f3a-9c5e-7a2b4d6f8e13\nsource: XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\nsourcetype: xmlwineventlog\n",
    );
    const c = capture();
    expect(await main(["import", "sigma", rules, "--out", root], c.io)).toBe(0);
    expect(c.err.join("")).not.toContain("note: data source");
    const det = readFileSync(join(root, "detections", "endpoint", "meterpreter_port.yml"), "utf8");
    expect(det).toContain("data_source:\n- Sysmon EventID 3\n");
    expect(det).toContain("from datamodel=Network_Traffic.All_Traffic where All_Traffic.dest_port=4444 by");
    expect(det).toContain("| `drop_dm_object_name(All_Traffic)` |");
    expect(det).toContain("  message: Meterpreter Port matched on $dvc$ by user $user$.\n");
    expect(det).toMatch(/  - name: dvc\n    type: Hostname\n/);
    expect(det).toContain(
      "  required_fields:\n  - _time\n  - All_Traffic.dvc\n  - All_Traffic.user\n  - All_Traffic.src_ip\n  - All_Traffic.src_port\n" +
        "  - All_Traffic.dest_ip\n  - All_Traffic.dest_port\n  - All_Traffic.transport\n  - All_Traffic.process_id\n",
    );
    const { diagnostics } = await checkContent(root);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
});

describe("cim: import of file and registry rules", () => {
  it("writes detections with their data model's required fields and data sources that validate", async () => {
    const rules = join(scratch, "rules");
    mkdirSync(rules, { recursive: true });
    const head = (title: string, id: string, category: string) =>
      `title: ${title}\nid: ${id}\nstatus: test\ndescription: d\nauthor: a\ndate: 2024-01-02\nlogsource:\n  product: windows\n  category: ${category}\n`;
    writeFileSync(
      join(rules, "a.yml"),
      head("Dropped DLL", "6b1c1d4e-0f1a-4b8e-9a52-2d7d3c1e0a01", "file_event") +
        "detection:\n  s:\n    TargetFilename|endswith: '\\evil.dll'\n  condition: s\nlevel: high\n",
    );
    writeFileSync(
      join(rules, "b.yml"),
      head("Run Key", "6b1c1d4e-0f1a-4b8e-9a52-2d7d3c1e0a02", "registry_set") +
        "detection:\n  s:\n    TargetObject|contains: '\\Run\\'\n    Details|endswith: '.exe'\n  condition: s\nlevel: medium\n",
    );
    const root = join(scratch, "imported");
    mkdirSync(join(root, "data_sources"), { recursive: true });
    const ds = ["Sysmon EventID 11", "Sysmon EventID 13"];
    ds.forEach((n, i) =>
      writeFileSync(
        join(root, "data_sources", `ds${i}.yml`),
        `name: ${n}\nid: 6f0e2a4c-8b1d-4f3a-9c5e-7a2b4d6f8e1${i}\nsource: XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\nsourcetype: xmlwineventlog\n`,
      ),
    );
    const c = capture();
    expect(await main(["import", "sigma", rules, "--out", root], c.io)).toBe(0);
    expect(c.err.join("")).not.toContain("note: data source");
    expect(readdirSync(join(root, "detections", "endpoint")).sort()).toEqual(["dropped_dll.yml", "run_key.yml"]);
    const fs = readFileSync(join(root, "detections", "endpoint", "dropped_dll.yml"), "utf8");
    expect(fs).toContain("data_source:\n- Sysmon EventID 11\n");
    expect(fs).toContain("from datamodel=Endpoint.Filesystem where");
    expect(fs).toContain("| `drop_dm_object_name(Filesystem)` |");
    expect(fs).toContain(
      "  required_fields:\n  - _time\n  - Filesystem.dest\n  - Filesystem.user\n  - Filesystem.action\n  - Filesystem.file_name\n" +
        "  - Filesystem.file_path\n  - Filesystem.process_guid\n  - Filesystem.process_id\n",
    );
    const reg = readFileSync(join(root, "detections", "endpoint", "run_key.yml"), "utf8");
    expect(reg).toContain("data_source:\n- Sysmon EventID 13\n");
    expect(reg).toContain("from datamodel=Endpoint.Registry where");
    expect(reg).toContain("  - Registry.registry_value_data\n");
    const { diagnostics } = await checkContent(root);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
});
