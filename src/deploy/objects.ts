// The kinds of knowledge objects `deploy --mode objects` manages, and how the desired set is read from the
// rendered app's files (default/*.conf stanzas and lookups/*). Pure: no I/O.
import { parseConf } from "../conf/parse.js";
import type { OutputFile } from "../render/output.js";

export type ObjectKind = "collection" | "lookupfile" | "transform" | "macro" | "savedsearch" | "story";

export interface KindInfo {
  kind: ObjectKind;
  /** Human label used in progress lines. */
  label: string;
  /** Endpoint below /servicesNS/nobody/<app>/. */
  endpoint: string;
  /** The conf file of the rendered app the objects come from (absent for lookup files). */
  conf?: string;
}

/**
 * Creation order: collections before the lookup definitions that name them, lookup files before their
 * definitions, macros before the searches that call them. Deletion runs in reverse.
 * Every conf-backed kind uses the generic configs/conf-<file> handler (accepts any key, including ES and ESCU
 * keys the saved/searches handler rejects without ES); KV store collections use storage/collections/config.
 */
export const KINDS: readonly KindInfo[] = [
  { kind: "collection", label: "KV store collection", endpoint: "storage/collections/config", conf: "collections.conf" },
  { kind: "lookupfile", label: "lookup file", endpoint: "data/lookup-table-files" },
  { kind: "transform", label: "lookup definition", endpoint: "configs/conf-transforms", conf: "transforms.conf" },
  { kind: "macro", label: "macro", endpoint: "configs/conf-macros", conf: "macros.conf" },
  { kind: "savedsearch", label: "saved search", endpoint: "configs/conf-savedsearches", conf: "savedsearches.conf" },
  { kind: "story", label: "analytic story entry", endpoint: "configs/conf-analyticstories", conf: "analyticstories.conf" },
];

export const kindInfo = (k: ObjectKind): KindInfo => KINDS.find((i) => i.kind === k)!;

export interface DesiredObject {
  kind: ObjectKind;
  name: string;
  /** Settings to enforce (conf keys); empty for lookup files. */
  keys: Map<string, string>;
  /** For lookup files: the file's bytes (used for a size/compare note only). */
  data?: Buffer;
}

export interface DesiredProblem {
  file: string;
  line?: number;
  message: string;
}

/** Strip a leading "<appid>/" so both app-relative and out-dir-relative paths work. */
function appRelative(path: string, appid: string): string {
  const p = path.replace(/\\/g, "/").replace(/^\.\//, "");
  return p.startsWith(appid + "/") ? p.slice(appid.length + 1) : p;
}

/**
 * Names the REST API cannot address reliably (splunk-platform.md §4.4): '/' is refused except in
 * analyticstories.conf, whose stanzas are all `analytic_story://…` / `savedsearch://…` and are sent encoded (%2F).
 */
const badName = (kind: ObjectKind, name: string): string | undefined =>
  name.includes("/") && kind !== "story"
    ? "contains '/', which the REST API cannot address"
    : name === "." || name === ".."
      ? "is a dot segment, which a URL resolves to another endpoint"
      : name.trim() !== name
      ? "has leading or trailing spaces"
      : undefined;

/** The objects the rendered app defines, in creation order, plus problems (unparsable conf, bad names). */
export function desiredObjects(files: readonly OutputFile[], appid: string): { objects: DesiredObject[]; problems: DesiredProblem[] } {
  const objects: DesiredObject[] = [];
  const problems: DesiredProblem[] = [];
  const byPath = new Map(files.map((f) => [appRelative(f.path, appid), f]));
  for (const info of KINDS) {
    if (info.kind === "lookupfile") {
      for (const [path, f] of [...byPath].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const m = /^lookups\/([^/]+)$/.exec(path);
        if (!m) continue;
        const data = Buffer.isBuffer(f.contents) ? f.contents : Buffer.from(f.contents, "utf8");
        objects.push({ kind: "lookupfile", name: m[1]!, keys: new Map(), data });
      }
      continue;
    }
    const file = byPath.get(`default/${info.conf}`);
    if (!file) continue;
    const text = Buffer.isBuffer(file.contents) ? file.contents.toString("utf8") : file.contents;
    const parsed = parseConf(text);
    for (const p of parsed.problems) problems.push({ file: `default/${info.conf}`, line: p.line, message: p.message });
    for (const st of parsed.stanzas) {
      if (st.name === "default") continue; // [default] is shared by every stanza of the file: never managed
      const why = badName(info.kind, st.name);
      if (why) {
        problems.push({ file: `default/${info.conf}`, line: st.line, message: `Stanza [${st.name}] ${why}.` });
        continue;
      }
      objects.push({ kind: info.kind, name: st.name, keys: new Map(st.keys) });
    }
  }
  return { objects, problems };
}
