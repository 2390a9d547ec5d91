// `deploy --mode objects`: read the app namespace, plan, and (unless dry-run) apply the plan object by object.
// A failed object does not stop the others; every outcome is reported through `onResult`.
import { posix } from "node:path";
import { kindInfo, KINDS, type DesiredObject } from "./objects.js";
import { makePlan, type Plan, type PlanItem, type RemoteState } from "./plan.js";
import { enc, SplunkError, type Form, type SplunkRest } from "./rest.js";

export interface SyncOptions {
  app: string;
  prune: boolean;
  dryRun: boolean;
  /** Directory ON THE SPLUNK HOST where the lookup files were copied (under var/run/splunk/lookup_tmp). */
  lookupStaging?: string;
  onResult?: (r: ItemResult) => void;
}

export interface ItemResult {
  item: PlanItem;
  ok: boolean;
  error?: string;
}

export interface SyncOutcome {
  plan: Plan;
  results: ItemResult[];
}

const base = (app: string): string => `/servicesNS/nobody/${enc(app)}`;

/** List every kind in the app's namespace. A missing app is a clear error, not an empty state. */
export async function readRemote(rest: SplunkRest, app: string): Promise<RemoteState> {
  try {
    await rest.json("GET", `/services/apps/local/${enc(app)}`);
  } catch (e) {
    if (e instanceof SplunkError && e.status === 404) {
      throw new Error(`App '${app}' does not exist on the server. Install it first (secpack deploy --mode app) or create it in Splunk.`);
    }
    throw e;
  }
  const state: RemoteState = new Map();
  for (const info of KINDS) state.set(info.kind, await rest.list(`${base(app)}/${info.endpoint}`));
  return state;
}

const aclForm = (): Form => [
  ["sharing", "app"],
  ["owner", "nobody"],
  ["perms.read", "*"],
  ["perms.write", "admin,sc_admin"],
];

async function applyItem(rest: SplunkRest, item: PlanItem, opts: SyncOptions): Promise<void> {
  const path = `${base(opts.app)}/${kindInfo(item.kind).endpoint}`;
  const one = `${path}/${enc(item.name)}`;
  if (item.action === "delete") {
    await rest.json("DELETE", one);
    return;
  }
  if (item.action === "create") {
    if (item.kind === "lookupfile") {
      if (!opts.lookupStaging) {
        throw new Error(
          "a lookup file cannot be uploaded through the REST API: copy it to the Splunk host under " +
            "$SPLUNK_HOME/var/run/splunk/lookup_tmp/ and pass --lookup-staging DIR, or use --mode app",
        );
      }
      await rest.json("POST", path, [
        ["name", item.name],
        ["eai:data", posix.join(opts.lookupStaging, item.name)],
      ]);
    } else {
      await rest.json("POST", path, [["name", item.name], ...item.values]);
    }
  } else if (item.values.length > 0) {
    await rest.json("POST", one, item.values); // only the changed keys; never `name`
  }
  if (item.aclChange) await rest.json("POST", `${one}/acl`, aclForm());
}

export async function syncObjects(rest: SplunkRest, desired: readonly DesiredObject[], opts: SyncOptions): Promise<SyncOutcome> {
  const remote = await readRemote(rest, opts.app);
  const plan = makePlan(desired, remote, opts.app, opts.prune);
  const results: ItemResult[] = [];
  if (opts.dryRun) return { plan, results };
  for (const item of plan.items) {
    if (item.action === "unchanged") continue;
    let r: ItemResult;
    try {
      await applyItem(rest, item, opts);
      r = { item, ok: true };
    } catch (e) {
      r = { item, ok: false, error: (e as Error).message };
    }
    results.push(r);
    opts.onResult?.(r);
  }
  return { plan, results };
}
