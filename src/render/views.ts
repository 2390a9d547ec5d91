// View models: one plain object per stanza, holding the exact (unescaped) text of every value. The EJS templates
// only lay them out; escaping happens at the template boundary. Tests compare parsed output with these views.
import type { Diagnostic } from "../diag/diagnostic.js";
import { normalizeConfValue, normalizeStanzaName, type ValueChange } from "../conf/escape.js";
import type { ContentObject, Project } from "../model/project.js";
import type { Baseline, Detection, Investigation, Lookup, Macro, Story } from "../model/types.js";
import { RENDER_CODES as C } from "./codes.js";
import {
  annotations,
  baselineStanza,
  byCodePoint,
  dataModels,
  drilldowns,
  filterMacroName,
  isSsaDetection,
  isSsaOnlyStory,
  mappings,
  matchDeployment,
  metadata,
  providingTechnologies,
  responseTaskStanza,
  riskEntries,
  riskMessage,
  ruleStanza,
  type Schedule,
  severity,
  sortedStories,
  statusOf,
  str,
  strList,
  substitute,
  type Status,
} from "./derive.js";
import { toPyJson } from "./json.js";

export const DEPRECATED_PREFIX =
  "WARNING, this detection has been marked deprecated: it is no longer maintained or supported and ships disabled. ";
export const FILTER_MACRO_DESCRIPTION = "Update this macro to limit the output results to filter out false positives.";

/** Statuses whose detections are left out of the app (build option). */
export interface ViewOptions {
  excludeStatuses?: string[];
}

export class RenderContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly prefix: string;
  readonly label: string;
  constructor(
    readonly project: Project,
    readonly options: ViewOptions = {},
  ) {
    this.prefix = project.config.app.prefix || "ESCU";
    this.label = project.config.app.label || this.prefix;
  }

  report(obj: ContentObject<unknown> | undefined, pointer: string, code: string, severity: Diagnostic["severity"], message: string, hint?: string) {
    const d: Diagnostic = { code, severity, message, file: obj?.origin.file ?? "" };
    const span = obj?.origin.locate(pointer);
    if (span) d.span = span;
    if (hint) d.hint = hint;
    this.diagnostics.push(d);
  }

  /** Free text for a value: reports what the .conf writer will have to change. */
  text(obj: ContentObject<unknown> | undefined, pointer: string, value: unknown, isSearch = false): string {
    const s = str(value);
    if (!SUSPICIOUS.test(s)) return s;
    const changes: ValueChange[] = [];
    normalizeConfValue(s, changes);
    for (const ch of changes) {
      if (ch.kind === "trailing-backslash" && isSearch) {
        this.report(obj, pointer, C.SEARCH_TRAILING_BACKSLASH, "error", "The search ends with a backslash, which a .conf file cannot hold.", "Move the backslash inside a quoted string or add a harmless trailing token.");
      } else if (ch.kind === "trailing-backslash") {
        this.report(obj, pointer, C.TRAILING_BACKSLASH, "warning", ch.message);
      } else {
        this.report(obj, pointer, C.VALUE_REWRITTEN, "warning", ch.message);
      }
    }
    return s;
  }

  stanzaName(obj: ContentObject<unknown> | undefined, pointer: string, name: string): string {
    const n = normalizeStanzaName(name);
    if (n !== name || n === "") {
      this.report(obj, pointer, C.BAD_STANZA_NAME, "error", `The name '${name.slice(0, 80)}' cannot be a stanza name: it holds a line break, control character or surrounding blanks, or is empty.`);
    }
    return n;
  }
}

// eslint-disable-next-line no-control-regex
const SUSPICIOUS = /[\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff]|\\\s*$|\\\n/;

const json = toPyJson;

// ---------------------------------------------------------------------------------------------- savedsearches

export interface DetectionView {
  obj: ContentObject<Detection>;
  status: Status;
  stanza: string;
  description: string;
  mappings: string;
  dataModels: string;
  eli5: string;
  howToImplement: string;
  knownFalsePositives: string;
  date: string;
  product?: string;
  atomicGuids?: string;
  providingTechnologies: string;
  analyticStory: string;
  risk?: { message: string; entries: string };
  schedule: Schedule;
  label: string;
  annotations: string;
  metadata: string;
  notable?: { nesFields?: string; ruleDescription: string; ruleTitle: string; securityDomain: string; severity: string };
  disabled: "true" | "false";
  search: string;
  drilldowns?: string;
  /** analyticstories.conf */
  assetType: string;
  explanation: string;
  filterMacro: string;
}

