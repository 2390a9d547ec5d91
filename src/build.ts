// buildApp: validate, render, pack. Writes OUT/<appid>/, OUT/<appid>-<version>.spl and OUT/ssa/. Everything is
// written to a temporary folder beside OUT first and renamed into place at the end, so a failing build leaves
// the previous output untouched and never a partial .spl.
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { checkContent } from "./check.js";
import { blocksBuild } from "./diag/codes.js";
import { hasErrors, sortDiagnostics, type Diagnostic } from "./diag/diagnostic.js";
import type { Project } from "./model/project.js";
import { ArchivePathError, archivePathProblem, packSpl } from "./package/pack.js";
import { PACKAGE_CODES } from "./package/codes.js";
import { newestContentDate } from "./render/derive.js";
import { DEFAULT_BUILD_DATE, renderApp } from "./render/index.js";
import type { OutputFile } from "./render/output.js";
import { describeFsError, isFsError } from "./fs/errors.js";
import { renderSsaOutputs } from "./ssa/render.js";

export interface BuildOptions {
  /** Content root (holds secpack.yml or contentctl.yml). */
  root: string;
  /** Output folder (created when missing). */
  out: string;
  /** Seconds since the epoch for every timestamp of the build (the SOURCE_DATE_EPOCH convention). */
  sourceDateEpoch?: number;
  /** Detection statuses to leave out (e.g. ["experimental"]). */
  excludeStatuses?: string[];
  /** Parse every generated conf back before packing (an internal consistency check). */
  verify?: boolean;
  /** Per-code severity overrides on top of the project's `severities:` ("off" drops the code). */
  severities?: Record<string, "error" | "warning" | "info" | "off">;
  /** Fail on every validation error, also on the metadata errors that do not block a build (NON_BLOCKING_ERRORS). */
  strict?: boolean;
}


export interface BuildTimings {
  loadMs: number;
  renderMs: number;
  packMs: number;
  writeMs: number;
}

export interface BuildResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  project?: Project;
  /** Absolute paths of what was written. */
  appDir?: string;
  spl?: string;
  ssaDir?: string;
  sha256?: string;
  fileCount?: number;
  buildDate?: Date;
  timings: BuildTimings;
}

/** The build time: SOURCE_DATE_EPOCH when given, else the newest content date, else 1980-01-01. */
export function resolveBuildDate(project: Project, sourceDateEpoch?: number): Date {
  if (sourceDateEpoch !== undefined) return new Date(Math.floor(sourceDateEpoch) * 1000);
  return newestContentDate(project) ?? DEFAULT_BUILD_DATE;
}

/** A file-system failure in one line for the user (no stack, no raw errno text). */
const reason = (e: unknown): string => (isFsError(e) ? describeFsError(e) : (e as Error).message);

async function writeTree(dir: string, files: readonly OutputFile[]): Promise<void> {
  const dirs = new Set(files.map((f) => dirname(join(dir, f.path))));
  await mkdir(dir, { recursive: true });
  for (const d of [...dirs].sort()) await mkdir(d, { recursive: true });
  await Promise.all(
    files.map((f) => writeFile(join(dir, f.path), f.contents, { mode: f.path.startsWith("bin/") && (f.mode ?? 0) & 0o111 ? 0o755 : 0o644 })),
  );
}

/** Render and pack without touching the disk (also used by deploy and by tests). */
export async function renderAndPack(project: Project, opts: { buildDate: Date; excludeStatuses?: string[]; verify?: boolean }) {
  const t0 = performance.now();
  const rendered = renderApp(project, { buildDate: opts.buildDate, excludeStatuses: opts.excludeStatuses ?? [], verify: opts.verify ?? false });
  const t1 = performance.now();
  let spl: Buffer | undefined;
  const diagnostics = [...rendered.diagnostics];
  if (!hasErrors(diagnostics)) {
    try {
      spl = await packSpl(project.config.app.appid, rendered.files, { mtime: opts.buildDate });
    } catch (err) {
      if (!(err instanceof ArchivePathError)) throw err;
      diagnostics.push({ code: PACKAGE_CODES.BAD_ARCHIVE_PATH, severity: "error", message: err.message, file: err.path });
    }
  }
  return { files: rendered.files, diagnostics, spl, renderMs: t1 - t0, packMs: performance.now() - t1 };
}

