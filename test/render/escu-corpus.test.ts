// The escu-2024 corpus (../shared): the stanzas for "Dump LSASS via comsvcs DLL" and its story equal the ones
// the reference doc shows Splunk's own build emitting, and the stanza counts match that build.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseConf, type ConfStanza } from "../../src/conf/parse.js";
import { renderApp, type RenderResult } from "../../src/render/index.js";
import { confOf, CORPUS, HAVE_CORPUS, loadProject, SHARED } from "./helpers.js";

if (!HAVE_CORPUS) console.log(`note: ${CORPUS} is absent; the escu-2024 corpus tests are skipped`);

/** The stanzas of the reference doc's example block, per file. */
function referenceStanzas(): Record<string, ConfStanza[]> {
  const text = readFileSync(join(SHARED, "reference", "escu-2024-examples.md"), "utf8");
  const block = text.slice(text.indexOf("```\n### savedsearches.conf") + 4, text.lastIndexOf("```"));
  const out: Record<string, ConfStanza[]> = {};
  for (const part of block.split(/^### /m).filter(Boolean)) {
    const file = part.slice(0, part.indexOf("\n")).split(" ")[0]!;
    out[file] = [...(out[file] ?? []), ...parseConf(part.slice(part.indexOf("\n") + 1)).stanzas];
  }
  return out;
}

describe.skipIf(!HAVE_CORPUS)("escu-2024 corpus", () => {
  let result: RenderResult;
  beforeAll(async () => {
    result = renderApp(await loadProject(CORPUS), { verify: true });
  }, 120_000);

  it("renders without errors and with the counts of Splunk's build", () => {
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(confOf(result.files, "default/savedsearches.conf").stanzas).toHaveLength(1824);
    expect(confOf(result.files, "default/macros.conf").stanzas).toHaveLength(1900);
    expect(confOf(result.files, "default/analyticstories.conf").stanzas).toHaveLength(2019);
  });

  it("matches every key and value of the reference stanzas", () => {
    const ref = referenceStanzas();
    expect(Object.keys(ref).sort()).toEqual(["analyticstories.conf", "macros.conf", "savedsearches.conf"]);
    for (const [file, stanzas] of Object.entries(ref)) {
      const ours = confOf(result.files, `default/${file}`).byName;
      for (const want of stanzas) {
        const got = ours.get(want.name);
        expect(got, want.name).toBeDefined();
        expect([...got!.keys.keys()].sort(), want.name).toEqual([...want.keys.keys()].sort());
        for (const [k, v] of want.keys) {
          const g = got!.keys.get(k)!;
          if (k === "searches") {
            // Same set; we sort rule names, Splunk's build keeps file-walk order.
            expect(JSON.parse(g).sort(), k).toEqual(JSON.parse(v).sort());
          } else if (k === "narrative") {
            // Splunk's build writes " \" before each line break (an extra blank in the value); we keep the value exact.
            expect(g.replace(/\n/g, " \n"), k).toBe(v);
          } else {
            expect(g, `${want.name} ${k}`).toBe(v);
          }
        }
      }
    }
  });

  it("derives the LSASS values from that detection", () => {
    const s = confOf(result.files, "default/savedsearches.conf").byName.get("ESCU - Dump LSASS via comsvcs DLL - Rule")!;
    expect(s.keys.get("search")).toContain("`dump_lsass_via_comsvcs_dll_filter`");
    expect(JSON.parse(s.keys.get("action.risk.param._risk")!)).toEqual([
      { risk_object_field: "user", risk_object_type: "user", risk_score: 80 },
      { risk_object_field: "dest", risk_object_type: "system", risk_score: 80 },
      { threat_object_field: "parent_process_name", threat_object_type: "process" },
      { threat_object_field: "process_name", threat_object_type: "process" },
    ]);
    expect(JSON.parse(s.keys.get("action.notable.param.drilldown_searches")!)[0].search).toBe(`${s.keys.get("search")} | search  user = $user$ dest = $dest$`);
  });

  it("copies the app template and every lookup file, and marks deprecated detections", () => {
    const paths = new Set(result.files.map((f) => f.path));
    for (const p of ["default/data/ui/views/escu_summary.xml", "lookups/mitre_enrichment.csv", "lookups/dynamic_dns_providers_default.csv", "default/distsearch.conf"]) expect(paths.has(p), p).toBe(true);
    const saved = confOf(result.files, "default/savedsearches.conf");
    const dep = saved.byName.get("ESCU - Detect Mimikatz Using Loaded Images - Rule")!;
    expect(dep.keys.get("action.correlationsearch.label")).toBe("ESCU - Deprecated - Detect Mimikatz Using Loaded Images - Rule");
    expect(JSON.parse(dep.keys.get("action.correlationsearch.metadata")!).deprecated).toBe("1");
  });
});
