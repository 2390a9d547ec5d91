// The identity pipeline: Sigma field names as they are, no log source conditions.
import type { Pipeline } from "./types.js";

export const nonePipeline: Pipeline = {
  name: "none",
  description: "Field names as written in the rule; no log source conditions.",
  fields: {},
  logsources: [],
  strictFields: false,
  strictLogsource: false,
  defaultFormat: "search",
};
