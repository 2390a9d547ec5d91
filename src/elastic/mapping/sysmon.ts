// Target "sysmon": Windows event logs as the Splunk Add-ons for Sysmon and Microsoft Windows present them
// (XmlWinEventLog): Sysmon Operational, Security, PowerShell Operational and System. Field names are the
// EventData names (Image, CommandLine, OriginalFileName, ImageLoaded, ...) or, where ECS has no EventData
// equivalent, the add-on's extracted fields listed in security_content's data_sources (process_name, ...).
import type { EventKind, FieldTarget, Source, Target } from "./types.js";

const WINDOWS = { "host.os.type": ["windows"], "host.os.family": ["windows"], "host.os.platform": ["windows"], "event.kind": ["event"] };

const kind = (id: string, category: string[], type: string[], action: string[], fields?: Record<string, FieldTarget>, extra: Record<string, string[]> = {}): EventKind => ({
  id,
  meta: { "event.code": [id], "event.category": category, "event.type": type, "event.action": action, ...extra },
  fields,
});

/** Sysmon process fields, named as in EventID 1 (Process Create). */
const PROCESS: Record<string, FieldTarget> = {
  "process.name": "process_name",
  "process.executable": "Image",
  "process.command_line": "CommandLine",
  "process.args": { field: "CommandLine", part: "args" },
  "process.entity_id": "ProcessGuid",
  "process.pid": "ProcessId",
  "process.working_directory": "CurrentDirectory",
  "process.pe.original_file_name": "OriginalFileName",
  "process.pe.company": "Company",
  "process.pe.description": "Description",
  "process.pe.product": "Product",
  "process.pe.file_version": "FileVersion",
  "process.pe.imphash": "IMPHASH",
  "process.hash.md5": "MD5",
  "process.hash.sha1": "SHA1",
  "process.hash.sha256": "SHA256",
  "process.parent.name": "parent_process_name",
  "process.parent.executable": "ParentImage",
  "process.parent.command_line": "ParentCommandLine",
  "process.parent.args": { field: "ParentCommandLine", part: "args" },
  "process.parent.entity_id": "ParentProcessGuid",
  "process.parent.pid": "ParentProcessId",
  "process.Ext.token.integrity_level_name": "IntegrityLevel",
  "winlog.event_data.IntegrityLevel": "IntegrityLevel",
  "user.name": "user",
  "user.domain": { field: "User", part: "dirname" },
};

/** Image load (EventID 7) and driver load (6): the loaded file is `ImageLoaded`. */
const LOADED: Record<string, FieldTarget> = {
  "dll.name": { field: "ImageLoaded", part: "basename" },
  "dll.path": "ImageLoaded",
  "file.name": { field: "ImageLoaded", part: "basename" },
  "file.path": "ImageLoaded",
  "dll.pe.original_file_name": "OriginalFileName",
  "file.pe.original_file_name": "OriginalFileName",
  "dll.pe.imphash": "IMPHASH",
  "file.pe.imphash": "IMPHASH",
  "dll.pe.company": "Company",
  "dll.pe.description": "Description",
  "dll.pe.product": "Product",
  "dll.hash.sha256": "SHA256",
  "dll.hash.md5": "MD5",
  "file.hash.sha256": "SHA256",
  "dll.code_signature.exists": "Signed",
  "file.code_signature.exists": "Signed",
  "dll.code_signature.subject_name": "Signature",
  "file.code_signature.subject_name": "Signature",
  "dll.code_signature.trusted": { field: "SignatureStatus", bool: "Valid" },
  "file.code_signature.trusted": { field: "SignatureStatus", bool: "Valid" },
  "dll.code_signature.status": { field: "SignatureStatus", values: { trusted: "Valid" } },
  "file.code_signature.status": { field: "SignatureStatus", values: { trusted: "Valid" } },
};

const FILE: Record<string, FieldTarget> = {
  "file.path": "TargetFilename",
  "file.name": { field: "TargetFilename", part: "basename" },
  "file.directory": { field: "TargetFilename", part: "dirname" },
  "file.extension": { field: "TargetFilename", part: "extension" },
};

