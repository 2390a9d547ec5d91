// Content tests for SSA detections (security_content layout: tests/<group>/<stem>.test.yml with `tests:` units,
// each naming a detection `file`, a `pass_condition` and `attack_data` files). Finds the tests, resolves data
// files locally (attack_data URLs are never fetched), normalizes the events, runs the pipeline, and applies
// the pass condition. Reads files; never prints (the CLI reports).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { parse } from "yaml";
import type { ContentObject, Project } from "../model/project.js";
import type { Detection } from "../model/types.js";
import { ssaPipelineText } from "./check.js";
import { compileProgram, UnsupportedCommandError, type DetectedEvent } from "./evaluate.js";
import { Spl2CompileError } from "./compile.js";
import { normalizeEvents } from "./normalize/index.js";
import { parsePassCondition } from "./pass-condition.js";
import { parseSpl2 } from "./parser.js";
import { isMap, type ValueMap } from "./values.js";

export interface AttackData {
  file_name?: string;
  data?: string;
  source?: string;
}

export interface TestCase {
  /** Test file, relative to the content root. */
  file: string;
  name: string;
  detectionFile: string;
  detection?: ContentObject<Detection>;
  passCondition: string;
  attackData: AttackData[];
}

export type TestStatus = "pass" | "fail" | "skip" | "error";

export interface TestResult {
  file: string;
  name: string;
  detection: string;
  status: TestStatus;
  message: string;
  passCondition: string;
  events: number;
  detected: number;
  dataFiles: string[];
  /** Detected events as plain JSON (first 20). */
  output: unknown[];
}

const toPosix = (p: string) => p.split(sep).join("/");

function walk(dir: string, match: (name: string) => boolean): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(full, match));
    else if (match(e.name)) out.push(full);
  }
  return out.sort();
}

