// SSA hooks of checkContent: fill `search` from a structured `ssa:` block, then parse and check every SSA
// pipeline (syntax, fields defined, required_fields vs input_event keys, risk message tokens, offline-ability).
// Mutates only `data.search` of detections that have an `ssa:` block and no search. Never prints.
import type { Diagnostic } from "../diag/diagnostic.js";
import type { ContentObject, Project } from "../model/project.js";
import type { Detection } from "../model/types.js";
import { analyzeProgram } from "./analyze.js";
import { SSA_CODES, type SsaCodeName } from "./codes.js";
import { locateInScalar } from "./locate.js";
import { parseSpl2 } from "./parser.js";
import { renderStructuredPipeline, type Segment } from "./structured.js";

/** Generated pipelines and where each part came from, for detections whose search was built from `ssa:`. */
const generated = new WeakMap<Detection, Segment[]>();

/** Whether a detection is an SSA (SPL2 pipeline) detection rather than an SPL search. */
export function isSsaDetection(d: Detection): boolean {
  if (d.ssa !== undefined) return true;
  if (Array.isArray(d.tags?.product) && d.tags.product.includes("Splunk Behavioral Analytics")) return true;
  return typeof d.search === "string" && /\bread_ssa_enriched_events\s*\(/.test(d.search);
}

/** The pipeline text of an SSA detection: its search, or the one generated from its `ssa:` block. */
export function ssaPipelineText(d: Detection): string | undefined {
  if (typeof d.search === "string" && d.search.trim()) return d.search;
  if (d.ssa === undefined) return undefined;
  const r = renderStructuredPipeline(d.ssa);
  return r.ok ? r.search : undefined;
}

function valueAt(data: unknown, pointer: string): unknown {
  let cur: unknown = data;
  for (const raw of pointer.split("/").slice(1)) {
    const k = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

function diag(obj: ContentObject<Detection>, name: SsaCodeName, message: string, span: Diagnostic["span"], hint?: string): Diagnostic {
  const c = SSA_CODES[name];
  const d: Diagnostic = { code: c.code, severity: c.severity, message, file: obj.origin.file, span };
  if (hint) d.hint = hint;
  return d;
}

/** Fill in `search` of detections that define their SSA pipeline structurally (`ssa:` block). */
export function resolveSsa(project: Project): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const obj of project.detections) {
    const d = obj.data;
    if (d.ssa === undefined) continue;
    const r = renderStructuredPipeline(d.ssa);
    if (!r.ok) {
      for (const p of r.problems) out.push(diag(obj, "structured", p.message, obj.origin.locate(p.pointer)));
      continue;
    }
    if (typeof d.search !== "string" || !d.search.trim()) {
      d.search = r.search;
      generated.set(d, r.segments);
    } else if (d.search !== r.search) {
      out.push(
        diag(obj, "searchMismatch", "The search differs from the pipeline generated from the ssa: block; the search is used.", obj.origin.locate("/search"), "Remove search (it is generated from ssa:) or remove the ssa: block."),
      );
    }
  }
  return out;
}

/** Map [from, to) of the pipeline text to a span in the detection's YAML file. */
function locator(obj: ContentObject<Detection>, text: string): (from: number, to: number) => Diagnostic["span"] {
  const segs = generated.get(obj.data);
  if (!segs) return (from, to) => locateInScalar(obj.origin, "/search", text, from, to);
  return (from, to) => {
    const seg = segs.find((s) => from >= s.start && from < s.end) ?? segs.find((s) => from === s.end);
    if (!seg) return obj.origin.locate("/ssa");
    const value = valueAt(obj.data, seg.pointer);
    if (seg.exact && typeof value === "string") return locateInScalar(obj.origin, seg.pointer, value, from - seg.start, Math.min(to, seg.end) - seg.start);
    return obj.origin.locate(seg.pointer);
  };
}

/** Check one SSA detection. */
export function checkSsaDetection(obj: ContentObject<Detection>): Diagnostic[] {
  const d = obj.data;
  const text = typeof d.search === "string" ? d.search : undefined;
  if (!text) return [];
  const at = locator(obj, text);
  const parsed = parseSpl2(text);
  if (!parsed.ok) {
    const e = parsed.error;
    return [diag(obj, "syntax", e.message, at(e.start, e.end))];
  }
  const a = analyzeProgram(parsed.program, text);
  const out = a.findings.map((f) => diag(obj, f.code, f.message, at(f.start, f.end), f.hint));

  const required = Array.isArray(d.tags?.required_fields) ? d.tags.required_fields.filter((x): x is string => typeof x === "string") : undefined;
  if (required) {
    const read = new Set(a.inputKeys.map((k) => k.key));
    required.forEach((f, i) => {
      if (!read.has(f)) out.push(diag(obj, "unusedRequiredField", `required_fields lists '${f}', but the pipeline never reads it from input_event.`, obj.origin.locate(`/tags/required_fields/${i}`)));
    });
    const declared = new Set(required);
    const reported = new Set<string>();
    for (const k of a.inputKeys) {
      if (declared.has(k.key) || reported.has(k.key)) continue;
      reported.add(k.key);
      out.push(diag(obj, "undeclaredInputKey", `The pipeline reads '${k.key}' from input_event, but required_fields does not list it.`, at(k.start, k.end), `Add '${k.key}' to tags.required_fields.`));
    }
  }

  const message = typeof d.tags?.message === "string" ? { text: d.tags.message, pointer: "/tags/message" } : typeof d.rba?.message === "string" ? { text: d.rba.message, pointer: "/rba/message" } : undefined;
  if (message && a.outputFields) {
    const available = new Set([...a.outputFields, ...a.bodyKeys]);
    for (const m of message.text.matchAll(/\$([^$\s]+)\$/g)) {
      const token = m[1]!;
      if (available.has(token)) continue;
      const span = locateInScalar(obj.origin, message.pointer, message.text, m.index!, m.index! + m[0].length);
      const fields = [...available].filter((f) => f !== "input_event" && f !== "_datamodels").sort();
      out.push(diag(obj, "riskToken", `Risk message token '$${token}$' is not a field of the detected event.`, span, `Fields at the sink: ${fields.join(", ")}.`));
    }
  }
  return out;
}

/** Parse and check every SSA pipeline (fields defined, required_fields, risk message tokens). */
export function checkSsaPipelines(project: Project): Diagnostic[] {
  return project.detections.filter((o) => isSsaDetection(o.data)).flatMap(checkSsaDetection);
}
