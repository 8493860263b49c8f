// Shard checksums: SHA-256 as lowercase hex. Hosts pass their fastest digest (Node's
// createHash runs several times faster than WebCrypto here); the default uses WebCrypto,
// which workerd, browsers and Node all provide.

export type Digest = (bytes: Uint8Array) => Promise<string> | string;

export const webCryptoSha256: Digest = async (bytes) =>
  toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>)));

export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

export class ChecksumMismatchError extends Error {
  override name = "ChecksumMismatchError";
}

/** Throws ChecksumMismatchError naming the shard when its bytes are not what the manifest promised. */
export async function verifyChecksum(
  bytes: Uint8Array,
  expected: string,
  what: string,
  digest: Digest = webCryptoSha256,
): Promise<void> {
  const actual = await digest(bytes);
  if (actual !== expected)
    throw new ChecksumMismatchError(
      `${what} is corrupt: sha256 ${actual.slice(0, 16)}… does not match the manifest's ${expected.slice(0, 16)}…; refusing to serve it`,
    );
}
