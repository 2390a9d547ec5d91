// An Elastic detection rule as secpack reads it, from the detection-rules TOML layout or a Kibana NDJSON
// export. Only the keys the importer uses are typed; everything else stays in `raw`.

export interface ThreatEntry {
  framework?: string;
  tactic?: { id: string; name: string };
  technique?: { id: string; name: string; subtechnique?: { id: string; name: string }[] }[];
}

export interface ElasticRule {
  /** Path as given by the user (forward slashes), plus the record number for NDJSON lines. */
  file: string;
  name: string;
  ruleId: string;
  description: string;
  type: string; // eql | query | new_terms | threshold | esql | machine_learning | threat_match | saved_query
  language: string; // eql | kuery | lucene | esql
  query: string;
  index: string[];
  riskScore?: number;
  severity?: string;
  interval?: string;
  from?: string;
  maxSignals?: number;
  tags: string[];
  threat: ThreatEntry[];
  note?: string;
  setup?: string;
  falsePositives: string[];
  references: string[];
  author: string[];
  creationDate?: string;
  updatedDate?: string;
  version?: number;
  maturity?: string;
  newTerms?: { fields: string[]; historyWindowStart?: string };
  threshold?: { field: string[]; value: number; cardinality?: { field: string; value: number }[] };
  /** 1-based line and column of the first character of the query text in the file. */
  queryAt: { line: number; col: number };
  /** Line/col of a top-level key (for metadata diagnostics). */
  keyAt: (key: string) => { line: number; col: number } | undefined;
}
