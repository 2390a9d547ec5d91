// Every Sigma v2 construct, one small inline rule each, with the exact SPL it must become (pipeline none).
// Each expectation was checked by hand against Splunk's documented search-language semantics:
//  - search command: values compare case-insensitively, field names are case-sensitive; inside "..." a
//    backslash escapes `\` and `"`; `*` is always a wildcard (it cannot be escaped) and `?` is literal;
//    precedence NOT > OR > AND, so `a OR b c` is `(a OR b) AND c`; `NOT f=x` also holds when f is missing
//    (unlike `f!=x`), which is Sigma's meaning of `not`; `f="10.0.0.0/8"` is a CIDR match.
//  - `| regex f="..."` runs PCRE on f (case-sensitive); the quoted argument is unescaped once by the search
//    language, so every backslash of the pattern is doubled. `| where` uses eval semantics: string `==` and
//    match() are case-sensitive (globs get `(?i)`), AND binds tighter than OR, and a missing field makes a
//    comparison null (false), so negations are pushed to the leaves with isnull() guards.
// Where pySigma's Splunk backend (SigmaHQ/pySigma-backend-splunk, tests/test_backend_splunk.py) has an expected
// output for the same rule, the comment `py:` gives it and says whether ours is equivalent.
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/diag/format.js";
import { convertRule } from "../../src/sigma/convert.js";
import { base64Offsets } from "../../src/sigma/modifiers.js";
import { PIPELINES } from "../../src/sigma/pipelines/index.js";
import { parseSigmaRule } from "../../src/sigma/rule.js";

/** Convert `detection:` lines (YAML, indented two spaces) under the none pipeline; query or diagnostics. */
function convert(detection: string): string {
  const parsed = parseSigmaRule(`title: T\nlogsource:\n  product: windows\ndetection:\n${detection}\n`, "r.yml");
  if (!parsed.rule) return parsed.diagnostics.map(formatDiagnostic).join("\n");
  const r = convertRule(parsed.rule, { pipeline: PIPELINES.none });
  return r.conversion?.query ?? r.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n");
}

/** `sel` with one `key: value` entry, condition `cond`. */
const one = (key: string, value: string, cond = "sel") => convert(`  sel:\n    ${key}: ${value}\n  condition: ${cond}`);

type Case = [name: string, detection: string, expected: string];

const sel = (key: string, value: string, cond = "sel") => `  sel:\n    ${key}: ${value}\n  condition: ${cond}`;

