// Text and JSON renderings of a deploy: the plan (dry-run diff), per-object progress lines and the summary.
// Pure string building; the command prints the result through its Redactor.
import { kindInfo } from "./objects.js";
import { countActions, type Plan, type PlanItem } from "./plan.js";
import type { ItemResult } from "./sync.js";

const quote = (s: string) => JSON.stringify(s);
const what = (i: { kind: PlanItem["kind"]; name: string }) => `${kindInfo(i.kind).label} ${quote(i.name)}`;

function detail(i: PlanItem): string {
  if (i.action === "create") return i.kind === "lookupfile" ? "" : ` (${i.changedKeys.length} key${i.changedKeys.length === 1 ? "" : "s"})`;
  if (i.action === "update") return `: ${[...i.changedKeys, ...(i.aclChange ? ["acl (sharing=app, read=*)"] : [])].join(", ")}`;
  return "";
}

const SIGN = { create: "+", update: "~", delete: "-", unchanged: "=" } as const;

/** The diff: one line per change (unchanged objects are counted, not listed). */
export function formatPlan(plan: Plan): string {
  const lines = plan.items.filter((i) => i.action !== "unchanged").map((i) => `  ${SIGN[i.action]} ${i.action.padEnd(6)} ${what(i)}${detail(i)}`);
  for (const k of plan.kept) lines.push(`  ! keep   ${what(k)} (in the app's default layer; only an app update removes it)`);
  const c = countActions(plan);
  lines.push(`Plan: ${c.create} to create, ${c.update} to update, ${c.delete} to delete, ${c.unchanged} unchanged.`);
  if (plan.extra.length > 0) lines.push(`${plan.extra.length} object(s) of the app are not in the content (use --prune to delete them): ${plan.extra.map(what).join(", ")}`);
  return lines.join("\n") + "\n";
}

const PAST = { create: "created", update: "updated", delete: "deleted", unchanged: "unchanged" } as const;

export function formatResult(r: ItemResult): string {
  return r.ok ? `  ${PAST[r.item.action].padEnd(8)} ${what(r.item)}${detail(r.item)}` : `  FAILED   ${what(r.item)} (${r.item.action}): ${r.error}`;
}

export function summarize(plan: Plan, results: readonly ItemResult[]) {
  const ok = results.filter((r) => r.ok);
  const count = (a: PlanItem["action"]) => ok.filter((r) => r.item.action === a).length;
  return {
    created: count("create"),
    updated: count("update"),
    deleted: count("delete"),
    unchanged: plan.items.filter((i) => i.action === "unchanged").length,
    failed: results.length - ok.length,
  };
}

export function formatSummary(plan: Plan, results: readonly ItemResult[]): string {
  const s = summarize(plan, results);
  const lines = [`Summary: ${s.created} created, ${s.updated} updated, ${s.deleted} deleted, ${s.unchanged} unchanged, ${s.failed} failed.`];
  if (s.failed > 0) {
    lines.push("Failed:", ...results.filter((r) => !r.ok).map((r) => `  ${what(r.item)}: ${r.error}`));
    const done = results.filter((r) => r.ok);
    lines.push(done.length > 0 ? `Succeeded: ${done.map((r) => what(r.item)).join(", ")}` : "Succeeded: none");
  }
  if (plan.extra.length > 0) lines.push(`${plan.extra.length} object(s) of the app are not in the content (use --prune to delete them).`);
  return lines.join("\n") + "\n";
}

/** The JSON document of --format json (objects mode). */
export function planJson(plan: Plan, results: readonly ItemResult[] | undefined) {
  return {
    changes: plan.items
      .filter((i) => i.action !== "unchanged")
      .map((i) => ({ kind: i.kind, name: i.name, action: i.action, changedKeys: i.changedKeys, acl: i.aclChange })),
    extra: plan.extra,
    kept: plan.kept,
    results: results?.map((r) => ({ kind: r.item.kind, name: r.item.name, action: r.item.action, ok: r.ok, ...(r.error ? { error: r.error } : {}) })),
    summary: results ? summarize(plan, results) : countActions(plan),
  };
}
