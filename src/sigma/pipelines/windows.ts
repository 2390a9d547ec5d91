// Windows event logs as the Splunk Add-on for Microsoft Windows indexes them: EventID is EventCode, a Sigma
// service is its channel (source="WinEventLog:<channel>"), and Sysmon categories are Sysmon event codes.
import type { LogsourceMapping, Pipeline } from "./types.js";

const SERVICES: Record<string, string | string[]> = {
  security: "Security",
  system: "System",
  application: "Application",
  sysmon: "Microsoft-Windows-Sysmon/Operational",
  powershell: "Microsoft-Windows-PowerShell/Operational",
  "powershell-classic": "Windows PowerShell",
  taskscheduler: "Microsoft-Windows-TaskScheduler/Operational",
  wmi: "Microsoft-Windows-WMI-Activity/Operational",
  "dns-server": "DNS Server",
  "dns-server-analytic": "Microsoft-Windows-DNS-Server/Analytical",
  "dns-client": "Microsoft-Windows-DNS Client Events/Operational",
  "driver-framework": "Microsoft-Windows-DriverFrameworks-UserMode/Operational",
  ntlm: "Microsoft-Windows-NTLM/Operational",
  "bits-client": "Microsoft-Windows-Bits-Client/Operational",
  "codeintegrity-operational": "Microsoft-Windows-CodeIntegrity/Operational",
  "firewall-as": "Microsoft-Windows-Windows Firewall With Advanced Security/Firewall",
  windefend: "Microsoft-Windows-Windows Defender/Operational",
  "msexchange-management": "MSExchange Management",
  "appxdeployment-server": "Microsoft-Windows-AppXDeploymentServer/Operational",
  "appxpackaging-om": "Microsoft-Windows-AppxPackaging/Operational",
  "appmodel-runtime": "Microsoft-Windows-AppModel-Runtime/Admin",
  "capi2": "Microsoft-Windows-CAPI2/Operational",
  "certificateservicesclient-lifecycle-system": "Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational",
  "diagnosis-scripted": "Microsoft-Windows-Diagnosis-Scripted/Operational",
  "hyper-v-worker": "Microsoft-Windows-Hyper-V-Worker",
  "kernel-event-tracing": "Microsoft-Windows-Kernel-EventTracing",
  "ldap_debug": "Microsoft-Windows-LDAP-Client/Debug",
  "lsa-server": "Microsoft-Windows-LSA/Operational",
  "openssh": "OpenSSH/Operational",
  "printservice-admin": "Microsoft-Windows-PrintService/Admin",
  "printservice-operational": "Microsoft-Windows-PrintService/Operational",
  "security-mitigations": ["Microsoft-Windows-Security-Mitigations/Kernel Mode", "Microsoft-Windows-Security-Mitigations/User Mode"],
  "shell-core": "Microsoft-Windows-Shell-Core/Operational",
  "smbclient-security": "Microsoft-Windows-SmbClient/Security",
  "smbclient-connectivity": "Microsoft-Windows-SmbClient/Connectivity",
  "terminalservices-localsessionmanager": "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational",
  "vhdmp": "Microsoft-Windows-VHDMP/Operational",
  "applocker": [
    "Microsoft-Windows-AppLocker/MSI and Script",
    "Microsoft-Windows-AppLocker/EXE and DLL",
    "Microsoft-Windows-AppLocker/Packaged app-Deployment",
    "Microsoft-Windows-AppLocker/Packaged app-Execution",
  ],
};

const SYSMON = "Microsoft-Windows-Sysmon/Operational";
const CATEGORIES: Record<string, { channel: string; codes: string[] }> = {
  process_creation: { channel: SYSMON, codes: ["1"] },
  network_connection: { channel: SYSMON, codes: ["3"] },
  sysmon_status: { channel: SYSMON, codes: ["4", "16"] },
  process_termination: { channel: SYSMON, codes: ["5"] },
  driver_load: { channel: SYSMON, codes: ["6"] },
  image_load: { channel: SYSMON, codes: ["7"] },
  create_remote_thread: { channel: SYSMON, codes: ["8"] },
  raw_access_thread: { channel: SYSMON, codes: ["9"] },
  process_access: { channel: SYSMON, codes: ["10"] },
  file_event: { channel: SYSMON, codes: ["11"] },
  registry_add: { channel: SYSMON, codes: ["12"] },
  registry_delete: { channel: SYSMON, codes: ["12"] },
  registry_set: { channel: SYSMON, codes: ["13"] },
  registry_rename: { channel: SYSMON, codes: ["14"] },
  registry_event: { channel: SYSMON, codes: ["12", "13", "14"] },
  create_stream_hash: { channel: SYSMON, codes: ["15"] },
  pipe_created: { channel: SYSMON, codes: ["17", "18"] },
  wmi_event: { channel: SYSMON, codes: ["19", "20", "21"] },
  dns_query: { channel: SYSMON, codes: ["22"] },
  file_delete: { channel: SYSMON, codes: ["23", "26"] },
  clipboard_capture: { channel: SYSMON, codes: ["24"] },
  process_tampering: { channel: SYSMON, codes: ["25"] },
  file_block_executable: { channel: SYSMON, codes: ["27"] },
  file_block_shredding: { channel: SYSMON, codes: ["28"] },
  file_executable_detected: { channel: SYSMON, codes: ["29"] },
  sysmon_error: { channel: SYSMON, codes: ["255"] },
  ps_script: { channel: "Microsoft-Windows-PowerShell/Operational", codes: ["4104"] },
  ps_module: { channel: "Microsoft-Windows-PowerShell/Operational", codes: ["4103"] },
  ps_classic_start: { channel: "Windows PowerShell", codes: ["400"] },
  ps_classic_provider_start: { channel: "Windows PowerShell", codes: ["600"] },
  ps_classic_script: { channel: "Windows PowerShell", codes: ["800"] },
};

const source = (channels: string | string[]) => (Array.isArray(channels) ? channels : [channels]).map((c) => `WinEventLog:${c}`);

const logsources: LogsourceMapping[] = [
  ...Object.entries(CATEGORIES).map(([category, { channel, codes }]) => ({
    match: { product: "windows", category },
    conditions: { source: source(channel), EventCode: codes },
    ...(category === "process_creation" ? { dataSource: ["Sysmon EventID 1"] } : {}),
  })),
  ...Object.entries(SERVICES).map(([service, channel]) => ({
    match: { product: "windows", service },
    conditions: { source: source(channel) },
  })),
];

export const windowsPipeline: Pipeline = {
  name: "windows",
  description: "Windows event logs (Splunk Add-on for Microsoft Windows): EventID as EventCode, services as WinEventLog sources, Sysmon categories as event codes.",
  fields: { EventID: "EventCode" },
  logsources,
  strictFields: false,
  strictLogsource: false,
  defaultFormat: "search",
};
