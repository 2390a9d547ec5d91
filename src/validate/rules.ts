// Per-file checks that a JSON Schema cannot express: real dates, risk arithmetic, ATT&CK id form and
// membership, SSA pipeline shape, the filter macro, file names, status vs folder. Pure.
import type { Diagnostic } from "../diag/diagnostic.js";
import * as codes from "../diag/codes.js";
import { closest } from "../diag/suggest.js";
import type { AttackTable } from "../attack/table.js";
import type { ContentObject, Project } from "../model/project.js";
import type { Detection } from "../model/types.js";
import { filterMacroName, isSsaDetection, snakeName } from "../model/naming.js";
import { stripSplComments } from "../link/spl.js";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ATTACK_ID = /^T\d{4}(\.\d{3})?$/;

/** True for a calendar date in YYYY-MM-DD form. */
export function isRealDate(v: string): boolean {
  const m = DATE.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function checkDate(obj: ContentObject<any>): Diagnostic[] {
  const v = obj.data.date;
  if (typeof v !== "string" || !DATE.test(v) || isRealDate(v)) return []; // absent/badly formed: the schema reports it
  return [{ file: obj.origin.file, span: obj.origin.locate("/date"), ...codes.badDate("date", v) }];
}

function checkRisk(obj: ContentObject<any>): Diagnostic[] {
  const t = obj.data.tags;
  if (!t || typeof t !== "object") return [];
  const { impact, confidence, risk_score } = t;
  if (![impact, confidence, risk_score].every((n) => typeof n === "number")) return [];
  // contentctl rounds, the 2021-2022 generator truncated: the two differ only on .5 products
  const exact = (impact * confidence) / 100;
  if (Math.round(exact) === risk_score || Math.floor(exact) === risk_score) return [];
  return [{ file: obj.origin.file, span: obj.origin.locate("/tags/risk_score"), ...codes.riskScoreMismatch(risk_score, impact, confidence) }];
}

function checkAttack(obj: ContentObject<any>, table: AttackTable | undefined): Diagnostic[] {
  const ids = obj.data.tags?.mitre_attack_id;
  if (!Array.isArray(ids)) return [];
  const out: Diagnostic[] = [];
  ids.forEach((id, i) => {
    const where = () => ({ file: obj.origin.file, span: obj.origin.locate(`/tags/mitre_attack_id/${i}`) });
    if (typeof id !== "string") return;
    if (!ATTACK_ID.test(id)) out.push({ ...where(), ...codes.badAttackId(id) });
    else if (table && !table.techniques[id]) out.push({ ...where(), ...codes.unknownAttackId(id, table.version, closest(id, Object.keys(table.techniques))) });
  });
  return out;
}

function checkSearchShape(obj: ContentObject<Detection>, project: Project): Diagnostic[] {
  const d = obj.data;
  if (typeof d.search !== "string" || typeof d.name !== "string") return [];
  const where = () => ({ file: obj.origin.file, span: obj.origin.locate("/search") });
  if (isSsaDetection(d)) {
    const out: Diagnostic[] = [];
    if (!/^\s*(?:\$\w+\s*=\s*)?\|\s*from\s+read_ssa_enriched_events\(\s*\)/.test(d.search)) out.push({ ...where(), ...codes.ssaBadStart() });
    if (!/\|\s*into\s+write_ssa_detected_events\(\s*\)\s*;\s*$/.test(d.search)) out.push({ ...where(), ...codes.ssaBadEnd() });
    return out;
  }
  if (!project.config.requireFilterMacro) return [];
  const filter = filterMacroName(d.name);
  const search = stripSplComments(d.search).trim();
  if (search.endsWith(`\`${filter}\``)) return [];
  if (search.includes(`\`${filter}\``)) return [{ ...where(), ...codes.filterMacroNotLast(filter) }];
  return [{ ...where(), ...codes.missingFilterMacro(filter) }];
}

function checkFileName(obj: ContentObject<any>): Diagnostic[] {
  if (typeof obj.data.name !== "string") return [];
  const base = obj.origin.file.split("/").pop()!;
  const ext = /\.ya?ml$/i.exec(base)?.[0] ?? ".yml";
  const expected = snakeName(obj.data.name) + ext;
  if (base === expected || (obj.kind === "playbook" && base === obj.data.name.replace(/ /g, "_") + ext)) return [];
  return [{ file: obj.origin.file, span: obj.origin.locate("/name"), ...codes.fileNameMismatch(expected) }];
}

function checkStatusFolder(obj: ContentObject<Detection>): Diagnostic[] {
  const top = obj.group.split("/")[0];
  const status = obj.data.status;
  if ((top === "deprecated" || top === "experimental") && typeof status === "string" && status !== top) {
    return [{ file: obj.origin.file, span: obj.origin.locate("/status"), ...codes.statusFolderMismatch(status, top) }];
  }
  return [];
}

/** All per-file checks for one object. */
export function checkObject(obj: ContentObject<any>, project: Project, table: AttackTable | undefined): Diagnostic[] {
  const out = [...checkDate(obj)];
  // 2021-2022 SSA files are named ssa___<short name>.yml by that repo's convention
  const ssaFile = obj.kind === "detection" && obj.origin.file.split("/").pop()!.startsWith("ssa___");
  if (obj.kind !== "playbook" && obj.kind !== "data_source" && obj.kind !== "deployment" && !ssaFile) out.push(...checkFileName(obj));
  if (obj.kind === "detection" || obj.kind === "baseline") out.push(...checkRisk(obj), ...checkAttack(obj, table));
  if (obj.kind === "detection") out.push(...checkSearchShape(obj, project), ...checkStatusFolder(obj));
  return out;
}
