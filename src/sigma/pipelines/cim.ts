// Splunk's Common Information Model: process creation rules on the Endpoint.Processes dataset. Fields and log
// sources without a mapping are errors, so a converted rule never searches a field the data model lacks.
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

export const cimPipeline: Pipeline = {
  name: "cim",
  description: "Splunk CIM data models: process creation on Endpoint.Processes (Windows, Linux, macOS).",
  fields: {},
  logsources: [
    processCreation("windows", ["Sysmon EventID 1", "Windows Event Log Security 4688"]),
    processCreation("linux", ["Sysmon for Linux EventID 1"]),
    processCreation("macos", []),
  ],
  strictFields: true,
  strictLogsource: true,
  defaultFormat: "tstats",
};
