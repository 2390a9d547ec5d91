// Diagnostic codes of the render stage (SC4xxx). A code never changes meaning once released.
export const RENDER_CODES = {
  /** A value held line separators or control characters that a .conf file cannot keep as they are. */
  VALUE_REWRITTEN: "SC4001",
  /** Free text ended with a backslash; it was removed (a .conf value cannot end with one). */
  TRAILING_BACKSLASH: "SC4002",
  /** A search ends with a backslash: it cannot be written to a .conf file. */
  SEARCH_TRAILING_BACKSLASH: "SC4003",
  /** A name that becomes a stanza name holds a line break or is empty. */
  BAD_STANZA_NAME: "SC4004",
  /** Two objects render to the same stanza. */
  DUPLICATE_STANZA: "SC4005",
  /** The name ES builds when it clones the search would exceed 99 characters. */
  LABEL_TOO_LONG: "SC4006",
  /** App identity unusable in app.conf (app id, semver version, label length). */
  BAD_APP_IDENTITY: "SC4007",
  /** A lookup's data file is missing. */
  LOOKUP_FILE_MISSING: "SC4008",
  /** A file of the app template is replaced or merged by a generated file. */
  TEMPLATE_FILE_REPLACED: "SC4009",
  /** An app template icon has the wrong size; a generated icon is used instead. */
  ICON_REPLACED: "SC4010",
  /** enabled_by_default on a detection that is not production (it ships disabled). */
  ENABLED_NOT_PRODUCTION: "SC4011",
  /** A template file that may not ship in an app (dotfile, local/, local.meta, .pyc) was left out. */
  TEMPLATE_FILE_SKIPPED: "SC4012",
  /** A lookup CSV that AppInspect would reject (check_lookup_csv_is_valid). */
  LOOKUP_CSV_INVALID: "SC4014",
  /** The content holds no detections: the app would carry no saved searches. */
  NO_DETECTIONS: "SC4015",
  /** A conf key name that cannot be written safely. */
  BAD_KEY: "SC4013",
} as const;
