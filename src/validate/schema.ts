// Validate each content object against its kind's shipped JSON Schema (ajv, draft 2020-12) and turn ajv's
// errors into located diagnostics. Pure apart from reading the schema files once.
// The validators come precompiled (validators.generated.ts, see standalone.ts) while a schema file still has
// the hash they were generated from; a schema edited since is compiled with ajv at first use.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import type { Diagnostic } from "../diag/diagnostic.js";
import * as codes from "../diag/codes.js";
import { closest } from "../diag/suggest.js";
import type { Kind } from "../model/kinds.js";
import type { ContentObject } from "../model/project.js";
import { schemaPath } from "../paths.js";
import { pointerKeys } from "../load/origin.js";
import { AJV_OPTIONS, SCHEMA_NAMES, type SchemaName } from "./schema-names.js";
import { schemaHash } from "./standalone.js";
import * as generated from "./validators.generated.js";

export { SCHEMA_NAMES, type SchemaName };

interface Compiled {
  validate: ValidateFunction;
  schema: any;
}

const compiled = new Map<SchemaName, Compiled>();
let ajv: { compile(schema: unknown): ValidateFunction } | undefined;

const readSchemaText = (name: SchemaName): string => readFileSync(schemaPath(`${name}.schema.json`), "utf8");

/** The parsed shipped schema of one kind. */
export function readSchema(name: SchemaName): any {
  return JSON.parse(readSchemaText(name));
}

/** The validator of one schema: the precompiled one when the schema file is unchanged, else ajv's. */
function validatorOf(name: SchemaName): Compiled {
  let v = compiled.get(name);
  if (!v) {
    const text = readSchemaText(name);
    const schema = JSON.parse(text);
    const pre = (generated as Record<string, any>)[name] as ValidateFunction | undefined;
    if (pre && (generated.SCHEMA_HASHES as Record<string, string>)[name] === schemaHash(text)) v = { validate: pre, schema };
    else {
      if (!ajv) {
        const Ajv2020 = createRequire(import.meta.url)("ajv/dist/2020.js").default;
        ajv = new Ajv2020(AJV_OPTIONS) as { compile(schema: unknown): ValidateFunction };
      }
      v = { validate: ajv.compile(schema), schema };
    }
    compiled.set(name, v);
  }
  return v;
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
  if (!(SCHEMA_NAMES as readonly string[]).includes(name)) return [];
  const v = validatorOf(name);
  if (v.validate(obj.data)) return [];
  const out: Diagnostic[] = [];
  for (const err of v.validate.errors ?? []) {
    const d = toDiagnostic(obj, v.schema, err);
    if (d) out.push(d);
  }
  return out;
}
