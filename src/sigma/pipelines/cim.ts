// Splunk's Common Information Model: Windows, Linux and macOS process creation on Endpoint.Processes, and the Windows
// Sysmon file, registry and network connection categories on Endpoint.Filesystem, Endpoint.Registry and
// Network_Traffic.All_Traffic. Fields and log sources without a mapping are errors, so a converted rule never searches
// a field the data model lacks. The field pairs follow the field_mappings of ESCU's Sysmon data sources.
import type { FieldMapping, LogsourceMapping, Pipeline } from "./types.js";

const PROCESSES: Record<string, FieldMapping> = {
  CommandLine: "Processes.process",
  Image: { field: "Processes.process_path", basename: "Processes.process_name" },
  ParentImage: { field: "Processes.parent_process_path", basename: "Processes.parent_process_name" },
  ParentCommandLine: "Processes.parent_process",
  OriginalFileName: "Processes.original_file_name",
  User: "Processes.user",
  IntegrityLevel: "Processes.process_integrity_level",
  Hashes: "Processes.process_hash",
  CurrentDirectory: "Processes.process_current_directory",
  ProcessId: "Processes.process_id",
  ParentProcessId: "Processes.parent_process_id",
  ProcessGuid: "Processes.process_guid",
  ParentProcessGuid: "Processes.parent_process_guid",
  Computer: "Processes.dest",
};

const BY = [
  "Processes.dest",
  "Processes.user",
  "Processes.parent_process_name",
  "Processes.parent_process",
  "Processes.original_file_name",
  "Processes.process_name",
  "Processes.process",
  "Processes.process_id",
  "Processes.parent_process_path",
  "Processes.process_path",
  "Processes.parent_process_id",
];

const HOW =
  "The search uses the Endpoint.Processes node of the Endpoint data model. Ingest process creation events with full command lines " +
  "(for example Sysmon EventID 1 or Windows Security 4688 with command-line auditing) through the matching Splunk add-on, so that " +
  "they are mapped to the CIM, and accelerate the data model.";

const processCreation = (product: string, dataSource: string[]): LogsourceMapping => ({
  match: { product, category: "process_creation" },
  datamodel: { name: "Endpoint.Processes", object: "Processes", by: BY },
  fields: PROCESSES,
  dataSource,
  howToImplement: HOW,
  securityDomain: "endpoint",
  assetType: "Endpoint",
});

// Sysmon EventID 11 (file create), 23 and 26 (file delete). The data model has no field for the acting process's
// image or command line, so rules on Image or CommandLine stay SC7008.
const FILESYSTEM: Record<string, FieldMapping> = {
  TargetFilename: { field: "Filesystem.file_path", basename: "Filesystem.file_name" },
  Computer: "Filesystem.dest",
  User: "Filesystem.user",
  ProcessGuid: "Filesystem.process_guid",
  ProcessId: "Filesystem.process_id",
  Hashes: "Filesystem.file_hash",
};

const FILESYSTEM_BY = [
  "Filesystem.dest",
  "Filesystem.user",
  "Filesystem.action",
  "Filesystem.file_name",
  "Filesystem.file_path",
  "Filesystem.process_guid",
  "Filesystem.process_id",
];

const FILESYSTEM_HOW =
  "The search uses the Endpoint.Filesystem node of the Endpoint data model. Ingest Sysmon file events (EventID 11 for file " +
  "creation, 23 and 26 for deletion) through the Splunk Add-on for Sysmon, so that they are mapped to the CIM, and accelerate the data model.";

// The Sysmon add-on sets `action` from the event: created (EventID 11) and deleted (EventID 23/26). The category's
// action is AND-ed in front, so a file_event rule does not also match deletions of the same path.
const filesystem = (category: string, action: string, dataSource: string[]): LogsourceMapping => ({
  match: { product: "windows", category },
  conditions: { "Filesystem.action": [action] },
  datamodel: { name: "Endpoint.Filesystem", object: "Filesystem", by: FILESYSTEM_BY },
  fields: FILESYSTEM,
  dataSource,
  howToImplement: FILESYSTEM_HOW,
  securityDomain: "endpoint",
  assetType: "Endpoint",
});

