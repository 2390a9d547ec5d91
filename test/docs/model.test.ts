// Unit tests of the page rules: escaping, floats, macro/lookup extraction, data models, scope and order.
import { describe, expect, it } from "vitest";
import type { ContentObject, Project } from "../../src/model/project.js";
import type { Detection, Lookup, Macro } from "../../src/model/types.js";
import { buildDetections, documentedDetections, pageDatamodels, pageLookups, pageMacros, techniqueUrl } from "../../src/docs/model.js";
import { htmlEscape, pyFloat, slug } from "../../src/docs/text.js";
import { parseCveTable } from "../../src/docs/cve.js";
import { generateDocs } from "../../src/docs/index.js";
import { levelOf } from "../../src/docs/html-report.js";
import { defaultConfig } from "../../src/load/config.js";

const macro = (name: string, definition = "x"): [string, Macro] => [name, { name, definition }];

describe("text rules", () => {
  it("escapes like Jinja autoescape", () => {
    expect(htmlEscape(`a & <b> "c" 'd'`)).toBe("a &amp; &lt;b&gt; &#34;c&#34; &#39;d&#39;");
    expect(htmlEscape(undefined)).toBe("");
  });
  it("prints risk scores like Python floats", () => {
    expect(pyFloat(70)).toBe("70.0");
    expect(pyFloat(25.5)).toBe("25.5");
    expect(pyFloat(0)).toBe("0.0");
    expect(pyFloat((51 * 50) / 100)).toBe("25.5");
  });
  it("slugs change only spaces", () => expect(slug("Detect Rclone Command-Line Usage")).toBe("detect_rclone_command-line_usage"));
  it("links sub-techniques with a slash", () => {
    expect(techniqueUrl("T1003.003")).toBe("https://attack.mitre.org/techniques/T1003/003/");
    expect(techniqueUrl("T1003")).toBe("https://attack.mitre.org/techniques/T1003/");
  });
  it("colour levels grow with the count", () => expect([0, 1, 2, 3, 4, 8, 16, 100].map(levelOf)).toEqual([0, 1, 2, 2, 3, 4, 5, 5]));
});

describe("macros and lookups on a page", () => {
  const macros = new Map([macro("security_content_ctime"), macro("sysmon", "index=x | inputlookup hosts"), macro("get_thing"), macro("cim_x")]);
  it("drops cim_/get_/filter/drop_dm_object_name tokens, cuts arguments, keeps known macros, sorts", () => {
    const search = "`sysmon` | `drop_dm_object_name(P)` | `security_content_ctime(firstTime)` | `get_thing` | `cim_x` | `unknown_macro` | `sysmon` | `a_filter`";
    expect(pageMacros(search, macros)).toEqual(["security_content_ctime", "sysmon"]);
  });
  it("finds lookups in macro definitions then the search, without de-duplication, sorted, with data links", () => {
    const lookups = new Map<string, Lookup>([
      ["hosts", { name: "hosts", filename: "hosts.csv" }],
      ["kv", { name: "kv", collection: "kv" }],
      ["fl", { name: "fl", filename: "fl.csv", fields_list: "a,b" }],
    ]);
    const found = pageLookups("| lookup update=true hosts h | lookup kv k | outputlookup fl | lookup missing x", ["sysmon"], macros, lookups, (f) => `U/${f}`);
    expect(found).toEqual([
      { name: "fl", dataUrl: "" },
      { name: "hosts", dataUrl: "U/hosts.csv" },
      { name: "hosts", dataUrl: "U/hosts.csv" },
      { name: "kv", dataUrl: "" },
    ]);
  });
  it("takes data models from the YAML list, else from the search", () => {
    expect(pageDatamodels({ datamodel: ["Endpoint_Processes"], search: "datamodel=Network" } as Detection)).toEqual(["Endpoint_Processes"]);
    expect(pageDatamodels({ search: "| tstats count from datamodel=Endpoint.Processes | tstats from datamodel:\"Network_Traffic\"" } as Detection)).toEqual(["Endpoint", "Network_Traffic"]);
  });
});

