// Keeps the secrets of one deploy run and scrubs them from any text before it is printed.
// Every line deploy writes (progress, errors, JSON) passes through one Redactor; nothing else may print secrets.

/** Replaces every registered secret (and its URL/base64 encodings) with "***". */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Register a secret; short values (< 4 chars) are still registered, empty ones ignored. */
  add(secret: string | undefined): void {
    if (!secret) return;
    this.secrets.add(secret);
    this.secrets.add(encodeURIComponent(secret));
    this.secrets.add(Buffer.from(secret, "utf8").toString("base64"));
    // As a form body encodes it (space as '+', !'()* escaped) and as it appears inside a JSON string.
    this.secrets.add(new URLSearchParams({ s: secret }).toString().slice(2));
    this.secrets.add(JSON.stringify(secret).slice(1, -1));
  }

  /** Register the Basic-auth form of a user/password pair as well as the password. */
  addBasic(user: string, password: string): void {
    this.add(password);
    this.secrets.add(Buffer.from(`${user}:${password}`, "utf8").toString("base64"));
  }

  redact(text: string): string {
    let out = text;
    // Longest first so a secret that contains another is scrubbed whole.
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) {
      if (s.length > 0) out = out.split(s).join("***");
    }
    return out;
  }
}

/** Remove userinfo (user:password@) from a URL string for display. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    return u.toString().replace(/\/$/, "");
  } catch {
    return "<invalid URL>";
  }
}
