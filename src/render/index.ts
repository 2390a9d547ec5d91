// renderApp: the whole app folder in memory (paths relative to the app folder). Build writes it and packs it;
// deploy pushes it. Deterministic: the same project and build date give the same bytes.
import { readFileSync } from "node:fs";
import type { Diagnostic } from "../diag/diagnostic.js";
import { sortDiagnostics } from "../diag/diagnostic.js";
import { parseConf, type ConfStanza } from "../conf/parse.js";
import { isSafeConfKey } from "../conf/escape.js";
import type { Project } from "../model/project.js";
import type { OutputFile } from "./output.js";
import { csvProblem } from "../inspect/csv.js";
import { readTemplateFiles, templateFolder, type TemplateFile } from "./app-template.js";
import { RENDER_CODES as C } from "./codes.js";
import { byCodePoint, newestContentDate } from "./derive.js";
import { ICON_SIZES, makeIcon, pngSize } from "./icons.js";
import { isCustomConf } from "./splunk-confs.js";
import { makeHelpers, renderTemplate } from "./templates.js";
import {
  baselineViews,
  detectionViews,
  investigationViews,
  lookupViews,
  macroViews,
  RenderContext,
  storyViews,
  type ViewOptions,
} from "./views.js";

export interface RenderOptions extends ViewOptions {
  /** The build time written to app.conf and app.manifest; default: the newest content date (else 1980-01-01). */
  buildDate?: Date;
  /** Parse every generated conf back and report any problem as an internal error (tests, `build --verify`). */
  verify?: boolean;
}

export interface RenderResult {
  files: OutputFile[];
  diagnostics: Diagnostic[];
}

/** Detections per rendered part of savedsearches.conf and analyticstories.conf. */
const CHUNK = 20;

export const DEFAULT_BUILD_DATE = new Date(Date.UTC(1980, 0, 1));

export const APP_ID_RE = /^[A-Za-z][A-Za-z0-9_.-]*$/;
export const SEMVER_RE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const WINDOWS_DEVICE = /^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])$/i;

/** Problems with the app identity that would make app.conf invalid or fail AppInspect. */
export function checkAppIdentity(project: Project): Diagnostic[] {
  const app = project.config.app;
  const file = project.config.source === "defaults" ? "secpack.yml" : project.config.source;
  const out: Diagnostic[] = [];
  const err = (message: string, hint?: string, severity: Diagnostic["severity"] = "error") =>
    out.push({ code: C.BAD_APP_IDENTITY, severity, message, file, ...(hint ? { hint } : {}) });
  if (!APP_ID_RE.test(app.appid) || /\.$|\.(tar|tgz|tar\.gz|spl)$/i.test(app.appid) || WINDOWS_DEVICE.test(app.appid)) {
    err(`App id '${app.appid}' is not valid: use letters, digits, '.', '_' and '-', starting with a letter.`);
  }
  if (!SEMVER_RE.test(app.version)) err(`App version '${app.version}' is not a semantic version (MAJOR.MINOR.PATCH).`);
  const label = app.title.trim();
  if (label.length < 5 || label.length > 80) {
    err(`App title '${label}' is ${label.length} characters; Splunk's [ui] label must have 5 to 80.`, undefined, "warning");
  }
  if (/[\r\n]/.test(app.title + app.author_name + app.description)) {
    err("App title, author and description must be single lines.", undefined, "warning");
  }
  return out;
}

