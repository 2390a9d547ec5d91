// YAML 1.1 value semantics as PyYAML's SafeLoader (what contentctl uses) resolves them, for js-yaml.
// Unquoted dates become 'YYYY-MM-DD' strings (PyYAML gives datetime.date; contentctl compares them as dates,
// and an ISO string compares the same way). Pure: no I/O.
import yaml from "js-yaml";

const BOOL_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const TIMESTAMP =
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/;

/** Base-60 value of "1:20:30" style numbers (YAML 1.1). */
function sexagesimal(text: string): number {
  let value = 0;
  for (const part of text.split(":")) value = value * 60 + Number(part);
  return value;
}

function constructInt(data: string): number {
  let text = data.replace(/_/g, "");
  let sign = 1;
  if (text[0] === "-" || text[0] === "+") {
    if (text[0] === "-") sign = -1;
    text = text.slice(1);
  }
  if (text === "0") return 0;
  if (text.startsWith("0b")) return sign * parseInt(text.slice(2), 2);
  if (text.startsWith("0x")) return sign * parseInt(text.slice(2), 16);
  if (text[0] === "0") return sign * parseInt(text, 8);
  if (text.includes(":")) return sign * sexagesimal(text);
  return sign * Number(text);
}

function constructFloat(data: string): number {
  let text = data.replace(/_/g, "").toLowerCase();
  let sign = 1;
  if (text[0] === "-" || text[0] === "+") {
    if (text[0] === "-") sign = -1;
    text = text.slice(1);
  }
  if (text === ".inf") return sign * Infinity;
  if (text === ".nan") return NaN;
  if (text.includes(":")) return sign * sexagesimal(text);
  return sign * Number(text);
}

const nullType = new yaml.Type("tag:yaml.org,2002:null", {
  kind: "scalar",
  resolve: (data: string | null) => data === null || NULL.test(data),
  construct: () => null,
});
const boolType = new yaml.Type("tag:yaml.org,2002:bool", {
  kind: "scalar",
  resolve: (data: string | null) => data !== null && BOOL.test(data),
  construct: (data: string) => BOOL_TRUE.test(data),
});
const intType = new yaml.Type("tag:yaml.org,2002:int", {
  kind: "scalar",
  resolve: (data: string | null) => data !== null && INT.test(data),
  construct: constructInt,
});
const floatType = new yaml.Type("tag:yaml.org,2002:float", {
  kind: "scalar",
  resolve: (data: string | null) => data !== null && FLOAT.test(data),
  construct: constructFloat,
});
/** Timestamps stay strings: a date as 'YYYY-MM-DD', a full timestamp as written. */
const timestampType = new yaml.Type("tag:yaml.org,2002:timestamp", {
  kind: "scalar",
  resolve: (data: string | null) => data !== null && TIMESTAMP.test(data),
  construct: (data: string) => (DATE.test(data) ? data : data.trim()),
});

const builtin = (yaml as unknown as { types: Record<string, yaml.Type> }).types;

/** The schema PyYAML's SafeLoader implements (YAML 1.1 implicit types, merge keys). */
export const PYYAML_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [nullType, boolType, intType, floatType, timestampType, builtin.merge],
  explicit: [builtin.binary, builtin.omap, builtin.pairs, builtin.set],
});

export interface FastParseError {
  message: string;
  /** 0-based line and column, as js-yaml reports them. */
  line: number;
  column: number;
}

/** Parse one YAML document to plain values (no positions). Duplicate keys: the last wins, as in PyYAML. */
export function parseValues(text: string): { value: unknown } | { error: FastParseError } {
  try {
    return { value: yaml.load(text, { schema: PYYAML_SCHEMA, json: true }) };
  } catch (err) {
    const e = err as { reason?: string; message: string; mark?: { line: number; column: number } };
    return { error: { message: e.reason ?? e.message.split("\n")[0], line: e.mark?.line ?? 0, column: e.mark?.column ?? 0 } };
  }
}
