// The shipped schemas and the ajv options they are compiled with (shared by schema.ts and standalone.ts).

/** Schema file name (without .schema.json) per kind, plus the project config. */
export const SCHEMA_NAMES = ["detection", "macro", "lookup", "story", "baseline", "investigation", "playbook", "data_source", "deployment", "secpack"] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];

/** ajv options: report every error of an object; the schemas use a few annotation keywords ajv does not know. */
export const AJV_OPTIONS = { allErrors: true, strict: false } as const;