const REGISTRY: Record<string, FieldTarget> = {
  "registry.path": "TargetObject",
  "registry.key": { field: "TargetObject", part: "dirname" },
  "registry.value": { field: "TargetObject", part: "basename" },
  "registry.data.strings": "Details",
  "registry.data.type": "registry_value_type",
};

const NETWORK: Record<string, FieldTarget> = {
  "source.ip": "SourceIp",
  "source.port": "SourcePort",
  "source.domain": "SourceHostname",
  "destination.ip": "DestinationIp",
  "destination.port": "DestinationPort",
  "destination.domain": "DestinationHostname",
  "destination.address": "DestinationIp",
  "network.transport": "Protocol",
  "network.protocol": "DestinationPortName",
  "network.direction": { field: "Initiated", values: { egress: "true", outgoing: "true", ingress: "false", incoming: "false" } },
  "network.type": { field: "DestinationIsIpv6", values: { ipv4: "false", ipv6: "true" } },
};

const DNS: Record<string, FieldTarget> = {
  "dns.question.name": "QueryName",
  "dns.answers.data": "QueryResults",
  "network.protocol": { const: ["dns"] },
};

/** Process access (EventID 10): the accessing process is the Source*, the target is Target*. */
const ACCESS: Record<string, FieldTarget> = {
  "process.executable": "SourceImage",
  "process.name": { field: "SourceImage", part: "basename" },
  "process.entity_id": "SourceProcessGUID",
  "process.pid": "SourceProcessId",
  "process.Ext.api.name": { const: ["OpenProcess"] },
};

