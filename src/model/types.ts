// Typed views of the YAML content, as detection engineers write it (security_content 2021-2024 formats
// and the contentctl 5 `rba:` block). No I/O here. Fields are optional where the corpus omits them;
// the schemas (schemas/*.schema.json) say what is required.

export interface Observable {
  name: string;
  type: string;
  role?: string[];
}

export interface RbaRiskObject {
  field: string;
  type: string; // user | system | other
  score: number;
}

export interface RbaThreatObject {
  field: string;
  type: string;
}

export interface DetectionTags {
  analytic_story?: string[];
  asset_type?: string;
  confidence?: number;
  impact?: number;
  risk_score?: number;
  message?: string;
  mitre_attack_id?: string[];
  observable?: Observable[];
  product?: string[];
  required_fields?: string[];
  security_domain?: string;
  cve?: string[];
  atomic_guid?: string[];
  manual_test?: string;
  // 2021-2022 format
  kill_chain_phases?: string[];
  cis20?: string[];
  nist?: string[];
  context?: string[];
  dataset?: string[];
  risk_severity?: string;
  automated_detection_testing?: string;
  [key: string]: unknown;
}

export interface DrilldownSearch {
  name: string;
  search: string;
  earliest_offset?: string;
  latest_offset?: string;
}

export interface DetectionTest {
  name: string;
  attack_data?: { data: string; source?: string; sourcetype?: string; file_name?: string; [k: string]: unknown }[];
  [key: string]: unknown;
}

export interface Detection {
  name: string;
  id: string;
  version: number;
  date: string;
  author: string;
  status?: string; // production | experimental | deprecated | validation
  type: string; // TTP | Anomaly | Hunting | Correlation | Baseline | Investigation | ...
  description: string;
  data_source?: string[];
  datamodel?: string[]; // 2021-2022 format
  search: string;
  how_to_implement?: string;
  known_false_positives?: string;
  references?: string[];
  drilldown_searches?: DrilldownSearch[];
  rba?: { message: string; risk_objects?: RbaRiskObject[]; threat_objects?: RbaThreatObject[] };
  tags: DetectionTags;
  tests?: DetectionTest[];
  /** secpack extension: structured SSA pipeline definition (see the SSA module). */
  ssa?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface Macro {
  name: string;
  definition: string;
  description?: string;
  arguments?: string[];
  [key: string]: unknown;
}

export interface Lookup {
  name: string;
  description?: string;
  filename?: string;
  collection?: string;
  fields_list?: string;
  default_match?: string;
  match_type?: string;
  min_matches?: number;
  max_matches?: number;
  case_sensitive_match?: string;
  [key: string]: unknown;
}

export interface Story {
  name: string;
  id: string;
  version?: number;
  date: string;
  author: string;
  description: string;
  narrative?: string;
  references?: string[];
  tags: {
    category?: string[];
    product?: string[];
    usecase?: string;
    analytic_story?: string; // some older files
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface Deployment {
  name: string;
  id: string;
  date?: string;
  author?: string;
  description?: string;
  scheduling?: { cron_schedule?: string; earliest_time?: string; latest_time?: string; schedule_window?: string };
  alert_action?: Record<string, unknown>;
  type?: string;
  tags?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface DataSource {
  name: string;
  id: string;
  source?: string;
  sourcetype?: string;
  fields?: string[];
  [key: string]: unknown;
}

/** Baselines and investigations share most of the detection shape. */
export type Baseline = Detection;
export type Investigation = Detection;
export type Playbook = Record<string, unknown> & { name: string; id?: string };
