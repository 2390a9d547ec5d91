// Read the project configuration: secpack.yml, else contentctl.yml (security_content as-is), else defaults.
// secpack.yml is checked against schemas/secpack.schema.json; contentctl.yml is read as it is (only `app:`).
import { readFile } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import type { Diagnostic } from "../diag/diagnostic.js";
import * as codes from "../diag/codes.js";
import type { SecpackConfig } from "../model/project.js";
import { parseFile } from "./parse.js";

/** CIM / ES macros that security_content searches call without defining them (found in the 2024 corpus). */
export const DEFAULT_EXTERNAL_MACROS = [
  "drop_dm_object_name", // CIM
  "cim_Endpoint_indexes", // CIM
  "cim_corporate_web_domain_search", // ES
  "get_asset", // ES asset and identity framework
  "get_identity4events", // ES
  "notable", // ES
];

/** Lookups that ship with ES, CIM or apps the content depends on (contentctl.yml `apps:`), not with the content. */
export const DEFAULT_EXTERNAL_LOOKUPS = [
  "identity_lookup_expanded", // ES identities
  "asset_lookup_by_str", // ES assets
  "asset_lookup_by_cidr", // ES assets
  "admon_groups_def", // SA-admon
  "ut_shannon_lookup", // URL Toolbox
  "ut_parse_extended_lookup", // URL Toolbox
  "cim_corporate_web_domain_lookup", // ES
  "cim_corporate_email_domain_lookup", // ES
  "cim_corporate_email_domains.csv", // ES
  "cim_corporate_web_domains.csv", // ES
  "cim_cloud_domains.csv", // ES
  "alexa_lookup_by_str", // ES
  "interesting_ports_lookup", // ES
];

export function defaultConfig(): SecpackConfig {
  return {
    source: "defaults",
    app: {
      appid: "secpack_content",
      title: "secpack content",
      version: "0.1.0",
      prefix: "ESCU",
      label: "ESCU",
      author_name: "secpack",
      description: "Detection content built by secpack.",
    },
    externalMacros: [...DEFAULT_EXTERNAL_MACROS],
    externalLookups: [...DEFAULT_EXTERNAL_LOOKUPS],
    severities: {},
    suppress: [],
    paths: {},
    requireFilterMacro: true,
    raw: {},
  };
}

async function readConfigFile(root: string, name: string, diagnostics: Diagnostic[]) {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(root, name));
  } catch {
    return undefined;
  }
  const parsed = parseFile(name, join(root, name), bytes);
  diagnostics.push(...parsed.diagnostics);
  return parsed.data ? { data: parsed.data as Record<string, any>, origin: parsed.origin! } : { data: {} as Record<string, any> };
}

/** Apply the settings of a config document onto the defaults. */
function applyConfig(config: SecpackConfig, raw: Record<string, any>): void {
  config.raw = raw;
  const app = raw.app && typeof raw.app === "object" ? raw.app : {};
  for (const k of ["appid", "title", "prefix", "label", "author_name", "author_email", "author_company", "description"] as const) {
    if (typeof app[k] === "string") (config.app as any)[k] = app[k];
  }
  if (app.version !== undefined && app.version !== null) config.app.version = String(app.version);
  if (typeof app.uid === "number") config.app.uid = app.uid;
  if (Array.isArray(raw.external_macros)) config.externalMacros.push(...raw.external_macros.map(String));
  if (Array.isArray(raw.external_lookups)) config.externalLookups.push(...raw.external_lookups.map(String));
  if (raw.severities && typeof raw.severities === "object") {
    // YAML 1.1 reads an unquoted `off` as false: take it as meant
    for (const [code, level] of Object.entries(raw.severities)) config.severities[code] = level === false ? "off" : (level as any);
  }
  if (Array.isArray(raw.suppress)) {
    for (const s of raw.suppress) {
      if (s && typeof s.code === "string" && typeof s.file === "string" && typeof s.reason === "string") {
        config.suppress.push({ code: s.code, file: s.file.replace(/\\/g, "/").replace(/^\.\//, ""), reason: s.reason });
      }
    }
  }
  if (raw.paths && typeof raw.paths === "object") config.paths = { ...raw.paths };
  if (typeof raw.require_filter_macro === "boolean") config.requireFilterMacro = raw.require_filter_macro;
}

export async function loadConfig(root: string): Promise<{ config: SecpackConfig; diagnostics: Diagnostic[] }> {
  const config = defaultConfig();
  const diagnostics: Diagnostic[] = [];
  const own = await readConfigFile(root, "secpack.yml", diagnostics);
  if (own) {
    config.source = "secpack.yml";
    applyConfig(config, own.data);
    if (own.origin) {
      const { validateSchema } = await import("../validate/schema.js");
      for (const d of validateSchema({ kind: "detection", data: own.data, origin: own.origin, group: "" }, "secpack")) {
        diagnostics.push(d.code === "SC2005" ? { ...d, ...codes.configUnknownKey(/'([^']+)'/.exec(d.message)![1], /'([^']+)'\?/.exec(d.hint ?? "")?.[1]) } : { ...d, code: "SC1020", message: `secpack.yml: ${d.message}` });
      }
    }
    // A kind's folder must stay inside the content root: its files end up in the app package.
    for (const [kind, rel] of Object.entries(config.paths)) {
      const inside = typeof rel === "string" && !isAbsolute(rel) && !relative(root, resolve(root, rel)).startsWith("..");
      if (inside) continue;
      delete (config.paths as Record<string, unknown>)[kind];
      diagnostics.push({
        file: "secpack.yml",
        span: own.origin?.locate(`/paths/${kind}`),
        ...codes.configInvalid(`secpack.yml: paths.${kind} '${String(rel)}' is outside the content root.`, "Use a folder below the folder that holds secpack.yml."),
      });
    }
    const ctl = await readFile(join(root, "contentctl.yml")).then(() => true, () => false);
    if (ctl) diagnostics.push({ file: "secpack.yml", ...codes.multipleConfigs() });
    return { config, diagnostics };
  }
  const ctl = await readConfigFile(root, "contentctl.yml", diagnostics);
  if (ctl) {
    config.source = "contentctl.yml";
    applyConfig(config, { app: ctl.data.app });
    config.raw = ctl.data;
  }
  return { config, diagnostics };
}
