// Read an event file in any supported format and return SSA enriched events (the `input_event` maps).
// Formats: JSON lines ({"input_event": {...}} or a bare event object), Sysmon/Windows XML, WinEventLog text.
// Pure (takes the text); the caller reads the file.
import { fromJson, isMap, type ValueMap } from "../values.js";
import type { NormalizeIssue } from "./common.js";
import { parseEventXml, sysmonToEnriched } from "./sysmon-xml.js";
import { parseWindowsText, windowsTextToEnriched } from "./windows-text.js";

export type EventFormat = "jsonl" | "xml" | "wintext";

export interface NormalizeResult {
  format: EventFormat;
  events: ValueMap[];
  issues: NormalizeIssue[];
}

/** Guess the format from the first non-blank character(s). */
export function detectFormat(text: string): EventFormat {
  const head = text.trimStart();
  if (head.startsWith("{") || head.startsWith("[")) return "jsonl";
  if (head.startsWith("<")) return "xml";
  return "wintext";
}

function parseJsonLines(text: string): { events: ValueMap[]; issues: NormalizeIssue[] } {
  const events: ValueMap[] = [];
  const issues: NormalizeIssue[] = [];
  const head = text.trimStart();
  const push = (obj: unknown, line: number) => {
    const v = fromJson(obj);
    if (!isMap(v)) return issues.push({ line, message: "Not a JSON object." });
    const inner = v.input_event;
    events.push(isMap(inner) ? inner : v);
  };
  if (head.startsWith("[")) {
    try {
      (JSON.parse(text) as unknown[]).forEach((o, i) => push(o, i + 1));
    } catch (err) {
      issues.push({ line: 1, message: `Invalid JSON: ${(err as Error).message}` });
    }
    return { events, issues };
  }
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (!l) continue;
    try {
      push(JSON.parse(l), i + 1);
    } catch (err) {
      issues.push({ line: i + 1, message: `Invalid JSON: ${(err as Error).message}` });
    }
  }
  return { events, issues };
}

/** Normalize the text of an event file into enriched events. */
export function normalizeEvents(text: string, format: EventFormat = detectFormat(text)): NormalizeResult {
  if (format === "jsonl") return { format, ...parseJsonLines(text) };
  if (format === "xml") {
    const { events, issues } = parseEventXml(text);
    return { format, events: events.map(sysmonToEnriched), issues };
  }
  const { events, issues } = parseWindowsText(text);
  return { format, events: events.map(windowsTextToEnriched), issues };
}

export type { NormalizeIssue };