const SYSMON: Source = {
  id: "sysmon",
  title: "Sysmon Operational log",
  macro: {
    name: "sysmon",
    definition: "sourcetype=XmlWinEventLog:Microsoft-Windows-Sysmon/Operational OR source=XmlWinEventLog:Microsoft-Windows-Sysmon/Operational",
    description: "Sysmon events (Splunk Add-on for Sysmon). Replace the definition with the index, source and sourcetype of your environment.",
  },
  kindField: "EventCode",
  indexHints: [/sysmon/i, /winlogbeat/i, /logs-endpoint/i, /endgame/i],
  meta: {
    ...WINDOWS,
    "event.module": ["sysmon", "windows"],
    "event.dataset": ["windows.sysmon_operational"],
    "data_stream.dataset": ["windows.sysmon_operational"],
    "event.provider": ["Microsoft-Windows-Sysmon"],
    "winlog.channel": ["Microsoft-Windows-Sysmon/Operational"],
    "winlog.provider_name": ["Microsoft-Windows-Sysmon"],
  },
  fields: {
    "host.name": "Computer",
    "host.hostname": "Computer",
    "host.id": "Computer",
    "winlog.computer_name": "Computer",
    "user.id": "UserID",
    "process.name": "process_name",
    "process.executable": "Image",
    "process.entity_id": "ProcessGuid",
    "process.pid": "ProcessId",
    "user.name": "user",
    "user.domain": { field: "User", part: "dirname" },
    "rule.name": "RuleName",
    "winlog.process.pid": "ProcessID",
  },
  kinds: [
    kind("1", ["process"], ["start"], ["start", "exec", "Process Create (rule: ProcessCreate)", "Process Create"], PROCESS),
    kind("2", ["file"], ["change"], ["File creation time changed (rule: FileCreateTime)", "File creation time changed"], FILE),
    kind("3", ["network"], ["start", "connection", "protocol"], ["connection_attempted", "connection_accepted", "Network connection detected (rule: NetworkConnect)", "Network connection detected"], NETWORK),
    kind("5", ["process"], ["end"], ["end", "Process terminated (rule: ProcessTerminate)", "Process terminated"]),
    kind("6", ["driver"], ["start"], ["load", "Driver loaded (rule: DriverLoad)", "Driver loaded"], { ...LOADED, "dll.name": { field: "ImageLoaded", part: "basename" } }),
    kind("7", ["process", "library"], ["change"], ["load", "Image loaded (rule: ImageLoad)", "Image loaded"], LOADED),
    kind("8", ["process"], ["change"], ["CreateRemoteThread detected (rule: CreateRemoteThread)", "CreateRemoteThread detected"], { "process.executable": "SourceImage", "process.name": { field: "SourceImage", part: "basename" }, "process.entity_id": "SourceProcessGuid", "process.pid": "SourceProcessId" }),
    kind("10", ["process"], ["access"], ["Process accessed (rule: ProcessAccess)", "Process accessed"], ACCESS),
    kind("11", ["file"], ["creation"], ["creation", "File created (rule: FileCreate)", "File created"], FILE),
    kind("12", ["registry", "configuration"], ["creation", "deletion", "change"], ["Registry object added or deleted (rule: RegistryEvent)", "Registry object added or deleted"], REGISTRY),
    kind("13", ["registry", "configuration"], ["change"], ["modification", "Registry value set (rule: RegistryEvent)", "Registry value set"], REGISTRY),
    kind("14", ["registry", "configuration"], ["change"], ["rename", "Registry object renamed (rule: RegistryEvent)", "Registry object renamed"], REGISTRY),
    kind("15", ["file"], ["creation"], ["File stream created (rule: FileCreateStreamHash)", "File stream created"], FILE),
    kind("17", ["file"], ["creation"], ["Pipe Created (rule: PipeEvent)", "Pipe Created"], { "file.name": "PipeName" }),
    kind("18", ["file"], ["access"], ["Pipe Connected (rule: PipeEvent)", "Pipe Connected"], { "file.name": "PipeName" }),
    kind("19", ["process"], ["change"], ["WmiEventFilter activity detected (rule: WmiEvent)", "WmiEvent"]),
    kind("20", ["process"], ["change"], ["WmiEventConsumer activity detected (rule: WmiEvent)", "WmiEvent"]),
    kind("21", ["process"], ["change"], ["WmiEventConsumerToFilter activity detected (rule: WmiEvent)", "WmiEvent"]),
    kind("22", ["network"], ["protocol", "info", "connection"], ["lookup_requested", "DNSEvent (DNS query)", "Dns query (rule: DnsQuery)", "Dns query"], DNS),
    kind("23", ["file"], ["deletion"], ["deletion", "File Delete archived (rule: FileDelete)", "File Delete archived"], FILE),
    kind("26", ["file"], ["deletion"], ["deletion", "File Delete logged (rule: FileDeleteDetected)", "File Delete logged"], FILE),
  ],
  dataSource: (id) => `Sysmon EventID ${id}`,
};

const SECURITY_PROCESS: Record<string, FieldTarget> = {
  "process.executable": "NewProcessName",
  "process.name": { field: "NewProcessName", part: "basename" },
  "process.command_line": "CommandLine",
  "process.args": { field: "CommandLine", part: "args" },
  "process.pid": "NewProcessId",
  "process.parent.executable": "ParentProcessName",
  "process.parent.name": { field: "ParentProcessName", part: "basename" },
  "process.parent.pid": "ProcessId",
  "user.name": "SubjectUserName",
  "user.id": "SubjectUserSid",
  "user.domain": "SubjectDomainName",
};

const LOGON: Record<string, FieldTarget> = {
  "user.name": "TargetUserName",
  "user.id": "TargetUserSid",
  "user.domain": "TargetDomainName",
  "source.ip": "IpAddress",
  "source.port": "IpPort",
  "process.executable": "ProcessName",
  "process.name": { field: "ProcessName", part: "basename" },
  "winlog.logon.type": {
    field: "LogonType",
    values: { Interactive: "2", Network: "3", Batch: "4", Service: "5", Unlock: "7", NetworkCleartext: "8", NewCredentials: "9", RemoteInteractive: "10", CachedInteractive: "11" },
  },
  "winlog.logon.id": "TargetLogonId",
};

const sec = (id: string, category: string[], type: string[], action: string[], outcome: string[], fields?: Record<string, FieldTarget>) =>
  kind(id, category, type, action, fields, { "event.outcome": outcome });

