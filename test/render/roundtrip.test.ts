// Every rendered conf parses back to one stanza per object, with the model's values (in their .conf normal form),
// also when every free-text field holds adversarial text.
import { describe, expect, it } from "vitest";
import { normalizeConfValue } from "../../src/conf/escape.js";
import type { Project } from "../../src/model/project.js";
import { filterMacroName, isSsaDetection, statusOf } from "../../src/render/derive.js";
import { renderApp } from "../../src/render/index.js";
import { DEPRECATED_PREFIX, FILTER_MACRO_DESCRIPTION } from "../../src/render/views.js";
import { ADVERSARIAL } from "../conf/adversarial.js";
import { confOf, FIXTURE, loadProject, REPO } from "./helpers.js";

const norm = (v: unknown) => normalizeConfValue(v);
const EVIL = Object.values(ADVERSARIAL);

/** Put adversarial text into every free-text field of every object. */
function poison(project: Project): void {
  // Names become stanza names: non-ASCII, brackets and '=' are legal there and must survive.
  const rename = new Map<string, string>();
  for (const [n, o] of project.detections.entries()) {
    const name = `${o.data.name} ]x[ Zürich = ${n}`;
    rename.set(o.data.name, name);
    o.data.search = String(o.data.search).replace(filterMacroName(o.data.name), filterMacroName(name));
    o.data.name = name;
  }
  for (const m of project.macros)
    for (const [from, to] of rename) if (m.data.name === filterMacroName(from)) m.data.name = filterMacroName(to);
  let i = 0;
  const next = () => EVIL[i++ % EVIL.length]!;
  for (const o of [...project.detections, ...project.baselines, ...project.investigations]) {
    o.data.description = next();
    o.data.how_to_implement = next();
    o.data.known_false_positives = next();
    if (o.data.tags) {
      o.data.tags.message = next();
      o.data.tags.asset_type = next();
    }
    if (o.data.rba) o.data.rba.message = next();
    // A search may not end with a backslash (that is an error, tested below); everything else is fair game.
    o.data.search = `${next().replace(/\\+$/, "")} | \`${filterMacroName(o.data.name)}\``;
    for (const dd of o.data.drilldown_searches ?? []) dd.name = next();
  }
  for (const m of project.macros) {
    m.data.definition = next().replace(/\\+$/, "") || "x";
    m.data.description = next();
  }
  for (const s of project.stories) {
    s.data.references = [next(), next()];
    s.data.description = next();
    s.data.narrative = next();
    s.data.tags.category = [next()];
  }
  for (const l of project.lookups) l.data.description = next();
  project.config.app.description = "Description with\nnewline [evil]";
}

