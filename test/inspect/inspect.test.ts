import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { loadProject, FIXTURE } from "../render/helpers.js";
import { renderApp } from "../../src/render/index.js";
import { packSpl } from "../../src/package/pack.js";
import { inspectPackage, type InspectReport } from "../../src/inspect/index.js";
import { xmlProblem } from "../../src/inspect/checks.js";
import type { OutputFile } from "../../src/render/output.js";
import { captureIo } from "../capture-io.js";

let files: OutputFile[];
const APPID = "Fixture_Content";

beforeAll(async () => {
  files = renderApp(await loadProject(FIXTURE)).files;
});

/** Write the rendered app as a folder named `name`, apply `mutate`, return the folder. */
function appFolder(mutate: (dir: string) => void = () => {}, name = APPID): string {
  const dir = join(mkdtempSync(join(tmpdir(), "secpack-inspect-")), name);
  for (const f of files) {
    mkdirSync(join(dir, f.path, ".."), { recursive: true });
    writeFileSync(join(dir, f.path), f.contents, { mode: 0o644 });
  }
  mutate(dir);
  return dir;
}

const status = (r: InspectReport, name: string) => r.checks.find((c) => c.name === name)?.status;
const failed = (r: InspectReport) => r.checks.filter((c) => c.status === "failure").map((c) => c.name);

