// The loaded content: typed objects with their origins, and the project configuration.
import type { Span } from "../diag/diagnostic.js";
import type { Kind } from "./kinds.js";
import type {
  Baseline,
  DataSource,
  Deployment,
  Detection,
  Investigation,
  Lookup,
  Macro,
  Playbook,
  Story,
} from "./types.js";

/** Where an object came from; `locate` turns a JSON pointer ("/tags/analytic_story/0") into a span. */
export interface Origin {
  /** Path relative to the content root, forward slashes. */
  file: string;
  /** Absolute path on disk. */
  path: string;
  /** Span of the value at `pointer`, or of its nearest existing parent; undefined if unknown. */
  locate(pointer: string): Span | undefined;
}

export interface ContentObject<T> {
  kind: Kind;
  data: T;
  origin: Origin;
  /** Subfolder below the kind folder, e.g. "endpoint" for detections/endpoint/x.yml ("" at top level). */
  group: string;
}

export interface AppIdentity {
  appid: string;
  title: string;
  version: string;
  prefix: string;
  label: string;
  author_name: string;
  author_email?: string;
  author_company?: string;
  description: string;
  uid?: number;
}

export interface SecpackConfig {
  /** Where the config came from: "secpack.yml", "contentctl.yml" or "defaults". */
  source: string;
  app: AppIdentity;
  /** Macros that exist outside the content (e.g. CIM's `drop_dm_object_name`). */
  externalMacros: string[];
  /** Lookups that exist outside the content (e.g. shipped by ES or a TA). */
  externalLookups: string[];
  /** Per-code severity overrides: "off" silences a code. */
  severities: Record<string, "error" | "warning" | "info" | "off">;
  /** Accepted findings: one code in one file, each with the reason it is accepted. */
  suppress: { code: string; file: string; reason: string }[];
  /** Folder names per kind, relative to the content root. */
  paths: Partial<Record<Kind, string>>;
  /** Require ESCU conventions (filter macro at the end of each search). Default true. */
  requireFilterMacro: boolean;
  /** Free-form extra settings kept for renderers (build/docs). */
  raw: Record<string, unknown>;
}

export interface LookupFile {
  /** Path relative to the content root. */
  file: string;
  /** Absolute path on disk. */
  path: string;
}

export interface Project {
  root: string;
  config: SecpackConfig;
  detections: ContentObject<Detection>[];
  macros: ContentObject<Macro>[];
  lookups: ContentObject<Lookup>[];
  stories: ContentObject<Story>[];
  baselines: ContentObject<Baseline>[];
  investigations: ContentObject<Investigation>[];
  playbooks: ContentObject<Playbook>[];
  dataSources: ContentObject<DataSource>[];
  deployments: ContentObject<Deployment>[];
  /** Data files beside lookup YAML (csv, mlmodel), by file name. */
  lookupFiles: Map<string, LookupFile>;
}
