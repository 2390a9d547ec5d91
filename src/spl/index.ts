// The shared boolean query model and its SPL emitters (see ast.ts for the model).
export * from "./ast.js";
export * from "./dialect.js";
export * from "./expr.js";
export * from "./query.js";