const CASES: Case[] = [
  // --- plain values, quoting and escaping -------------------------------------------------------------
  // py: fieldA="valueA" fieldB="valueB" (same)
  ["map is AND", "  sel:\n    fieldA: valueA\n    fieldB: valueB\n  condition: sel", 'fieldA="valueA" fieldB="valueB"'],
  // py: fieldA IN ("valueA", "valueB", "valueC*") (same)
  ["value list is OR, as IN", "  sel:\n    fieldA: [valueA, valueB, 'valueC*']\n  condition: sel", 'fieldA IN ("valueA", "valueB", "valueC*")'],
  // py: fieldA IN ("valueA1", "valueA2") fieldB IN ("valueB1", "valueB2") (same)
  ["two lists ANDed", "  sel:\n    fieldA: [valueA1, valueA2]\n    fieldB: [valueB1, valueB2]\n  condition: sel", 'fieldA IN ("valueA1", "valueA2") fieldB IN ("valueB1", "valueB2")'],
  ["integer unquoted", sel("EventID", "4688"), "EventID=4688"],
  ["leading zeros keep quotes", sel("a", "'007'"), 'a="007"'],
  ["boolean as text", sel("a", "true"), 'a="true"'],
  ["double quote escaped", sel("a", "'say \"hi\"'"), 'a="say \\"hi\\""'],
  ["single backslash is literal, doubled in SPL", sel("a", "'C:\\Windows\\x.exe'"), 'a="C:\\\\Windows\\\\x.exe"'],
  ["Sigma \\\\ is one backslash", sel("a", "'\\\\\\\\srv\\\\share'"), 'a="\\\\\\\\srv\\\\share"'],
  ["trailing single backslash", sel("a", "'x\\'"), 'a="x\\\\"'],
  ["escaped backslash then wildcard", sel("a", "'C:\\\\*'"), 'a="C:\\\\*"'],
  // A literal `*` cannot be written in a search value: it becomes an anchored, case-insensitive regex.
  ["escaped star needs a regex", sel("a", "'x\\*y'"), '* | where match(a, "(?i)^x\\\\*y$")'],
  // Splunk has no one-character wildcard (pySigma writes `*`, which over-matches): a regex keeps `?` exact.
  ["? is exactly one character", sel("a", "'x?z'"), '* | where match(a, "(?is)^x.z$")'],
  ["escaped ? is literal (and literal in SPL)", sel("a", "'x\\?'"), 'a="x?"'],
  ["lone * means any value (field present)", sel("a", "'*'"), 'a="*"'],
  ["empty string", sel("a", "''"), 'a=""'],
  ["backtick forces a regex (macro expansion)", sel("a", "'a`b'"), '* | where match(a, "(?i)^a\\\\x60b$")'],
  // py: "field name"="valueA" (same)
  ["field name with a space is quoted", sel("field name", "valueA"), '"field name"="valueA"'],
  ["field names keep their case", "  sel:\n    Image: x\n    image: y\n  condition: sel", 'Image="x" image="y"'],
  ["operator words are quoted values", "  sel:\n    a: OR\n    b: NOT\n  condition: sel", 'a="OR" b="NOT"'],
  // --- string modifiers -------------------------------------------------------------------------------
  ["contains", sel("a|contains", "x"), 'a="*x*"'],
  ["startswith", sel("a|startswith", "x"), 'a="x*"'],
  ["endswith", sel("a|endswith", "'\\x.exe'"), 'a="*\\\\x.exe"'],
  ["contains keeps inner wildcards", sel("a|contains", "'x*y'"), 'a="*x*y*"'],
  ["contains list", sel("a|contains", "[x, y]"), 'a IN ("*x*", "*y*")'],
  ["contains|all", sel("a|contains|all", "[x, y]"), 'a="*x*" a="*y*"'],
  ["all with one value", sel("a|contains|all", "[x]"), 'a="*x*"'],
  ["contains|all under not", sel("a|contains|all", "[x, y]", "not sel"), 'NOT (a="*x*" a="*y*")'],
  // --- re -----------------------------------------------------------------------------------------------
  // py: *\n| regex fieldA="foo.*bar" (same, one line)
  ["re alone", sel("fieldA|re", "'foo.*bar'"), '* | regex fieldA="foo.*bar"'],
  // py: fieldB="foo" fieldC="bar"\n| regex fieldA="foo.*bar" (same)
  ["re with other fields", "  sel:\n    fieldA|re: 'foo.*bar'\n    fieldB: foo\n    fieldC: bar\n  condition: sel", 'fieldB="foo" fieldC="bar" | regex fieldA="foo.*bar"'],
  // pySigma only escapes `"`, so a Sigma `\\` (one literal backslash) reaches PCRE as `\`: ours doubles.
  ["re backslashes doubled, quote escaped", sel("a|re", "'^C:\\\\Win\\d+\"'"), '* | regex a="^C:\\\\\\\\Win\\\\d+\\""'],
  ["re|i", sel("a|re|i", "x"), '* | regex a="(?i)x"'],
  ["re|m", sel("a|re|m", "'^x$'"), '* | regex a="(?m)^x$"'],
  ["re|s", sel("a|re|s", "'a.b'"), '* | regex a="(?s)a.b"'],
  ["re|i|m|s long names", sel("a|re|ignorecase|multiline|dotall", "x"), '* | regex a="(?ims)x"'],
  ["re negated at top level", sel("a|re", "x", "not sel"), '* | regex a!="x"'],
  ["re backtick hidden from macro expansion", sel("a|re", "'a`b'"), '* | regex a="a\\\\x60b"'],
  // py (newer): rex/eval/search chain; ours: one where. Equivalent for events with the field.
  ["re list is OR, via where", sel("fieldA|re", "['foo.*bar', 'boo.*foo']"), '* | where match(fieldA, "foo.*bar") OR match(fieldA, "boo.*foo")'],
  ["re under OR with a plain value", "  s1:\n    a|re: x\n  s2:\n    b: 1\n  condition: s1 or s2", '* | where match(a, "x") OR match(b, "(?i)^1$")'],
  ["re under not with another field: guards", "  sel:\n    a|re: x\n    b: 2\n  condition: not sel", '* | where (isnull(a) OR NOT match(a, "x")) OR (isnull(b) OR NOT match(b, "(?i)^2$"))'],
  // --- cidr ---------------------------------------------------------------------------------------------
  // py: fieldA="192.168.0.0/16" fieldB="foo" fieldC="bar" (same leaves; our order keeps the rule's)
  ["cidr", "  sel:\n    fieldA|cidr: 192.168.0.0/16\n    fieldB: foo\n  condition: sel", 'fieldA="192.168.0.0/16" fieldB="foo"'],
  // py: fieldA="192.168.0.0/16" OR fieldA="10.0.0.0/8" ... (same as IN)
  ["cidr list", sel("ip|cidr", "['192.168.0.0/16', '10.0.0.0/8']"), 'ip="192.168.0.0/16" OR ip="10.0.0.0/8"'],
  ["cidr ipv6", sel("ip|cidr", "'fe80::/10'"), 'ip="fe80::/10"'],
  ["cidr negated", sel("ip|cidr", "'10.0.0.0/8'", "not sel"), 'NOT ip="10.0.0.0/8"'],
  ["cidr in where", "  s1:\n    ip|cidr: '10.0.0.0/8'\n  s2:\n    b|re: y\n  condition: s1 or s2", '* | where cidrmatch("10.0.0.0/8", ip) OR match(b, "y")'],
  // --- base64 / base64offset / wide / windash ------------------------------------------------------------
  ["base64", sel("a|base64", "foobar"), 'a="Zm9vYmFy"'],
  // pySigma test_base64offset: Zm9vYmFy, Zvb2Jhc, mb29iYX
  ["base64offset", sel("a|base64offset", "foobar"), 'a IN ("Zm9vYmFy", "Zvb2Jhc", "mb29iYX")'],
  ["base64offset|contains", sel("a|base64offset|contains", "'/bin/bash'"), 'a IN ("*L2Jpbi9iYXNo*", "*9iaW4vYmFza*", "*vYmluL2Jhc2*")'],
  ["base64offset|contains|all: expansions ORed, values ANDed", sel("a|base64offset|contains|all", "[ab, cd]"), 'a IN ("*YW*", "*Fi*", "*hY*") a IN ("*Y2*", "*Nk*", "*jZ*")'],
  ["wide|base64", sel("a|wide|base64", "ab"), 'a="YQBiAA=="'],
  ["utf16le|base64", sel("a|utf16le|base64", "ab"), 'a="YQBiAA=="'],
  ["utf16be|base64", sel("a|utf16be|base64", "ab"), 'a="AGEAYg=="'],
  ["utf16 (with BOM)|base64", sel("a|utf16|base64", "ab"), 'a="//5hAGIA"'],
  ["base64 of a Sigma-escaped star is literal", sel("a|base64", "'a\\*'"), 'a="YSo="'],
  [
    "windash: - and / starting an option, en dash, em dash, horizontal bar",
    sel("a|windash|contains", "' -f'"),
    'a IN ("* -f*", "* /f*", "* \u2013f*", "* \u2014f*", "* \u2015f*")',
  ],
  ["windash: a dash inside a word stays", sel("a|windash", "'-param-name'"), 'a IN ("-param-name", "/param-name", "\u2013param-name", "\u2014param-name", "\u2015param-name")'],
  ["windash: slash form expands too", sel("a|windash|contains", "'/c'"), 'a IN ("*-c*", "*/c*", "*\u2013c*", "*\u2014c*", "*\u2015c*")'],
  ["windash: no word after the dash, no expansion", sel("a|windash", "'a - b'"), 'a="a - b"'],
  // --- exists, null, numbers, fieldref ---------------------------------------------------------------------
  ["exists true", sel("a|exists", "true"), "a=*"],
  ["exists false", sel("a|exists", "false"), "NOT a=*"],
  // py: NOT a=* (same)
  ["null", sel("a", "null"), "NOT a=*"],
  ["not null", sel("a", "null", "not sel"), "NOT (NOT a=*)"],
  ["null among values", sel("a", "[null, x]"), 'NOT a=* OR a="x"'],
  ["null in where", "  s1:\n    a: null\n  s2:\n    b|re: x\n  condition: s1 or s2", '* | where (isnull(a) OR a=="") OR match(b, "x")'],
  ["gt", sel("n|gt", "5"), "n>5"],
  ["gte", sel("n|gte", "5"), "n>=5"],
  ["lt", sel("n|lt", "'7'"), "n<7"],
  ["lte negative", sel("n|lte", "-3"), "n<=-3"],
  ["gt decimal", sel("n|gt", "1.5"), "n>1.5"],
  ["gt negated: missing field passes", sel("n|gt", "5", "not sel"), "NOT n>5"],
  // NOT's precedence against a comparison is not documented for eval: the comparison is parenthesized.
  ["gt negated in where", "  s1:\n    n|gt: 5\n  s2:\n    b|re: x\n  condition: not s1 or s2", '* | where (isnull(n) OR NOT (tonumber(n)>5)) OR match(b, "x")'],
  // py: | where 'fieldA'='fieldD' (case-sensitive); Sigma values match case-insensitively, hence lower().
  ["fieldref", "  sel:\n    fieldA|fieldref: fieldD\n    fieldB: foo\n  condition: sel", 'fieldB="foo" | where lower(fieldA)==lower(fieldD)'],
  // py: rejects ORed fieldrefs; ours: one where with both.
  ["fieldref list", sel("a|fieldref", "[b, c]"), "* | where lower(a)==lower(b) OR lower(a)==lower(c)"],
  ["fieldref negated", sel("a|fieldref", "b", "not sel"), "* | where (isnull(a) OR isnull(b) OR NOT (lower(a)==lower(b)))"],
  // --- keywords ---------------------------------------------------------------------------------------------
  ["keywords are ORed quoted terms", "  keywords:\n    - evil\n    - 'ba\"d'\n    - 42\n  condition: keywords", '"evil" OR "ba\\"d" OR "42"'],
  ["keyword wildcards", "  keywords:\n    - '*mimikatz*'\n  condition: keywords", '"*mimikatz*"'],
  ["keyword with ? via where on _raw", "  keywords:\n    - 'a?c'\n  condition: keywords", '* | where match(_raw, "(?is)a.c")'],
  ["keyword contains", "  keywords:\n    '|contains':\n      - x\n  condition: keywords", '"*x*"'],
  ["keywords and a field", "  keywords:\n    - evil\n  sel:\n    a: 1\n  condition: keywords and sel", '"evil" a=1'],
  ["not keywords", "  keywords:\n    - evil\n  condition: not keywords", 'NOT "evil"'],
  // --- conditions -------------------------------------------------------------------------------------------
  ["lists of maps: OR of ANDs", "  sel:\n    - a: 1\n      b: 2\n    - c: 3\n  condition: sel", "(a=1 b=2) OR c=3"],
  ["list of maps with a regex alternative", "  sel:\n    - a: 1\n    - b|re: x\n  condition: sel", '* | where match(a, "(?i)^1$") OR match(b, "x")'],
  // py: (fieldA="valueA1" fieldB="valueB1") OR (fieldA="valueA2" fieldB="valueB2") (same)
  ["1 of sel*", "  sel1:\n    fieldA: valueA1\n    fieldB: valueB1\n  sel2:\n    fieldA: valueA2\n    fieldB: valueB2\n  condition: 1 of sel*", '(fieldA="valueA1" fieldB="valueB1") OR (fieldA="valueA2" fieldB="valueB2")'],
  ["any of is 1 of", "  sel1:\n    a: 1\n  sel2:\n    b: 2\n  condition: any of sel*", "a=1 OR b=2"],
  ["all of sel*", "  sel1:\n    a: 1\n  sel2:\n    b: 2\n  other:\n    c: 3\n  condition: all of sel*", "a=1 b=2"],
  ["1 of them skips _names", "  s:\n    a: 1\n  t:\n    b: 2\n  _u:\n    c: 3\n  condition: 1 of them", "a=1 OR b=2"],
  ["all of them", "  s:\n    a: 1\n  t:\n    b: 2\n  condition: all of them", "a=1 b=2"],
  ["or inside and: no parentheses (search: OR before AND)", "  s:\n    a: 1\n  t:\n    b: 2\n  u:\n    c: 3\n  condition: (s or t) and u", "a=1 OR b=2 c=3"],
  ["and inside or: parentheses", "  s:\n    a: 1\n  t:\n    b: 2\n  u:\n    c: 3\n  condition: s or t and u", "a=1 OR (b=2 c=3)"],
  ["not binds tightest", "  s:\n    a: 1\n  t:\n    b: 2\n  condition: not s and t", "NOT a=1 b=2"],
  ["not over a group", "  s:\n    a: 1\n  t:\n    b: 2\n  condition: not (s or t)", "NOT (a=1 OR b=2)"],
  ["not over and", "  s:\n    a: 1\n    b: 2\n  condition: not s", "NOT (a=1 b=2)"],
  ["double not", "  s:\n    a: 1\n  condition: not not s", "a=1"],
  ["filter pattern", "  sel:\n    a: x\n  filter:\n    a: y\n  condition: sel and not filter", 'a="x" NOT a="y"'],
  ["not 1 of filter*", "  sel:\n    a: 1\n  filter_1:\n    b: 2\n  filter_2:\n    c: 3\n  condition: sel and not 1 of filter_*", "a=1 NOT (b=2 OR c=3)"],
  ["upper-case operators", "  s:\n    a: 1\n  t:\n    b: 2\n  condition: s AND NOT t", "a=1 NOT b=2"],
  ["list of conditions is OR", "  s:\n    a: 1\n  t:\n    b: 2\n  condition:\n    - s\n    - t", "a=1 OR b=2"],
  ["nested where parenthesizes OR under AND", "  s:\n    a|re: x\n  t:\n    b: 1\n  u:\n    c|re: y\n  v:\n    d: 2\n  condition: (s or t) and (u or v)", '* | where (match(a, "x") OR match(b, "(?i)^1$")) AND (match(c, "y") OR match(d, "(?i)^2$"))'],
];