function checkAgainstModel(project: Project, files: ReturnType<typeof renderApp>["files"]) {
  const prefix = project.config.app.prefix;
  const saved = confOf(files, "default/savedsearches.conf");
  const stories = confOf(files, "default/analyticstories.conf");
  const macros = confOf(files, "default/macros.conf");
  const dets = project.detections.filter((d) => !isSsaDetection(d.data));
  expect(saved.stanzas).toHaveLength(dets.length + project.baselines.length + project.investigations.length);
  expect(stories.stanzas).toHaveLength(project.stories.length + dets.length + project.investigations.length);
  for (const o of dets) {
    const d = o.data;
    const s = saved.byName.get(`${prefix} - ${d.name} - Rule`);
    expect(s, d.name).toBeDefined();
    const deprecated = statusOf(d, o.group) === "deprecated";
    const description = (deprecated ? DEPRECATED_PREFIX : "") + d.description;
    expect(s!.keys.get("description")).toBe(norm(description));
    expect(s!.keys.get("action.escu.eli5")).toBe(norm(description));
    expect(s!.keys.get("action.escu.how_to_implement")).toBe(norm(d.how_to_implement));
    expect(s!.keys.get("action.escu.known_false_positives")).toBe(norm(d.known_false_positives));
    expect(s!.keys.get("search")).toBe(norm(d.search));
    expect(s!.keys.get("disabled")).toBe("true");
    if (s!.keys.has("action.risk")) expect(s!.keys.get("action.risk.param._risk_message")).toBe(norm(d.rba?.message ?? d.tags.message));
    for (const k of ["action.escu.mappings", "action.correlationsearch.annotations", "action.correlationsearch.metadata", "action.escu.analytic_story"]) {
      expect(() => JSON.parse(s!.keys.get(k)!), k).not.toThrow();
    }
    expect(JSON.parse(s!.keys.get("action.correlationsearch.metadata")!)).toMatchObject({ detection_id: d.id, detection_version: String(d.version), deprecated: deprecated ? "1" : "0" });
    if (d.drilldown_searches?.length) {
      const dd = JSON.parse(s!.keys.get("action.notable.param.drilldown_searches")!);
      expect(dd.map((x: { name: string }) => x.name)).toEqual(d.drilldown_searches.map((x) => x.name));
    }
    const st = stories.byName.get(`savedsearch://${prefix} - ${d.name} - Rule`);
    expect(st?.keys.get("explanation")).toBe(norm(description));
    expect(st?.keys.get("asset_type")).toBe(norm(d.tags.asset_type));
    const fm = macros.byName.get(filterMacroName(d.name));
    expect(fm, filterMacroName(d.name)).toBeDefined();
    const own = project.macros.find((m) => m.data.name === filterMacroName(d.name));
    expect(fm!.keys.get("definition")).toBe(own ? norm(own.data.definition) : "search *");
    if (!own) expect(fm!.keys.get("description")).toBe(FILTER_MACRO_DESCRIPTION);
  }
  for (const o of project.baselines) {
    const s = saved.byName.get(`${prefix} - ${o.data.name}`);
    expect(s?.keys.get("description")).toBe(norm(o.data.description));
    expect(s?.keys.get("search")).toBe(norm(o.data.search));
  }
  for (const o of project.investigations) {
    const s = saved.byName.get(`${prefix} - ${o.data.name} - Response Task`);
    expect(s?.keys.get("description")).toBe(norm(o.data.description));
    expect(s?.keys.get("action.escu.known_false_positives")).toBe(norm(o.data.known_false_positives));
  }
  for (const o of project.macros) {
    const args = o.data.arguments ?? [];
    const s = macros.byName.get(args.length ? `${o.data.name}(${args.length})` : o.data.name);
    expect(s?.keys.get("definition")).toBe(norm(o.data.definition));
    expect(s?.keys.get("description")).toBe(norm(o.data.description));
    if (args.length) expect(s?.keys.get("args")).toBe(args.join(", "));
  }
  expect(macros.stanzas).toHaveLength(new Set([...project.macros.map((m) => m.data.name + (m.data.arguments?.length ? `(${m.data.arguments.length})` : "")), ...dets.map((d) => filterMacroName(d.data.name))]).size);
  for (const o of project.stories) {
    const s = stories.byName.get(`analytic_story://${o.data.name}`);
    expect(s?.keys.get("description")).toBe(norm(o.data.description));
    expect(s?.keys.get("narrative")).toBe(norm(o.data.narrative));
    expect(JSON.parse(s!.keys.get("references")!)).toEqual(o.data.references ?? []);
    const searches: string[] = JSON.parse(s!.keys.get("searches")!);
    const expected = dets.filter((d) => d.data.tags.analytic_story?.includes(o.data.name)).map((d) => `${prefix} - ${d.data.name} - Rule`);
    expect([...searches].filter((x) => x.endsWith(" - Rule")).sort()).toEqual([...new Set(expected)].sort());
  }
  for (const f of files) {
    if (!/\.(conf|meta)$/.test(f.path)) continue;
    const names = confOf(files, f.path).stanzas.map((s) => s.name);
    expect(names.filter((n) => n === "evil" || n.startsWith("evil"))).toEqual([]);
  }
  const app = confOf(files, "default/app.conf");
  expect(app.byName.get("launcher")!.keys.get("description")).toBe(norm(project.config.app.description));
}

describe("rendered confs parse back to the model", () => {
  for (const [name, root] of [["fixture", FIXTURE], ["repository content", REPO]] as const) {
    it(`${name}: one stanza per object, same values`, async () => {
      const project = await loadProject(root);
      const r = renderApp(project, { verify: true });
      expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      checkAgainstModel(project, r.files);
    });

    it(`${name}: adversarial text in every free-text field round-trips`, async () => {
      const project = await loadProject(root);
      poison(project);
      const r = renderApp(project, { verify: true });
      expect(r.diagnostics.filter((d) => d.severity === "error" && d.code !== "SC4007")).toEqual([]);
      checkAgainstModel(project, r.files);
      // The lossy rewrites are reported where they happen.
      const codes = new Set(r.diagnostics.map((d) => d.code));
      expect(codes.has("SC4001")).toBe(true);
      expect(codes.has("SC4002")).toBe(true);
    });
  }

  it("reports a search that ends with a backslash as an error", async () => {
    const project = await loadProject(FIXTURE);
    project.detections[0]!.data.search = "index=main \\";
    const r = renderApp(project, { verify: true });
    const d = r.diagnostics.find((x) => x.code === "SC4003");
    expect(d).toMatchObject({ severity: "error", file: project.detections[0]!.origin.file });
    expect(d!.span?.line).toBeGreaterThan(0);
  });

  it("reports two detections with the same name instead of writing a duplicate stanza", async () => {
    const project = await loadProject(FIXTURE);
    const copy = { ...project.detections[0]!, data: { ...project.detections[0]!.data, id: "dup" }, origin: { ...project.detections[0]!.origin, file: "detections/copy.yml" } };
    project.detections.push(copy);
    const r = renderApp(project, { verify: true });
    expect(r.diagnostics.some((d) => d.code === "SC4005" && d.severity === "error")).toBe(true);
    expect(r.diagnostics.some((d) => d.code === "SC4099")).toBe(false);
    expect(confOf(r.files, "default/savedsearches.conf").stanzas.filter((s) => s.name.includes(copy.data.name))).toHaveLength(1);
  });
});
