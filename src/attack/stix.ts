// Turn a MITRE ATT&CK STIX 2.0/2.1 bundle (enterprise-attack.json, optionally gzipped) into the compact
// pinned table: tactics in matrix order, techniques with names, tactics, parent, revoked/deprecated flags.
// Pure: takes bytes, returns a table or throws StixError; never reads files or the network.
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import type { AttackTable, AttackTactic, AttackTechnique } from "./table.js";

export class StixError extends Error {}

interface StixObject {
  type: string;
  id: string;
  name?: string;
  revoked?: boolean;
  x_mitre_deprecated?: boolean;
  x_mitre_shortname?: string;
  x_mitre_version?: string;
  tactic_refs?: string[];
  kill_chain_phases?: { kill_chain_name: string; phase_name: string }[];
  external_references?: { source_name?: string; external_id?: string }[];
}

/** Decode bytes that may be gzip-compressed JSON. */
export function decodeBundle(bytes: Uint8Array): unknown {
  let buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf);
    } catch (err) {
      throw new StixError(`gzip data is corrupt: ${(err as Error).message}`);
    }
  }
  try {
    return JSON.parse(buf.toString("utf8"));
  } catch (err) {
    throw new StixError(`not valid JSON: ${(err as Error).message}`);
  }
}

/** The ATT&CK id of a STIX object: its first external reference id (what the ATT&CK site uses). */
const attackId = (o: StixObject): string | undefined => {
  const ref = o.external_references?.find((r) => r.source_name === "mitre-attack") ?? o.external_references?.[0];
  return ref?.external_id;
};

/** Guess the ATT&CK release: the collection object's version (STIX 2.1 bundles), else a "v10.1" in the name. */
function releaseOf(objects: StixObject[], sourceName: string): string {
  const collection = objects.find((o) => o.type === "x-mitre-collection");
  if (collection?.x_mitre_version) return collection.x_mitre_version;
  const m = /v(\d+(?:\.\d+)*)/i.exec(sourceName.split("?")[0].split(/[\\/]/).pop() ?? "");
  return m ? m[1] : "unknown";
}

/** Prefer a current object over a revoked or deprecated one when two share an ATT&CK id. */
const rank = (t: AttackTechnique) => (t.revoked ? 2 : 0) + (t.deprecated ? 1 : 0);

/** Build the pinned table from a decoded bundle. `sourceName` (file name or URL) is recorded. */
export function tableFromBundle(bundle: unknown, bytes: Uint8Array, sourceName: string, version?: string): AttackTable {
  const b = bundle as { type?: string; objects?: StixObject[] };
  if (!b || b.type !== "bundle" || !Array.isArray(b.objects)) {
    throw new StixError('not a STIX bundle (expected {"type": "bundle", "objects": [...]})');
  }
  const objects = b.objects;
  const tacticsByRef = new Map<string, AttackTactic>();
  for (const o of objects) {
    if (o.type !== "x-mitre-tactic" || !o.x_mitre_shortname || o.revoked || o.x_mitre_deprecated) continue;
    tacticsByRef.set(o.id, { id: attackId(o) ?? "", name: o.name ?? o.x_mitre_shortname, shortname: o.x_mitre_shortname });
  }
  const matrix = objects.find((o) => o.type === "x-mitre-matrix" && !o.revoked && attackId(o) === "enterprise-attack")
    ?? objects.find((o) => o.type === "x-mitre-matrix" && !o.revoked);
  const ordered = matrix?.tactic_refs?.map((r) => tacticsByRef.get(r)).filter((t): t is AttackTactic => !!t)
    ?? [...tacticsByRef.values()];
  const tactics: Record<string, AttackTactic> = {};
  for (const t of ordered) tactics[t.shortname] = t;
  for (const t of tacticsByRef.values()) tactics[t.shortname] ??= t;

  const techniques: Record<string, AttackTechnique> = {};
  for (const o of objects) {
    if (o.type !== "attack-pattern") continue;
    const id = attackId(o);
    if (!id || !/^T\d{4}(\.\d{3})?$/.test(id)) continue;
    const t: AttackTechnique = {
      id,
      name: o.name ?? id,
      tactics: (o.kill_chain_phases ?? []).filter((k) => k.kill_chain_name === "mitre-attack").map((k) => k.phase_name),
    };
    if (id.includes(".")) t.parent = id.split(".")[0];
    if (o.x_mitre_deprecated) t.deprecated = true;
    if (o.revoked) t.revoked = true;
    const seen = techniques[id];
    if (!seen || rank(t) < rank(seen)) techniques[id] = t;
  }
  if (Object.keys(techniques).length === 0) throw new StixError("the bundle holds no ATT&CK techniques (attack-pattern objects)");
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const name = /^[a-z]+:\/\//i.test(sourceName) ? sourceName : sourceName.split(/[\\/]/).pop() || sourceName;
  return { version: version ?? releaseOf(objects, sourceName), source: { name, sha256 }, tactics, techniques };
}

/** Decode and convert in one step. */
export function tableFromBundleBytes(bytes: Uint8Array, sourceName: string, version?: string): AttackTable {
  return tableFromBundle(decodeBundle(bytes), bytes, sourceName, version);
}