function project(dets: { file: string; group: string; data: Partial<Detection> }[]): Project {
  const detections = dets.map((d): ContentObject<Detection> => ({
    kind: "detection",
    data: { name: "x", id: "i", version: 1, date: "2020-01-01", author: "a", type: "TTP", description: "", search: "", tags: {}, ...d.data } as Detection,
    origin: { file: d.file, path: d.file, locate: () => ({ line: 7, col: 5, endLine: 7, endCol: 9 }) },
    group: d.group,
  }));
  return { root: "/x", config: defaultConfig(), detections, macros: [], lookups: [], stories: [], baselines: [], investigations: [], playbooks: [], dataSources: [], deployments: [], lookupFiles: new Map() };
}

describe("which detections get pages", () => {
  it("skips deprecated, baselines and investigations; sorts by code point; ties by folder order then path", () => {
    const p = project([
      { file: "detections/web/b.yml", group: "web", data: { name: "Same" } },
      { file: "detections/endpoint/ssa___same.yml", group: "endpoint", data: { name: "Same" } },
      { file: "detections/endpoint/detect_same.yml", group: "endpoint", data: { name: "Same" } },
      { file: "detections/endpoint/low.yml", group: "endpoint", data: { name: "lower first" } },
      { file: "detections/endpoint/up.yml", group: "endpoint", data: { name: "Upper" } },
      { file: "detections/deprecated/d.yml", group: "deprecated", data: { name: "Dep" } },
      { file: "detections/endpoint/s.yml", group: "endpoint", data: { name: "Status Dep", status: "deprecated" } },
      { file: "detections/endpoint/bl.yml", group: "endpoint", data: { name: "Base", type: "Baseline" } },
      { file: "detections/endpoint/inv.yml", group: "endpoint", data: { name: "Inv", type: "Investigation" } },
    ]);
    expect(documentedDetections(p).map((o) => o.origin.file)).toEqual([
      "detections/endpoint/detect_same.yml",
      "detections/endpoint/ssa___same.yml",
      "detections/web/b.yml",
      "detections/endpoint/up.yml",
      "detections/endpoint/low.yml",
    ]);
  });

  it("warns on a page collision and keeps the later detection's page", () => {
    const p = project([
      { file: "detections/endpoint/detect_same.yml", group: "endpoint", data: { name: "Same", type: "Hunting" } },
      { file: "detections/endpoint/ssa___same.yml", group: "endpoint", data: { name: "Same", type: "Anomaly" } },
    ]);
    const r = generateDocs(p, {});
    expect(r.detections).toHaveLength(2);
    expect(r.detectionPages).toBe(1);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["SC4505"]);
    expect(String(r.files.find((f) => f.path === "_posts/2020-01-01-same.md")?.contents)).toContain("[Anomaly]");
    expect(String(r.files.find((f) => f.path === "_pages/detections.md")?.contents).match(/\[Same\]/g)).toHaveLength(2);
  });

  it("without an ATT&CK table: one warning, ids shown without names", () => {
    const p = project([{ file: "detections/endpoint/a.yml", group: "endpoint", data: { name: "A", tags: { mitre_attack_id: ["T1003"] } } }]);
    const { detections, diagnostics } = buildDetections(p, {});
    expect(diagnostics.map((d) => d.code)).toEqual(["SC4502"]);
    expect(detections[0].attack).toEqual([{ id: "T1003", url: "https://attack.mitre.org/techniques/T1003/", technique: undefined }]);
  });

  it("survives loosely typed values (numbers, scalars for lists, missing tags)", () => {
    const p = project([{ file: "detections/endpoint/a.yml", group: "endpoint", data: { name: "A", tags: { product: "Splunk Enterprise", mitre_attack_id: "T1003", impact: "40", confidence: 50, observable: [{ name: "x", type: "Hostname" }] } as never, date: new Date("2021-03-04") as never, references: undefined } }]);
    const r = generateDocs(p, {});
    const page = String(r.files.find((f) => f.path === "_posts/2021-03-04-a.md")?.contents);
    expect(page).toContain("- **Product**: Splunk Enterprise");
    expect(page).toContain("| 20.0 | 40 | 50 |");
  });
});

describe("CVE file", () => {
  it("accepts a map or a list", () => {
    expect(parseCveTable('{"cve-2021-1": {"summary": "s", "cvss": 5}}').get("CVE-2021-1")).toEqual({ summary: "s", cvss: "5" });
    expect(parseCveTable('[{"id": "CVE-1", "summary": "t"}]').get("CVE-1")).toEqual({ summary: "t", cvss: "" });
    expect(() => parseCveTable('"x"')).toThrow();
  });
});
