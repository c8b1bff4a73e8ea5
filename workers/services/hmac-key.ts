const keys = new Map<string, Promise<CryptoKey>>();

/**
 * The HMAC-SHA-256 key of a secret, imported once per isolate (for JWTs and stream URLs alike).
 * Given the raw secret, jose imported it afresh on every verification of every request.
 */
export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
    keys.set(secret, key);
  }
  return key;
}
