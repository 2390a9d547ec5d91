// What deploy sends: the app's files and identity, from a built app folder, a packaged .spl/.tgz, or by
// rendering (and for --mode app / --cloud, building) the content project. Reads only; never writes content.
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, relative, sep } from "node:path";
import { checkContent } from "../check.js";
import { parseConf } from "../conf/parse.js";
import { blocksBuild } from "../diag/codes.js";
import { hasErrors, type Diagnostic } from "../diag/diagnostic.js";
import { formatDiagnostic } from "../diag/format.js";
import { KIND_FOLDERS } from "../model/kinds.js";
import { APP_ID_RE, renderApp } from "../render/index.js";
import { ARCHIVE_LIMITS, ArchiveLimitError, ArchiveReadError, readTarFile, type ArchiveLimits, type TarEntry } from "../package/untar.js";
import type { OutputFile } from "../render/output.js";

export interface AppSource {
  appid: string;
  version: string;
  files: OutputFile[];
  /** The packaged app on this machine (present for a .spl source or after a build). */
  packagePath?: string;
  /** Removes what reading the source created (the temporary build of a content project); call when done. */
  cleanup?: () => Promise<void>;
}

/** [launcher] version, else [id] version, from default/app.conf. */
export function appVersion(files: readonly OutputFile[]): string {
  const f = files.find((x) => x.path === "default/app.conf");
  if (!f) return "";
  const { stanzas } = parseConf(Buffer.isBuffer(f.contents) ? f.contents.toString("utf8") : f.contents);
  return stanzas.find((s) => s.name === "launcher")?.keys.get("version") ?? stanzas.find((s) => s.name === "id")?.keys.get("version") ?? "";
}

async function walk(dir: string, root: string, out: OutputFile[]): Promise<void> {
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, root, out);
    else if (e.isFile()) out.push({ path: relative(root, p).split(sep).join("/"), contents: await readFile(p) });
  }
}

/** Read a built app folder (the folder named after the app id). */
export async function readAppFolder(dir: string): Promise<AppSource> {
  const files: OutputFile[] = [];
  await walk(dir, dir, files);
  return { appid: checkAppId(basename(dir), dir), version: appVersion(files), files };
}

/** Why an archive entry name may not be deployed (it would land outside the app folder), or undefined. */
function unsafeEntryName(name: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return "it holds control characters";
  if (name.includes("\\")) return "it holds a backslash";
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) return "it is absolute";
  if (name.split("/").some((p) => p === "..")) return "it has a '..' segment";
  return undefined;
}

/** The app id a package or folder names: it becomes a REST path segment and an AppInspect file name. */
function checkAppId(appid: string, where: string): string {
  if (!APP_ID_RE.test(appid)) throw new Error(`${where}: '${appid.slice(0, 80)}' is not a valid app id (letters, digits, '.', '_', '-', starting with a letter)`);
  return appid;
}

/**
 * Read a .spl / .tgz: one top-level folder (the app id). Archive paths are validated (no absolute or '..' paths,
 * no links, devices or other special entries) and the archive is read within ARCHIVE_LIMITS (no gzip bombs).
 */