/** YYYYMMDDHHMMSS (UTC), the integer app.conf's [install] build takes. */
export function buildNumber(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

type Pairs = [string, string][];
interface Merge {
  /** Template keys of stanzas we generate that we do not set ourselves. */
  more: Record<string, Pairs>;
  /** Template stanzas we do not generate. */
  extra: { name: string; keys: Pairs }[];
}

/** Merge a template conf into a generated one: generated stanzas/keys win; the template's others are kept. */
function mergeTemplateConf(
  text: string | undefined,
  generated: Record<string, { alias?: string[]; own: string[] }>,
  rewrite: (stanza: string, key: string, value: string) => string | undefined = (_s, _k, v) => v,
  badKey: (stanza: string, key: string) => void = () => {},
): Merge {
  const more: Record<string, Pairs> = {};
  for (const k of Object.keys(generated)) more[k] = [];
  const extra: Merge["extra"] = [];
  if (text === undefined) return { more, extra };
  const { stanzas } = parseConf(text);
  for (const s of stanzas as ConfStanza[]) {
    const target = Object.entries(generated).find(([name, g]) => name === s.name || g.alias?.includes(s.name));
    if (target) {
      for (const [k, v] of s.keys) {
        if (target[1].own.includes(k)) continue;
        if (!isSafeConfKey(k)) {
          badKey(s.name, k);
          continue;
        }
        const nv = rewrite(s.name, k, v);
        if (nv !== undefined) more[target[0]]!.push([k, nv]);
      }
    } else if (s.name !== "") {
      const keys: Pairs = [];
      for (const [k, v] of s.keys) {
        if (!isSafeConfKey(k)) {
          badKey(s.name, k);
          continue;
        }
        const nv = rewrite(s.name, k, v);
        if (nv !== undefined) keys.push([k, nv]);
      }
      extra.push({ name: s.name, keys });
    }
  }
  return { more, extra };
}

/** `write : [ admin ]` without sc_admin breaks on Splunk Cloud (check_kos_are_accessible): add it. */
function withScAdmin(value: string): string {
  if (/\badmin\b/.test(value) && !/\bsc_admin\b/.test(value)) return value.replace(/\badmin\b/g, "admin, sc_admin");
  return value;
}

export function appManifest(project: Project, buildDate: Date): string {
  const app = project.config.app;
  const author: Record<string, string | null>[] = [
    { name: app.author_name, email: app.author_email ?? null, company: app.author_company ?? null },
  ];
  const manifest = {
    schemaVersion: "2.0.0",
    info: {
      title: app.title,
      id: { group: null, name: app.appid, version: app.version },
      author,
      releaseDate: buildDate.toISOString().slice(0, 10),
      description: app.description,
      classification: { intendedAudience: "Security", categories: ["Security, Fraud & Compliance"], developmentStatus: "Production/Stable" },
      commonInformationModels: { "Splunk Common Information Model": ">=4.0.0" },
      license: { name: null, text: null, uri: null },
      privacyPolicy: { name: null, text: null, uri: null },
      releaseNotes: { name: null, text: null, uri: null },
    },
    dependencies: null,
    tasks: null,
    inputGroups: null,
    incompatibleApps: null,
    platformRequirements: null,
    supportedDeployments: ["_standalone", "_distributed", "_search_head_clustering"],
    targetWorkloads: ["_search_heads"],
  };
  return JSON.stringify(manifest, null, 2) + "\n";
}

export function renderApp(project: Project, opts: RenderOptions = {}): RenderResult {
  const ctx = new RenderContext(project, opts);
  const diagnostics = ctx.diagnostics;
  diagnostics.push(...checkAppIdentity(project));
  const app = project.config.app;
  const buildDate = opts.buildDate ?? newestContentDate(project) ?? DEFAULT_BUILD_DATE;
  const h = makeHelpers(app.appid, app.version);

  const files = new Map<string, OutputFile>();
  const put = (path: string, contents: string | Buffer, mode?: number) => {
    const f: OutputFile = { path, contents };
    if (mode !== undefined) f.mode = mode;
    files.set(path, f);
  };

  // 1. The app template, copied as is (generated files replace or merge with it below).
  const tpl = templateFolder(project);
  const tplFiles = new Map<string, TemplateFile>();
  if (tpl) {
    for (const f of readTemplateFiles(tpl.dir)) {
      if (f.skip) {
        diagnostics.push({ code: C.TEMPLATE_FILE_SKIPPED, severity: "warning", message: `App template file '${f.path}' is left out: ${f.skip}.`, file: `${tpl.name}/${f.path}` });
        continue;
      }
      tplFiles.set(f.path, f);
      put(f.path, f.contents, f.path.startsWith("bin/") ? 0o755 : undefined);
    }
  }
  const tplText = (p: string) => tplFiles.get(p)?.contents.toString("utf8");
  /** A template key that cannot be written back safely is an error (never a crash, never written as is). */
  const badKey = (p: string) => (stanza: string, key: string) =>
    diagnostics.push({
      code: C.BAD_KEY,
      severity: "error",
      message: `App template ${p} [${stanza}] has the key '${key.slice(0, 80)}', which cannot be written safely to a .conf file.`,
      hint: "Keys may hold letters, digits and _ . : < > - / only.",
      file: `${tpl?.name ?? "app-template"}/${p}`,
    });
  const replaced = (p: string, how: "replaced" | "merged") => {
    if (tpl && tplFiles.has(p)) {
      diagnostics.push({ code: C.TEMPLATE_FILE_REPLACED, severity: "info", message: `App template file '${p}' is ${how} with the generated one.`, file: `${tpl.name}/${p}` });
    }
  };

  // 2. Lookup data files (csv, mlmodel): a byte copy of every file beside the lookup YAML.
  for (const [name, lf] of [...project.lookupFiles].sort((a, b) => byCodePoint(a[0], b[0]))) {
    if (name.startsWith(".")) continue;
    const data = readFileSync(lf.path);
    const why = /\.csv$/i.test(name) ? csvProblem(data) : undefined;
    if (why) diagnostics.push({ code: C.LOOKUP_CSV_INVALID, severity: "warning", message: `Lookup file '${name}' would fail AppInspect's CSV check: ${why}.`, file: lf.file });
    put(`lookups/${name}`, data);
  }

  // 3. Generated confs.
  const seen = new Map<string, string>();
  const unique = <T extends { stanza: string; obj: { origin: { file: string } } }>(views: T[]): T[] =>
    views.filter((v) => {
      const prev = seen.get(v.stanza);
      if (prev === undefined) return seen.set(v.stanza, v.obj.origin.file), true;
      ctx.report(v.obj as never, "/name", C.DUPLICATE_STANZA, "error", `Stanza [${v.stanza}] would be written twice: ${prev} has the same name.`, "Names must be unique.");
      return false;
    });
  const detections = unique(detectionViews(ctx));
  const baselines = unique(baselineViews(ctx));
  const investigations = unique(investigationViews(ctx));
  if (detections.length === 0) {
    diagnostics.push({ code: C.NO_DETECTIONS, severity: "warning", message: "The content holds no detections to render: the app carries no saved searches.", file: project.config.paths.detection ?? "detections" });
  }
  const macros = macroViews(ctx, detections);
  const stories = storyViews(ctx, detections, investigations);
  const lookups = lookupViews(ctx);
  const collections = [...new Set(lookups.filter((l) => l.collection).map((l) => l.collection!))].sort(byCodePoint);
  const base = { prefix: ctx.prefix };

  // Big confs go out as UTF-8 Buffers at once: the rendered string (two bytes a character as soon as one
  // character is non-ASCII) is garbage right away instead of living through packing.
  const conf = (path: string, name: string, it: unknown) => {
    replaced(path, "replaced");
    put(path, Buffer.from(renderTemplate(name, it, h), "utf8"));
  };
  // The two big files are rendered in parts of CHUNK detections (same template, same bytes as one call).
  const chunked = (path: string, name: string, it: Record<string, unknown>) => {
    replaced(path, "replaced");
    const parts: Buffer[] = [];
    for (let i = 0; i === 0 || i < detections.length; i += CHUNK) {
      const last = i + CHUNK >= detections.length;
      const part = { ...it, head: i === 0, tail: last, detections: detections.slice(i, i + CHUNK) };
      parts.push(Buffer.from(renderTemplate(name, part, h), "utf8"));
    }
    put(path, Buffer.concat(parts));
  };
  chunked("default/savedsearches.conf", "savedsearches.conf.ejs", { ...base, baselines, investigations });
  conf("default/macros.conf", "macros.conf.ejs", { ...base, macros });
  chunked("default/analyticstories.conf", "analyticstories.conf.ejs", { ...base, stories, investigations });
  if (lookups.length) conf("default/transforms.conf", "transforms.conf.ejs", { ...base, lookups });
  if (collections.length) conf("default/collections.conf", "collections.conf.ejs", { ...base, collections });

  replaced("default/content-version.conf", "merged");
  const cv = mergeTemplateConf(tplText("default/content-version.conf"), { "content-version": { own: ["version"] } }, undefined, badKey("default/content-version.conf"));
  put("default/content-version.conf", renderTemplate("content-version.conf.ejs", { app, more: cv.more["content-version"], extra: cv.extra }, h));

  // Custom confs (for [triggers] and server.conf) = every default/*.conf of the app not defined by Splunk.
  const confStems = () =>
    [...files.keys()]
      .map((p) => /^default\/([^/]+)\.conf$/.exec(p)?.[1])
      .filter((s): s is string => s !== undefined && isCustomConf(s))
      .sort(byCodePoint);
  const custom = confStems();

  replaced("default/server.conf", "merged");
  const srv = mergeTemplateConf(tplText("default/server.conf"), { shclustering: { own: custom.map((s) => `conf_replication_include.${s}`) } }, undefined, badKey("default/server.conf"));
  put("default/server.conf", renderTemplate("server.conf.ejs", { custom, more: srv.more.shclustering, extra: srv.extra }, h));

  replaced("default/app.conf", "merged");
  const appOwn = {
    install: { own: ["is_configured", "state", "state_change_requires_restart", "build", "install_source_checksum", "install_source_local_checksum"] },
    triggers: { own: custom.map((s) => `reload.${s}`) },
    launcher: { own: ["author", "version", "description"] },
    ui: { own: ["is_visible", "label"] },
    package: { own: ["id", "check_for_updates"] },
    id: { own: ["name", "version"] },
  };
  const ac = mergeTemplateConf(tplText("default/app.conf"), appOwn, (stanza, key, value) => {
    // A reload trigger for a Splunk-defined conf fails AppInspect (check_for_trigger_stanza).
    const m = stanza === "triggers" ? /^reload\.(.+)$/.exec(key) : null;
    if (m && !isCustomConf(m[1]!)) return undefined;
    return value;
  }, badKey("default/app.conf"));
  const idExtra = ac.extra;
  put(
    "default/app.conf",
    renderTemplate(
      "app.conf.ejs",
      {
        app: { ...app, author: app.author_name },
        build: buildNumber(buildDate),
        reload: custom,
        checkForUpdates: typeof app.uid === "number" ? "true" : "false",
        more: ac.more,
        extra: idExtra,
      },
      h,
    ),
  );

  replaced("metadata/default.meta", "merged");
  const meta = mergeTemplateConf(
    tplText("metadata/default.meta"),
    { global: { alias: ["", "default"], own: ["access", "export"] }, savedsearches: { own: ["owner"] } },
    (_s, k, v) => (k === "access" ? withScAdmin(v) : v),
    badKey("metadata/default.meta"),
  );
  put("metadata/default.meta", renderTemplate("default.meta.ejs", { more: meta.more, extra: meta.extra }, h));

  replaced("app.manifest", "replaced");
  put("app.manifest", appManifest(project, buildDate));

  // 4. Icons at the right sizes; a README when the template has none.
  for (const [path, size] of Object.entries(ICON_SIZES)) {
    const have = files.get(path);
    const dim = have && Buffer.isBuffer(have.contents) ? pngSize(have.contents) : undefined;
    if (have && dim && dim.width === size && dim.height === size) continue;
    if (have) {
      diagnostics.push({
        code: C.ICON_REPLACED,
        severity: "info",
        message: `App template icon '${path}' is ${dim ? `${dim.width}x${dim.height}` : "not a PNG"}; Splunk expects ${size}x${size}, so a generated icon is used.`,
        file: `${tpl?.name ?? "app-template"}/${path}`,
      });
    }
    put(path, makeIcon(size, app.appid, path.includes("Alt")));
  }
  if (![...files.keys()].some((p) => /^README(\.md|\.txt)?$/i.test(p))) {
    put("README.md", `# ${app.title}\n\n${app.description}\n\nVersion ${app.version}. Built by secpack.\n`);
  }

  // 5. Self-check: every generated conf parses back with no duplicate stanza or key.
  for (const f of opts.verify ? files.values() : []) {
    if (!/\.(conf|meta)$/.test(f.path)) continue;
    for (const p of parseConf(f.contents.toString("utf8")).problems) {
      diagnostics.push({ code: "SC4099", severity: "error", message: `Internal: generated ${f.path} line ${p.line}: ${p.message}`, file: f.path });
    }
  }

  const out = [...files.values()].sort((a, b) => byCodePoint(a.path, b.path));
  return { files: out, diagnostics: sortDiagnostics(diagnostics) };
}
