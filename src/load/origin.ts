// Source positions on demand: values come from the fast parser; when a diagnostic needs a span, the file
// is parsed once more with `yaml` (keeping node ranges) and the JSON pointer is walked. Pure over the text.
// `yaml` itself is loaded on the first locate (its import costs ~50 ms of start-up; clean content never needs it).
import { createRequire } from "node:module";
import type { Document, LineCounter } from "yaml";
import type { Span } from "../diag/diagnostic.js";
import type { Origin } from "../model/project.js";

/** Split a JSON pointer ("/tags/analytic_story/0") into keys. */
export function pointerKeys(pointer: string): string[] {
  if (pointer === "" || pointer === "/") return [];
  return pointer.split("/").slice(1).map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"));
}

type YamlModule = typeof import("yaml");
let yamlModule: YamlModule | undefined;
const yamlLib = (): YamlModule => (yamlModule ??= createRequire(import.meta.url)("yaml") as YamlModule);

interface Located {
  doc: Document;
  lines: LineCounter;
}

/**
 * An Origin whose `locate` parses `text` (already repaired so strict parsers accept it) on first use.
 * `shift` maps 1-based lines whose indentation the repair increased to the number of spaces added.
 */
export function lazyOrigin(file: string, path: string, text: string, shift: Map<number, number>): Origin {
  let parsed: Located | undefined;
  const get = (): Located => {
    if (!parsed) {
      const { LineCounter, parseDocument } = yamlLib();
      const lines = new LineCounter();
      const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, version: "1.1", keepSourceTokens: false });
      parsed = { doc, lines };
    }
    return parsed;
  };
  const pos = (offset: number) => {
    const p = get().lines.linePos(offset);
    return { line: p.line, col: Math.max(1, p.col - (shift.get(p.line) ?? 0)) };
  };
  return {
    file,
    path,
    locate(pointer: string): Span | undefined {
      const { doc } = get();
      const { isNode } = yamlLib();
      const keys = pointerKeys(pointer);
      for (let n = keys.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n).map((k) => (/^\d+$/.test(k) ? Number(k) : k)), true);
        if (isNode(node) && node.range) {
          const s = pos(node.range[0]);
          // range[1] is the value end; clamp it to the start line's end for multi-line values
          const e = pos(node.range[1]);
          return { line: s.line, col: s.col, endLine: e.line, endCol: e.col };
        }
      }
      return { line: 1, col: 1, endLine: 1, endCol: 1 };
    },
  };
}
