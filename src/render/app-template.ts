// The content root's app template folder (`app-template/`, or contentctl's `app_template/`): every file is copied
// into the app, except what may not ship in one (dotfiles, local/, metadata/local.meta, compiled Python).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Project } from "../model/project.js";

export interface TemplateFile {
  /** Path relative to the template folder (= relative to the app folder), forward slashes. */
  path: string;
  contents: Buffer;
  /** Why it must not ship, when it is left out. */
  skip?: string;
}

export function templateFolder(project: Project): { dir: string; name: string } | undefined {
  const raw = project.config.raw as Record<string, unknown>;
  const named = typeof raw.app_template === "string" ? [raw.app_template] : [];
  for (const name of [...named, "app-template", "app_template"]) {
    const dir = join(project.root, name);
    if (existsSync(dir) && statSync(dir).isDirectory()) return { dir, name };
  }
  return undefined;
}

function skipReason(path: string): string | undefined {
  const parts = path.split("/");
  if (parts.some((p) => p.startsWith("."))) return "hidden files may not ship in an app";
  if (parts.includes("__MACOSX")) return "__MACOSX folders may not ship in an app";
  if (parts[0] === "local") return "an app ships default/ only; local/ is the administrator's";
  if (parts[0] === "users") return "users/ may not ship in an app";
  if (path === "metadata/local.meta") return "metadata/local.meta is written by Splunk at run time";
  if (/\.py[co]$/.test(path)) return "compiled Python may not ship in an app";
  return undefined;
}

export function readTemplateFiles(dir: string): TemplateFile[] {
  const out: TemplateFile[] = [];
  const walk = (abs: string, rel: string) => {
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      const a = join(abs, e.name);
      if (e.isDirectory()) {
        const why = skipReason(r + "/x");
        if (why && (e.name.startsWith(".") || r === "local" || r === "users" || e.name === "__MACOSX")) {
          out.push({ path: r + "/", contents: Buffer.alloc(0), skip: why });
          continue;
        }
        walk(a, r);
      } else if (e.isFile()) {
        const why = skipReason(r);
        out.push(why ? { path: r, contents: Buffer.alloc(0), skip: why } : { path: r, contents: readFileSync(a) });
      } else {
        out.push({ path: r, contents: Buffer.alloc(0), skip: "only regular files are copied (no symlinks or devices)" });
      }
    }
  };
  walk(dir, "");
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
