// Turn a file's bytes into YAML text, or say why it cannot be: too large, binary, not UTF-8, empty.
// Byte-level findings (BOM, CRLF) become warnings; the text is still returned. Pure: bytes in, text out.
import type { Diagnostic, Span } from "../diag/diagnostic.js";
import * as codes from "../diag/codes.js";

/** Files larger than this are refused (content YAML is a few KB; a huge file is a mistake or an attack). */
export const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

const at = (line: number, col: number): Span => ({ line, col, endLine: line, endCol: col });

/** 1-based line and column of a byte offset (columns count bytes). */
function bytePos(bytes: Uint8Array, offset: number): Span {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10) (line++, (start = i + 1));
  return at(line, offset - start + 1);
}

/** Offset of the first byte that is not valid UTF-8. */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return b.length;
}

/** True when the text holds nothing but whitespace and comments. */
function isBlank(text: string): boolean {
  for (const line of text.split("\n", 64)) {
    const t = line.trim();
    if (t && !t.startsWith("#")) return false;
  }
  return !/^[ \t]*[^\s#]/m.test(text);
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export interface SourceText {
  text?: string;
  diagnostics: Diagnostic[];
}

/** Decode a content file. `file` is the path printed in diagnostics. */
export function decodeSource(file: string, bytes: Uint8Array, maxBytes = DEFAULT_MAX_BYTES): SourceText {
  const diagnostics: Diagnostic[] = [];
  if (bytes.length > maxBytes) {
    return { diagnostics: [{ file, ...codes.fileTooLarge(bytes.length, maxBytes) }] };
  }
  const nul = bytes.subarray(0, 8192).indexOf(0);
  if (nul >= 0) return { diagnostics: [{ file, span: bytePos(bytes, nul), ...codes.binaryFile() }] };
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const off = firstInvalidUtf8(bytes);
    return { diagnostics: [{ file, span: bytePos(bytes, off), ...codes.notUtf8(bytes[off]) }] };
  }
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
    diagnostics.push({ file, span: at(1, 1), ...codes.byteOrderMark() });
  }
  const crlf = text.indexOf("\r\n");
  if (crlf >= 0) {
    let line = 1;
    for (let i = text.indexOf("\n"); i >= 0 && i < crlf; i = text.indexOf("\n", i + 1)) line++;
    const col = crlf - text.lastIndexOf("\n", crlf - 1);
    diagnostics.push({ file, span: at(line, col), ...codes.crlfLineEndings() });
  }
  if (isBlank(text)) {
    diagnostics.push({ file, ...codes.emptyFile() });
    return { diagnostics };
  }
  return { text, diagnostics };
}
