// load: walk a content root, parse every YAML file keeping source positions, and return typed objects.
// Reads files only; never validates semantics (validate/ and link/ do) and never prints.
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import type { Diagnostic, Span } from "../diag/diagnostic.js";
import { KIND_FOLDERS, KINDS, type Kind } from "../model/kinds.js";
import type { ContentObject, Origin, Project } from "../model/project.js";
import { loadConfig } from "./config.js";

export interface LoadResult {
  project: Project;
  diagnostics: Diagnostic[];
}

const toPosix = (p: string) => p.split(sep).join("/");

async function walk(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else if (e.isFile()) out.push(full);
  }
  return out.sort();
}

function makeOrigin(file: string, path: string, doc: Document, lines: LineCounter): Origin {
  return {
    file,
    path,
    locate(pointer: string): Span | undefined {
      const keys = pointer === "" ? [] : pointer.split("/").slice(1).map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"));
      for (let n = keys.length; n >= 0; n--) {
        const path = keys.slice(0, n).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
        const node = n === 0 ? doc.contents : doc.getIn(path, true);
        if (isNode(node) && node.range) {
          const s = lines.linePos(node.range[0]);
          const e = lines.linePos(node.range[1]);
          return { line: s.line, col: s.col, endLine: e.line, endCol: e.col };
        }
      }
      return undefined;
    },
  };
}

/** Load every content file under `root`. Problems become diagnostics; only bugs throw. */
export async function load(root: string): Promise<LoadResult> {
  const diagnostics: Diagnostic[] = [];
  const { config, diagnostics: cfgDiags } = await loadConfig(root);
  diagnostics.push(...cfgDiags);
  const project: Project = {
    root,
    config,
    detections: [],
    macros: [],
    lookups: [],
    stories: [],
    baselines: [],
    investigations: [],
    playbooks: [],
    dataSources: [],
    deployments: [],
    lookupFiles: new Map(),
  };
  const buckets: Record<Kind, ContentObject<any>[]> = {
    detection: project.detections,
    macro: project.macros,
    lookup: project.lookups,
    story: project.stories,
    baseline: project.baselines,
    investigation: project.investigations,
    playbook: project.playbooks,
    data_source: project.dataSources,
    deployment: project.deployments,
  };
  for (const kind of KINDS) {
    const folder = join(root, config.paths[kind] ?? KIND_FOLDERS[kind]);
    for (const path of await walk(folder)) {
      const file = toPosix(relative(root, path));
      if (!/\.ya?ml$/i.test(path)) {
        if (kind === "lookup") project.lookupFiles.set(path.split(sep).pop()!, { file, path });
        continue;
      }
      const text = await readFile(path, "utf8");
      const lines = new LineCounter();
      const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
      for (const err of doc.errors) {
        const p = lines.linePos(err.pos[0]);
        diagnostics.push({
          code: "SC1001",
          severity: "error",
          message: `YAML syntax error: ${err.message.split("\n")[0]}`,
          file,
          span: { line: p.line, col: p.col, endLine: p.line, endCol: p.col },
        });
      }
      if (doc.errors.length) continue;
      const data = doc.toJS();
      const group = toPosix(relative(folder, path)).split("/").slice(0, -1).join("/");
      buckets[kind].push({ kind, data, origin: makeOrigin(file, path, doc, lines), group });
    }
  }
  return { project, diagnostics };
}
