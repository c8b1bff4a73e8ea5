/** Width and height of every cover Cadenza serves, in pixels (Spotify's largest image size). */
export const COVER_SIZE_PX = 640;

/** What `GET /api/images/{kind}/{id}` draws covers for. */
export const IMAGE_KINDS = ["album", "artist", "show", "category"] as const;
export type ImageKind = (typeof IMAGE_KINDS)[number];

/** Largest embedded cover kept at ingest, in bytes. */
export const MAX_COVER_BYTES = 2 * 1024 * 1024;

/** The R2 key of an album's (or show's) cover extracted from an upload. */
export function coverKey(albumId: string): string {
  return `covers/${albumId}`;
}

/** The image type of `bytes` from their signature: only JPEG and PNG are kept as covers. */
export function coverImageType(bytes: Uint8Array): "image/jpeg" | "image/png" | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return png.every((byte, i) => bytes[i] === byte) ? "image/png" : null;
}

/**
 * A cover for something without artwork: a diagonal two-colour gradient whose hues come from
 * a hash of `id`, with the initials of `name` on it. Deterministic (the same id and name always
 * give the same bytes) and self-contained: no fonts, images or scripts are fetched.
 */
export function generateCoverSvg(id: string, name: string): string {
  const hash = fnv1a(id);
  const hue = hash % 360;
  const secondHue = (hue + 40 + ((hash >>> 9) % 100)) % 360;
  const angle = (hash >>> 17) % 4;
  const [x1, y1, x2, y2] = [
    ["0", "0", "1", "1"],
    ["1", "0", "0", "1"],
    ["0", "1", "1", "0"],
    ["1", "1", "0", "0"],
  ][angle] as string[];
  const size = COVER_SIZE_PX;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" role="img">`,
    `<title>${escapeXml(name)}</title>`,
    `<defs><linearGradient id="g" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}">`,
    `<stop offset="0" stop-color="hsl(${hue}, 65%, 45%)"/>`,
    `<stop offset="1" stop-color="hsl(${secondHue}, 70%, 25%)"/>`,
    "</linearGradient></defs>",
    `<rect width="${size}" height="${size}" fill="url(#g)"/>`,
    `<text x="50%" y="50%" dominant-baseline="central" text-anchor="middle" fill="#fff" fill-opacity="0.92" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif" font-size="224" font-weight="700">${escapeXml(initials(name))}</text>`,
    "</svg>",
  ].join("");
}

/** Up to two initials: the first character of the first two words (one for a single word). */
export function initials(name: string): string {
  const words = name.normalize("NFC").trim().split(/\s+/).filter(Boolean);
  return words
    .slice(0, 2)
    .map((word) => (Array.from(word.replace(/^[^\p{L}\p{N}]+/u, "") || word)[0] ?? "").toUpperCase())
    .join("");
}

/** 32-bit FNV-1a of a string's UTF-16 code units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] as string,
  );
}

/** One tile of a playlist mosaic: image bytes and their type. */
export interface MosaicTile {
  bytes: Uint8Array;
  type: string;
}

/**
 * A playlist's cover: its first four albums' covers in a 2×2 grid, as Spotify draws it. The
 * tiles are embedded as data URIs, because an SVG shown as an image fetches nothing.
 */
export function mosaicSvg(tiles: MosaicTile[]): string {
  const half = COVER_SIZE_PX / 2;
  const size = COVER_SIZE_PX;
  const images = tiles.slice(0, 4).map((tile, i) => {
    const x = (i % 2) * half;
    const y = Math.floor(i / 2) * half;
    const href = `data:${tile.type};base64,${toBase64(tile.bytes)}`;
    return `<image x="${x}" y="${y}" width="${half}" height="${half}" preserveAspectRatio="xMidYMid slice" href="${href}"/>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" role="img">`,
    ...images,
    "</svg>",
  ].join("");
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}
