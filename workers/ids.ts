const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A new random id in Spotify's style: 22 base62 characters (~131 bits). */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(22));
  let id = "";
  // 256 % 62 bias is < 2 %, irrelevant for identifiers.
  for (const byte of bytes) id += BASE62[byte % 62];
  return id;
}

/** True when `value` looks like an id this service issues (cheap guard before a lookup). */
export function isId(value: string): boolean {
  return /^[0-9A-Za-z]{22}$/.test(value);
}

export type UriType = "track" | "album" | "artist" | "user" | "playlist" | "show" | "episode";

export function toUri(type: UriType, id: string): string {
  return `cadenza:${type}:${id}`;
}

/** Parses any `{scheme}:{type}:{id}` URI; returns null for anything else. */
export function parseUri(uri: string): { type: string; id: string } | null {
  const match = /^[a-z][a-z0-9-]*:([a-z]+):([0-9A-Za-z]+)$/.exec(uri);
  return match ? { type: match[1] as string, id: match[2] as string } : null;
}
