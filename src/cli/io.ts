// The I/O a command may use: injected so end-to-end tests can capture output without spawning.
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Whether stdin is an interactive terminal (prompts are allowed only then). */
  interactive: boolean;
}

export const processIo = (): Io => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
  interactive: Boolean(process.stdin.isTTY),
});

/** A command: parses its own argv (after the command words) and returns the exit code. */
export type Command = (argv: string[], io: Io) => Promise<number>;
