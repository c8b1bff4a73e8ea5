const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A new random id in Spotify's style: 22 base62 characters (~131 bits). */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(22));
  let id = "";
  // Modulo bias makes 8 of the 62 symbols 5/4 as likely; that costs < 0.01 bit per character.
  for (const byte of bytes) id += BASE62[byte % 62];
  return id;
}

export type UriType = "track" | "album" | "artist" | "user" | "playlist" | "show" | "episode";

export function toUri(type: UriType, id: string): string {
  return `cadenza:${type}:${id}`;
}