describe("inspect", () => {
  it("passes a rendered app (folder and .spl) with no failures or warnings", async () => {
    const r = await inspectPackage(appFolder());
    expect(failed(r)).toEqual([]);
    expect(r.checks.filter((c) => c.status === "warning")).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), "secpack-inspect-"));
    writeFileSync(join(dir, "a.spl"), await packSpl(APPID, files, { mtime: new Date(0) }));
    const s = await inspectPackage(join(dir, "a.spl"));
    expect(s.ok).toBe(true);
    expect(status(s, "check_package_compression")).toBe("success");
  });

  const cases: [string, (dir: string) => void, string][] = [
    ["a local/ folder", (d) => (mkdirSync(join(d, "local")), writeFileSync(join(d, "local", "app.conf"), "[x]\n")), "check_that_local_does_not_exist"],
    ["metadata/local.meta", (d) => writeFileSync(join(d, "metadata", "local.meta"), "[]\n"), "check_for_local_meta"],
    ["a hidden file", (d) => writeFileSync(join(d, "default", ".DS_Store"), "x"), "check_that_extracted_splunk_app_does_not_contain_prohibited_directories_or_files"],
    ["an exec bit outside bin/", (d) => chmodSync(join(d, "README.md"), 0o755), "check_for_bin_files"],
    ["compiled python", (d) => writeFileSync(join(d, "default", "x.pyc"), "x"), "check_for_compiled_python"],
    ["a version mismatch", (d) => writeFileSync(join(d, "default", "app.conf"), String(readFileSync(join(d, "default", "app.conf"))).replace(/\[id\]\nname = Fixture_Content\nversion = 2.3.4/, "[id]\nname = Fixture_Content\nversion = 2.3.5")), "check_version_is_valid_semver"],
    ["a bad manifest id", (d) => writeFileSync(join(d, "app.manifest"), JSON.stringify({ schemaVersion: "2.0.0", info: { id: { name: "other", version: "2.3.4" } } })), "check_for_valid_package_id"],
    ["is_configured = true", (d) => writeFileSync(join(d, "default", "app.conf"), String(readFileSync(join(d, "default", "app.conf"))).replace("is_configured = false", "is_configured = true")), "check_that_setup_has_not_been_performed"],
    ["a duplicate stanza", (d) => writeFileSync(join(d, "default", "macros.conf"), "[a]\ndefinition = 1\n[a]\ndefinition = 2\n"), "check_config_file_parsing"],
    ["a continuation with trailing whitespace", (d) => writeFileSync(join(d, "default", "macros.conf"), "[a]\ndefinition = 1 \\ \nx = 2\n"), "check_config_file_parsing"],
    ["a custom conf without reload trigger", (d) => writeFileSync(join(d, "default", "mystuff.conf"), "[a]\nb = 1\n"), "check_reload_trigger_for_all_custom_confs"],
    ["a trigger for a Splunk conf", (d) => writeFileSync(join(d, "default", "app.conf"), String(readFileSync(join(d, "default", "app.conf"))).replace("[triggers]", "[triggers]\nreload.props = simple")), "check_for_trigger_stanza"],
    ["write : [ * ] in default.meta", (d) => writeFileSync(join(d, "metadata", "default.meta"), "[]\naccess = read : [ * ], write : [ * ]\n"), "check_meta_default_write_access"],
    ["no global ACL in default.meta", (d) => writeFileSync(join(d, "metadata", "default.meta"), "[views]\naccess = read : [ * ], write : [ admin, sc_admin ]\n"), "check_meta_default_write_access"],
    ["a [default] stanza in macros.conf", (d) => writeFileSync(join(d, "default", "macros.conf"), "[default]\ndefinition = 1\n"), "check_no_default_stanzas"],
    ["a ragged CSV", (d) => writeFileSync(join(d, "lookups", "fixture_domains.csv"), "a,b\n1,2,3\n"), "check_lookup_csv_is_valid"],
    ["a one-column CSV", (d) => writeFileSync(join(d, "lookups", "fixture_domains.csv"), "a\n1\n"), "check_lookup_csv_is_valid"],
    ["a scheduled search without latest_time", (d) => writeFileSync(join(d, "default", "savedsearches.conf"), "[s]\nenableSched = 1\ncron_schedule = 0 * * * *\ndispatch.earliest_time = -1h\nsearch = index=x\n"), "check_for_sched_saved_searches_latest_time"],
    ["an invalid cron", (d) => writeFileSync(join(d, "default", "savedsearches.conf"), "[s]\nenableSched = 1\ncron_schedule = every hour\ndispatch.earliest_time = -1h\ndispatch.latest_time = now\nsearch = index=x\n"), "check_for_gratuitous_cron_scheduling"],
    ["broken XML", (d) => writeFileSync(join(d, "default", "data.xml"), "<nav><view></nav>"), "check_that_all_xml_files_are_well_formed"],
    ["broken JSON", (d) => writeFileSync(join(d, "app.manifest"), "{"), "check_validate_json_data_is_well_formed"],
    ["no app.conf", (d) => rmSync(join(d, "default", "app.conf")), "check_that_extracted_splunk_app_contains_default_app_conf_file"],
  ];
  for (const [what, mutate, check] of cases) {
    it(`fails ${check} for ${what}`, async () => {
      const r = await inspectPackage(appFolder(mutate));
      expect(status(r, check)).toBe("failure");
      expect(r.ok).toBe(false);
      expect(r.checks.find((c) => c.name === check)!.messages.length).toBeGreaterThan(0);
    });
  }

  it("fails a folder whose name differs from the app id", async () => {
    const r = await inspectPackage(appFolder(() => {}, "Other_Name"));
    expect(status(r, "check_for_valid_package_id")).toBe("failure");
  });

  it("warns for admin without sc_admin and for a missing replication entry", async () => {
    const r = await inspectPackage(
      appFolder((d) => {
        writeFileSync(join(d, "metadata", "default.meta"), "[]\naccess = read : [ * ], write : [ admin ]\n");
        writeFileSync(join(d, "default", "server.conf"), "[shclustering]\n");
      }),
    );
    expect(status(r, "check_kos_are_accessible")).toBe("warning");
    expect(status(r, "check_custom_conf_replication")).toBe("warning");
    expect(r.ok).toBe(true);
  });

  it("rejects what is not a gzip tar, and archives with two top folders", async () => {
    const dir = mkdtempSync(join(tmpdir(), "secpack-inspect-"));
    writeFileSync(join(dir, "junk.spl"), "not an archive at all");
    const junk = await inspectPackage(join(dir, "junk.spl"));
    expect(status(junk, "check_that_splunk_app_package_valid_compressed_file")).toBe("failure");
    writeFileSync(join(dir, "trunc.spl"), (await packSpl(APPID, files, { mtime: new Date(0) })).subarray(0, 200));
    expect(status(await inspectPackage(join(dir, "trunc.spl")), "check_that_splunk_app_package_valid_compressed_file")).toBe("failure");
    const two = await packSpl("x", [{ path: "a", contents: "1" }], { mtime: new Date(0) });
    writeFileSync(join(dir, "plain.tar"), gunzipSync(two));
    expect(status(await inspectPackage(join(dir, "plain.tar")), "check_package_compression")).toBe("failure");
    const folder = mkdtempSync(join(tmpdir(), "secpack-inspect-"));
    cpSync(appFolder(), join(folder, "wrapper", APPID), { recursive: true });
    writeFileSync(join(folder, "wrapper", "stray.txt"), "x");
    const r = await inspectPackage(join(folder, "wrapper"));
    expect(r.ok).toBe(false);
  });

  it("has a small XML checker", () => {
    expect(xmlProblem('<?xml version="1.0"?><nav a="1"><view name="x"/><!-- <bad --></nav>')).toBeUndefined();
    expect(xmlProblem("<a><b></a>")).toMatch(/does not match/);
    expect(xmlProblem("<a>x & y</a>")).toMatch(/&/);
    expect(xmlProblem("<a>")).toMatch(/not closed/);
  });
});

