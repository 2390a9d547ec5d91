// Sysmon events as XML (XmlWinEventLog: one <Event>...</Event> per record) -> SSA enriched events. Pure.
// Only EventID 1 (process creation) is mapped to Endpoint_Processes; other IDs keep the common fields.
import { newMap, type ValueMap } from "../values.js";
import { basename, type NormalizeIssue } from "./common.js";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const decode = (s: string): string =>
  s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e[0] === "#" ? String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITIES[e]!,
  );

export interface XmlEvent {
  system: Record<string, string>;
  data: Record<string, string>;
  line: number;
}

/** Find every <Event>...</Event> element and read its System children and EventData/Data values. */
export function parseEventXml(text: string): { events: XmlEvent[]; issues: NormalizeIssue[] } {
  const events: XmlEvent[] = [];
  const issues: NormalizeIssue[] = [];
  const re = /<Event[\s>][\s\S]*?<\/Event>/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const xml = m[0];
    const line = text.slice(0, m.index).split("\n").length;
    const sys = /<System>([\s\S]*?)<\/System>/.exec(xml)?.[1];
    if (!sys) {
      issues.push({ line, message: "Event without a <System> element was skipped." });
      continue;
    }
    const system: Record<string, string> = {};
    for (const t of sys.matchAll(/<(\w+)([^>]*?)(?:\/>|>([\s\S]*?)<\/\1>)/g)) {
      const [, tag, attrs, body] = t;
      if (body !== undefined && body.trim() !== "") system[tag!] = decode(body.trim());
      for (const a of attrs!.matchAll(/(\w+)=(['"])(.*?)\2/g)) system[`${tag}.${a[1]}`] = decode(a[3]!);
    }
    const data: Record<string, string> = {};
    for (const d of xml.matchAll(/<Data Name=(['"])(.*?)\1\s*(?:\/>|>([\s\S]*?)<\/Data>)/g)) data[d[2]!] = decode(d[3] ?? "");
    events.push({ system, data, line });
  }
  return { events, issues };
}

const present = (v: string | undefined): string | undefined => (v === undefined || v === "" || v === "-" ? undefined : v);

/** One Sysmon event -> the `input_event` map of an SSA enriched event. */
export function sysmonToEnriched(e: XmlEvent): ValueMap {
  const out: ValueMap = newMap();
  const set = (k: string, v: string | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  const code = e.system.EventID ?? "";
  const t = Date.parse(e.system["TimeCreated.SystemTime"] ?? "");
  if (!Number.isNaN(t)) out._time = String(t);
  set("event_id", present(e.system.EventRecordID));
  set("dest_device_id", present(e.system.Computer));
  set("EventCode", present(code));
  set("event_code", present(code));
  set("signature_id", present(code));
  const d = (k: string) => present(e.data[k]);
  set("dest_user_id", d("User"));
  if (code === "1") {
    out._datamodels = ["Endpoint_Processes"];
    const image = d("Image");
    set("process", d("CommandLine"));
    set("process_path", image);
    set("process_name", image && basename(image));
    set("process_id", d("ProcessId"));
    set("process_guid", d("ProcessGuid"));
    set("parent_process_name", d("ParentImage"));
    set("parent_process", d("ParentCommandLine"));
    set("parent_process_id", d("ParentProcessId"));
    set("parent_process_guid", d("ParentProcessGuid"));
    set("process_hash", d("Hashes"));
  } else {
    out._datamodels = [];
    set("process_path", d("Image"));
    set("process_name", d("Image") && basename(d("Image")!));
    set("process_guid", d("ProcessGuid"));
    set("registry_path", d("TargetObject"));
    set("registry_value_data", d("Details"));
    set("file_path", d("TargetFilename"));
    set("file_name", d("TargetFilename") && basename(d("TargetFilename")!));
  }
  return out;
}