describe("Sigma v2 constructs convert to SPL with the same meaning (pipeline none)", () => {
  it.each(CASES)("%s", (_name, detection, expected) => {
    expect(convert(detection)).toBe(expected);
  });
});

describe("constructs that SPL cannot express are errors at the key, not silent changes", () => {
  it.each([
    ["cased", sel("a|cased", "X"), /SC7006: The modifier 'cased' is not supported/],
    ["expand", sel("a|expand", "'%x%'"), /SC7006: The modifier 'expand'/],
    ["i without re", sel("a|i", "x"), /SC7006: The modifier 'i' is not supported: it applies only after 're'/],
    ["re with a string modifier", sel("a|re|contains", "x"), /SC7006/],
    ["base64 of a wildcard", sel("a|base64", "'x*'"), /SC7007: The value of a 'base64' modifier cannot contain wildcards/],
    ["gt of a word", sel("a|gt", "x"), /SC7007: 'x' is not a number/],
    ["cidr of an address", sel("a|cidr", "'10.0.0.1'"), /SC7007: '10.0.0.1' is not a CIDR block/],
    ["exists of a string", sel("a|exists", "yes"), /SC7007: The 'exists' modifier takes true or false/],
    // Without base64, `wide` asks for NUL bytes between characters, which no SPL value can hold.
    ["wide without base64", sel("a|wide|contains", "x"), /SC7006: The modifier 'wide' is not supported: .*base64/],
    ["utf16 after base64", sel("a|base64|utf16", "x"), /SC7006: The modifier 'utf16' is not supported: .*base64/],
  ])("%s", (_name, detection, expected) => {
    expect(convert(detection)).toMatch(expected);
  });
});

describe("modifier facts", () => {
  it("base64offset gives pySigma's three alignments", () => {
    expect(base64Offsets(Buffer.from("foobar"))).toEqual(["Zm9vYmFy", "Zvb2Jhc", "mb29iYX"]);
    expect(base64Offsets(Buffer.from("/bin/bash"))).toEqual(["L2Jpbi9iYXNo", "9iaW4vYmFza", "vYmluL2Jhc2"]);
    // Each alignment is found inside the base64 of the text preceded by 0, 1 or 2 bytes.
    for (const pre of ["", "x", "xy"]) {
      const enc = Buffer.from(pre + "IEX (New-Object Net.WebClient)").toString("base64");
      expect(base64Offsets(Buffer.from("New-Object")).some((v) => enc.includes(v))).toBe(true);
    }
  });
  it("windash treats letters beyond ASCII as word characters, as pySigma's \\B[-/]\\b does", () => {
    expect(one("a|windash|contains", "'é-x'")).toBe('a="*é-x*"');
    expect(one("a|windash|contains", "' -ü'")).toBe('a IN ("* -ü*", "* /ü*", "* \u2013ü*", "* \u2014ü*", "* \u2015ü*")');
  });
});
