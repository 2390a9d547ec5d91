// The built-in pipelines by name.
import { cimPipeline } from "./cim.js";
import { nonePipeline } from "./none.js";
import type { Pipeline } from "./types.js";
import { windowsPipeline } from "./windows.js";

export type { FieldMapping, FieldTarget, LogsourceMapping, Pipeline } from "./types.js";

export const PIPELINES: Readonly<Record<string, Pipeline>> = {
  none: nonePipeline,
  windows: windowsPipeline,
  cim: cimPipeline,
};