export function detectionViews(ctx: RenderContext): DetectionView[] {
  const exclude = new Set(ctx.options.excludeStatuses ?? []);
  const out: DetectionView[] = [];
  const sorted = [...ctx.project.detections].sort((a, b) => byCodePoint(str(a.data.name), str(b.data.name)) || byCodePoint(a.origin.file, b.origin.file));
  for (const obj of sorted) {
    const d = obj.data;
    if (isSsaDetection(d)) continue;
    const status = statusOf(d, obj.group);
    if (exclude.has(status)) continue;
    const name = str(d.name);
    const t = (p: string, v: unknown, isSearch = false) => ctx.text(obj, p, v, isSearch);
    const deprecated = status === "deprecated";
    const rawDescription = t("/description", d.description);
    const description = deprecated ? DEPRECATED_PREFIX + rawDescription : rawDescription;
    const search = t("/search", d.search, true);
    const dep = matchDeployment(ctx.project, str(d.type), d.tags as Record<string, unknown>);
    const entries = riskEntries(d);
    const stanza = ctx.stanzaName(obj, "/name", ruleStanza(ctx.prefix, name));
    const marker = deprecated ? "Deprecated - " : status === "experimental" ? "Experimental - " : "";
    const label = `${ctx.label} - ${marker}${normalizeStanzaName(name)} - Rule`;
    const securityDomain = str(d.tags?.security_domain);
    const esName = `${securityDomain} - ${stanza} - Rule`;
    if (esName.length > 99) {
      ctx.report(obj, "/name", C.LABEL_TOO_LONG, "warning", `The name ES gives this search when it is edited in the product ('${esName}') is ${esName.length} characters; ES allows 99.`, "Shorten the detection name.");
    }
    const enabled = d.enabled_by_default === true;
    if (enabled && status !== "production") {
      ctx.report(obj, "/enabled_by_default", C.ENABLED_NOT_PRODUCTION, "warning", `Only production detections can be enabled by default; this one is ${status} and ships disabled.`);
    }
    const view: DetectionView = {
      obj,
      status,
      stanza,
      description,
      mappings: json(mappings(d)),
      dataModels: json(dataModels(search)),
      eli5: description,
      howToImplement: d.how_to_implement === undefined ? "none" : t("/how_to_implement", d.how_to_implement),
      knownFalsePositives: d.known_false_positives === undefined ? "None" : t("/known_false_positives", d.known_false_positives),
      date: str(d.date),
      providingTechnologies: json(providingTechnologies(search)),
      analyticStory: json(sortedStories(d)),
      schedule: dep.schedule,
      label,
      annotations: json(annotations(d)),
      metadata: json(metadata(d, status)),
      disabled: enabled && status === "production" ? "false" : "true",
      search,
      assetType: t("/tags/asset_type", d.tags?.asset_type),
      explanation: d.explanation !== undefined ? t("/explanation", d.explanation) : description,
      filterMacro: filterMacroName(name),
    };
    if (d.tags?.product !== undefined) view.product = json(strList(d.tags.product));
    const guids = strList(d.tags?.atomic_guid);
    if (guids.length) view.atomicGuids = json(guids);
    if (dep.rba) view.risk = { message: t(d.rba ? "/rba/message" : "/tags/message", riskMessage(d)), entries: json(entries) };
    if (dep.notable) {
      const riskFields = [...new Set(entries.filter((e) => e.risk_object_field).map((e) => e.risk_object_field!))];
      const nes = riskFields.length ? riskFields : dep.notable.nes_fields;
      const overrides = { description };
      let title = substitute(dep.notable.rule_title, d, overrides);
      if (str(d.type).toLowerCase() === "correlation" && !title.startsWith("RBA: ")) title = "RBA: " + title;
      view.notable = {
        ruleDescription: t("/description", substitute(dep.notable.rule_description, d, overrides)),
        ruleTitle: t("/name", title),
        securityDomain,
        severity: severity(entries),
      };
      if (nes.length) view.notable.nesFields = nes.join(",");
    }
    const dd = drilldowns(d);
    if (dd.length) view.drilldowns = json(dd);
    out.push(view);
  }
  return out;
}

