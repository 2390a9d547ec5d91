// What every renderer returns: files with posix paths relative to the folder they are written into.
export interface OutputFile {
  path: string;
  contents: string | Buffer;
  /** POSIX mode; defaults to 0o644. */
  mode?: number;
}
