// A tiny valid content root, written to a temp dir; cases change one thing each.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export const DETECTION = `name: Test Detection
id: 11111111-1111-4111-8111-111111111111
version: 1
date: '2024-01-02'
author: Tester
status: production
type: TTP
description: Detects a test.
data_source: []
search: '| tstats count from datamodel=Endpoint.Processes by Processes.dest | \`drop_dm_object_name(Processes)\` | \`test_detection_filter\`'
how_to_implement: n/a
known_false_positives: none
references: []
tags:
  analytic_story:
  - Test Story
  asset_type: Endpoint
  confidence: 50
  impact: 80
  message: Activity on $dest$
  mitre_attack_id:
  - T1003.001
  observable:
  - name: dest
    type: Hostname
    role:
    - Victim
  product:
  - Splunk Enterprise
  required_fields:
  - _time
  risk_score: 40
  security_domain: endpoint
`;

export const STORY = `name: Test Story
id: 22222222-2222-4222-8222-222222222222
version: 1
date: '2024-01-02'
author: Tester
description: A story.
narrative: About it.
references: []
tags:
  category:
  - Adversary Tactics
  product:
  - Splunk Enterprise
  usecase: Advanced Threat Detection
`;

export const MACRO = `name: two_args
arguments:
- a
- b
definition: eval x=$a$+$b$
description: adds
`;

export type Files = Record<string, string | Uint8Array>;

/** The base content with `changes` applied (a value of undefined... use "" to blank a file). */
export function baseFiles(changes: Files = {}): Files {
  return {
    "detections/endpoint/test_detection.yml": DETECTION,
    "stories/test_story.yml": STORY,
    "macros/two_args.yml": MACRO,
    ...changes,
  };
}

/** Write files into a fresh temp dir and return its path. */
export function writeTree(files: Files): string {
  const root = mkdtempSync(join(tmpdir(), "secpack-validate-"));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
}

/** The detection text with one substring replaced (fails loudly if the substring is absent). */
export function detectionWith(from: string, to: string): string {
  if (!DETECTION.includes(from)) throw new Error(`fixture has no '${from}'`);
  return DETECTION.replace(from, to);
}