export async function buildApp(opts: BuildOptions): Promise<BuildResult> {
  const timings: BuildTimings = { loadMs: 0, renderMs: 0, packMs: 0, writeMs: 0 };
  const root = resolve(opts.root);
  const out = resolve(opts.out);
  const kind = await stat(root).then((s) => (s.isDirectory() ? "dir" : "other"), () => "missing");
  if (kind !== "dir") {
    const message = kind === "missing" ? `Content root '${root}' does not exist.` : `Content root '${root}' is not a folder.`;
    return { ok: false, diagnostics: [{ code: PACKAGE_CODES.NO_CONTENT_ROOT, severity: "error", message, file: root }], timings };
  }
  let t = performance.now();
  const { project, diagnostics: checkDiags } = await checkContent(root);
  timings.loadMs = performance.now() - t;
  const overrides: Record<string, "error" | "warning" | "info" | "off"> = { ...(opts.severities ?? {}) };
  const blocking = (ds: Diagnostic[]) => ds.some((d) => blocksBuild(d, opts.strict ?? false));
  const diagnostics: Diagnostic[] = checkDiags.flatMap((d) => {
    const o = overrides[d.code];
    return o === undefined ? [d] : o === "off" ? [] : [{ ...d, severity: o }];
  });
  if (blocking(diagnostics)) return { ok: false, diagnostics, project, timings };

  const buildDate = resolveBuildDate(project, opts.sourceDateEpoch);
  const packed = await renderAndPack(project, { buildDate, excludeStatuses: opts.excludeStatuses ?? [], verify: opts.verify ?? false });
  timings.renderMs = packed.renderMs;
  timings.packMs = packed.packMs;
  diagnostics.push(...packed.diagnostics);
  const ssaFiles = renderSsaOutputs(project);
  for (const f of ssaFiles) {
    const why = archivePathProblem(f.path);
    if (why) diagnostics.push({ code: PACKAGE_CODES.BAD_ARCHIVE_PATH, severity: "error", message: `SSA output '${f.path}' cannot be written: ${why}.`, file: f.path });
  }
  if (blocking(diagnostics) || !packed.spl) return { ok: false, diagnostics: sortDiagnostics(diagnostics), project, timings };

  const { appid, version } = project.config.app;
  const splName = `${appid}-${version}.spl`;
  t = performance.now();
  const parent = dirname(out);
  let tmp: string;
  try {
    await mkdir(parent, { recursive: true });
    tmp = await mkdtemp(join(parent, ".secpack-build-"));
  } catch (e) {
    diagnostics.push({ code: PACKAGE_CODES.WRITE_FAILED, severity: "error", message: `Could not create the build output beside '${out}': ${reason(e)}`, file: out });
    return { ok: false, diagnostics: sortDiagnostics(diagnostics), project, timings };
  }
  try {
    await writeTree(join(tmp, appid), packed.files);
    await writeFile(join(tmp, splName), packed.spl, { mode: 0o644 });
    await writeTree(join(tmp, "ssa"), ssaFiles);
    // Swap each output into place; the old one is moved aside first and removed only after the swap.
    await mkdir(out, { recursive: true });
    const old = join(tmp, ".old");
    await mkdir(old);
    for (const name of [appid, splName, "ssa"]) {
      const target = join(out, name);
      const aside = join(old, name);
      const moved = await rename(target, aside).then(
        () => true,
        (e: NodeJS.ErrnoException) => {
          if (e.code === "ENOENT") return false;
          throw e;
        },
      );
      try {
        await rename(join(tmp, name), target);
      } catch (e) {
        if (moved) await rename(aside, target).catch(() => undefined);
        throw e;
      }
    }
  } catch (e) {
    diagnostics.push({ code: PACKAGE_CODES.WRITE_FAILED, severity: "error", message: `Could not write the build output: ${reason(e)}`, file: out });
    return { ok: false, diagnostics: sortDiagnostics(diagnostics), project, timings };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  timings.writeMs = performance.now() - t;
  return {
    ok: true,
    diagnostics: sortDiagnostics(diagnostics),
    project,
    appDir: join(out, appid),
    spl: join(out, splName),
    ssaDir: join(out, "ssa"),
    sha256: createHash("sha256").update(packed.spl).digest("hex"),
    fileCount: packed.files.length,
    buildDate,
    timings,
  };
}
