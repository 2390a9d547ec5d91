// Diagnostic codes of the package and inspect stages (SC5xxx). A code never changes meaning once released.
export const PACKAGE_CODES = {
  /** A path cannot go into the archive (absolute, `..`, hidden, local/, backslash, empty segment...). */
  BAD_ARCHIVE_PATH: "SC5001",
  /** Two files with the same archive path. */
  DUPLICATE_ARCHIVE_PATH: "SC5002",
  /** Writing the build output failed. */
  WRITE_FAILED: "SC5003",
  /** The content root does not exist or is not a folder. */
  NO_CONTENT_ROOT: "SC5004",
} as const;
