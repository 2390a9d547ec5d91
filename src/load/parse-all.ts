// Read and parse many files, on the main thread and on worker threads at once. The files are claimed in
// small chunks through one shared counter (Atomics), so the threads balance themselves; a worker sends each
// chunk's results back as plain data (structured clone, ~15x cheaper than parsing). Results keep the order of
// the input. Any file a worker did not deliver (it failed to start, crashed) is parsed here: the outcome is
// the same with or without workers.
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import * as codes from "../diag/codes.js";
import { parseSource, type ParsedSource } from "./parse.js";

export interface ParseItem {
  /** Printed path (relative to the content root, POSIX separators). */
  file: string;
  /** Absolute path to read. */
  path: string;
}

/** Message from a worker: parsed results of items start.. (in order), or the end of its work. */
export type WorkerReply = { start: number; results: ParsedSource[] } | { done: true };

export interface WorkerInput {
  items: ParseItem[];
  maxBytes: number;
  /** Int32Array over a SharedArrayBuffer: index of the next unclaimed item. */
  next: Int32Array;
}

/** Files claimed at once by a thread. */
export const CHUNK = 16;
/** Fewer files than this are parsed on the main thread alone (starting a worker costs ~40 ms). */
export const MIN_FILES_FOR_WORKERS = 400;

/** Read and parse one file; a read failure becomes its SC1xxx diagnostic. */
export function readAndParse(item: ParseItem, maxBytes: number): ParsedSource {
  let bytes: Buffer;
  try {
    bytes = readFileSync(item.path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { diagnostics: [{ file: item.file, ...codes.unreadableFile(e.code ?? e.message) }] };
  }
  return parseSource(item.file, bytes, maxBytes);
}

/** Claim chunks from `next` until none is left, handing each chunk's results to `emit`. */
export function drain(input: WorkerInput, emit: (start: number, results: ParsedSource[]) => void): void {
  const { items, maxBytes, next } = input;
  for (;;) {
    const start = Atomics.add(next, 0, CHUNK);
    if (start >= items.length) return;
    const results: ParsedSource[] = [];
    for (let i = start; i < Math.min(start + CHUNK, items.length); i++) results.push(readAndParse(items[i], maxBytes));
    emit(start, results);
  }
}

const WORKER_URL = new URL("./parse-worker.js", import.meta.url);

/** Worker threads to use by default: one per extra core, at most 3; none where the compiled worker is absent. */
export function defaultWorkers(files: number): number {
  if (files < MIN_FILES_FOR_WORKERS || !existsSync(fileURLToPath(WORKER_URL))) return 0;
  return Math.max(0, Math.min(3, availableParallelism() - 1));
}

function runWorker(input: WorkerInput, out: (ParsedSource | undefined)[]): Promise<void> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_URL, { workerData: input });
    } catch {
      resolve();
      return;
    }
    let settled = false;
    const finish = () => {
      if (!settled) (settled = true), resolve();
    };
    worker.on("message", (m: WorkerReply) => {
      if ("done" in m) return finish();
      m.results.forEach((r, k) => (out[m.start + k] = r));
    });
    worker.on("error", finish); // its unfinished chunks are parsed below
    worker.on("exit", finish);
  });
}

/** Parse every item; `workers` extra threads (default: by core count and file count). */
export async function parseAll(items: ParseItem[], maxBytes: number, workers = defaultWorkers(items.length)): Promise<ParsedSource[]> {
  const out: (ParsedSource | undefined)[] = new Array(items.length);
  const input: WorkerInput = { items, maxBytes, next: new Int32Array(new SharedArrayBuffer(4)) };
  const running = Array.from({ length: Math.max(0, workers) }, () => runWorker(input, out));
  drain(input, (start, results) => results.forEach((r, k) => (out[start + k] = r)));
  await Promise.all(running);
  for (let i = 0; i < items.length; i++) out[i] ??= readAndParse(items[i], maxBytes);
  return out as ParsedSource[];
}
