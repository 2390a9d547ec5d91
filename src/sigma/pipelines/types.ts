// The shape of a field-mapping pipeline: plain data (a TS object here, or a YAML/JSON file passed to --pipeline).

/** A target field; `basename` is used instead when the value is `*\name` (an endswith on a path), e.g. process_name. */
export interface FieldTarget {
  field: string;
  basename?: string;
}

export type FieldMapping = string | FieldTarget;

/** What a rule's log source turns into. First matching entry wins; absent keys match anything. */
export interface LogsourceMapping {
  match: { product?: string; category?: string; service?: string };
  /** Conditions AND-ed in front of the rule, over target field names; several values of one field are OR-ed. */
  conditions?: Record<string, string[]>;
  /** The data model dataset for the tstats form (and for import). */
  datamodel?: { name: string; object: string; by: string[] };
  /** Field mappings for this log source (used instead of the pipeline's `fields`). */
  fields?: Record<string, FieldMapping>;
  /** Import: security_content data source names, `how_to_implement`, and tags. */
  dataSource?: string[];
  howToImplement?: string;
  securityDomain?: string;
  assetType?: string;
}

export interface Pipeline {
  name: string;
  description: string;
  /** Field mappings for every log source (Sigma name → target). */
  fields: Record<string, FieldMapping>;
  logsources: LogsourceMapping[];
  /** Unmapped fields are errors (else kept as they are). */
  strictFields: boolean;
  /** A rule whose log source matches no entry is an error (else converted without log source conditions). */
  strictLogsource: boolean;
  /** The query form used when --format is not given. */
  defaultFormat: "search" | "tstats";
}
