// The structured `ssa:` block of a detection -> the full SPL2 pipeline text. Pure.
// Shape (documented in docs/readme/ssa.md, JSON Schema in schemas/fragments/ssa.schema.json):
//   ssa: { source?, datamodel?, fields: [name | {name, key?, type?, default?, transform?} | {name, expr}],
//          where: string | string[], start_time?, end_time?, entities: string[], body: (name | {key: expr})[] }

/** One span of the generated text that comes from a YAML value (`exact`: the text equals the scalar). */
export interface Segment {
  start: number;
  end: number;
  pointer: string;
  exact: boolean;
}

export interface StructuredProblem {
  pointer: string;
  message: string;
}

export type StructuredResult = { ok: true; search: string; segments: Segment[] } | { ok: false; problems: StructuredProblem[] };

export const DEFAULT_SOURCE = "read_ssa_enriched_events()";
export const DEFAULT_SINK = "write_ssa_detected_events()";
/** One-argument functions a field may be passed through, innermost first. */
export const FIELD_TRANSFORMS = ["lower", "upper", "trim", "ltrim", "rtrim", "len", "parse_long", "parse_int", "parse_double"];
const CAST_TYPES = ["string", "long", "integer", "double", "float", "boolean", "collection<string>", "map<string,any>"];
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An SPL2 double-quoted string literal. */
export const splString = (s: string): string => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function literal(v: unknown): string | undefined {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return splString(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

class Builder {
  text = "";
  segments: Segment[] = [];
  problems: StructuredProblem[] = [];
  add(s: string, pointer?: string, exact = false): void {
    if (pointer !== undefined) this.segments.push({ start: this.text.length, end: this.text.length + s.length, pointer, exact });
    this.text += s;
  }
  problem(pointer: string, message: string): void {
    this.problems.push({ pointer, message });
  }
}

function renderField(b: Builder, f: unknown, ptr: string): void {
  if (typeof f === "string") f = { name: f };
  if (!isObj(f) || typeof f.name !== "string" || !IDENT.test(f.name)) {
    return b.problem(ptr, "A field needs a 'name' that is an SPL2 identifier (letters, digits, _).");
  }
  if (typeof f.expr === "string") {
    b.add(`${f.name}=`, ptr);
    b.add(f.expr, `${ptr}/expr`, true);
    return;
  }
  const key = f.key ?? f.name;
  const type = f.type ?? "string";
  if (typeof key !== "string" || !key) return b.problem(`${ptr}/key`, "'key' must be a non-empty string (the input_event key).");
  if (typeof type !== "string" || !CAST_TYPES.includes(type)) return b.problem(`${ptr}/type`, `'type' must be one of ${CAST_TYPES.join(", ")}.`);
  const def = literal(f.default);
  if (def === undefined) return b.problem(`${ptr}/default`, "'default' must be a string, number, boolean or null.");
  const transforms = f.transform === undefined ? [] : Array.isArray(f.transform) ? f.transform : [f.transform];
  for (const [i, t] of transforms.entries()) {
    if (typeof t !== "string" || !FIELD_TRANSFORMS.includes(t)) {
      return b.problem(`${ptr}/transform${Array.isArray(f.transform) ? `/${i}` : ""}`, `Unknown transform; use one of ${FIELD_TRANSFORMS.join(", ")}.`);
    }
  }
  let expr = `ucast(map_get(input_event, ${splString(key)}), ${splString(type)}, ${def})`;
  for (const t of transforms as string[]) expr = `${t}(${expr})`;
  b.add(`${f.name}=${expr}`, ptr);
}

function renderBodyItem(b: Builder, item: unknown, ptr: string): void {
  if (typeof item === "string") {
    if (!IDENT.test(item)) return b.problem(ptr, "A body entry must be a field name or a one-key map {key: expression}.");
    b.add(`${splString(item)}, ${item}`, ptr);
    return;
  }
  if (isObj(item) && Object.keys(item).length === 1) {
    const [k, v] = Object.entries(item)[0]!;
    if (typeof v !== "string") return b.problem(`${ptr}/${k}`, "A body value must be an SPL2 expression string.");
    b.add(`${splString(k)}, `, ptr);
    b.add(v, `${ptr}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`, true);
    return;
  }
  b.problem(ptr, "A body entry must be a field name or a one-key map {key: expression}.");
}

function exprValue(b: Builder, v: unknown, ptr: string, what: string, exact = true): void {
  if (typeof v !== "string" || !v.trim()) return b.problem(ptr, `'${what}' must be an SPL2 expression string.`);
  b.add(v, ptr, exact);
}

/** Generate the pipeline of a structured `ssa:` block. `base` is its JSON pointer (default "/ssa"). */
export function renderStructuredPipeline(ssa: unknown, base = "/ssa"): StructuredResult {
  const b = new Builder();
  if (!isObj(ssa)) return { ok: false, problems: [{ pointer: base, message: "'ssa' must be a mapping." }] };
  const source = ssa.source ?? DEFAULT_SOURCE;
  if (typeof source !== "string") b.problem(`${base}/source`, "'source' must be a string such as read_ssa_enriched_events().");
  b.add("| from ");
  b.add(String(source), ssa.source === undefined ? undefined : `${base}/source`, ssa.source !== undefined);
  const dms = ssa.datamodel === undefined ? [] : Array.isArray(ssa.datamodel) ? ssa.datamodel : [ssa.datamodel];
  dms.forEach((dm, i) => {
    if (typeof dm !== "string") return b.problem(`${base}/datamodel`, "'datamodel' must be a data model name or a list of them.");
    b.add(" | where ");
    b.add(`${splString(dm)} IN(_datamodels)`, Array.isArray(ssa.datamodel) ? `${base}/datamodel/${i}` : `${base}/datamodel`);
  });
  if (!Array.isArray(ssa.fields) || ssa.fields.length === 0) b.problem(`${base}/fields`, "'fields' must list at least one field read from input_event.");
  else {
    b.add(" | eval ");
    ssa.fields.forEach((f, i) => {
      if (i) b.add(", ");
      renderField(b, f, `${base}/fields/${i}`);
    });
  }
  const wheres = ssa.where === undefined ? [] : Array.isArray(ssa.where) ? ssa.where : [ssa.where];
  if (wheres.length === 0) b.problem(`${base}/where`, "'where' must give the detection condition.");
  wheres.forEach((w, i) => {
    b.add(" | where ");
    exprValue(b, w, Array.isArray(ssa.where) ? `${base}/where/${i}` : `${base}/where`, "where");
  });
  b.add(" | eval start_time = ");
  exprValue(b, ssa.start_time ?? "timestamp", ssa.start_time === undefined ? base : `${base}/start_time`, "start_time", ssa.start_time !== undefined);
  b.add(", end_time = ");
  const end = ssa.end_time ?? ssa.start_time ?? "timestamp";
  exprValue(b, end, ssa.end_time === undefined ? base : `${base}/end_time`, "end_time", ssa.end_time !== undefined);
  b.add(", entities = mvappend(");
  if (!Array.isArray(ssa.entities) || ssa.entities.length === 0) b.problem(`${base}/entities`, "'entities' must list the fields that identify the device and user.");
  else
    ssa.entities.forEach((e, i) => {
      if (i) b.add(", ");
      exprValue(b, e, `${base}/entities/${i}`, "entities");
    });
  b.add("), body=create_map([");
  if (!Array.isArray(ssa.body) || ssa.body.length === 0) b.problem(`${base}/body`, "'body' must list the evidence fields.");
  else
    ssa.body.forEach((item, i) => {
      if (i) b.add(", ");
      renderBodyItem(b, item, `${base}/body/${i}`);
    });
  b.add(`]) | into ${DEFAULT_SINK};`);
  if (b.problems.length) return { ok: false, problems: b.problems };
  return { ok: true, search: b.text, segments: b.segments };
}
