// Assembles README.md from the sections in this folder (`npm run readme`). Each section file starts with one
// top heading; headings are shifted so that it becomes a level-2 heading of the README.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const ORDER = ["00-intro", "05-content", "validate", "build", "ssa", "docs", "deploy", "sigma", "elastic", "90-design", "95-benchmarks"];

function shift(text, first) {
  const top = /^(#+) /m.exec(text)?.[1].length ?? 2;
  const by = first ? 0 : 2 - top;
  let fenced = false;
  return text
    .split("\n")
    .map((line) => {
      if (/^(```|~~~)/.test(line)) fenced = !fenced;
      if (fenced || by === 0) return line;
      const m = /^(#+) (.*)$/.exec(line);
      return m ? `${"#".repeat(Math.max(1, m[1].length + by))} ${m[2]}` : line;
    })
    .join("\n");
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading) => heading.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-");

export function assembleReadme() {
const parts = ORDER.map((name, i) => shift(readFileSync(join(here, `${name}.md`), "utf8").trimEnd(), i === 0));
let text = parts.join("\n\n") + "\n";
const headings = [];
let fenced = false;
for (const line of text.split("\n")) {
  if (/^(```|~~~)/.test(line)) fenced = !fenced;
  const m = !fenced && /^## (.*)$/.exec(line);
  if (m && m[1] !== "Contents") headings.push(`- [${m[1].replace(/`/g, "")}](#${slug(m[1])})`);
}
return text.replace("<!-- contents: filled in by docs/readme/assemble.mjs -->", headings.join("\n"));
}

export const README_PATH = join(here, "..", "..", "README.md");

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) writeFileSync(README_PATH, assembleReadme());
