// The diff between the desired objects and what the server has in the app's namespace: create, update (only the
// keys that differ, and the ACL when it is not app-shared and readable by everyone), delete (with --prune, only
// objects owned by the app at app level), unchanged. Pure: takes listed entries, returns a plan.
import type { Entry } from "./rest.js";
import { KINDS, type DesiredObject, type ObjectKind } from "./objects.js";

export type Action = "create" | "update" | "delete" | "unchanged";

export interface PlanItem {
  kind: ObjectKind;
  name: string;
  action: Action;
  /** For update: the conf keys whose values differ (sorted). For create: every key. */
  changedKeys: string[];
  /** The new values to send (create: all keys; update: changed keys only). */
  values: [string, string][];
  /** The ACL must be (re)set to app sharing with read for everyone. */
  aclChange: boolean;
}

export interface Plan {
  items: PlanItem[];
  /** Objects of the app that the content no longer has, left alone because --prune was not given. */
  extra: { kind: ObjectKind; name: string }[];
  /** Objects of the app the content no longer has that cannot be deleted (in the app's default layer). */
  kept: { kind: ObjectKind; name: string }[];
}

export type RemoteState = Map<ObjectKind, Entry[]>;

const TRUE = new Set(["1", "true", "t", "yes", "y", "on"]);
const FALSE = new Set(["0", "false", "f", "no", "n", "off"]);

/**
 * Whether a conf value (text) equals what the JSON API returned. Splunk types some settings in JSON
 * (booleans, numbers) and keeps multi-line values with "\n"; missing and "" are the same.
 */
export function sameValue(desired: string, remote: unknown): boolean {
  const want = desired.replace(/\r\n/g, "\n").trim();
  if (remote === undefined || remote === null) return want === "";
  if (typeof remote === "boolean") {
    const w = want.toLowerCase();
    return remote ? TRUE.has(w) : FALSE.has(w);
  }
  if (typeof remote === "number") return want !== "" && Number(want) === remote;
  if (Array.isArray(remote)) return want === remote.map(String).join(",");
  if (typeof remote === "object") return want === JSON.stringify(remote);
  const got = String(remote).replace(/\r\n/g, "\n").trim();
  if (got === want) return true;
  // Splunk may echo a boolean setting in another spelling than the one written ("1" vs "true").
  const g = got.toLowerCase();
  const w = want.toLowerCase();
  return (TRUE.has(g) && TRUE.has(w)) || (FALSE.has(g) && FALSE.has(w));
}

/** The ACL deploy enforces: owner nobody, app sharing, read for everyone ("*"). */
export function aclOk(entry: Entry): boolean {
  const read = entry.acl?.perms?.read ?? [];
  return entry.acl?.sharing === "app" && entry.acl?.owner === "nobody" && read.includes("*");
}

const ownedBy = (e: Entry, app: string): boolean => e.acl?.app === app;

/** Build the plan. `remote` holds, per kind, the entries listed in the app's namespace (any owner app). */
export function makePlan(desired: readonly DesiredObject[], remote: RemoteState, app: string, prune: boolean): Plan {
  const items: PlanItem[] = [];
  const wanted = new Map<ObjectKind, Set<string>>();
  for (const d of desired) {
    if (!wanted.has(d.kind)) wanted.set(d.kind, new Set());
    wanted.get(d.kind)!.add(d.name);
    const have = (remote.get(d.kind) ?? []).find((e) => e.name === d.name && ownedBy(e, app));
    const all = [...d.keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (!have) {
      items.push({ kind: d.kind, name: d.name, action: "create", changedKeys: all.map(([k]) => k), values: all, aclChange: true });
      continue;
    }
    const changed = all.filter(([k, v]) => !sameValue(v, have.content[k]));
    const aclChange = !aclOk(have);
    items.push({
      kind: d.kind,
      name: d.name,
      action: changed.length > 0 || aclChange ? "update" : "unchanged",
      changedKeys: changed.map(([k]) => k),
      values: changed,
      aclChange,
    });
  }
  const extra: Plan["extra"] = [];
  const kept: Plan["kept"] = [];
  const deletes: PlanItem[] = [];
  for (const info of [...KINDS].reverse()) {
    const names = wanted.get(info.kind) ?? new Set<string>();
    const seen = new Set<string>();
    for (const e of remote.get(info.kind) ?? []) {
      if (!ownedBy(e, app) || e.acl.owner !== "nobody" || e.name === "default" || names.has(e.name) || seen.has(e.name)) continue;
      seen.add(e.name);
      const obj = { kind: info.kind, name: e.name };
      if (!prune) extra.push(obj);
      else if (e.acl.removable === false) kept.push(obj);
      else deletes.push({ ...obj, action: "delete", changedKeys: [], values: [], aclChange: false });
    }
  }
  return { items: [...items, ...deletes], extra, kept };
}

export function countActions(plan: Plan): Record<Action, number> {
  const c: Record<Action, number> = { create: 0, update: 0, delete: 0, unchanged: 0 };
  for (const i of plan.items) c[i.action]++;
  return c;
}
