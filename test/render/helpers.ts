// Shared helpers for render tests: load a content tree, render it, parse every conf back.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseConf, type ConfStanza } from "../../src/conf/parse.js";
import { load } from "../../src/load/index.js";
import type { Project } from "../../src/model/project.js";
import type { OutputFile } from "../../src/render/output.js";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const FIXTURE = join(REPO, "test", "render", "fixtures", "basic");
export const SHARED = join(REPO, "..", "shared");
export const CORPUS = join(SHARED, "corpus", "escu-2024");
export const HAVE_CORPUS = existsSync(CORPUS);

export async function loadProject(root: string): Promise<Project> {
  return (await load(root)).project;
}

export function confOf(files: OutputFile[], path: string): { stanzas: ConfStanza[]; byName: Map<string, ConfStanza> } {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`${path} was not rendered`);
  const parsed = parseConf(f.contents.toString());
  if (parsed.problems.length) throw new Error(`${path} does not parse cleanly: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
  return { stanzas: parsed.stanzas, byName: new Map(parsed.stanzas.map((s) => [s.name, s])) };
}
