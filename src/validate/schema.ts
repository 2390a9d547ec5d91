// Validate each content object against its kind's shipped JSON Schema (ajv, draft 2020-12) and turn ajv's
// errors into located diagnostics. Pure apart from reading the schema files once.
import { readFileSync } from "node:fs";
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import type { Diagnostic } from "../diag/diagnostic.js";
import * as codes from "../diag/codes.js";
import { closest } from "../diag/suggest.js";
import type { Kind } from "../model/kinds.js";
import type { ContentObject } from "../model/project.js";
import { schemaPath } from "../paths.js";
import { pointerKeys } from "../load/origin.js";

/** Schema file name (without .schema.json) per kind, plus the project config. */
export const SCHEMA_NAMES = ["detection", "macro", "lookup", "story", "baseline", "investigation", "playbook", "data_source", "deployment", "secpack"] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];

let compiled: Map<SchemaName, { validate: ValidateFunction; schema: any }> | undefined;

/** The parsed shipped schema of one kind. */
export function readSchema(name: SchemaName): any {
  return JSON.parse(readFileSync(schemaPath(`${name}.schema.json`), "utf8"));
}

function validators(): Map<SchemaName, { validate: ValidateFunction; schema: any }> {
  if (!compiled) {
    const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ allErrors: true, strict: false });
    compiled = new Map();
    for (const name of SCHEMA_NAMES) {
      const schema = readSchema(name);
      compiled.set(name, { validate: ajv.compile(schema), schema });
    }
  }
  return compiled;
}

/** The value at a JSON pointer, or undefined. */
export function valueAt(data: unknown, pointer: string): unknown {
  let cur: any = data;
  for (const k of pointerKeys(pointer)) cur = cur == null ? undefined : cur[k];
  return cur;
}

export const describeValue = (v: unknown): string =>
  v === null || v === undefined ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "a mapping" : `${typeof v === "string" ? "text" : typeof v} '${String(v)}'`;

const dotted = (pointer: string) => pointerKeys(pointer).join(".");

/** The `properties` the schema declares at an instance path (for did-you-mean on unknown keys). */
function declaredProperties(schema: any, pointer: string): string[] {
  let s = schema;
  for (const k of pointerKeys(pointer)) {
    if (!s) return [];
    s = /^\d+$/.test(k) && s.items ? s.items : s.properties?.[k];
  }
  return Object.keys(s?.properties ?? {});
}

function toDiagnostic(obj: ContentObject<unknown>, schema: any, err: ErrorObject): Diagnostic | undefined {
  const path = err.instancePath;
  const value = valueAt(obj.data, path);
  const file = obj.origin.file;
  const where = (pointer: string) => ({ file, span: obj.origin.locate(pointer) });
  const p = err.params as Record<string, any>;
  switch (err.keyword) {
    case "required":
      return { ...where(path), ...codes.missingProperty(path ? `${dotted(path)}.${p.missingProperty}` : p.missingProperty, obj.kind.replace("_", " ")) };
    case "type":
      return { ...where(path), ...codes.wrongType(dotted(path), `of type ${p.type}`, describeValue(value)) };
    case "enum": {
      const allowed = (p.allowedValues as unknown[]).map(String);
      return { ...where(path), ...codes.notAllowedValue(dotted(path), String(value), allowed, closest(String(value), allowed)) };
    }
    case "pattern": {
      const last = pointerKeys(path).pop();
      if (last === "date") return { ...where(path), ...codes.badDate(dotted(path), String(value)) };
      const what = last === "id" ? "a UUID" : `in the expected form (${p.pattern})`;
      return { ...where(path), ...codes.badFormat(dotted(path), String(value), what) };
    }
    case "additionalProperties": {
      const name = String(p.additionalProperty);
      const pointer = `${path}/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      return { ...where(pointer), ...codes.unknownProperty(dotted(path), name, closest(name, declaredProperties(schema, path))) };
    }
    case "if":
      return undefined; // the failing "then" branch reports the concrete problem
    case "minLength":
      return { ...where(path), ...codes.schemaConstraint(dotted(path), "must not be empty") };
    default:
      return { ...where(path), ...codes.schemaConstraint(dotted(path) || "(document)", err.message ?? err.keyword) };
  }
}

/** Check one object against the schema of its kind. */
export function validateSchema(obj: ContentObject<unknown>, name: SchemaName = obj.kind as Kind): Diagnostic[] {
  const v = validators().get(name);
  if (!v) return [];
  if (v.validate(obj.data)) return [];
  const out: Diagnostic[] = [];
  for (const err of v.validate.errors ?? []) {
    const d = toDiagnostic(obj, v.schema, err);
    if (d) out.push(d);
  }
  return out;
}
