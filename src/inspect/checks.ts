// Local checks modelled on AppInspect's Splunk Cloud checks for a content app (splunk-platform.md §2.6).
// Each check reports success, failure, warning or not_applicable with messages naming the file (and line).
import { parseConf, type ConfStanza } from "../conf/parse.js";
import { SPLUNK_DEFINED_CONFS } from "../render/splunk-confs.js";
import { APP_ID_RE, SEMVER_RE } from "../render/index.js";
import type { AppEntry, AppSource } from "./read.js";
import { csvProblem } from "./csv.js";

export type CheckStatus = "success" | "failure" | "warning" | "not_applicable";

export interface CheckMessage {
  file?: string;
  line?: number;
  message: string;
}

export interface CheckResult {
  name: string;
  title: string;
  status: CheckStatus;
  messages: CheckMessage[];
}

export class InspectContext {
  /** The top folder (app id as packaged), when there is exactly one. */
  readonly top: string | undefined;
  /** Files and folders below the top folder, by path relative to it ("default/app.conf", "lookups/"). */
  readonly files = new Map<string, AppEntry>();
  private readonly confCache = new Map<string, ReturnType<typeof parseConf> | undefined>();

  constructor(readonly source: AppSource) {
    const tops = new Set(source.entries.map((e) => e.name.replace(/^\.\//, "").split("/")[0]!).filter((t) => t !== "" && t !== ".dependencies"));
    this.top = tops.size === 1 ? [...tops][0] : undefined;
    if (this.top) {
      for (const e of source.entries) {
        const n = e.name.replace(/^\.\//, "");
        if (n.startsWith(this.top + "/") && n.length > this.top.length + 1) this.files.set(n.slice(this.top.length + 1), e);
      }
    }
  }

  text(path: string): string | undefined {
    return this.files.get(path)?.contents?.toString("utf8");
  }

  conf(path: string) {
    if (!this.confCache.has(path)) {
      const t = this.text(path);
      this.confCache.set(path, t === undefined ? undefined : parseConf(t));
    }
    return this.confCache.get(path);
  }

  stanza(path: string, name: string): ConfStanza | undefined {
    return this.conf(path)?.stanzas.find((s) => s.name === name);
  }

  manifest(): { data?: any; error?: string } | undefined {
    const t = this.text("app.manifest");
    if (t === undefined) return undefined;
    try {
      return { data: JSON.parse(t) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }

  /** default/*.conf stems. */
  confStems(): string[] {
    return [...this.files.keys()].map((p) => /^default\/([^/]+)\.conf$/.exec(p)?.[1]).filter((s): s is string => s !== undefined).sort();
  }
}

type Check = { name: string; title: string; run: (c: InspectContext, m: CheckMessage[]) => CheckStatus };

const APP = "default/app.conf";

const fail = (m: CheckMessage[], msg: CheckMessage): CheckStatus => {
  m.push(msg);
  return "failure";
};

/** Failure when messages were added, else success (or the given status). */
const verdict = (m: CheckMessage[], bad: CheckStatus = "failure"): CheckStatus => (m.length ? bad : "success");

function cronRunsPerHour(cron: string): number | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const f = fields[0]!;
  let count = 0;
  for (const part of f.split(",")) {
    const m = /^(\*|\d+(?:-\d+)?)(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    let lo = 0;
    let hi = 59;
    if (m[1] !== "*") {
      const [a, b] = m[1]!.split("-").map(Number);
      lo = a!;
      hi = b ?? (m[2] ? 59 : a!);
    }
    const step = m[2] ? Number(m[2]) : 1;
    if (lo > hi || hi > 59 || step < 1) return undefined;
    count += Math.floor((hi - lo) / step) + 1;
  }
  for (const [i, max] of [[1, 23], [2, 31], [3, 12], [4, 7]] as const) {
    if (!/^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/.test(fields[i]!)) return undefined;
    for (const n of fields[i]!.match(/\d+/g) ?? []) if (Number(n) > max && !fields[i]!.includes("/" + n)) return undefined;
  }
  return count;
}


/**
 * Why an archive path would extract outside the app folder (absolute, drive letter, or a '..' that climbs above
 * the archive root), or undefined. With `resolveDots`, '..' that stays inside (a/b/../c) is allowed.
 */
const isAbsolutePath = (name: string) => /^([\\/]|[A-Za-z]:)/.test(name);

export function pathEscape(name: string, resolveDots = false): string | undefined {
  if (isAbsolutePath(name)) return "Absolute path: it would extract outside the app folder.";
  const parts = name.split(/[\\/]/);
  if (!resolveDots) return parts.includes("..") ? "Path traversal: a '..' component would extract outside the app folder." : undefined;
  let depth = 0;
  for (const p of parts) {
    if (p === "..") depth--;
    else if (p !== "" && p !== ".") depth++;
    if (depth < 1 && p === "..") return "Path traversal: it climbs out of the app folder.";
  }
  return undefined;
}

export const CHECKS: Check[] = [
  {
    name: "check_that_splunk_app_package_valid_compressed_file",
    title: "The package is a readable (gzip-compressed) tar archive.",
    run: (c, m) => (c.source.readError ? fail(m, { message: c.source.readError }) : "success"),
  },
  {
    name: "check_package_compression",
    title: "The package is gzip-compressed.",
    run: (c, m) => (c.source.kind === "folder" ? "not_applicable" : c.source.gzip ? "success" : fail(m, { message: "The package is not gzip-compressed." })),
  },
  {
    name: "check_that_splunk_app_package_does_not_contain_files_outside_of_app",
    title: "Exactly one top-level folder (the app), nothing beside it.",
    run: (c, m) => {
      const tops = [...new Set(c.source.entries.map((e) => e.name.replace(/^\.\//, "").split("/")[0]!))].filter((t) => t !== ".dependencies");
      if (tops.length !== 1) return fail(m, { message: `Expected one top-level folder, found: ${tops.join(", ") || "none"}.` });
      if (!c.source.entries.some((e) => e.name.replace(/^\.\//, "").startsWith(tops[0] + "/"))) return fail(m, { message: `'${tops[0]}' is not a folder.` });
      return "success";
    },
  },
  {
    name: "check_that_splunk_app_package_extracts_to_visible_directory",
    title: "The top-level folder is not hidden.",
    run: (c, m) => (c.top === undefined ? "not_applicable" : c.top.startsWith(".") ? fail(m, { message: `Top folder '${c.top}' is hidden.` }) : "success"),
  },
  {
    name: "check_that_extracted_splunk_app_does_not_contain_prohibited_directories_or_files",
    title: "No hidden files or folders, no __MACOSX, no paths starting with './'.",
    run: (c, m) => {
      for (const e of c.source.entries) {
        if (e.name.startsWith("./")) m.push({ file: e.name, message: "Archive path starts with './'." });
        else if (pathEscape(e.name)) continue; // reported by check_that_archive_paths_stay_inside_the_app
        else if (e.name.split("/").some((p) => p.startsWith(".") && p !== ".dependencies" || p === "__MACOSX")) m.push({ file: e.name, message: "Hidden or __MACOSX entry." });
      }
      return verdict(m);
    },
  },
  {
    name: "check_that_archive_paths_stay_inside_the_app",
    title: "No absolute paths and no '..' components: every entry extracts inside the app folder.",
    run: (c, m) => {
      for (const e of c.source.entries) {
        const why = pathEscape(e.name);
        if (why) m.push({ file: e.name, message: why });
      }
      return verdict(m);
    },
  },
  {
    name: "check_that_extracted_splunk_app_does_not_contain_invalid_directories",
    title: "Every folder is readable, writable and searchable by its owner.",
    run: (c, m) => {
      for (const e of c.source.entries) if (e.type === "directory" && (e.mode & 0o700) !== 0o700) m.push({ file: e.name, message: `Folder mode ${e.mode.toString(8)} lacks owner rwx.` });
      return verdict(m);
    },
  },
  {
    name: "check_that_extracted_splunk_app_does_not_contain_files_with_invalid_permissions",
    title: "Every file is readable and writable by its owner.",
    run: (c, m) => {
      for (const e of c.source.entries) if (e.type === "file" && (e.mode & 0o600) !== 0o600) m.push({ file: e.name, message: `File mode ${e.mode.toString(8)} lacks owner rw.` });
      return verdict(m);
    },
  },
  {
    name: "check_for_bin_files",
    title: "No executable files outside bin/ (and appserver/controllers/).",
    run: (c, m) => {
      for (const [p, e] of c.files) {
        if (e.type === "file" && (e.mode & 0o111) !== 0 && !p.startsWith("bin/") && !p.startsWith("appserver/controllers/")) {
          m.push({ file: `${c.top}/${p}`, message: `Executable bit set (mode ${e.mode.toString(8)}).` });
        }
      }
      return verdict(m);
    },
  },
  {
    name: "check_symlink_outside_app",
    title: "No symbolic links (or other special files).",
    run: (c, m) => {
      for (const e of c.source.entries) {
        if (e.type === "other") m.push({ file: e.name, message: "Special file (device, FIFO or socket); ship regular files only." });
        else if (e.type === "symlink") {
          const kind = e.hardlink ? "Hard link" : "Symbolic link";
          const target = e.linkname ?? "";
          // A hard link names an entry from the archive root; a symbolic link is relative to its own folder.
          const dir = e.name.split("/").slice(0, -1).join("/");
          const outside = e.hardlink ? pathEscape(target, true) : isAbsolutePath(target) || pathEscape(`${dir}/${target}`, true);
          m.push({ file: e.name, message: `${kind} to '${target}'${outside ? ", which points outside the app" : ""}; ship regular files only.` });
        }
      }
      return verdict(m);
    },
  },
  {
    name: "check_for_compiled_python",
    title: "No compiled Python (.pyc, .pyo).",
    run: (c, m) => {
      for (const p of c.files.keys()) if (/\.py[co]$/.test(p)) m.push({ file: `${c.top}/${p}`, message: "Compiled Python file." });
      return verdict(m);
    },
  },
  {
    name: "check_filenames_for_spaces",
    title: "No spaces in .conf or dashboard file names.",
    run: (c, m) => {
      for (const p of c.files.keys()) if (/\.(conf|xml)$/.test(p) && /\s/.test(p.split("/").pop()!)) m.push({ file: `${c.top}/${p}`, message: "File name contains a space." });
      return verdict(m);
    },
  },
  {
    name: "check_that_extracted_splunk_app_contains_default_app_conf_file",
    title: "default/app.conf exists.",
    run: (c, m) => (c.top === undefined ? "not_applicable" : c.files.has(APP) ? "success" : fail(m, { message: "default/app.conf is missing." })),
  },
  {
    name: "check_for_valid_package_id",
    title: "[package] id is valid and equals the folder name, [id] name and app.manifest info.id.name.",
    run: (c, m) => {
      if (!c.files.has(APP) || !c.top) return "not_applicable";
      const id = c.stanza(APP, "package")?.keys.get("id");
      const name = c.stanza(APP, "id")?.keys.get("name");
      const f = `${c.top}/${APP}`;
      if (id === undefined) return fail(m, { file: f, message: "[package] id is missing." });
      if (!APP_ID_RE.test(id) || /\.$|\.(tar|tgz|tar\.gz|spl)$/i.test(id) || /^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])$/i.test(id)) m.push({ file: f, message: `[package] id '${id}' is not a valid app id.` });
      if (id !== c.top) m.push({ file: f, message: `[package] id '${id}' differs from the folder name '${c.top}'.` });
      if (name === undefined) m.push({ file: f, message: "[id] name is missing." });
      else if (name !== id) m.push({ file: f, message: `[id] name '${name}' differs from [package] id '${id}'.` });
      const man = c.manifest();
      if (man?.data && man.data.info?.id?.name !== id) m.push({ file: `${c.top}/app.manifest`, message: `info.id.name '${man.data.info?.id?.name}' differs from [package] id '${id}'.` });
      return verdict(m);
    },
  },
  {
    name: "check_that_app_name_config_is_valid",
    title: "The app id does not start with a digit.",
    run: (c, m) => {
      const id = c.stanza(APP, "package")?.keys.get("id") ?? c.top;
      if (id === undefined) return "not_applicable";
      return /^\d/.test(id) ? fail(m, { message: `App id '${id}' starts with a digit.` }) : "success";
    },
  },
  {
    name: "check_version_is_valid_semver",
    title: "[launcher] version, [id] version and app.manifest info.id.version are the same semantic version.",
    run: (c, m) => {
      if (!c.files.has(APP)) return "not_applicable";
      const f = `${c.top}/${APP}`;
      const launcher = c.stanza(APP, "launcher")?.keys.get("version");
      const id = c.stanza(APP, "id")?.keys.get("version");
      if (launcher === undefined) m.push({ file: f, message: "[launcher] version is missing." });
      else if (!SEMVER_RE.test(launcher)) m.push({ file: f, message: `[launcher] version '${launcher}' is not semver.` });
      if (id === undefined) m.push({ file: f, message: "[id] version is missing." });
      else if (!SEMVER_RE.test(id)) m.push({ file: f, message: `[id] version '${id}' is not semver.` });
      if (launcher !== undefined && id !== undefined && launcher !== id) m.push({ file: f, message: `[launcher] version '${launcher}' differs from [id] version '${id}'.` });
      const man = c.manifest();
      const mv = man?.data?.info?.id?.version;
      if (man?.data && mv !== launcher) m.push({ file: `${c.top}/app.manifest`, message: `info.id.version '${mv}' differs from app.conf '${launcher}'.` });
      return verdict(m);
    },
  },
  {
    name: "check_validate_json_data_is_well_formed",
    title: "app.manifest and other .json files are well-formed JSON.",
    run: (c, m) => {
      for (const p of c.files.keys()) {
        if (p !== "app.manifest" && !p.endsWith(".json")) continue;
        try {
          JSON.parse(c.text(p) ?? "");
        } catch (e) {
          m.push({ file: `${c.top}/${p}`, message: `Not valid JSON: ${(e as Error).message}` });
        }
      }
      const man = c.manifest();
      if (man?.data && man.data.schemaVersion && !/^[12]\.0\.0$/.test(String(man.data.schemaVersion))) m.push({ file: `${c.top}/app.manifest`, message: `Unknown schemaVersion '${man.data.schemaVersion}'.` });
      return verdict(m);
    },
  },
  {
    name: "check_that_setup_has_not_been_performed",
    title: "[install] is_configured is not true.",
    run: (c, m) => {
      const v = c.stanza(APP, "install")?.keys.get("is_configured");
      return v !== undefined && /^(1|true|t|yes|y)$/i.test(v) ? fail(m, { file: `${c.top}/${APP}`, message: "[install] is_configured is true." }) : c.files.has(APP) ? "success" : "not_applicable";
    },
  },
  {
    name: "check_no_install_source_checksum",
    title: "app.conf has no install_source_checksum (Splunk writes it).",
    run: (c, m) => {
      const s = c.stanza(APP, "install");
      for (const k of ["install_source_checksum", "install_source_local_checksum"]) if (s?.keys.has(k)) m.push({ file: `${c.top}/${APP}`, message: `[install] ${k} is set.` });
      return verdict(m, "warning");
    },
  },
  {
    name: "check_for_valid_ui_label",
    title: "[ui] label has 5 to 80 characters.",
    run: (c, m) => {
      if (!c.files.has(APP)) return "not_applicable";
      const l = c.stanza(APP, "ui")?.keys.get("label");
      if (l === undefined) return fail(m, { file: `${c.top}/${APP}`, message: "[ui] label is missing." }) && "warning";
      return l.length < 5 || l.length > 80 ? (m.push({ file: `${c.top}/${APP}`, message: `[ui] label has ${l.length} characters.` }), "warning") : "success";
    },
  },
  {
    name: "check_for_updates_disabled",
    title: "[package] check_for_updates is false (private apps).",
    run: (c, m) => {
      if (!c.files.has(APP)) return "not_applicable";
      const v = c.stanza(APP, "package")?.keys.get("check_for_updates");
      if (v !== undefined && /^(0|false|f|no|n)$/i.test(v)) return "success";
      m.push({ file: `${c.top}/${APP}`, message: `check_for_updates is ${v ?? "missing"}; a private app should set it to false.` });
      return "warning";
    },
  },
  {
    name: "check_reload_trigger_for_all_custom_confs",
    title: "Every custom .conf has a reload trigger in [triggers].",
    run: (c, m) => {
      if (!c.files.has(APP)) return "not_applicable";
      const t = c.stanza(APP, "triggers");
      for (const stem of c.confStems()) if (!SPLUNK_DEFINED_CONFS.has(stem) && !t?.keys.has(`reload.${stem}`)) m.push({ file: `${c.top}/default/${stem}.conf`, message: `No reload.${stem} in [triggers].` });
      return verdict(m);
    },
  },
  {
    name: "check_for_trigger_stanza",
    title: "No reload trigger for a Splunk-defined conf.",
    run: (c, m) => {
      const t = c.stanza(APP, "triggers");
      if (!t) return "not_applicable";
      for (const k of t.keys.keys()) {
        const stem = /^reload\.(.+)$/.exec(k)?.[1];
        if (stem && SPLUNK_DEFINED_CONFS.has(stem)) m.push({ file: `${c.top}/${APP}`, line: t.line, message: `reload.${stem} names a Splunk-defined conf.` });
      }
      return verdict(m);
    },
  },
  {
    name: "check_custom_conf_replication",
    title: "Every custom .conf is replicated in a search head cluster (server.conf [shclustering]).",
    run: (c, m) => {
      const s = c.stanza("default/server.conf", "shclustering");
      for (const stem of c.confStems()) if (!SPLUNK_DEFINED_CONFS.has(stem) && s?.keys.get(`conf_replication_include.${stem}`) !== "true") m.push({ file: `${c.top}/default/server.conf`, message: `No conf_replication_include.${stem} = true.` });
      return verdict(m, "warning");
    },
  },
  {
    name: "check_that_local_does_not_exist",
    title: "No local/ folder.",
    run: (c, m) => ([...c.files.keys()].some((p) => p === "local/" || p.startsWith("local/")) ? fail(m, { file: `${c.top}/local/`, message: "The app ships a local/ folder." }) : "success"),
  },
  {
    name: "check_that_users_does_not_exist",
    title: "No users/ folder.",
    run: (c, m) => ([...c.files.keys()].some((p) => p.startsWith("users/")) ? fail(m, { file: `${c.top}/users/`, message: "The app ships a users/ folder." }) : "success"),
  },
  {
    name: "check_for_local_meta",
    title: "No metadata/local.meta.",
    run: (c, m) => (c.files.has("metadata/local.meta") ? fail(m, { file: `${c.top}/metadata/local.meta`, message: "The app ships metadata/local.meta." }) : "success"),
  },
  {
    name: "check_meta_default_write_access",
    title: "metadata/default.meta gives a global write ACL without '*'.",
    run: (c, m) => {
      const f = "metadata/default.meta";
      if (!c.files.has(f)) return "not_applicable";
      const conf = c.conf(f)!;
      const global = conf.stanzas.find((s) => s.name === "") ?? conf.stanzas.find((s) => s.name === "default");
      const access = global?.keys.get("access")?.replace(/\s+/g, "");
      const write = access ? /write:\[([^\]]*)\]/.exec(access)?.[1] : undefined;
      if (write === undefined) return fail(m, { file: `${c.top}/${f}`, message: "The global stanza ([] or [default]) has no access with write : [ ... ]." });
      if (write.split(",").includes("*")) return fail(m, { file: `${c.top}/${f}`, line: global!.line, message: "Global write access is '*'." });
      return "success";
    },
  },
  {
    name: "check_kos_are_accessible",
    title: "Every ACL that names admin also names sc_admin (Splunk Cloud).",
    run: (c, m) => {
      const f = "metadata/default.meta";
      for (const s of c.conf(f)?.stanzas ?? []) {
        const a = s.keys.get("access");
        if (a && /\badmin\b/.test(a) && !/\bsc_admin\b/.test(a)) m.push({ file: `${c.top}/${f}`, line: s.line, message: `[${s.name}] grants admin but not sc_admin.` });
      }
      return verdict(m, "warning");
    },
  },
  {
    name: "check_config_file_parsing",
    title: "Every .conf and .meta file parses: no continuation with trailing whitespace, no duplicate stanza or key.",
    run: (c, m) => {
      for (const p of c.files.keys()) {
        if (!/^(default\/[^/]+\.conf|metadata\/[^/]+\.meta)$/.test(p)) continue;
        for (const pr of c.conf(p)!.problems) m.push({ file: `${c.top}/${p}`, line: pr.line, message: pr.message });
      }
      return verdict(m);
    },
  },
  {
    name: "check_no_default_stanzas",
    title: "No [default], [general], [global] or [stash] stanza (or keys before the first stanza) in a Splunk-defined conf; savedsearches.conf is exempt.",
    run: (c, m) => {
      for (const stem of c.confStems()) {
        if (!SPLUNK_DEFINED_CONFS.has(stem) || stem === "savedsearches" || stem === "app") continue;
        for (const s of c.conf(`default/${stem}.conf`)!.stanzas) {
          if (["default", "general", "global", "stash"].includes(s.name)) m.push({ file: `${c.top}/default/${stem}.conf`, line: s.line, message: `[${s.name}] stanza in a Splunk-defined conf.` });
        }
      }
      return verdict(m);
    },
  },
  {
    name: "check_lookup_csv_is_valid",
    title: "Lookup CSV files are UTF-8 with a header of 2+ columns (at most 4,096 characters), even rows and no bare CR.",
    run: (c, m) => {
      let any = false;
      for (const [p, e] of c.files) {
        if (!/^lookups\/.*\.csv$/i.test(p) || e.type !== "file") continue;
        any = true;
        const why = csvProblem(e.contents ?? Buffer.alloc(0));
        if (why) m.push({ file: `${c.top}/${p}`, message: `Invalid lookup CSV: ${why}.` });
      }
      return any ? verdict(m) : "not_applicable";
    },
  },
  {
    name: "check_collections_conf_for_specified_name_field_type",
    title: "collections.conf field types are number, bool, string or time.",
    run: (c, m) => {
      const conf = c.conf("default/collections.conf");
      if (!conf) return "not_applicable";
      for (const s of conf.stanzas)
        for (const [k, v] of s.keys) if (k.startsWith("field.") && !["number", "bool", "string", "time", "cidr"].includes(v)) m.push({ file: `${c.top}/default/collections.conf`, line: s.line, message: `[${s.name}] ${k} = ${v} is not a valid type.` });
      return verdict(m);
    },
  },
  {
    name: "check_for_sched_saved_searches_earliest_time",
    title: "Scheduled searches set dispatch.earliest_time (searches starting with '|' are exempt).",
    run: (c, m) => savedSearchCheck(c, m, (s) => !s.keys.has("dispatch.earliest_time") && !(s.keys.get("search") ?? "").trim().startsWith("|"), "dispatch.earliest_time"),
  },
  {
    name: "check_for_sched_saved_searches_latest_time",
    title: "Scheduled searches set dispatch.latest_time.",
    run: (c, m) => savedSearchCheck(c, m, (s) => !s.keys.has("dispatch.latest_time"), "dispatch.latest_time"),
  },
  {
    name: "check_for_real_time_saved_searches_for_cloud",
    title: "No enabled real-time scheduled search.",
    run: (c, m) =>
      savedSearchCheck(c, m, (s) => /^rt/.test(s.keys.get("dispatch.earliest_time") ?? "") && !/^(1|true)$/i.test(s.keys.get("disabled") ?? "0"), "a non-real-time window (enabled real-time search)"),
  },
  {
    name: "check_for_gratuitous_cron_scheduling",
    title: "Cron schedules are valid and run at most 12 times an hour.",
    run: (c, m) => {
      const conf = c.conf("default/savedsearches.conf");
      if (!conf) return "not_applicable";
      let status: CheckStatus = "success";
      for (const s of conf.stanzas) {
        const cron = s.keys.get("cron_schedule");
        if (cron === undefined) continue;
        const runs = cronRunsPerHour(cron);
        if (runs === undefined) {
          m.push({ file: `${c.top}/default/savedsearches.conf`, line: s.line, message: `[${s.name}] cron_schedule '${cron}' is not a valid cron expression.` });
          status = "failure";
        } else if (runs > 12) {
          m.push({ file: `${c.top}/default/savedsearches.conf`, line: s.line, message: `[${s.name}] runs ${runs} times an hour.` });
          if (status === "success") status = "warning";
        }
      }
      return status;
    },
  },
  {
    name: "check_for_emails_in_saved_search",
    title: "No saved search sends e-mail to a fixed address.",
    run: (c, m) => {
      for (const s of c.conf("default/savedsearches.conf")?.stanzas ?? []) if (s.keys.get("action.email.to")) m.push({ file: `${c.top}/default/savedsearches.conf`, line: s.line, message: `[${s.name}] sets action.email.to.` });
      return verdict(m, "warning");
    },
  },
  {
    name: "check_that_all_xml_files_are_well_formed",
    title: "XML files (nav, views) have balanced tags.",
    run: (c, m) => {
      for (const p of c.files.keys()) {
        if (!p.endsWith(".xml")) continue;
        const why = xmlProblem(c.text(p) ?? "");
        if (why) m.push({ file: `${c.top}/${p}`, message: why });
      }
      return verdict(m);
    },
  },
];

function savedSearchCheck(c: InspectContext, m: CheckMessage[], bad: (s: ConfStanza) => boolean, what: string): CheckStatus {
  const conf = c.conf("default/savedsearches.conf");
  if (!conf) return "not_applicable";
  for (const s of conf.stanzas) {
    if (s.name === "default" || !/^(1|true)$/i.test(s.keys.get("enableSched") ?? "0")) continue;
    if (bad(s)) m.push({ file: `${c.top}/default/savedsearches.conf`, line: s.line, message: `[${s.name}] is scheduled without ${what}.` });
  }
  return verdict(m);
}

/** A small well-formedness check: tags balance, no stray '<'. Enough for nav and Simple XML files. */
export function xmlProblem(text: string): string | undefined {
  const body = text.replace(/<!--[\s\S]*?-->/g, "").replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, "").replace(/<\?[\s\S]*?\?>/g, "").replace(/<!DOCTYPE[^>]*>/gi, "");
  const stack: string[] = [];
  const re = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<|&(?![A-Za-z]+;|#\d+;|#x[0-9A-Fa-f]+;)/g;
  for (const mt of body.matchAll(re)) {
    if (mt[0] === "<") return "A '<' does not start a valid tag.";
    if (mt[0] === "&") return "A bare '&' is not an entity.";
    const [, close, name, , self] = mt;
    if (self) continue;
    if (close) {
      const top = stack.pop();
      if (top !== name) return `Closing tag </${name}> does not match <${top ?? "nothing"}>.`;
    } else stack.push(name!);
  }
  if (stack.length) return `Tag <${stack[stack.length - 1]}> is not closed.`;
  return undefined;
}

export function runChecks(source: AppSource): CheckResult[] {
  const c = new InspectContext(source);
  return CHECKS.map((chk) => {
    const messages: CheckMessage[] = [];
    let status: CheckStatus;
    if (source.readError && chk.name !== "check_that_splunk_app_package_valid_compressed_file" && chk.name !== "check_package_compression") status = "not_applicable";
    else status = chk.run(c, messages);
    return { name: chk.name, title: chk.title, status, messages };
  });
}