/** A gzip tar of the rendered app plus `extra` raw entries (names exactly as given, no normalization). */
async function tarWith(extra: { name: string; type?: "file" | "symlink" | "link"; linkname?: string; body?: string }[]): Promise<string> {
  const { default: tar } = await import("tar-stream");
  const { gzipSync } = await import("node:zlib");
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (c: Buffer) => void chunks.push(c));
  const done = new Promise((resolve) => pack.on("end", resolve));
  for (const f of files) pack.entry({ name: `${APPID}/${f.path}`, mode: 0o644 }, Buffer.from(f.contents));
  for (const e of extra) {
    if (e.type === "symlink" || e.type === "link") pack.entry({ name: e.name, type: e.type, linkname: e.linkname, mode: 0o777 });
    else pack.entry({ name: e.name, mode: 0o644 }, e.body ?? "x");
  }
  pack.finalize();
  await done;
  const path = join(mkdtempSync(join(tmpdir(), "secpack-inspect-")), "app.spl");
  writeFileSync(path, gzipSync(Buffer.concat(chunks)));
  return path;
}

const messagesOf = (r: InspectReport, name: string) => r.checks.find((c) => c.name === name)?.messages.map((m) => `${m.file}: ${m.message}`) ?? [];

describe("unsafe archive paths", () => {
  const PATHS = "check_that_archive_paths_stay_inside_the_app";
  const HIDDEN = "check_that_extracted_splunk_app_does_not_contain_prohibited_directories_or_files";
  const LINKS = "check_symlink_outside_app";

  it("reports '..' and absolute paths as path traversal, not as hidden entries", async () => {
    const r = await inspectPackage(await tarWith([{ name: `${APPID}/../evil.sh` }, { name: `${APPID}/bin/../../x.txt` }, { name: "/etc/cron.d/evil" }]));
    expect(messagesOf(r, PATHS)).toEqual([
      `${APPID}/../evil.sh: Path traversal: a '..' component would extract outside the app folder.`,
      `${APPID}/bin/../../x.txt: Path traversal: a '..' component would extract outside the app folder.`,
      "/etc/cron.d/evil: Absolute path: it would extract outside the app folder.",
    ]);
    expect(status(r, PATHS)).toBe("failure");
    expect(messagesOf(r, HIDDEN)).toEqual([]);
    expect(r.ok).toBe(false);
  });

  it("says where a link points, and whether that is outside the app", async () => {
    const r = await inspectPackage(
      await tarWith([
        { name: `${APPID}/lookups/passwd.csv`, type: "symlink", linkname: "../../../etc/passwd" },
        { name: `${APPID}/lookups/abs.csv`, type: "symlink", linkname: "/etc/shadow" },
        { name: `${APPID}/lookups/inside.csv`, type: "symlink", linkname: "../default/app.conf" },
        { name: `${APPID}/lookups/hard.csv`, type: "link", linkname: `${APPID}/default/app.conf` },
      ]),
    );
    expect(messagesOf(r, LINKS)).toEqual([
      `${APPID}/lookups/passwd.csv: Symbolic link to '../../../etc/passwd', which points outside the app; ship regular files only.`,
      `${APPID}/lookups/abs.csv: Symbolic link to '/etc/shadow', which points outside the app; ship regular files only.`,
      `${APPID}/lookups/inside.csv: Symbolic link to '../default/app.conf'; ship regular files only.`,
      `${APPID}/lookups/hard.csv: Hard link to '${APPID}/default/app.conf'; ship regular files only.`,
    ]);
    expect(status(r, PATHS)).toBe("success");
  });

  it("a hidden file is still reported as hidden", async () => {
    const r = await inspectPackage(await tarWith([{ name: `${APPID}/default/.secret` }]));
    expect(messagesOf(r, HIDDEN)).toEqual([`${APPID}/default/.secret: Hidden or __MACOSX entry.`]);
    expect(status(r, PATHS)).toBe("success");
  });
});

