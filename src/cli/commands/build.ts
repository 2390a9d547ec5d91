// PLACEHOLDER: replaced by the module that implements this command.
import type { Command } from "../io.js";

export const run: Command = async (_argv, io) => {
  io.stderr("secpack: 'build' is not implemented yet\n");
  return 2;
};
