// Windows Security events in Splunk's WinEventLog text format (a `MM/DD/YYYY hh:mm:ss AM` line, `Key=Value`
// header lines, then `Message=` with `Section:` / `\tLabel:\tValue` lines) -> SSA enriched events. Pure.
// The field mapping (splunk-platform.md §6.2, an inference: SSA never published its enrichment) is in docs/readme/ssa.md.
import { newMap, type ValueMap } from "../values.js";
import { authenticationDatamodels, basename, type NormalizeIssue } from "./common.js";

const STAMP = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?: ([AP]M))?\s*$/;

export interface WinTextEvent {
  time: number;
  header: Record<string, string>;
  /** Message fields by "Section/Label" and by bare "Label" (first occurrence wins). */
  fields: Map<string, string>;
  line: number;
}

function epochMs(m: RegExpExecArray): number {
  let hour = Number(m[4]) % 12;
  if (m[7] === "PM") hour += 12;
  if (!m[7]) hour = Number(m[4]);
  return Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), hour, Number(m[5]), Number(m[6]));
}

/** Split a log into events; each starts at a timestamp line. Lines before the first one are reported. */
export function parseWindowsText(text: string): { events: WinTextEvent[]; issues: NormalizeIssue[] } {
  const lines = text.split(/\r?\n/);
  const events: WinTextEvent[] = [];
  const issues: NormalizeIssue[] = [];
  let cur: WinTextEvent | undefined;
  let inMessage = false;
  let section = "";
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const stamp = STAMP.exec(line);
    if (stamp) {
      cur = { time: epochMs(stamp), header: {}, fields: new Map(), line: i + 1 };
      events.push(cur);
      inMessage = false;
      section = "";
      continue;
    }
    if (!cur) {
      if (line.trim()) issues.push({ line: i + 1, message: "Text before the first event timestamp was ignored." });
      continue;
    }
    if (!inMessage) {
      const kv = /^([A-Za-z][A-Za-z0-9_]*)=(.*)$/.exec(line);
      if (kv) {
        cur.header[kv[1]!] = kv[2]!.trim();
        if (kv[1] === "Message") inMessage = true;
      }
      continue;
    }
    const sec = /^([A-Za-z][^:\t]*):\s*$/.exec(line);
    if (sec) {
      section = sec[1]!.trim();
      continue;
    }
    const field = /^(\t+|\s{2,})?([A-Za-z][^:\t]*?):\s*(.*)$/.exec(line);
    if (field && (field[1] || /:\t/.test(line))) {
      const label = field[2]!.trim();
      const value = field[3]!.trim();
      const keyed = field[1] ? `${section}/${label}` : label;
      if (!cur.fields.has(keyed)) cur.fields.set(keyed, value);
      if (!cur.fields.has(label)) cur.fields.set(label, value);
    } else if (!line.trim()) {
      section = "";
    }
  }
  return { events, issues };
}

const present = (v: string | undefined): string | undefined => (v === undefined || v === "" || v === "-" ? undefined : v);

function account(e: WinTextEvent, sections: string[]): string | undefined {
  for (const s of sections) {
    const name = present(e.fields.get(`${s}/Account Name`));
    if (!name) continue;
    const domain = present(e.fields.get(`${s}/Account Domain`));
    return domain ? `${domain}\\${name}` : name;
  }
  return undefined;
}

/** One parsed event -> the `input_event` map of an SSA enriched event. */
export function windowsTextToEnriched(e: WinTextEvent): ValueMap {
  const out: ValueMap = newMap();
  const set = (k: string, v: string | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  const code = e.header.EventCode ?? "";
  out._time = String(e.time);
  set("event_id", present(e.header.RecordNumber));
  set("dest_device_id", present(e.header.ComputerName));
  set("EventCode", present(code));
  set("event_code", present(code));
  set("signature_id", present(code));
  const f = (k: string) => present(e.fields.get(k));
  if (code === "4688") {
    out._datamodels = ["Endpoint_Processes"];
    const image = f("Process Information/New Process Name");
    const parent = f("Process Information/Creator Process Name");
    set("dest_user_id", account(e, ["Creator Subject", "Subject"]));
    set("process", f("Process Information/Process Command Line"));
    set("process_path", image);
    set("process_name", image && basename(image));
    set("process_id", f("Process Information/New Process ID"));
    set("parent_process_name", parent);
    set("parent_process", parent);
    set("parent_process_id", f("Process Information/Creator Process ID"));
  } else if (authenticationDatamodels.has(code)) {
    out._datamodels = ["Authentication"];
    const target = ["New Logon", "Account Whose Credentials Were Used", "Account For Which Logon Failed", "Account Information"];
    set("dest_user_id", account(e, target) ?? account(e, ["Subject"]));
    const user = target.map((s) => f(`${s}/Account Name`)).find(Boolean);
    set("dest_user_primary_artifact", user);
    set("dest_user_original_artifact", user);
    set("authentication_method", f("Detailed Authentication Information/Logon Process"));
    set("authentication_type", f("Logon Information/Logon Type") ?? f("Logon Type"));
    set("origin_device_id", f("Network Information/Workstation Name") ?? f("Network Information/Source Network Address") ?? f("Network Information/Client Address"));
    set("service_name", f("Service Information/Service Name"));
    set("service_id", f("Service Information/Service ID"));
    set("ticket_options", f("Additional Information/Ticket Options"));
    set("ticket_encryption_type", f("Additional Information/Ticket Encryption Type"));
    set("action", e.header.Keywords === "Audit Failure" ? "failure" : "success");
  } else {
    out._datamodels = [];
    set("dest_user_id", account(e, ["Subject", "Creator Subject"]));
    set("process_name", f("Process Information/Process Name") && basename(f("Process Information/Process Name")!));
    set("process_path", f("Process Information/Process Name"));
  }
  return out;
}
