// The lookup CSV rules of AppInspect's check_lookup_csv_is_valid (also used by the build to warn early).

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Why a lookup CSV would fail AppInspect, or undefined. */
export function csvProblem(buf: Buffer): string | undefined {
  if (buf.length === 0) return "the file is empty";
  let text: string;
  try {
    text = UTF8.decode(buf);
  } catch {
    return "it is not valid UTF-8";
  }
  if (/\r(?!\n)/.test(text)) return "it uses bare CR line endings";
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  const header = lines[0] ?? "";
  if (header.length > 4096) return `the header is ${header.length} characters (at most 4,096)`;
  const count = (line: string) => {
    if (!line.includes('"')) {
      let n = 1;
      for (let i = line.indexOf(","); i >= 0; i = line.indexOf(",", i + 1)) n++;
      return n;
    }
    let n = 1;
    let q = false;
    for (const ch of line) {
      if (ch === '"') q = !q;
      else if (ch === "," && !q) n++;
    }
    return n;
  };
  const cols = count(header);
  if (cols < 2) return "it has fewer than 2 columns";
  // Quoted fields may span lines: join physical lines while a quote is open.
  let pending = "";
  for (let i = 1; i < lines.length; i++) {
    pending = pending ? pending + "\n" + lines[i] : lines[i]!;
    if ((pending.match(/"/g)?.length ?? 0) % 2 === 1) continue;
    if (pending !== "" && count(pending) !== cols) return `row ${i + 1} has ${count(pending)} columns, the header ${cols}`;
    pending = "";
  }
  return undefined;
}
