/**
 * Content YAML text for imported objects (detections, macros, stories) in the escu-2024 style, and atomic file
 * writes (temp file in the same folder, then rename) so that a failed import never leaves a partial file.
 */
import { mkdir, readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Document, isScalar, parse } from "yaml";

/** YAML text of a content object. Dates are single-quoted, as in security_content, so YAML 1.1 readers keep strings. */
export function contentYaml(obj: object): string {
  const doc = new Document(obj);
  const date = doc.get("date", true);
  if (isScalar(date)) date.type = "QUOTE_SINGLE";
  return doc.toString({ lineWidth: 0, indentSeq: false });
}

/** Write a file atomically: write `<path>.<pid>.tmp`, then rename over `path`. */
export async function writeAtomic(path: string, contents: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, contents, "utf8");
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
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
