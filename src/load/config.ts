// Read the project configuration: secpack.yml, else contentctl.yml (security_content as-is), else defaults.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import type { Diagnostic } from "../diag/diagnostic.js";
import type { SecpackConfig } from "../model/project.js";

/** CIM and ES macros every security_content search may call without defining them. */
export const DEFAULT_EXTERNAL_MACROS = ["drop_dm_object_name", "cim_Endpoint_indexes"];

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
    externalLookups: [],
    severities: {},
    paths: {},
    requireFilterMacro: true,
    raw: {},
  };
}

async function readYaml(path: string): Promise<unknown | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return undefined;
  }
  return parse(text) ?? {};
}

export async function loadConfig(root: string): Promise<{ config: SecpackConfig; diagnostics: Diagnostic[] }> {
  const config = defaultConfig();
  const diagnostics: Diagnostic[] = [];
  const own = (await readYaml(join(root, "secpack.yml"))) as Record<string, any> | undefined;
  const raw = own ?? ((await readYaml(join(root, "contentctl.yml"))) as Record<string, any> | undefined);
  if (!raw) return { config, diagnostics };
  config.source = own ? "secpack.yml" : "contentctl.yml";
  config.raw = raw;
  const app = raw.app ?? {};
  for (const k of ["appid", "title", "prefix", "label", "author_name", "author_email", "author_company", "description"] as const) {
    if (typeof app[k] === "string") (config.app as any)[k] = app[k];
  }
  if (app.version !== undefined) config.app.version = String(app.version);
  if (typeof app.uid === "number") config.app.uid = app.uid;
  if (Array.isArray(raw.external_macros)) config.externalMacros.push(...raw.external_macros.map(String));
  if (Array.isArray(raw.external_lookups)) config.externalLookups.push(...raw.external_lookups.map(String));
  if (raw.severities && typeof raw.severities === "object") config.severities = { ...raw.severities };
  if (raw.paths && typeof raw.paths === "object") config.paths = { ...raw.paths };
  if (typeof raw.require_filter_macro === "boolean") config.requireFilterMacro = raw.require_filter_macro;
  return { config, diagnostics };
}
