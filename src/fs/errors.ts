// File-system failures on paths the user chose (--out, --path, an input FILE) are user errors, not bugs: this
// names them in one line for the user instead of a stack trace.

/** A Node system error from a file-system call: it has an errno code and names the call. */
export function isFsError(err: unknown): err is NodeJS.ErrnoException & { code: string } {
  const e = err as NodeJS.ErrnoException | undefined;
  return e instanceof Error && typeof e.code === "string" && /^E[A-Z]+$/.test(e.code) && typeof e.syscall === "string";
}

const REASONS: Record<string, string> = {
  ENOENT: "no such file or directory",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "it is a folder, not a file",
  EEXIST: "a file is in the way",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links",
  ENOTEMPTY: "the folder is not empty",
  EBUSY: "the file or folder is busy",
  EMFILE: "too many open files",
  EXDEV: "cannot move across file systems",
};

const VERBS: Record<string, string> = {
  mkdir: "create folder",
  mkdtemp: "create a temporary folder beside",
  open: "open",
  write: "write",
  rename: "move into place",
  unlink: "remove",
  rmdir: "remove",
  rm: "remove",
  scandir: "read folder",
  stat: "read",
  lstat: "read",
  read: "read",
  copyfile: "copy",
  symlink: "create link",
  chmod: "change mode of",
};

/** One line: "cannot create folder /etc/hostname/x: a part of the path is a file, not a folder (ENOTDIR)". */
export function describeFsError(err: NodeJS.ErrnoException): string {
  const verb = VERBS[err.syscall ?? ""] ?? err.syscall ?? "access";
  const reason = REASONS[err.code ?? ""] ?? err.message.replace(/^E[A-Z]+: /, "").replace(/, \w+ '.*'$/, "");
  const path = err.path ?? "";
  const target = (err as { dest?: unknown }).dest;
  const dest = typeof target === "string" ? ` -> ${target}` : "";
  return `cannot ${verb} ${path}${dest}: ${reason} (${err.code})`;
}