/** The values baselines and response tasks (investigations) share: both are scheduled or run searches. */
interface SearchTaskView<T> {
  obj: ContentObject<T>;
  stanza: string;
  description: string;
  date: string;
  analyticStory: string;
  dataModels: string;
  providingTechnologies: string;
  howToImplement: string;
  search: string;
}

export interface BaselineView extends SearchTaskView<Baseline> {
  schedule: Schedule;
}

export interface InvestigationView extends SearchTaskView<Investigation> {
  knownFalsePositives: string;
}

const byName = (a: ContentObject<Baseline | Investigation>, b: ContentObject<Baseline | Investigation>) => byCodePoint(str(a.data.name), str(b.data.name));

function searchTaskView<T extends Baseline | Investigation>(ctx: RenderContext, obj: ContentObject<T>, stanza: string): SearchTaskView<T> {
  const d = obj.data;
  const search = ctx.text(obj, "/search", d.search, true);
  return {
    obj,
    stanza: ctx.stanzaName(obj, "/name", stanza),
    description: ctx.text(obj, "/description", d.description),
    date: str(d.date),
    analyticStory: json(sortedStories(d)),
    dataModels: json(dataModels(search)),
    providingTechnologies: json(providingTechnologies(search)),
    howToImplement: d.how_to_implement === undefined ? "none" : ctx.text(obj, "/how_to_implement", d.how_to_implement),
    search,
  };
}

export function baselineViews(ctx: RenderContext): BaselineView[] {
  return [...ctx.project.baselines].sort(byName).map((obj) => ({
    ...searchTaskView(ctx, obj, baselineStanza(ctx.prefix, str(obj.data.name))),
    schedule: matchDeployment(ctx.project, "Baseline", obj.data.tags as Record<string, unknown>).schedule,
  }));
}

export function investigationViews(ctx: RenderContext): InvestigationView[] {
  return [...ctx.project.investigations]
    .filter((o) => typeof o.data.search === "string" && o.data.search.trim() !== "")
    .sort(byName)
    .map((obj) => {
      const d = obj.data;
      return {
        ...searchTaskView(ctx, obj, responseTaskStanza(ctx.prefix, str(d.name))),
        knownFalsePositives: d.known_false_positives === undefined ? "None at this time" : ctx.text(obj, "/known_false_positives", d.known_false_positives),
      };
    });
}

// ---------------------------------------------------------------------------------------------- macros

export interface MacroView {
  obj?: ContentObject<Macro>;
  stanza: string;
  args?: string;
  definition: string;
  description: string;
}

