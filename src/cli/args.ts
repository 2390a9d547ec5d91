// Shared argument parsing for commands (node:util parseArgs), turning its errors into UsageError.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../diag/diagnostic.js";

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig["options"]>>(
  argv: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
