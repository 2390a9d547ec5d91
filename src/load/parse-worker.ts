// Worker thread of parse-all.ts: claims chunks of files through the shared counter, parses them, posts the
// plain results back, then says it is done.
import { parentPort, workerData } from "node:worker_threads";
import { drain, type WorkerInput, type WorkerReply } from "./parse-all.js";

const input = workerData as WorkerInput;
drain(input, (start, results) => parentPort!.postMessage({ start, results } satisfies WorkerReply));
parentPort!.postMessage({ done: true } satisfies WorkerReply);
