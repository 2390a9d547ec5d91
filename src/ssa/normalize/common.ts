// Helpers shared by the event normalizers. Pure.

/** A problem with one input line that did not stop normalization. */
export interface NormalizeIssue {
  line: number;
  message: string;
}

/** The file name part of a Windows or POSIX path. */
export const basename = (p: string): string => p.slice(Math.max(p.lastIndexOf("\\"), p.lastIndexOf("/")) + 1);

/** Windows Security event codes that SSA tagged with the Authentication data model. */
export const authenticationDatamodels = new Set(["4624", "4625", "4648", "4768", "4769", "4771", "4776"]);
