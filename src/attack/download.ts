// Fetch an ATT&CK bundle over HTTP(S) for `secpack attack update`. TLS is verified (Node's fetch default);
// the body is size-capped so a wrong URL cannot fill the disk. The only network access secpack's docs path has.

/** MITRE's public repository: the current Enterprise ATT&CK bundle. */
export const DEFAULT_ATTACK_URL = "https://raw.githubusercontent.com/mitre/cti/master/enterprise-attack/enterprise-attack.json";

/** Refuse bodies larger than this (the v15 bundle is about 45 MB). */
export const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;

export class DownloadError extends Error {}

/** Download `url` and return its bytes. Throws DownloadError with a readable reason. */
export async function downloadBundle(url: string, timeoutMs = 120_000): Promise<Uint8Array> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DownloadError(`not a valid URL: ${url}`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new DownloadError(`unsupported URL scheme '${parsed.protocol}' (use https:)`);
  }
  let res: Response;
  try {
    res = await fetch(parsed, { redirect: "follow", signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" } });
  } catch (err) {
    const cause = (err as { cause?: Error }).cause?.message ?? (err as Error).message;
    throw new DownloadError(`could not fetch ${url}: ${cause}`);
  }
  if (!res.ok) throw new DownloadError(`${url} answered HTTP ${res.status} ${res.statusText}`.trim());
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > MAX_BUNDLE_BYTES) throw new DownloadError(`${url} is ${declared} bytes, over the ${MAX_BUNDLE_BYTES}-byte limit`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > MAX_BUNDLE_BYTES) throw new DownloadError(`${url} sent more than ${MAX_BUNDLE_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
