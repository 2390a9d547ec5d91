import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { analyzeProgram } from "../../src/ssa/analyze.js";
import { compileProgram, UnsupportedCommandError } from "../../src/ssa/evaluate.js";
import { detectFormat, normalizeEvents } from "../../src/ssa/normalize/index.js";
import { parseSpl2 } from "../../src/ssa/parser.js";
import { HAVE_SHARED, REPO, SSA_CORPUS, walkFiles } from "./helpers.js";

const SYSMON = `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'/><EventID>1</EventID><Version>5</Version><TimeCreated SystemTime='2021-11-24T14:31:07.1234567Z'/><EventRecordID>4242</EventRecordID><Computer>ws-7.corp.local</Computer></System><EventData><Data Name='ProcessGuid'>{1b2c}</Data><Data Name='Image'>C:\\Windows\\System32\\rundll32.exe</Data><Data Name='CommandLine'>rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump 624 C:\\temp\\lsass.dmp full &amp; echo</Data><Data Name='User'>CORP\\bob</Data><Data Name='ParentImage'>C:\\Windows\\System32\\cmd.exe</Data><Data Name='ParentCommandLine'>cmd.exe /c x</Data></EventData></Event>
<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><EventID>3</EventID><TimeCreated SystemTime='2021-11-24T14:31:08Z'/><EventRecordID>4243</EventRecordID><Computer>ws-7.corp.local</Computer></System><EventData><Data Name='Image'>C:\\x\\y.exe</Data></EventData></Event>`;

describe("normalizers", () => {
  it("maps a 4688 text event (the repository's true-positive fixture)", () => {
    const text = readFileSync(join(REPO, "tests/data/comsvcs_minidump_4688.log"), "utf8");
    expect(detectFormat(text)).toBe("wintext");
    const { events, issues } = normalizeEvents(text);
    expect(issues).toEqual([]);
    expect(events).toHaveLength(2);
    expect({ ...events[1]! }).toEqual({
      _time: String(Date.UTC(2021, 10, 24, 14, 31, 7)),
      event_id: "884213",
      dest_device_id: "win-ws-042.corp.local",
      EventCode: "4688",
      event_code: "4688",
      signature_id: "4688",
      _datamodels: ["Endpoint_Processes"],
      dest_user_id: "CORP\\alice",
      process: "rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump 624 C:\\temp\\lsass.dmp full",
      process_path: "C:\\Windows\\System32\\rundll32.exe",
      process_name: "rundll32.exe",
      process_id: "0x1f40",
      parent_process_name: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
      parent_process: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
      parent_process_id: "0x1a2c",
    });
  });

  it("maps Sysmon EventCode 1 XML, decoding entities", () => {
    const { events, issues, format } = normalizeEvents(SYSMON);
    expect(format).toBe("xml");
    expect(issues).toEqual([]);
    expect(events).toHaveLength(2);
    const e = events[0]!;
    expect(e._time).toBe(String(Date.parse("2021-11-24T14:31:07.123Z")));
    expect(e.process).toBe("rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump 624 C:\\temp\\lsass.dmp full & echo");
    expect([e.process_name, e.process_path, e.parent_process_name, e.parent_process, e.dest_user_id, e.dest_device_id, e.event_id, e.process_guid]).toEqual([
      "rundll32.exe", "C:\\Windows\\System32\\rundll32.exe", "C:\\Windows\\System32\\cmd.exe", "cmd.exe /c x", "CORP\\bob", "ws-7.corp.local", "4242", "{1b2c}",
    ]);
    expect(e._datamodels).toEqual(["Endpoint_Processes"]);
    expect(events[1]!._datamodels).toEqual([]);
  });

  it("reads JSON lines of enriched events and reports bad lines", () => {
    const r = normalizeEvents('{"input_event": {"process_name": "a.exe"}}\n{"process_name": "b.exe"}\nnot json\n');
    expect(r.events.map((e) => e.process_name)).toEqual(["a.exe", "b.exe"]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]!.line).toBe(3);
  });
});

describe.skipIf(!HAVE_SHARED)("ssa-2022 data", () => {
  // Read in beforeAll, not in the describe body: the body runs at collection time even when the block is skipped.
  let events: ReturnType<typeof normalizeEvents>["events"];
  let issues: ReturnType<typeof normalizeEvents>["issues"];
  beforeAll(() => {
    ({ events, issues } = normalizeEvents(readFileSync(join(SSA_CORPUS, "data/windows-security_small.log"), "utf8")));
  });

  it("windows-security_small.log normalizes without error", () => {
    expect(issues).toEqual([]);
    expect(events).toHaveLength(246);
    const procs = events.filter((e) => e.EventCode === "4688");
    expect(procs).toHaveLength(41);
    for (const p of procs) expect(typeof p.process_name === "string" && typeof p.process === "string" && typeof p._time === "string").toBe(true);
  });

  it("runs every corpus detection whose input keys the log provides", () => {
    const provided = new Set(events.flatMap((e) => Object.keys(e)));
    const PLATFORM = new Set(["_tenant", "_datamodels"]);
    const ran: string[] = [];
    const results: Record<string, number> = {};
    for (const f of walkFiles(join(SSA_CORPUS, "detections"), ".yml")) {
      const text = parse(readFileSync(f, "utf8")).search as string;
      const r = parseSpl2(text);
      if (!r.ok) throw new Error(`${f}: ${r.error.message}`);
      const keys = analyzeProgram(r.program, text).inputKeys.map((k) => k.key).filter((k) => !PLATFORM.has(k));
      if (!keys.every((k) => provided.has(k))) continue;
      let program;
      try {
        program = compileProgram(r.program, text);
      } catch (err) {
        if (err instanceof UnsupportedCommandError) continue;
        throw err;
      }
      const out = program.run(events);
      for (const d of out) {
        expect(typeof d.start_time).toBe("number");
        expect(d.entities.every((x) => typeof x === "string")).toBe(true);
      }
      ran.push(f);
      results[f.split("/").pop()!] = out.length;
    }
    expect(ran.length).toBeGreaterThanOrEqual(60);
    // The log holds `reg save HKLM\\...` runs from cmd.exe/powershell: these two must fire.
    expect(results["ssa___attempted_credential_dump_from_registry_via_reg_exe.yml"]).toBeGreaterThan(0);
    expect(results["ssa___prohibited_apps_spawning_cmdprompt.yml"]).toBeGreaterThan(0);
    expect(results["ssa___detect_dump_lsass_memory_using_comsvcs.yml"]).toBe(0);
  });
});