export function macroViews(ctx: RenderContext, detections: DetectionView[]): MacroView[] {
  const out: MacroView[] = [];
  const defined = new Set<string>();
  const sorted = [...ctx.project.macros].sort((a, b) => byCodePoint(str(a.data.name), str(b.data.name)) || byCodePoint(a.origin.file, b.origin.file));
  for (const obj of sorted) {
    const m = obj.data;
    const args = strList(m.arguments);
    const name = str(m.name);
    const stanza = ctx.stanzaName(obj, "/name", args.length ? `${name}(${args.length})` : name);
    if (defined.has(stanza)) {
      ctx.report(obj, "/name", C.DUPLICATE_STANZA, "error", `Macro '${stanza}' is defined more than once; only the first definition is rendered.`);
      continue;
    }
    defined.add(stanza);
    const view: MacroView = {
      obj,
      stanza,
      definition: ctx.text(obj, "/definition", m.definition),
      description: ctx.text(obj, "/description", m.description),
    };
    if (args.length) view.args = args.join(", ");
    out.push(view);
  }
  for (const d of detections) {
    if (defined.has(d.filterMacro)) continue;
    defined.add(d.filterMacro);
    out.push({ stanza: d.filterMacro, definition: "search *", description: FILTER_MACRO_DESCRIPTION });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- stories

export interface StoryView {
  obj: ContentObject<Story>;
  stanza: string;
  category: string;
  lastUpdated: string;
  version: string;
  references: string;
  maintainers: string;
  searches: string;
  description: string;
  narrative?: string;
}

export function maintainers(author: string, company: string | undefined): { company: string; email: string; name: string }[] {
  const i = author.indexOf(",");
  const name = (i < 0 ? author : author.slice(0, i)).trim();
  const comp = i < 0 ? "" : author.slice(i + 1).trim();
  return [{ company: comp || company || "-", email: "-", name: name || "-" }];
}

export function storyViews(ctx: RenderContext, detections: DetectionView[], investigations: InvestigationView[]): StoryView[] {
  const byStory = new Map<string, string[]>();
  const add = (story: string, stanza: string) => {
    const l = byStory.get(story) ?? [];
    l.push(stanza);
    byStory.set(story, l);
  };
  for (const d of detections) for (const s of strList(d.obj.data.tags?.analytic_story)) add(s, d.stanza);
  const tasks = new Map<string, string[]>();
  for (const inv of investigations)
    for (const s of strList(inv.obj.data.tags?.analytic_story)) tasks.set(s, [...(tasks.get(s) ?? []), inv.stanza]);
  return [...ctx.project.stories]
    .filter((o) => !isSsaOnlyStory(strList(o.data.tags?.product)))
    .sort((a, b) => byCodePoint(str(a.data.name), str(b.data.name)))
    .map((obj) => {
      const s = obj.data;
      const name = str(s.name);
      const searches = [...new Set(byStory.get(name) ?? [])].sort(byCodePoint);
      searches.push(...[...new Set(tasks.get(name) ?? [])].sort(byCodePoint));
      const view: StoryView = {
        obj,
        stanza: ctx.stanzaName(obj, "/name", `analytic_story://${name}`),
        category: ctx.text(obj, "/tags/category", strList(s.tags?.category)[0] ?? ""),
        lastUpdated: str(s.date),
        version: str(s.version ?? 1),
        references: json(strList(s.references)),
        maintainers: json(maintainers(str(s.author), ctx.project.config.app.author_company)),
        searches: json(searches),
        description: ctx.text(obj, "/description", s.description),
      };
      if (s.narrative !== undefined) view.narrative = ctx.text(obj, "/narrative", s.narrative);
      return view;
    });
}

// ---------------------------------------------------------------------------------------------- lookups

export interface LookupView {
  obj: ContentObject<Lookup>;
  stanza: string;
  comment?: string;
  keys: [string, string][];
  collection?: string;
}

const LOOKUP_KEYS = ["default_match", "case_sensitive_match", "match_type", "min_matches", "max_matches", "fields_list", "filter"] as const;

export function lookupViews(ctx: RenderContext): LookupView[] {
  const out: LookupView[] = [];
  const seen = new Set<string>();
  for (const obj of [...ctx.project.lookups].sort((a, b) => byCodePoint(str(a.data.name), str(b.data.name)))) {
    const l = obj.data;
    const filename = l.filename === undefined ? undefined : str(l.filename).split(/[\\/]/).pop()!;
    if (filename && /\.mlmodel$/i.test(filename)) continue; // MLTK models get no transforms stanza
    const stanza = ctx.stanzaName(obj, "/name", str(l.name));
    if (seen.has(stanza)) {
      ctx.report(obj, "/name", C.DUPLICATE_STANZA, "error", `Lookup '${stanza}' is defined more than once; only the first definition is rendered.`);
      continue;
    }
    seen.add(stanza);
    const keys: [string, string][] = [];
    let collection: string | undefined;
    if (filename) {
      keys.push(["filename", filename]);
      if (!ctx.project.lookupFiles.has(filename)) {
        ctx.report(obj, "/filename", C.LOOKUP_FILE_MISSING, "warning", `Lookup file '${filename}' is not beside the lookup definitions; transforms.conf names a file the app does not ship.`);
      }
    } else if (l.collection !== undefined) {
      collection = ctx.stanzaName(obj, "/collection", str(l.collection));
      keys.push(["collection", collection], ["external_type", "kvstore"]);
    }
    for (const k of LOOKUP_KEYS) {
      const v = (l as Record<string, unknown>)[k];
      if (v !== undefined && v !== null) keys.push([k, ctx.text(obj, `/${k}`, typeof v === "boolean" ? String(v) : v)]);
    }
    const view: LookupView = { obj, stanza, keys };
    if (l.description !== undefined) view.comment = str(l.description);
    if (collection) view.collection = collection;
    out.push(view);
  }
  return out;
}
