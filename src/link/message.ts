// SC3007: every $token$ of a risk message (tags.message, rba.message) must be an observable, an RBA
// risk/threat object, or a field the search (or a macro it calls) mentions. Pure.
import type { Diagnostic } from "../diag/diagnostic.js";
import * as codes from "../diag/codes.js";
import { closest } from "../diag/suggest.js";
import type { Project } from "../model/project.js";
import { macroCalls, searchWords } from "./spl.js";

const fieldsOf = (list: unknown): string[] =>
  Array.isArray(list) ? list.map((x) => (x && typeof x === "object" ? (x as any).name ?? (x as any).field : undefined)).filter((s): s is string => typeof s === "string") : [];

export function checkMessageTokens(project: Project): Diagnostic[] {
  const macroDefs = new Map(project.macros.map((m) => [m.data.name, m.data.definition] as const));
  const out: Diagnostic[] = [];
  for (const o of project.detections) {
    const d = o.data;
    const declared = new Set([...fieldsOf(d.tags?.observable), ...fieldsOf(d.rba?.risk_objects), ...fieldsOf(d.rba?.threat_objects)]);
    let words: Set<string> | undefined;
    const produced = () => {
      if (!words) {
        const search = typeof d.search === "string" ? d.search : "";
        words = searchWords(search);
        for (const call of macroCalls(search)) {
          const def = macroDefs.get(call.name);
          if (typeof def === "string") for (const w of searchWords(def)) words.add(w);
        }
      }
      return words;
    };
    for (const [pointer, message] of [["/tags/message", d.tags?.message], ["/rba/message", d.rba?.message]] as const) {
      if (typeof message !== "string") continue;
      const seen = new Set<string>();
      for (const m of message.matchAll(/\$([^$\s]+)\$/g)) {
        const token = m[1];
        if (seen.has(token) || declared.has(token) || produced().has(token)) continue;
        seen.add(token);
        out.push({ file: o.origin.file, span: o.origin.locate(pointer), ...codes.unknownMessageToken(token, closest(token, declared)) });
      }
    }
  }
  return out;
}
