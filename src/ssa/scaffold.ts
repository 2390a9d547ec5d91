// Scaffold a new detection: an SSA detection with a structured `ssa:` block (fields, condition, entities,
// body) or an ESCU SPL detection ending in its `<stem>_filter` macro. Pure: returns the YAML text and
// problems; the CLI writes the file.
import { stringify } from "yaml";
import { analyzeProgram } from "./analyze.js";
import { parseSpl2, parseSpl2Expression } from "./parser.js";
import { FIELD_TRANSFORMS, renderStructuredPipeline } from "./structured.js";

export interface ScaffoldOptions {
  name: string;
  id: string;
  date: string;
  author: string;
  ssa: boolean;
  /** SSA: `name` or `name:transform` (input_event key = name). */
  fields: string[];
  /** SSA: the condition (an SPL2 expression over the fields). */
  where?: string;
  /** ESCU: the SPL search (the filter macro is appended when missing). */
  search?: string;
  type: string;
}

export type ScaffoldResult = { ok: true; stem: string; yaml: string } | { ok: false; problems: string[] };

const TODO = "TODO";
const ENTITY = /(_device_id|_user_id)$/;

/** The file stem for a detection name: lower case, runs of other characters -> `_`. */
export const detectionStem = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");

function ssaBlock(o: ScaffoldOptions, problems: string[]): Record<string, unknown> | undefined {
  const fields: Record<string, unknown>[] = [];
  const names = new Set<string>();
  for (const raw of o.fields) {
    const [name, ...transforms] = raw.split(":").map((s) => s.trim());
    if (!name || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      problems.push(`--fields: '${raw}' is not a field name (letters, digits, _), optionally followed by :transform.`);
      continue;
    }
    const bad = transforms.find((t) => !FIELD_TRANSFORMS.includes(t));
    if (bad) problems.push(`--fields: unknown transform '${bad}' for '${name}'; use one of ${FIELD_TRANSFORMS.join(", ")}.`);
    if (names.has(name)) continue;
    names.add(name);
    const f: Record<string, unknown> = { name };
    if (transforms.length === 1) f.transform = transforms[0];
    else if (transforms.length > 1) f.transform = transforms;
    fields.push(f);
  }
  if (!names.has("dest_device_id") && ![...names].some((n) => ENTITY.test(n))) {
    fields.push({ name: "dest_device_id" });
    names.add("dest_device_id");
  }
  if (!names.has("timestamp")) fields.push({ name: "timestamp", key: "_time", transform: "parse_long" });
  if (!names.has("event_id")) fields.push({ name: "event_id" });
  const entities = fields.map((f) => f.name as string).filter((n) => ENTITY.test(n));
  const body = ["event_id", ...fields.map((f) => f.name as string).filter((n) => n !== "event_id" && n !== "timestamp" && !ENTITY.test(n))];
  const where = o.where ?? "";
  const cond = parseSpl2Expression(where);
  if (!where.trim()) problems.push("--where is required with --ssa (an SPL2 condition over the fields).");
  else if (!cond.ok) problems.push(`--where: ${cond.error.message} (at character ${cond.error.start + 1}).`);
  const block = { fields, where, start_time: "timestamp", end_time: "timestamp", entities, body };
  if (problems.length) return undefined;
  const r = renderStructuredPipeline(block);
  if (!r.ok) {
    problems.push(...r.problems.map((p) => `${p.pointer}: ${p.message}`));
    return undefined;
  }
  const parsed = parseSpl2(r.search);
  if (!parsed.ok) {
    problems.push(`The generated pipeline does not parse: ${parsed.error.message}`);
    return undefined;
  }
  for (const f of analyzeProgram(parsed.program, r.search).findings) {
    if (f.code === "undefinedField") problems.push(`--where: ${f.message} Add it to --fields.`);
    else if (f.code === "unknownFunction" || f.code === "arity" || f.code === "regex") problems.push(`--where: ${f.message}`);
  }
  return block;
}

/** Build the detection YAML. */
export function scaffoldDetection(o: ScaffoldOptions): ScaffoldResult {
  const problems: string[] = [];
  if (!o.name.trim()) problems.push("--name is required.");
  const stem = detectionStem(o.name);
  const doc: Record<string, unknown> = {
    name: o.name.trim(),
    id: o.id,
    version: 1,
    date: o.date,
    author: o.author,
    status: "production",
    type: o.type,
  };
  if (o.ssa) {
    const block = ssaBlock(o, problems);
    if (!block) return { ok: false, problems };
    const keys = (block.fields as Record<string, unknown>[]).map((f) => (f.key as string | undefined) ?? (f.name as string));
    doc.datamodel = ["Endpoint_Processes"];
    doc.description = `${TODO}: describe what the detection finds, how, and why it matters.`;
    doc.ssa = block;
    doc.how_to_implement = `${TODO}: describe the data the pipeline needs (for example Windows Security 4688 events with command-line logging).`;
    doc.known_false_positives = `${TODO}: describe legitimate activity that matches, or write None identified.`;
    doc.references = [];
    const entities = block.entities as string[];
    doc.tags = {
      analytic_story: [],
      asset_type: "Endpoint",
      confidence: 50,
      impact: 50,
      message: `${TODO}: describe the activity on ${entities.map((e) => `$${e}$`).join(" by ")}.`,
      mitre_attack_id: [],
      observable: entities.map((e) => ({ name: e, type: /_user_id$/.test(e) ? "User" : "Hostname", role: ["Victim"] })),
      product: ["Splunk Behavioral Analytics"],
      required_fields: [...new Set(keys)],
      risk_score: 25,
      risk_severity: "low",
      security_domain: "endpoint",
    };
  } else {
    const search = (o.search ?? "").trim();
    if (!search) problems.push("--search is required without --ssa (the SPL of the detection).");
    if (problems.length) return { ok: false, problems };
    const filter = `\`${stem}_filter\``;
    doc.data_source = [];
    doc.description = `${TODO}: describe what the detection finds, how, and why it matters.`;
    doc.search = search.includes(filter) ? search : `${search} | ${filter}`;
    doc.how_to_implement = `${TODO}: describe the data and add-ons the search needs.`;
    doc.known_false_positives = `${TODO}: describe legitimate activity that matches, or write None identified.`;
    doc.references = [];
    doc.tags = {
      analytic_story: [],
      asset_type: "Endpoint",
      confidence: 50,
      impact: 50,
      message: `${TODO}: describe the activity on $dest$.`,
      mitre_attack_id: [],
      observable: [{ name: "dest", type: "Hostname", role: ["Victim"] }],
      product: ["Splunk Enterprise", "Splunk Enterprise Security", "Splunk Cloud"],
      required_fields: [],
      risk_score: 25,
      security_domain: "endpoint",
    };
  }
  if (problems.length) return { ok: false, problems };
  const yaml = stringify(doc, { lineWidth: 0, singleQuote: true, version: "1.1" });
  return { ok: true, stem, yaml };
}
