const keys = new Map<string, Promise<CryptoKey>>();

/**
 * The HMAC-SHA-256 key of a secret, imported once per isolate. Importing is not free: jose
 * imported the JWT secret afresh on every call, and in a CPU profile of the search benchmark
 * that import was the largest single cost of an authenticated request.
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
