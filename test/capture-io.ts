// A capturing Io for in-process CLI tests: what a command writes to stdout and stderr is kept, chunk by chunk.
import type { Io } from "../src/cli/io.js";

/** An Io that records output; `stdout()` / `stderr()` give each stream as one string. */
export function captureIo(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), env, cwd, interactive: false };
  return { out, err, io, stdout: () => out.join(""), stderr: () => err.join("") };
}
