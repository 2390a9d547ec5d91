// One rule for every golden runner: a golden file is written only when UPDATE_GOLDEN is set. A missing golden file
// fails the test (it never passes by creating the file it compares against).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { expect } from "vitest";

export const updateGolden = (env: NodeJS.ProcessEnv = process.env): boolean => Boolean(env.UPDATE_GOLDEN) && env.UPDATE_GOLDEN !== "0";

/** Compare `actual` with the golden `file`; with UPDATE_GOLDEN=1, (re)write it first. */
export function expectGoldenFile(file: string, actual: string, env: NodeJS.ProcessEnv = process.env): void {
  if (updateGolden(env)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  } else if (!existsSync(file)) {
    throw new Error(`golden file ${file} is missing: run with UPDATE_GOLDEN=1 to write it, then review the diff`);
  }
  expect(actual).toBe(readFileSync(file, "utf8"));
}