const SECURITY: Source = {
  id: "security",
  title: "Windows Security log",
  macro: {
    name: "wineventlog_security",
    definition: "eventtype=wineventlog_security OR Channel=security OR source=XmlWinEventLog:Security",
    description: "Windows Security events (Splunk Add-on for Microsoft Windows). Replace the definition with the index and source of your environment.",
  },
  kindField: "EventCode",
  indexHints: [/system\.security/i, /windows\.forwarded/i, /winlogbeat/i],
  meta: {
    ...WINDOWS,
    "event.module": ["security", "system", "windows"],
    "event.dataset": ["system.security", "windows.forwarded"],
    "data_stream.dataset": ["system.security", "windows.forwarded"],
    "event.provider": ["Microsoft-Windows-Security-Auditing"],
    "winlog.channel": ["Security"],
    "winlog.provider_name": ["Microsoft-Windows-Security-Auditing"],
  },
  fields: {
    "host.name": "Computer",
    "host.id": "Computer",
    "winlog.computer_name": "Computer",
    "user.name": "SubjectUserName",
    "user.id": "SubjectUserSid",
    "user.domain": "SubjectDomainName",
    "winlog.logon.id": "SubjectLogonId",
    "process.pid": "ProcessId",
    "process.executable": "ProcessName",
    "process.name": { field: "ProcessName", part: "basename" },
    "winlog.process.pid": "ProcessID",
    "group.name": "TargetUserName",
    "group.id": "TargetSid",
  },
  kinds: [
    sec("4624", ["authentication"], ["start"], ["logged-in"], ["success"], LOGON),
    sec("4625", ["authentication"], ["start"], ["logon-failed"], ["failure"], LOGON),
    sec("4634", ["authentication"], ["end"], ["logged-out"], ["success"], LOGON),
    sec("4647", ["authentication"], ["end"], ["logged-out"], ["success"], LOGON),
    sec("4648", ["authentication"], ["start"], ["logged-in-explicit"], ["success"], { ...LOGON, "user.name": "SubjectUserName", "user.id": "SubjectUserSid", "user.domain": "SubjectDomainName" }),
    sec("4662", ["iam"], ["change"], ["object-operation-performed", "Directory Service Access"], ["success"]),
    sec("4663", ["file"], ["access"], ["object-access-attempted"], ["success"], { "file.path": "ObjectName", "file.name": { field: "ObjectName", part: "basename" } }),
    sec("4672", ["iam"], ["admin"], ["logged-in-special"], ["success"]),
    sec("4673", ["iam"], ["admin"], ["privileged-service-called"], ["success", "failure"]),
    sec("4688", ["process"], ["start"], ["created-process", "start"], ["success"], SECURITY_PROCESS),
    sec("4697", ["iam", "configuration"], ["admin", "change"], ["service-installed"], ["success"], { "service.name": "ServiceName", "service.type": "ServiceType" }),
    sec("4698", ["iam", "configuration"], ["creation", "admin"], ["scheduled-task-created"], ["success"]),
    sec("4699", ["iam", "configuration"], ["deletion", "admin"], ["scheduled-task-deleted"], ["success"]),
    sec("4702", ["iam", "configuration"], ["change", "admin"], ["scheduled-task-updated"], ["success"]),
    sec("4656", ["iam", "file"], ["access"], ["object-handle-requested", "Kernel Object", "File System"], ["success", "failure"], { "file.path": "ObjectName", "file.name": { field: "ObjectName", part: "basename" } }),
    sec("4674", ["iam"], ["admin"], ["privileged-operation-attempted", "Sensitive Privilege Use"], ["success", "failure"]),
    sec("4703", ["iam"], ["change"], ["token-right-adjusted", "Token Right Adjusted Events"], ["success"]),
    sec("4704", ["iam"], ["admin", "change"], ["user-right-assigned"], ["success"]),
    sec("4887", ["iam"], ["admin"], ["certificate-issued", "Certification Services"], ["success"]),
    sec("5382", ["iam"], ["access"], ["vault-credentials-read", "Other Object Access Events"], ["success"]),
    sec("4719", ["iam", "configuration"], ["change"], ["changed-audit-config"], ["success"]),
    sec("4720", ["iam"], ["user", "creation"], ["added-user-account"], ["success"], { "user.name": "TargetUserName", "user.id": "TargetSid" }),
    sec("4722", ["iam"], ["user", "change"], ["enabled-user-account"], ["success"], { "user.name": "TargetUserName", "user.id": "TargetSid" }),
    sec("4724", ["iam"], ["user", "change"], ["reset-password"], ["success"], { "user.name": "TargetUserName", "user.id": "TargetSid" }),
    sec("4728", ["iam"], ["group", "change"], ["added-member-to-group"], ["success"]),
    sec("4732", ["iam"], ["group", "change"], ["added-member-to-group"], ["success"]),
    sec("4738", ["iam"], ["user", "change"], ["modified-user-account"], ["success"], { "user.name": "TargetUserName", "user.id": "TargetSid" }),
    sec("4741", ["iam"], ["creation"], ["added-computer-account"], ["success"]),
    sec("4742", ["iam"], ["change"], ["changed-computer-account"], ["success"]),
    sec("4756", ["iam"], ["group", "change"], ["added-member-to-group"], ["success"]),
    sec("4768", ["authentication"], ["start"], ["kerberos-authentication-ticket-requested"], ["success", "failure"], { "user.name": "TargetUserName", "user.id": "TargetSid", "source.ip": "IpAddress", "source.port": "IpPort" }),
    sec("4769", ["authentication"], ["start"], ["kerberos-service-ticket-requested"], ["success", "failure"], { "user.name": "TargetUserName", "source.ip": "IpAddress", "source.port": "IpPort", "service.name": "ServiceName" }),
    sec("4771", ["authentication"], ["start"], ["kerberos-preauth-failed"], ["failure"], { "user.name": "TargetUserName", "source.ip": "IpAddress" }),
    sec("4776", ["authentication"], ["start"], ["credential-validated"], ["success", "failure"], { "user.name": "TargetUserName", "source.domain": "Workstation" }),
    sec("4781", ["iam"], ["user", "change"], ["renamed-user-account"], ["success"]),
    sec("4794", ["iam"], ["admin"], ["directory-services-restore-mode-password-set"], ["success"]),
    sec("4798", ["iam"], ["user", "info"], ["group-membership-enumerated"], ["success"]),
    sec("4799", ["iam"], ["group", "info"], ["user-member-enumerated"], ["success"]),
    sec("5136", ["iam", "configuration"], ["change"], ["changed-directory-service-object", "Directory Service Changes"], ["success"]),
    sec("5137", ["iam", "configuration"], ["creation"], ["created-directory-service-object"], ["success"]),
    sec("5140", ["network", "file"], ["access"], ["network-share-object-accessed"], ["success"], { "source.ip": "IpAddress", "source.port": "IpPort" }),
    sec("5145", ["network", "file"], ["access"], ["network-share-object-access-checked"], ["success", "failure"], { "source.ip": "IpAddress", "source.port": "IpPort", "file.path": "RelativeTargetName", "file.name": { field: "RelativeTargetName", part: "basename" } }),
    sec("1102", ["iam"], ["admin", "change"], ["audit-log-cleared"], ["success"]),
  ],
  dataSource: (id) => `Windows Event Log Security ${id}`,
};

