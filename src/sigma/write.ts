/**
 * Content YAML text for imported objects (detections, macros, stories) in the escu-2024 style, and atomic file
 * writes of the whole batch (staged beside the output root, then moved into place) so that a failed import never
 * leaves a partial batch.
 */
import { readdir, readFile } from "node:fs/promises";
import { isAbsolute, join, relative } from "node:path";
import { Document, isScalar, parse } from "yaml";
import { writeBatch } from "../fs/batch.js";

/** YAML text of a content object. Dates are single-quoted, as in security_content, so YAML 1.1 readers keep strings. */
export function contentYaml(obj: object): string {
  const doc = new Document(obj);
  const date = doc.get("date", true);
  if (isScalar(date)) date.type = "QUOTE_SINGLE";
  return doc.toString({ lineWidth: 0, indentSeq: false });
}

/**
 * Write an import's files (absolute paths under `root`) as one batch: staged in a folder beside `root`, then moved
 * into place, so a failure (or an empty batch) leaves `root` as it was. Throws the file-system error.
 */
export async function writeImport(root: string, outputs: ReadonlyMap<string, string>): Promise<void> {
  const files = [...outputs].map(([path, contents]) => {
    const rel = relative(root, path);
    if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) throw new Error(`import output '${path}' is outside '${root}'`);
    return { path: rel, contents };
  });
  await writeBatch(root, files.sort((a, b) => (a.path < b.path ? -1 : 1)));
}

/** Names of the objects already defined in a content folder (e.g. root/macros), read from their `name:` keys. */
export async function namesIn(dir: string): Promise<Set<string>> {
  const names = new Set<string>();
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return names;
  }
  for (const e of entries.filter((n) => /\.ya?ml$/i.test(n))) {
    try {
      const data = parse(await readFile(join(dir, e), "utf8")) as { name?: unknown } | null;
      if (data && typeof data.name === "string") names.add(data.name);
    } catch {
      // A broken file is the validator's business; it just does not define anything here.
    }
  }
  return names;
}
