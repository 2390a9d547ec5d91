// Unit tests for the pure parts: value comparison, the plan, and the AppInspect report reader.
import { describe, expect, it } from "vitest";
import { readReport } from "../../src/deploy/appinspect.js";
import { makePlan, sameValue } from "../../src/deploy/plan.js";
import { Redactor } from "../../src/deploy/redact.js";

describe("sameValue", () => {
  it("matches Splunk's typed JSON against conf text", () => {
    expect(sameValue("1", true)).toBe(true);
    expect(sameValue("false", false)).toBe(true);
    expect(sameValue("true", false)).toBe(false);
    expect(sameValue("1000", 1000)).toBe(true);
    expect(sameValue("", undefined)).toBe(true);
    expect(sameValue("x", null)).toBe(false);
    expect(sameValue("a \nb", "a \nb")).toBe(true);
    expect(sameValue("a\r\nb", "a\nb")).toBe(true);
    expect(sameValue("0 * * * *", "5 * * * *")).toBe(false);
  });
});

describe("makePlan", () => {
  const acl = (app: string, owner = "nobody") => ({ app, owner, sharing: "app", perms: { read: ["*"], write: ["admin"] }, removable: true });
  it("ignores other apps' and users' objects, and prunes only app-level objects of the app", () => {
    const remote = new Map([
      ["macro" as const, [
        { name: "mine", acl: acl("a"), content: { definition: "x" } },
        { name: "gone", acl: acl("a"), content: {} },
        { name: "theirs", acl: acl("other"), content: {} },
        { name: "private", acl: acl("a", "alice"), content: {} },
        { name: "shipped", acl: { ...acl("a"), removable: false }, content: {} },
      ]],
    ]);
    const plan = makePlan([{ kind: "macro", name: "mine", keys: new Map([["definition", "x"]]) }], remote, "a", true);
    expect(plan.items.map((i) => `${i.action}:${i.name}`)).toEqual(["unchanged:mine", "delete:gone"]);
    expect(plan.kept).toEqual([{ kind: "macro", name: "shipped" }]);
    const noPrune = makePlan([], remote, "a", false);
    expect(noPrune.items).toEqual([]);
    expect(noPrune.extra.map((e) => e.name)).toEqual(["mine", "gone", "shipped"]);
  });
});

describe("readReport", () => {
  it("requires exactly one report and collects failures, errors and manual checks", () => {
    expect(() => readReport("r", "SUCCESS", { reports: [] })).toThrow(/exactly one report/);
    const r = readReport("r", "SUCCESS", {
      summary: { failure: 1, manual_check: 1, warning: 1 },
      reports: [{ groups: [{ checks: [
        { name: "a", result: "failure", messages: [{ message: "bad", message_filename: "default/x.conf", message_line: 3 }] },
        { name: "b", result: "manual_check", messages: [] },
        { name: "c", result: "warning", messages: [{ message: "meh" }] },
        { name: "d", result: "success", messages: [] },
      ] }] }],
    });
    expect(r.passed).toBe(false);
    expect(r.failures.map((f) => `${f.check}:${f.message}:${f.file ?? ""}:${f.line ?? ""}`)).toEqual(["a:bad:default/x.conf:3", "b:(no message)::"]);
    expect(r.warnings).toHaveLength(1);
  });
});

describe("Redactor", () => {
  it("scrubs plain, URL-encoded and base64 forms", () => {
    const r = new Redactor();
    r.addBasic("u", "p@ss word");
    expect(r.redact(`x p@ss word y p%40ss%20word z ${Buffer.from("u:p@ss word").toString("base64")}`)).toBe("x *** y *** z ***");
  });
});
