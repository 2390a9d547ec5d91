// Target "cim": the Splunk Common Information Model data models, queried with tstats.
// Endpoint.Processes / Filesystem / Registry, Network_Traffic.All_Traffic, Network_Resolution.DNS and
// Authentication. Image loads, PowerShell script blocks and most Security-log events have no CIM dataset.
import { DEFEND_ONLY } from "./sysmon.js";
import type { EventKind, FieldTarget, Source, Target } from "./types.js";

const WINDOWS = { "host.os.type": ["windows"], "host.os.family": ["windows"], "event.kind": ["event"] };

const pick = (id: string, meta: Record<string, string[]>, select?: { field: string; value: string }): EventKind => ({ id, meta, select });

const proc = (o: string): Record<string, FieldTarget> => ({
  "process.name": `${o}.process_name`,
  "process.executable": `${o}.process_path`,
  "process.entity_id": `${o}.process_guid`,
  "process.pid": `${o}.process_id`,
  "host.name": `${o}.dest`,
  "host.id": `${o}.dest`,
  "user.name": `${o}.user`,
  "user.id": `${o}.user_id`,
});

const PROCESSES: Source = {
  id: "cim-processes",
  title: "CIM Endpoint.Processes",
  datamodel: { model: "Endpoint", dataset: "Processes", object: "Processes", by: ["Processes.dest", "Processes.user", "Processes.parent_process_name", "Processes.process_name", "Processes.process", "Processes.process_id", "Processes.parent_process_id"] },
  indexHints: [/process/i, /sysmon/i, /winlogbeat/i, /forwarded/i],
  meta: WINDOWS,
  fields: {
    ...proc("Processes"),
    "process.command_line": "Processes.process",
    "process.args": { field: "Processes.process", part: "args" },
    "process.pe.original_file_name": "Processes.original_file_name",
    "process.working_directory": "Processes.process_current_directory",
    "process.hash.sha256": "Processes.process_hash",
    "process.Ext.token.integrity_level_name": "Processes.process_integrity_level",
    "process.parent.name": "Processes.parent_process_name",
    "process.parent.executable": "Processes.parent_process_path",
    "process.parent.command_line": "Processes.parent_process",
    "process.parent.args": { field: "Processes.parent_process", part: "args" },
    "process.parent.entity_id": "Processes.parent_process_guid",
    "process.parent.pid": "Processes.parent_process_id",
  },
  kinds: [pick("start", { "event.category": ["process"], "event.type": ["start"], "event.action": ["start", "exec", "created-process", "Process Create (rule: ProcessCreate)"], "event.code": ["1", "4688"] })],
};

const FILESYSTEM: Source = {
  id: "cim-filesystem",
  title: "CIM Endpoint.Filesystem",
  datamodel: { model: "Endpoint", dataset: "Filesystem", object: "Filesystem", by: ["Filesystem.dest", "Filesystem.user", "Filesystem.process_guid", "Filesystem.process_id", "Filesystem.file_path", "Filesystem.file_name", "Filesystem.action"] },
  indexHints: [/file/i, /sysmon/i, /winlogbeat/i],
  meta: WINDOWS,
  fields: {
    ...proc("Filesystem"),
    "process.name": { field: "Filesystem.process_path", part: "basename" },
    "file.path": "Filesystem.file_path",
    "file.name": "Filesystem.file_name",
    "file.extension": { field: "Filesystem.file_name", part: "extension" },
    "file.directory": { field: "Filesystem.file_path", part: "dirname" },
    "file.size": "Filesystem.file_size",
    "file.hash.sha256": "Filesystem.file_hash",
  },
  kinds: [
    pick("created", { "event.category": ["file"], "event.type": ["creation"], "event.action": ["creation", "File created (rule: FileCreate)"], "event.code": ["11"] }, { field: "Filesystem.action", value: "created" }),
    pick("modified", { "event.category": ["file"], "event.type": ["change"], "event.action": ["modification", "overwrite", "rename"], "event.code": ["2"] }, { field: "Filesystem.action", value: "modified" }),
    pick("deleted", { "event.category": ["file"], "event.type": ["deletion"], "event.action": ["deletion"], "event.code": ["23", "26"] }, { field: "Filesystem.action", value: "deleted" }),
  ],
};

