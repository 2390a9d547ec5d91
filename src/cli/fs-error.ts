// File-system failures on paths the user chose (--out, --path, an input FILE) are user errors, not bugs: one
// clear line and exit 1, never "internal error" with a stack trace (which main.ts prints for anything else).
import { describeFsError, isFsError } from "../fs/errors.js";
import type { Io } from "./io.js";

/**
 * Run a command body; a file-system error it throws becomes `secpack <command>: <one line>` and exit 1.
 * Anything else propagates to main.ts (usage errors -> 2, bugs -> internal error).
 */
export async function reportFsErrors(io: Io, command: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (!isFsError(err)) throw err;
    io.stderr(`secpack ${command}: ${describeFsError(err)}\n`);
    return 1;
  }
}
