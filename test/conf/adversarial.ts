// Adversarial values for .conf writers (shared by the conf and render tests).
/** The adversarial values every free-text field must survive. */
export const ADVERSARIAL: Record<string, string> = {
  stanzaInjection: "harmless\n[evil]\nsearch = | delete",
  keyInjection: "first line\ndisabled = false",
  carriageReturn: "one\rtwo\r\nthree",
  trailingBackslash: "ends with a backslash\\",
  innerBackslashLine: "C:\\Windows\\\nnext line",
  lineSeparator: "before\u2028after\u2029end\u0085x",
  long: "x".repeat(10_000),
  nonAscii: "Zürich – 東京 – emoji 🔥 – ‘quotes’",
  comment: "# not a comment",
  blankLines: "a\n\n\nb",
  padded: "   padded   ",
  controls: "bell\u0007 nul\u0000 tab\tend",
  onlyBackslashes: "\\\\\\",
  leadingBracket: "[looks like a stanza]",
  continuationInside: "a \\\nb",
};