const POWERSHELL: Source = {
  id: "powershell",
  title: "PowerShell Operational log",
  macro: {
    name: "powershell",
    definition: '(source=WinEventLog:Microsoft-Windows-PowerShell/Operational OR source="XmlWinEventLog:Microsoft-Windows-PowerShell/Operational")',
    description: "PowerShell Operational events (script block logging, 4104). Replace the definition with the index and source of your environment.",
  },
  kindField: "EventCode",
  indexHints: [/powershell/i, /winlogbeat/i],
  meta: {
    ...WINDOWS,
    "event.module": ["powershell", "windows"],
    "event.dataset": ["windows.powershell_operational", "windows.powershell"],
    "data_stream.dataset": ["windows.powershell_operational", "windows.powershell"],
    "event.provider": ["Microsoft-Windows-PowerShell"],
    "winlog.channel": ["Microsoft-Windows-PowerShell/Operational"],
    "winlog.provider_name": ["Microsoft-Windows-PowerShell"],
  },
  fields: {
    "host.name": "Computer",
    "host.id": "Computer",
    "winlog.computer_name": "Computer",
    "user.id": "UserID",
    "process.pid": "ProcessID",
  },
  kinds: [
    kind("4104", ["process"], ["info"], ["Execute a Remote Command", "execute-remote-command"], {
      "powershell.file.script_block_text": "ScriptBlockText",
      "powershell.file.script_block_id": "ScriptBlockId",
      "powershell.file.script_block_length": { field: "ScriptBlockText", part: "length" },
      "powershell.sequence": "MessageNumber",
      "powershell.total": "MessageTotal",
      "file.path": "Path",
      "file.name": { field: "Path", part: "basename" },
      "file.directory": { field: "Path", part: "dirname" },
    }),
  ],
  dataSource: () => "Powershell Script Block Logging 4104",
};

