import type { RenditionRow } from "../db/catalog-db.ts";

/** Builds HLS v7 playlists (RFC 8216) for CMAF audio. Pure: URLs are passed in already signed. */

export function masterPlaylist(variants: { rendition: RenditionRow; uri: string }[]): string {
  const lines = ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-INDEPENDENT-SEGMENTS"];
  for (const { rendition, uri } of variants) {
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${rendition.peakBitrateBps},AVERAGE-BANDWIDTH=${rendition.averageBitrateBps},CODECS="${rendition.codecs}"`,
      uri,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** A VOD media playlist; `query` (the signature) is appended to the init and every segment URI. */
export function mediaPlaylist(rendition: RenditionRow, query: string): string {
  const durationsMs = JSON.parse(rendition.segmentDurationsMs) as number[];
  const targetDuration = Math.max(1, ...durationsMs.map((ms) => Math.round(ms / 1000)));
  const lines = [
    "#EXTM3U",
    "#EXT-X-VERSION:7",
    `#EXT-X-TARGETDURATION:${targetDuration}`,
    "#EXT-X-MEDIA-SEQUENCE:0",
    "#EXT-X-PLAYLIST-TYPE:VOD",
    "#EXT-X-INDEPENDENT-SEGMENTS",
    `#EXT-X-MAP:URI="init.mp4?${query}"`,
  ];
  durationsMs.forEach((ms, n) => {
    lines.push(`#EXTINF:${(ms / 1000).toFixed(3)},`, `${n}.m4s?${query}`);
  });
  lines.push("#EXT-X-ENDLIST");
  return `${lines.join("\n")}\n`;
}