describe("secpack inspect (CLI)", () => {
  const run = async (argv: string[]) => {
    const { main } = await import("../../src/cli/main.js");
    const c = captureIo(tmpdir());
    const code = await main(argv, c.io);
    return { code, out: c.stdout(), err: c.stderr() };
  };

  it("a missing file is a failed operation (exit 1) with a clear message, not a usage error", async () => {
    const r = await run(["inspect", "no-such-app.spl"]);
    expect(r.err).toBe("secpack inspect: 'no-such-app.spl' does not exist\n");
    expect(r.code).toBe(1);
  });

  it("prints the traversal message for an entry with '..'", async () => {
    const r = await run(["inspect", await tarWith([{ name: `${APPID}/../evil.sh` }])]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`FAIL  check_that_archive_paths_stay_inside_the_app:`);
    expect(r.out).toContain(`${APPID}/../evil.sh: Path traversal: a '..' component would extract outside the app folder.`);
    expect(r.out).not.toContain("Hidden or __MACOSX");
  });

  it("shows control characters of entry names escaped, so a name cannot drive the terminal", async () => {
    const r = await run(["inspect", await tarWith([{ name: `${APPID}/../\u001b[2J\revil.sh` }])]);
    expect(r.code).toBe(1);
    expect(r.out).not.toMatch(/[\u001b\r]/);
    expect(r.out).toContain(`${APPID}/../\\x1b[2J\\x0devil.sh: Path traversal`);
  });
});

describe("hostile archives are read within bounds", () => {
  const VALID = "check_that_splunk_app_package_valid_compressed_file";

  it("refuses a gzip bomb (1.1 GiB of zeros in a tiny .spl) with a clear message instead of unpacking it", async () => {
    const { gzipBomb } = await import("../package/hostile.js");
    const bomb = await gzipBomb(APPID, 1100);
    expect(readFileSync(bomb).length).toBeLessThan(4 << 20);
    const r = await inspectPackage(bomb);
    expect(status(r, VALID)).toBe("failure");
    expect(messagesOf(r, VALID).join("\n")).toMatch(/more than 1024 MiB.*decompression bomb/);
    expect(r.ok).toBe(false);
  });

  it("refuses a bomb whose tar header understates the size (the decompressed stream itself is metered)", async () => {
    const { gzipBomb } = await import("../package/hostile.js");
    const { readPackage } = await import("../../src/inspect/read.js");
    const bomb = await gzipBomb(APPID, 48, { headerSize: 10 });
    const src = await readPackage(bomb, { maxArchiveBytes: 1 << 30, maxUnpackedBytes: 32 << 20, maxEntries: 1000 });
    expect(src.readError).toMatch(/decompresses to more than 32 MiB/);
  });

  it("refuses too many entries and an oversized archive file", async () => {
    const { rawSpl } = await import("../package/hostile.js");
    const { readPackage } = await import("../../src/inspect/read.js");
    const many = await rawSpl(Array.from({ length: 50 }, (_, i) => ({ name: `${APPID}/lookups/f${i}.csv`, body: "a\n1\n" })));
    const limits = { maxArchiveBytes: 1 << 30, maxUnpackedBytes: 1 << 30, maxEntries: 20 };
    expect((await readPackage(many, limits)).readError).toMatch(/more than 20 entries/);
    expect((await readPackage(many, { ...limits, maxArchiveBytes: 100, maxEntries: 1000 })).readError).toMatch(/more than the 100 bytes/);
    expect((await readPackage(many, { ...limits, maxEntries: 1000 })).readError).toBeUndefined();
  });
});