// Sysmon EventID 12 (key/value create and delete), 13 (value set), 14 (rename). `EventType` (CreateKey, SetValue…) is
// not the CIM `action` (created, modified, deleted), so it stays unmapped; the category's action is a condition instead.
const REGISTRY: Record<string, FieldMapping> = {
  TargetObject: "Registry.registry_path",
  Details: "Registry.registry_value_data",
  Computer: "Registry.dest",
  User: "Registry.user",
  ProcessGuid: "Registry.process_guid",
  ProcessId: "Registry.process_id",
};

const REGISTRY_BY = [
  "Registry.dest",
  "Registry.user",
  "Registry.action",
  "Registry.registry_path",
  "Registry.registry_key_name",
  "Registry.registry_value_name",
  "Registry.registry_value_data",
  "Registry.process_guid",
  "Registry.process_id",
];

const REGISTRY_HOW =
  "The search uses the Endpoint.Registry node of the Endpoint data model. Ingest Sysmon registry events (EventID 12, 13 and 14) " +
  "through the Splunk Add-on for Sysmon, so that they are mapped to the CIM, and accelerate the data model.";

const registry = (category: string, action: string | undefined, dataSource: string[]): LogsourceMapping => ({
  match: { product: "windows", category },
  ...(action ? { conditions: { "Registry.action": [action] } } : {}),
  datamodel: { name: "Endpoint.Registry", object: "Registry", by: REGISTRY_BY },
  fields: REGISTRY,
  dataSource,
  howToImplement: REGISTRY_HOW,
  securityDomain: "endpoint",
  assetType: "Endpoint",
});

// Sysmon EventID 3. The Sysmon add-on also fills `app` with the image path, but the CIM `app` is the application
// protocol, so Image stays unmapped; so do DestinationHostname (CIM `dest` may hold a host name or an IP) and
// Initiated (not the CIM `direction`). Computer is the reporting device, `dvc`.
const TRAFFIC: Record<string, FieldMapping> = {
  DestinationIp: "All_Traffic.dest_ip",
  DestinationPort: "All_Traffic.dest_port",
  SourceIp: "All_Traffic.src_ip",
  SourcePort: "All_Traffic.src_port",
  Protocol: "All_Traffic.transport",
  User: "All_Traffic.user",
  ProcessId: "All_Traffic.process_id",
  Computer: "All_Traffic.dvc",
};

const TRAFFIC_BY = [
  "All_Traffic.dvc",
  "All_Traffic.user",
  "All_Traffic.src_ip",
  "All_Traffic.src_port",
  "All_Traffic.dest_ip",
  "All_Traffic.dest_port",
  "All_Traffic.transport",
  "All_Traffic.process_id",
];

const networkConnection: LogsourceMapping = {
  match: { product: "windows", category: "network_connection" },
  datamodel: { name: "Network_Traffic.All_Traffic", object: "All_Traffic", by: TRAFFIC_BY },
  fields: TRAFFIC,
  dataSource: ["Sysmon EventID 3"],
  howToImplement:
    "The search uses the All_Traffic node of the Network_Traffic data model. Ingest Sysmon network connection events (EventID 3) " +
    "through the Splunk Add-on for Sysmon, so that they are mapped to the CIM, and accelerate the data model. The dataset also holds " +
    "firewall and flow records; scope the filter macro to the Sysmon source if those match too.",
  securityDomain: "endpoint",
  assetType: "Endpoint",
};

export const cimPipeline: Pipeline = {
  name: "cim",
  description:
    "Splunk CIM data models: process creation on Endpoint.Processes (Windows, Linux, macOS); Windows file events on " +
    "Endpoint.Filesystem, registry events on Endpoint.Registry, network connections on Network_Traffic.All_Traffic.",
  fields: {},
  logsources: [
    processCreation("windows", ["Sysmon EventID 1", "Windows Event Log Security 4688"]),
    processCreation("linux", ["Sysmon for Linux EventID 1"]),
    processCreation("macos", []),
    filesystem("file_event", "created", ["Sysmon EventID 11"]),
    filesystem("file_delete", "deleted", ["Sysmon EventID 23"]),
    registry("registry_add", "created", ["Sysmon EventID 12"]),
    registry("registry_delete", "deleted", ["Sysmon EventID 12"]),
    registry("registry_set", "modified", ["Sysmon EventID 13"]),
    registry("registry_event", undefined, ["Sysmon EventID 12", "Sysmon EventID 13"]),
    networkConnection,
  ],
  strictFields: true,
  strictLogsource: true,
  defaultFormat: "tstats",
};