/** Every test unit under <root>/tests, with its detection (matched by the `file` path under detections/). */
export function discoverTests(project: Project): { cases: TestCase[]; problems: TestResult[] } {
  const root = project.root;
  const detectionsDir = join(root, project.config.paths.detection ?? "detections");
  const byPath = new Map(project.detections.map((d) => [resolve(d.origin.path), d]));
  const byStem = new Map(project.detections.map((d) => [basename(d.origin.file).replace(/\.ya?ml$/i, ""), d]));
  const cases: TestCase[] = [];
  const problems: TestResult[] = [];
  for (const path of walk(join(root, "tests"), (n) => /\.test\.ya?ml$/i.test(n))) {
    const file = toPosix(relative(root, path));
    const bad = (message: string, name = basename(path)): void =>
      void problems.push({ file, name, detection: "", status: "error", message, passCondition: "", events: 0, detected: 0, dataFiles: [], output: [] });
    let doc: unknown;
    try {
      doc = parse(readFileSync(path, "utf8"));
    } catch (err) {
      bad(`Cannot parse the test file: ${(err as Error).message.split("\n")[0]}`);
      continue;
    }
    const units = isObj(doc) && Array.isArray(doc.tests) ? doc.tests : undefined;
    if (!units) {
      bad("The test file has no 'tests:' list.");
      continue;
    }
    for (const u of units) {
      if (!isObj(u) || typeof u.file !== "string") {
        bad("A test unit needs 'file' (the detection, relative to detections/).", isObj(u) && typeof u.name === "string" ? u.name : undefined);
        continue;
      }
      const detection = byPath.get(resolve(detectionsDir, u.file)) ?? byStem.get(basename(u.file).replace(/\.ya?ml$/i, ""));
      cases.push({
        file,
        name: typeof u.name === "string" ? u.name : basename(u.file),
        detectionFile: u.file,
        detection,
        passCondition: typeof u.pass_condition === "string" ? u.pass_condition : "@count_gt(0)",
        attackData: Array.isArray(u.attack_data) ? u.attack_data.filter(isObj).map((a) => a as AttackData) : [],
      });
    }
  }
  return { cases, problems };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Find a data file locally: `data` if it is a path, else `file_name` beside the test or under tests/data. */
export function resolveDataFile(root: string, testFile: string, a: AttackData): { path?: string; looked: string[]; name: string } {
  const testDir = dirname(join(root, testFile));
  const isUrl = typeof a.data === "string" && /^[a-z][a-z0-9+.-]*:\/\//i.test(a.data);
  const looked: string[] = [];
  if (typeof a.data === "string" && !isUrl) {
    for (const base of [testDir, root]) {
      const p = resolve(base, a.data);
      looked.push(toPosix(relative(root, p)));
      if (existsSync(p) && statSync(p).isFile()) return { path: p, looked, name: a.data };
    }
  }
  const name = a.file_name ?? (isUrl ? basename(new URL(a.data!).pathname) : undefined);
  if (!name) return { looked, name: "(unnamed)" };
  for (const dir of [testDir, join(testDir, "data"), join(root, "tests", "data")]) {
    const p = join(dir, name);
    looked.push(toPosix(relative(root, p)) || ".");
    if (existsSync(p) && statSync(p).isFile()) return { path: p, looked, name };
  }
  const deep = walk(join(root, "tests", "data"), (n) => n === name)[0];
  if (deep) return { path: deep, looked, name };
  looked.push("tests/data/**");
  return { looked, name };
}

/** Check what write_ssa_detected_events() would reject. */
function contractProblem(e: DetectedEvent): string | undefined {
  if (typeof e.start_time !== "number") return "start_time is not a number (epoch ms)";
  if (typeof e.end_time !== "number") return "end_time is not a number (epoch ms)";
  if (!e.entities.every((x) => typeof x === "string")) return "entities holds a value that is not a string";
  if (!isMap(e.body) && typeof e.body !== "string") return "body is not a map";
  return undefined;
}

const jsonEvent = (e: DetectedEvent) => JSON.parse(JSON.stringify({ start_time: e.start_time, end_time: e.end_time, entities: e.entities, body: e.body }));

/** Run one test unit. `dataOverride` replaces the unit's attack_data with these files. */
export function runTestCase(project: Project, tc: TestCase, dataOverride?: string[]): TestResult {
  const result: TestResult = {
    file: tc.file,
    name: tc.name,
    detection: tc.detection?.data.name ?? tc.detectionFile,
    status: "error",
    message: "",
    passCondition: tc.passCondition,
    events: 0,
    detected: 0,
    dataFiles: [],
    output: [],
  };
  const done = (status: TestStatus, message: string) => ({ ...result, status, message });
  if (!tc.detection) return done("error", `The test names '${tc.detectionFile}', which is not a detection under detections/.`);
  const text = ssaPipelineText(tc.detection.data);
  if (!text) return done("skip", "The detection has no SSA pipeline (no search and no ssa: block).");
  const cond = parsePassCondition(tc.passCondition);
  if (!cond.ok) return done("error", `Bad pass_condition '${tc.passCondition}': ${cond.message}`);
  const parsed = parseSpl2(text);
  if (!parsed.ok) return done("error", `The pipeline does not parse: ${parsed.error.message} (run secpack validate for the position).`);
  let program;
  try {
    program = compileProgram(parsed.program, text);
  } catch (err) {
    if (err instanceof UnsupportedCommandError) return done("skip", `Not evaluable offline: uses '${err.command}' (stateful or ML).`);
    if (err instanceof Spl2CompileError) return done("error", `The pipeline cannot be compiled: ${err.message}`);
    throw err;
  }
  const events: ValueMap[] = [];
  const files = dataOverride?.map((p) => ({ path: resolve(p), name: basename(p), looked: [toPosix(p)] })) ?? tc.attackData.map((a) => resolveDataFile(project.root, tc.file, a));
  if (files.length === 0) return done("error", "The test has no attack_data.");
  for (const f of files) {
    if (!f.path || !existsSync(f.path)) {
      return done("error", `Data file '${f.name}' is missing (looked in ${f.looked.join(", ")}). attack_data URLs are not downloaded: put the file beside the test or under tests/data/.`);
    }
    result.dataFiles.push(toPosix(relative(project.root, f.path)) || f.path);
    const n = normalizeEvents(readFileSync(f.path, "utf8"));
    if (n.issues.length) {
      const i = n.issues[0]!;
      return done("error", `${result.dataFiles[result.dataFiles.length - 1]}:${i.line}: ${i.message}`);
    }
    events.push(...n.events);
  }
  result.events = events.length;
  const detected = program.run(events);
  result.detected = detected.length;
  result.output = detected.slice(0, 20).map(jsonEvent);
  const bad = detected.map(contractProblem).find(Boolean);
  if (bad) return done("fail", `A detected event breaks the output contract: ${bad}.`);
  const pass = cond.test(detected.length);
  return done(pass ? "pass" : "fail", `${detected.length} detected event${detected.length === 1 ? "" : "s"} from ${events.length} input event${events.length === 1 ? "" : "s"}; ${tc.passCondition} is ${pass}.`);
}
