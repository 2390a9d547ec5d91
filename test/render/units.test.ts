import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { templatePath } from "../../src/paths.js";
import { PyFloat, toPyJson } from "../../src/render/json.js";
import { buildNumber, checkAppIdentity } from "../../src/render/index.js";
import { confComment } from "../../src/render/templates.js";
import { makeIcon, pngSize } from "../../src/render/icons.js";
import {
  dataModels,
  defaultDeployment,
  filterMacroName,
  isSsaDetection,
  matchDeployment,
  providingTechnologies,
  riskEntries,
  severity,
  substitute,
} from "../../src/render/derive.js";
import type { Detection } from "../../src/model/types.js";
import { FIXTURE, loadProject } from "./helpers.js";

describe("templates", () => {
  it("write values only through the conf escaper: <%- only with helpers or includes", () => {
    const dir = templatePath("conf");
    for (const f of readdirSync(dir).filter((n) => n.endsWith(".ejs"))) {
      const text = readFileSync(join(dir, f), "utf8");
      for (const m of text.matchAll(/<%-\s*([^%]*)%>/g)) expect(m[1], `${f}: ${m[0]}`).toMatch(/^(h\.(stanza|key|comment|header)\(|include\()/);
      // a key line is `name = <%= value %>` or a helper-made key
      for (const line of text.split("\n")) if (/^[^<#\[][^=]* = /.test(line)) expect(line, `${f}: ${line}`).toMatch(/ = (<%= [^%]+ %>|[^<]*)$/);
    }
  });

  it("keeps comments on one line, never ending in a backslash", () => {
    expect(confComment("a\nb\\")).toBe("a b");
    expect(confComment("x\r\n[evil]")).toBe("x [evil]");
  });
});

describe("toPyJson (Jinja tojson)", () => {
  it("sorts keys at every level and uses Python separators", () => {
    expect(toPyJson({ b: 1, a: [{ d: 2, c: "x" }] })).toBe('{"a": [{"c": "x", "d": 2}], "b": 1}');
  });
  it("escapes like tojson", () => {
    expect(toPyJson("ATT&CK <x> 'q' \"d\" \\ é 🔥\n")).toBe('"ATT\\u0026CK \\u003cx\\u003e \\u0027q\\u0027 \\"d\\" \\\\ \\u00e9 \\ud83d\\udd25\\n"');
  });
  it("prints Python floats and nulls", () => {
    expect(toPyJson({ t: new PyFloat(1727654400), u: new PyFloat(1.5), n: null, e: [] })).toBe('{"e": [], "n": null, "t": 1727654400.0, "u": 1.5}');
  });
});

const det = (extra: Partial<Detection>): Detection =>
  ({ name: "X", id: "i", version: 1, date: "2024-01-01", author: "a", type: "TTP", description: "d", search: "s", tags: {}, ...extra }) as Detection;

describe("derived values", () => {
  it("names the filter macro like ESCU", () => {
    expect(filterMacroName("Dump LSASS via comsvcs DLL")).toBe("dump_lsass_via_comsvcs_dll_filter");
    expect(filterMacroName("A-B.C/D e")).toBe("a_b_c_d_e_filter");
  });

  it("maps observables to risk and threat objects (contentctl 4 rules) and prefers an rba block", () => {
    const d = det({
      tags: {
        risk_score: 64,
        observable: [
          { name: "user", type: "User", role: ["Victim"] },
          { name: "dest", type: "Endpoint", role: ["Victim"] },
          { name: "src_ip", type: "IP Address", role: ["Attacker"] },
          { name: "file", type: "File Name", role: ["Attacker"] },
          { name: "u", type: "URL String", role: ["Attacker"] },
          { name: "other", type: "Other", role: ["Victim"] },
        ],
      },
    });
    expect(riskEntries(d)).toEqual([
      { risk_object_field: "user", risk_object_type: "user", risk_score: 64 },
      { risk_object_field: "dest", risk_object_type: "system", risk_score: 64 },
      { threat_object_field: "src_ip", threat_object_type: "ip_address" },
      { threat_object_field: "file", threat_object_type: "file_name" },
      { threat_object_field: "u", threat_object_type: "url" },
      { risk_object_field: "other", risk_object_type: "other", risk_score: 64 },
    ]);
    expect(riskEntries(det({ rba: { message: "m", risk_objects: [{ field: "dest", type: "system", score: 5 }], threat_objects: [{ field: "p", type: "process" }] } }))).toEqual([
      { risk_object_field: "dest", risk_object_type: "system", risk_score: 5 },
      { threat_object_field: "p", threat_object_type: "process" },
    ]);
    expect(riskEntries(det({ tags: { confidence: 50, impact: 60, observable: [{ name: "u", type: "User", role: ["Victim"] }] } }))[0]!.risk_score).toBe(30);
  });

  it("grades severity by the highest risk score", () => {
    const s = (n: number) => severity([{ risk_score: n }]);
    expect([s(20), s(21), s(40), s(60), s(80), s(81)]).toEqual(["informational", "low", "low", "medium", "high", "critical"]);
    expect(severity([])).toBe("high");
  });

  it("finds data models and providing technologies in the search", () => {
    expect(dataModels("| tstats count from datamodel=Endpoint.Processes | join [| tstats count from datamodel = Network_Traffic.All_Traffic] | datamodel Risk All_Risk search")).toEqual(["Endpoint", "Network_Traffic", "Risk"]);
    expect(providingTechnologies("`sysmon` EventCode=1 | `okta_x`")).toEqual(["Microsoft Sysmon", "Okta"]);
    expect(providingTechnologies("index=main")).toEqual([]);
  });

  it("substitutes %key% from the detection and its tags", () => {
    expect(substitute("%name% on %security_domain% (%unknown%)", det({ tags: { security_domain: "endpoint" } }))).toBe("X on endpoint (%unknown%)");
  });

  it("tells SSA pipelines apart", () => {
    expect(isSsaDetection(det({ search: "| from read_ssa_enriched_events() | into write_ssa_detected_events();" }))).toBe(true);
    expect(isSsaDetection(det({ tags: { product: ["Splunk Behavioral Analytics"] } }))).toBe(true);
    expect(isSsaDetection(det({ tags: { product: ["Splunk Enterprise", "Splunk Behavioral Analytics"] } }))).toBe(false);
  });

  it("matches deployments by type, then by tags, then the built-in defaults", async () => {
    const project = await loadProject(FIXTURE);
    expect(matchDeployment(project, "TTP", {}).schedule.cron_schedule).toBe("*/30 * * * *");
    expect(matchDeployment(project, "ttp", {}).notable?.nes_fields).toEqual(["user", "dest"]);
    project.deployments = project.deployments.filter((d) => d.data.type !== "Hunting");
    const hunting = matchDeployment(project, "Hunting", {});
    expect(hunting).toEqual(defaultDeployment("Hunting"));
    project.deployments.push({ ...project.deployments[0]!, data: { name: "old", id: "x", tags: { analytic_story: "Story A" }, scheduling: { cron_schedule: "5 * * * *" } }, origin: { ...project.deployments[0]!.origin, file: "deployments/zz.yml" } });
    expect(matchDeployment(project, "Hunting", { analytic_story: ["Story A"] }).schedule.cron_schedule).toBe("5 * * * *");
  });
});

describe("app identity and icons", () => {
  it("rejects a bad app id or version", async () => {
    const project = await loadProject(FIXTURE);
    project.config.app.appid = "1bad id";
    project.config.app.version = "1.0";
    project.config.app.title = "abc";
    const codes = checkAppIdentity(project).map((d) => `${d.code}:${d.severity}`);
    expect(codes).toEqual(["SC4007:error", "SC4007:error", "SC4007:warning"]);
  });

  it("writes the build number and icons of the right size", () => {
    expect(buildNumber(new Date(Date.UTC(2024, 8, 30, 1, 2, 3)))).toBe("20240930010203");
    expect(pngSize(makeIcon(72, "x"))).toEqual({ width: 72, height: 72 });
    expect(makeIcon(36, "x").equals(makeIcon(36, "x"))).toBe(true);
  });
});
