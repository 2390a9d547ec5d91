// Where deploy gets secrets: environment variables, else an interactive prompt (only on a terminal), never flags.
// Names are documented in docs/readme/deploy.md; values are never printed.
import type { Credentials } from "./rest.js";

export const ENV = {
  token: "SPLUNK_TOKEN",
  username: "SPLUNK_USERNAME",
  password: "SPLUNK_PASSWORD",
  acsToken: "SPLUNK_ACS_TOKEN",
  splunkComUser: "SPLUNKBASE_USERNAME",
  splunkComPassword: "SPLUNKBASE_PASSWORD",
} as const;

export type Prompt = (question: string, hidden: boolean) => Promise<string>;

export class MissingCredentials extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MissingCredentials";
  }
}

const nonEmpty = (v: string | undefined): string | undefined => (v && v.length > 0 ? v : undefined);

/** Splunk Enterprise: SPLUNK_TOKEN, else SPLUNK_USERNAME + SPLUNK_PASSWORD, else prompt when allowed. */
export async function enterpriseCredentials(env: NodeJS.ProcessEnv, prompt?: Prompt): Promise<Credentials> {
  const token = nonEmpty(env[ENV.token]);
  if (token) return { kind: "token", token };
  let username = nonEmpty(env[ENV.username]);
  let password = nonEmpty(env[ENV.password]);
  if ((!username || !password) && prompt) {
    username ??= await prompt("Splunk username: ", false);
    password ??= await prompt("Splunk password: ", true);
  }
  if (username && password) return { kind: "password", username, password };
  throw new MissingCredentials(`no Splunk credentials: set ${ENV.token}, or ${ENV.username} and ${ENV.password} (credentials are never taken from flags)`);
}

/** Splunk Cloud: the stack's ACS token plus splunk.com credentials for the AppInspect API. */
export async function cloudCredentials(env: NodeJS.ProcessEnv, prompt?: Prompt): Promise<{ acsToken: string; user: string; password: string }> {
  let acsToken = nonEmpty(env[ENV.acsToken]);
  let user = nonEmpty(env[ENV.splunkComUser]);
  let password = nonEmpty(env[ENV.splunkComPassword]);
  if (prompt) {
    acsToken ??= await prompt("Splunk Cloud ACS token: ", true);
    user ??= await prompt("splunk.com username (AppInspect): ", false);
    password ??= await prompt("splunk.com password (AppInspect): ", true);
  }
  if (acsToken && user && password) return { acsToken, user, password };
  throw new MissingCredentials(
    `no Splunk Cloud credentials: set ${ENV.acsToken} (stack token for ACS) and ${ENV.splunkComUser} / ${ENV.splunkComPassword} (splunk.com account for AppInspect)`,
  );
}

/** A terminal prompt on stdin/stderr; hidden input is not echoed. */
export const terminalPrompt: Prompt = async (question, hidden) => {
  const { createInterface } = await import("node:readline");
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  if (hidden) {
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.startsWith(question)) write.call(rl, question);
    };
  }
  try {
    return await new Promise<string>((resolve) => rl.question(question, resolve));
  } finally {
    if (hidden) process.stderr.write("\n");
    rl.close();
  }
};