const SYSTEM: Source = {
  id: "system",
  title: "Windows System log",
  macro: {
    name: "wineventlog_system",
    definition: "eventtype=wineventlog_system",
    description: "Windows System events (Splunk Add-on for Microsoft Windows). Replace the definition with the index and source of your environment.",
  },
  kindField: "EventCode",
  indexHints: [/system\.system/i, /winlogbeat/i],
  meta: {
    ...WINDOWS,
    "event.module": ["system", "windows"],
    "event.dataset": ["system.system", "windows.system"],
    "data_stream.dataset": ["system.system", "windows.system"],
    "winlog.channel": ["System"],
  },
  fields: { "host.name": "Computer", "host.id": "Computer", "winlog.computer_name": "Computer" },
  kinds: [
    { ...kind("7045", ["iam", "configuration"], ["admin", "change"], ["Service Installed", "service-installed"], { "service.name": "ServiceName", "service.type": "ServiceType" }), meta: { "event.code": ["7045"], "event.category": ["iam", "configuration"], "event.type": ["admin", "change"], "event.action": ["Service Installed", "service-installed"], "event.provider": ["Service Control Manager"], "winlog.provider_name": ["Service Control Manager"] } },
    { ...kind("7036", ["configuration"], ["change"], ["Service state changed"]), meta: { "event.code": ["7036"], "event.category": ["configuration"], "event.type": ["change"], "event.action": ["Service state changed"], "event.provider": ["Service Control Manager"], "winlog.provider_name": ["Service Control Manager"] } },
  ],
  dataSource: (id) => `Windows Event Log System ${id}`,
};

/**
 * Fields only Elastic Defend (the Elastic endpoint agent) or Elastic's own enrichment produce. Windows event
 * logs never carry them, so a condition on one is evaluated as on a missing field: a comparison is false and
 * its negation true (which is how Elastic itself evaluates the rule over Sysmon/winlogbeat data).
 */
export const DEFEND_ONLY: string[] = [
  "process.code_signature.",
  "process.parent.code_signature.",
  "process.Ext.",
  "process.parent.Ext.",
  "file.Ext.",
  "dll.Ext.",
  "process.args_count",
  "process.parent.args_count",
  "file.origin_url",
  "file.origin_referrer_url",
  "file.size",
  "powershell.file.script_block_entropy_bits",
  "powershell.file.script_block_surprisal_stdev",
  "powershell.file.script_block_unique_symbols",
  "kibana.alert.",
  "Effective_process.",
  "Target.process.",
  "process.thread.",
  "event.outcome",
];

export const SYSMON_TARGET: Target = {
  id: "sysmon",
  sources: [SYSMON, SECURITY, POWERSHELL, SYSTEM],
  prefixes: [{ ecs: "winlog.event_data.", splunk: "" }],
  absent: DEFEND_ONLY,
};
