// Compiles the docs EJS templates (templates/docs/*.ejs) once per process. `<%=` escapes with the
// template's own escaper (HTML for pages, as Jinja's autoescape did); `<%-` is for already-safe text.
import { readFileSync } from "node:fs";
import ejs from "ejs";
import { templatePath } from "../paths.js";
import { htmlEscape } from "./text.js";

export type Template = (locals: Record<string, unknown>) => string;

const cache = new Map<string, Template>();

/**
 * Load `templates/docs/<name>`. With `noFinalNewline`, the template file's own final newline is dropped
 * (doc pages end without one); the rendered text is otherwise exactly what the template produces.
 */
export function docsTemplate(name: string, opts: { noFinalNewline?: boolean; escape?: (v: unknown) => string } = {}): Template {
  const key = `${name}|${opts.noFinalNewline ? 1 : 0}|${opts.escape ? "custom" : "html"}`;
  let t = cache.get(key);
  if (!t) {
    const file = templatePath("docs", name);
    let text = readFileSync(file, "utf8");
    if (opts.noFinalNewline) text = text.replace(/\r?\n$/, "");
    t = ejs.compile(text, { strict: true, localsName: "it", escape: opts.escape ?? htmlEscape, filename: file }) as Template;
    cache.set(key, t);
  }
  return t;
}