const REGISTRY: Source = {
  id: "cim-registry",
  title: "CIM Endpoint.Registry",
  datamodel: { model: "Endpoint", dataset: "Registry", object: "Registry", by: ["Registry.dest", "Registry.user", "Registry.process_guid", "Registry.process_id", "Registry.registry_path", "Registry.registry_value_name", "Registry.registry_value_data", "Registry.action"] },
  indexHints: [/registry/i, /sysmon/i, /winlogbeat/i],
  meta: WINDOWS,
  fields: {
    ...proc("Registry"),
    "process.name": { field: "Registry.process_path", part: "basename" },
    "registry.path": "Registry.registry_path",
    "registry.key": "Registry.registry_key_name",
    "registry.value": "Registry.registry_value_name",
    "registry.data.strings": "Registry.registry_value_data",
    "registry.data.type": "Registry.registry_value_type",
    "registry.hive": "Registry.registry_hive",
  },
  kinds: [
    pick("created", { "event.category": ["registry", "configuration"], "event.type": ["creation", "change"], "event.action": ["creation"], "event.code": ["12"] }, { field: "Registry.action", value: "created" }),
    pick("modified", { "event.category": ["registry", "configuration"], "event.type": ["change"], "event.action": ["modification"], "event.code": ["13", "14"] }, { field: "Registry.action", value: "modified" }),
    pick("deleted", { "event.category": ["registry", "configuration"], "event.type": ["deletion", "change"], "event.action": ["deletion"], "event.code": ["12"] }, { field: "Registry.action", value: "deleted" }),
  ],
};

const TRAFFIC: Source = {
  id: "cim-network",
  title: "CIM Network_Traffic.All_Traffic",
  datamodel: { model: "Network_Traffic", dataset: "All_Traffic", object: "All_Traffic", by: ["All_Traffic.src_ip", "All_Traffic.src_port", "All_Traffic.dest_ip", "All_Traffic.dest_port", "All_Traffic.transport", "All_Traffic.dest", "All_Traffic.app"] },
  indexHints: [/network/i, /sysmon/i, /winlogbeat/i],
  meta: WINDOWS,
  fields: {
    "source.ip": "All_Traffic.src_ip",
    "source.port": "All_Traffic.src_port",
    "destination.ip": "All_Traffic.dest_ip",
    "destination.port": "All_Traffic.dest_port",
    "destination.address": "All_Traffic.dest",
    "network.transport": "All_Traffic.transport",
    "network.protocol": "All_Traffic.app",
    "network.direction": { field: "All_Traffic.direction", values: { egress: "outbound", outgoing: "outbound", ingress: "inbound", incoming: "inbound" } },
    "host.name": "All_Traffic.dvc",
    "host.id": "All_Traffic.dvc",
    "user.name": "All_Traffic.user",
    "process.pid": "All_Traffic.process_id",
  },
  kinds: [pick("connection", { "event.category": ["network"], "event.type": ["start", "connection"], "event.action": ["connection_attempted", "connection_accepted"], "event.code": ["3"] })],
};

const DNS: Source = {
  id: "cim-dns",
  title: "CIM Network_Resolution.DNS",
  datamodel: { model: "Network_Resolution", dataset: "DNS", object: "DNS", by: ["DNS.src", "DNS.dest", "DNS.query", "DNS.answer"] },
  indexHints: [/network/i, /sysmon/i, /winlogbeat/i],
  meta: { ...WINDOWS, "network.protocol": ["dns"] },
  fields: { "dns.question.name": "DNS.query", "dns.answers.data": "DNS.answer", "host.name": "DNS.src", "host.id": "DNS.src", "source.ip": "DNS.src" },
  kinds: [pick("query", { "event.category": ["network"], "event.type": ["protocol", "info", "connection"], "event.action": ["lookup_requested", "lookup_result"], "event.code": ["22"] })],
};

const AUTH: Source = {
  id: "cim-authentication",
  title: "CIM Authentication",
  datamodel: { model: "Authentication", dataset: "Authentication", object: "Authentication", by: ["Authentication.src", "Authentication.dest", "Authentication.user", "Authentication.app", "Authentication.action"] },
  indexHints: [/security/i, /forwarded/i, /winlogbeat/i],
  meta: WINDOWS,
  fields: {
    "user.name": "Authentication.user",
    "user.id": "Authentication.user_id",
    "source.ip": "Authentication.src",
    "host.name": "Authentication.dest",
    "host.id": "Authentication.dest",
    "winlog.computer_name": "Authentication.dest",
  },
  kinds: [
    pick("success", { "event.category": ["authentication"], "event.type": ["start"], "event.action": ["logged-in", "logged-in-explicit"], "event.outcome": ["success"], "event.code": ["4624", "4648"] }, { field: "Authentication.action", value: "success" }),
    pick("failure", { "event.category": ["authentication"], "event.type": ["start"], "event.action": ["logon-failed", "kerberos-preauth-failed"], "event.outcome": ["failure"], "event.code": ["4625", "4771"] }, { field: "Authentication.action", value: "failure" }),
  ],
};

export const CIM_TARGET: Target = {
  id: "cim",
  sources: [PROCESSES, FILESYSTEM, REGISTRY, TRAFFIC, DNS, AUTH],
  prefixes: [],
  absent: DEFEND_ONLY.filter((f) => f !== "event.outcome"),
};