export async function readPackage(file: string, limits: ArchiveLimits = ARCHIVE_LIMITS): Promise<AppSource> {
  let entries: TarEntry[];
  try {
    entries = (await readTarFile(file, limits)).entries;
  } catch (e) {
    if (e instanceof ArchiveLimitError || e instanceof ArchiveReadError) throw new Error(`${file}: ${e.message}`);
    throw e;
  }
  const files: OutputFile[] = [];
  const tops = new Set<string>();
  for (const { header, contents } of entries) {
    const name = header.name.replace(/^\.\//, "");
    const why = unsafeEntryName(name);
    if (why) throw new Error(`${file}: unsafe path in archive: '${name.slice(0, 200)}' (${why}); nothing was deployed`);
    const t = header.type;
    if (t !== "file" && t !== "contiguous-file" && t !== "directory") {
      const what = t === "symlink" || t === "link" ? `a ${t === "link" ? "hard" : "symbolic"} link to '${header.linkname ?? ""}'` : `a ${t ?? "special"} entry`;
      throw new Error(`${file}: '${name}' is ${what}; an app package may hold regular files and folders only; nothing was deployed`);
    }
    const parts = name.split("/").filter((p) => p !== "" && p !== ".");
    if (parts.length > 0) tops.add(parts[0]!);
    if (t !== "directory" && parts.length > 1) files.push({ path: parts.slice(1).join("/"), contents: contents ?? Buffer.alloc(0) });
  }
  if (tops.size !== 1) throw new Error(`${file}: a Splunk app package has exactly one top-level folder, found ${tops.size}`);
  const appid = checkAppId([...tops][0]!, file);
  return { appid, version: appVersion(files), files, packagePath: file };
}

/** A built folder or package given with --from. */
export async function readBuilt(path: string): Promise<AppSource> {
  const s = await stat(path);
  return s.isDirectory() ? readAppFolder(path) : readPackage(path);
}

/**
 * Why `root` is not a content project, or undefined. A typo in --path must not read as "a project with no
 * content": deployed (and pruned) as such, it would plan to delete every object the app owns.
 */
export async function contentRootProblem(root: string): Promise<string | undefined> {
  const st = await stat(root).catch(() => undefined);
  if (!st) return `the content root '${root}' does not exist (check --path)`;
  if (!st.isDirectory()) return `the content root '${root}' is not a folder (check --path; --from takes a built app or .spl)`;
  const names = new Set(await readdir(root));
  if (CONFIG_FILES.some((f) => names.has(f)) || Object.values(KIND_FOLDERS).some((f) => names.has(f))) return undefined;
  return `'${root}' is not a content project: it has no secpack.yml or contentctl.yml and none of the folders ${Object.values(KIND_FOLDERS).join(", ")} (check --path)`;
}

const CONFIG_FILES = ["secpack.yml", "contentctl.yml"];

interface BuildModule {
  buildApp(opts: { root: string; out: string }): Promise<{ ok: boolean; diagnostics: Diagnostic[]; spl?: string }>;
}

// Resolved at run time so deploy (objects mode) does not load the packer.
const BUILD_MODULE = "../build.js";

/**
 * Validate and render the content project; with `needPackage`, build the .spl (with `secpack build`'s builder)
 * into a temporary folder. Returns no source (and the diagnostics as messages) when the content has errors.
 */
export async function loadContentApp(root: string, needPackage: boolean): Promise<{ source?: AppSource; messages: string[] }> {
  const missing = await contentRootProblem(root);
  if (missing) return { messages: [`secpack deploy: error SC6003: ${missing}; nothing was deployed.`] };
  const show = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity !== "info").map(formatDiagnostic);
  if (needPackage) {
    const out = await mkdtemp(join(tmpdir(), "secpack-deploy-build-"));
    const cleanup = () => rm(out, { recursive: true, force: true });
    try {
      const { buildApp } = (await import(BUILD_MODULE)) as BuildModule;
      const built = await buildApp({ root, out });
      const messages = show(built.diagnostics);
      if (!built.ok || !built.spl) {
        await cleanup();
        return { messages: [...messages, "secpack deploy: the build failed; nothing was deployed."] };
      }
      const source = await readPackage(built.spl);
      return { source: { ...source, cleanup }, messages };
    } catch (e) {
      await cleanup();
      throw e;
    }
  }
  const checked = await checkContent(root);
  const messages = show(checked.diagnostics);
  if (checked.diagnostics.some((d) => blocksBuild(d))) return { messages: [...messages, "secpack deploy: the content has errors; nothing was deployed."] };
  const rendered = renderApp(checked.project);
  messages.push(...show(rendered.diagnostics));
  if (hasErrors(rendered.diagnostics)) return { messages: [...messages, "secpack deploy: rendering failed; nothing was deployed."] };
  const appid = checked.project.config.app.appid;
  return { source: { appid, version: appVersion(rendered.files) || checked.project.config.app.version, files: rendered.files }, messages };
}
