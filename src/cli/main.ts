// The command-line entry: one dispatch table and one catch. Exit codes: 0 ok, 1 findings/failure, 2 usage or bug.
import { UsageError } from "../diag/diagnostic.js";
import { processIo, type Command, type Io } from "./io.js";

interface Entry {
  words: string[];
  summary: string;
  load: () => Promise<{ run: Command }>;
}

/** Every command, each in its own module under commands/ (loaded lazily to keep start-up fast). */
const COMMANDS: Entry[] = [
  { words: ["validate"], summary: "load and validate content; report problems as file:line:col", load: () => import("./commands/validate.js") },
  { words: ["schema"], summary: "write the JSON Schemas (for yaml-language-server) to --out DIR", load: () => import("./commands/schema.js") },
  { words: ["build"], summary: "render the Splunk app and pack a reproducible .spl", load: () => import("./commands/build.js") },
  { words: ["inspect"], summary: "check a .spl or app folder against AppInspect-style rules", load: () => import("./commands/inspect.js") },
  { words: ["new", "detection"], summary: "scaffold a new detection YAML (--ssa for an SSA pipeline)", load: () => import("./commands/new-detection.js") },
  { words: ["test"], summary: "run SSA detection tests offline", load: () => import("./commands/test.js") },
  { words: ["docs"], summary: "write markdown detection/story pages, ATT&CK layer, --html report", load: () => import("./commands/docs.js") },
  { words: ["attack", "import"], summary: "import an ATT&CK STIX bundle into a pinned table", load: () => import("./commands/attack-import.js") },
  { words: ["attack", "update"], summary: "download the current ATT&CK bundle and import it", load: () => import("./commands/attack-update.js") },
  { words: ["deploy"], summary: "deploy to Splunk Enterprise (REST) or Splunk Cloud (AppInspect + ACS)", load: () => import("./commands/deploy.js") },
  { words: ["sigma", "convert"], summary: "convert Sigma rules to SPL queries", load: () => import("./commands/sigma-convert.js") },
  { words: ["import", "sigma"], summary: "import Sigma rules as detection YAML", load: () => import("./commands/import-sigma.js") },
  { words: ["elastic", "convert"], summary: "convert Elastic detection rules to SPL queries", load: () => import("./commands/elastic-convert.js") },
  { words: ["import", "elastic"], summary: "import Elastic detection rules as detection YAML", load: () => import("./commands/import-elastic.js") },
];

export function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.words.join(" ").length));
  const lines = COMMANDS.map((c) => `  ${c.words.join(" ").padEnd(width)}  ${c.summary}`);
  return [
    "secpack: security detection content (YAML) to Splunk apps",
    "",
    "Usage: secpack <command> [options]    (secpack <command> --help for a command's options)",
    "",
    "Commands:",
    ...lines,
    "",
    "Exit codes: 0 success, 1 problems found or the operation failed, 2 bad usage or internal error.",
    "",
  ].join("\n");
}

function findCommand(argv: string[]): { entry: Entry; rest: string[] } | undefined {
  const sorted = [...COMMANDS].sort((a, b) => b.words.length - a.words.length);
  for (const entry of sorted) {
    if (entry.words.every((w, i) => argv[i] === w)) return { entry, rest: argv.slice(entry.words.length) };
  }
  return undefined;
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    io.stdout(helpText());
    return 0;
  }
  if (argv[0] === "--version" || argv[0] === "-V") {
    const { readFileSync } = await import("node:fs");
    const { packageRoot } = await import("../paths.js");
    const { join } = await import("node:path");
    io.stdout(JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")).version + "\n");
    return 0;
  }
  const found = findCommand(argv);
  const group = COMMANDS.filter((c) => c.words.length > 1 && c.words[0] === argv[0]);
  if (!found && group.length > 0) {
    // A command group ("secpack sigma", "secpack import --help"): list its commands.
    const width = Math.max(...group.map((c) => c.words.join(" ").length));
    const text = [`Commands of 'secpack ${argv[0]}':`, ...group.map((c) => `  ${c.words.join(" ").padEnd(width)}  ${c.summary}`), ""].join("\n");
    const asked = argv.length === 1 || argv[1] === "--help" || argv[1] === "-h";
    if (asked) {
      io.stdout(text);
      return 0;
    }
    io.stderr(`secpack: unknown command '${argv.join(" ")}'\n\n${text}`);
    return 2;
  }
  if (!found) {
    io.stderr(`secpack: unknown command '${argv.join(" ")}'\n\n${helpText()}`);
    return 2;
  }
  try {
    const mod = await found.entry.load();
    return await mod.run(found.rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`secpack ${found.entry.words.join(" ")}: ${err.message}\n`);
      return 2;
    }
    if ((err as NodeJS.ErrnoException)?.code === "ERR_MODULE_NOT_FOUND") {
      io.stderr(`secpack: command '${found.entry.words.join(" ")}' is not available in this build\n`);
      return 2;
    }
    io.stderr(`secpack: internal error: ${(err as Error)?.stack ?? err}\nThis is a bug in secpack; please report it.\n`);
    return 2;
  }
}
