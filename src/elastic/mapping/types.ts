// The shape of a field-mapping table (data, not code): how the ECS fields of Elastic rules appear in one
// Splunk data source. translate.ts reads these tables; nothing here knows about queries.

/**
 * How one ECS field is found in the target:
 * - a string: the Splunk field holding the same value;
 * - basename/dirname/extension: the ECS value is that part of a Windows path held in `field`;
 * - args: ECS `*.args` (an array of arguments): a value matches when it occurs in the command line `field`;
 * - values: the same information with other spellings (ECS value -> Splunk value);
 * - bool: an ECS boolean that is true exactly when `field` equals `when`;
 * - length: ECS holds the length of the text in `field`;
 * - const: the value is the same for every event of the source (e.g. host.os.type "windows").
 */
export type FieldTarget =
  | string
  | { field: string; part: "basename" | "dirname" | "extension" | "args" | "length" }
  | { field: string; values: Record<string, string> }
  | { field: string; bool: string }
  | { const: string[] };

/** One kind of event a source emits (a Sysmon EventCode, a Security event id, a CIM dataset action). */
export interface EventKind {
  /** Unique inside the source, e.g. "1" for Sysmon process creation. */
  id: string;
  /** ECS values every event of this kind has: event.category, event.type, event.action, event.code, ... */
  meta: Record<string, string[]>;
  /** Fields specific to this kind (they override the source's `fields`). */
  fields?: Record<string, FieldTarget>;
  /** CIM only: the condition selecting this kind inside the dataset (e.g. Filesystem.action = created). */
  select?: { field: string; value: string };
}

export interface Source {
  id: string;
  /** What the README and diagnostics call it, e.g. "Sysmon (XmlWinEventLog)". */
  title: string;
  /** Search-form sources: the macro that selects the events, and the field holding the event kind. */
  macro?: { name: string; definition: string; description: string };
  kindField?: string;
  /** CIM sources: data model, dataset and the object prefix of its fields. */
  datamodel?: { model: string; dataset: string; object: string; by: string[] };
  /** Elastic index patterns that point at this source (used to choose among sources). */
  indexHints: RegExp[];
  /** ECS values shared by every event of the source (event.module, host.os.type, ...). */
  meta: Record<string, string[]>;
  /** Field mappings shared by all kinds. */
  fields: Record<string, FieldTarget>;
  kinds: EventKind[];
  /** Data source names (data_sources/*.yml) per kind id, for the detection's `data_source`. */
  dataSource?: (kindId: string) => string | undefined;
}

/** A target: the ordered list of sources rules are translated onto. */
export interface Target {
  id: "sysmon" | "cim";
  sources: Source[];
  /** ECS fields found under a prefix, e.g. winlog.event_data.X -> X. */
  prefixes: { ecs: string; splunk: string }[];
  /**
   * ECS fields (or prefixes ending in '.') that the target's events never carry: conditions on them are
   * evaluated as on a missing field, and the conversion reports them as a warning.
   */
  absent: string[];
}
