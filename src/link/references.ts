// Names that must resolve to another file: analytic stories, macros (with arity), lookups, data sources,
// detections named by baselines. Unknown names get a did-you-mean hint. Pure.
import type { Diagnostic } from "../diag/diagnostic.js";
import * as codes from "../diag/codes.js";
import { closest } from "../diag/suggest.js";
import type { ContentObject, Project } from "../model/project.js";
import { filterMacroName } from "../model/naming.js";
import { searchObjects } from "./objects.js";
import { lookupRefs, macroCalls } from "./spl.js";

const names = (objects: ContentObject<any>[]) => new Set(objects.map((o) => o.data.name).filter((n): n is string => typeof n === "string"));

/** SC3003: every tags.analytic_story names a story (skipped when the content has no stories at all). */
export function checkStories(project: Project): Diagnostic[] {
  if (project.stories.length === 0) return [];
  const known = names(project.stories);
  const out: Diagnostic[] = [];
  for (const o of [...project.detections, ...project.baselines, ...project.investigations]) {
    const stories = o.data.tags?.analytic_story;
    if (!Array.isArray(stories)) continue;
    stories.forEach((s: unknown, i: number) => {
      if (typeof s === "string" && !known.has(s)) {
        out.push({ file: o.origin.file, span: o.origin.locate(`/tags/analytic_story/${i}`), ...codes.unknownStory(s, closest(s, known)) });
      }
    });
  }
  return out;
}

/** Macro name -> accepted argument counts (undefined: any count, for external macros). */
export function macroTable(project: Project): Map<string, Set<number> | undefined> {
  const table = new Map<string, Set<number> | undefined>();
  const add = (name: string, arity: number) => {
    if (table.has(name) && table.get(name) === undefined) return;
    table.set(name, new Set([...(table.get(name) ?? []), arity]));
  };
  for (const m of project.macros) {
    if (typeof m.data.name === "string") add(m.data.name, Array.isArray(m.data.arguments) ? m.data.arguments.length : 0);
  }
  for (const o of [...project.detections, ...project.baselines, ...project.investigations]) {
    if (typeof o.data.name === "string") add(filterMacroName(o.data.name), 0);
  }
  for (const name of project.config.externalMacros) table.set(name, undefined);
  return table;
}

/** SC3004 unknown macro, SC3005 wrong arity: in every search and macro definition. */
export function checkMacros(project: Project): Diagnostic[] {
  const table = macroTable(project);
  const out: Diagnostic[] = [];
  const check = (o: ContentObject<any>, text: unknown, pointer: string) => {
    if (typeof text !== "string") return;
    for (const call of macroCalls(text)) {
      const where = () => ({ file: o.origin.file, span: o.origin.locate(pointer) });
      if (!table.has(call.name)) {
        out.push({ ...where(), ...codes.unknownMacro(call.name, closest(call.name, table.keys())) });
        continue;
      }
      const arities = table.get(call.name);
      if (arities && !arities.has(call.args.length)) out.push({ ...where(), ...codes.macroArity(call.name, call.args.length, [...arities].sort()) });
    }
  };
  for (const o of searchObjects(project)) check(o, o.data.search, "/search");
  for (const m of project.macros) check(m, m.data.definition, "/definition");
  return out;
}

/** Every name a lookup can be referred to by: lookup names, file names (with and without extension), KV collections. */
export function lookupNames(project: Project): Set<string> {
  const known = new Set<string>(project.config.externalLookups);
  for (const l of project.lookups) {
    for (const v of [l.data.name, l.data.filename, l.data.collection]) if (typeof v === "string") known.add(v);
  }
  for (const file of project.lookupFiles.keys()) known.add(file).add(file.replace(/\.[^.]+$/, ""));
  // Lookups the content itself creates with outputlookup (baselines) exist once that search has run.
  for (const o of searchObjects(project)) {
    for (const ref of lookupRefs(o.data.search)) if (ref.command === "outputlookup") known.add(ref.name).add(ref.name.replace(/\.csv$/, ""));
  }
  return known;
}

/** SC3006: lookups used by `lookup` / `inputlookup` exist (in the content, created by it, or external). */
export function checkLookups(project: Project): Diagnostic[] {
  const known = lookupNames(project);
  const out: Diagnostic[] = [];
  const check = (o: ContentObject<any>, text: unknown, pointer: string) => {
    if (typeof text !== "string") return;
    for (const ref of lookupRefs(text)) {
      if (ref.command === "outputlookup" || known.has(ref.name) || known.has(ref.name.replace(/\.csv$/, ""))) continue;
      out.push({ file: o.origin.file, span: o.origin.locate(pointer), ...codes.unknownLookup(ref.name, closest(ref.name, known)) });
    }
  };
  for (const o of searchObjects(project)) check(o, o.data.search, "/search");
  for (const m of project.macros) check(m, m.data.definition, "/definition");
  return out;
}

/** SC3008: data sources a detection names exist (when the content has data_sources/). */
export function checkDataSources(project: Project): Diagnostic[] {
  if (project.dataSources.length === 0) return [];
  const known = names(project.dataSources);
  // the same unknown source recurs across many detections: compute its suggestion once
  const suggestions = new Map<string, string | undefined>();
  const suggest = (s: string) => {
    if (!suggestions.has(s)) suggestions.set(s, closest(s, known));
    return suggestions.get(s);
  };
  const out: Diagnostic[] = [];
  for (const o of project.detections) {
    const list = o.data.data_source;
    if (!Array.isArray(list)) continue;
    list.forEach((entry: unknown, i: number) => {
      if (typeof entry !== "string") return;
      // "Sysmon EventID 1 AND Sysmon EventID 3": a detection that joins two sources names both
      for (const s of entry.split(" AND ").map((x) => x.trim())) {
        if (!known.has(s)) out.push({ file: o.origin.file, span: o.origin.locate(`/data_source/${i}`), ...codes.unknownDataSource(s, suggest(s)) });
      }
    });
  }
  return out;
}

/** SC3009: detections a baseline names in tags.detections exist. */
export function checkBaselineDetections(project: Project): Diagnostic[] {
  const known = names(project.detections);
  const out: Diagnostic[] = [];
  for (const o of project.baselines) {
    const list = o.data.tags?.detections;
    if (!Array.isArray(list)) continue;
    list.forEach((s: unknown, i: number) => {
      if (typeof s === "string" && !known.has(s)) out.push({ file: o.origin.file, span: o.origin.locate(`/tags/detections/${i}`), ...codes.unknownDetectionRef(s, closest(s, known)) });
    });
  }
  return out;
}
