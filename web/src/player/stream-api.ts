import { api } from "../api/client.ts";

/** The stream path as the player uses it: the manifest with its playlists, and what its errors mean. */

/** What `/stream/{id}/manifest?include=hls` tells a player. */
export interface StreamManifest {
  /** The rendition the chunks and the inline media playlist are of (the tier may lower it). */
  quality: string;
  /** The true duration, s (codec padding excluded). */
  duration: number;
  loudness: { integrated_lufs: number | null; true_peak_dbtp: number | null };
  /** The signed master playlist's URL: what the inline master's relative URIs resolve against. */
  hls_url: string;
  hls?: { master_playlist: string; media_playlist_url: string; media_playlist: string };
}

/**
 * Asks for `trackId`'s stream manifest with its HLS playlists: the licence and tier checks, the
 * play count, loudness, duration, and the playlists to start on, in one round trip.
 */
export function requestManifest(trackId: string, quality: string): Promise<StreamManifest> {
  return api<StreamManifest>(
    `/stream/${encodeURIComponent(trackId)}/manifest?quality=${encodeURIComponent(quality)}&include=hls`,
  );
}

/** The path hls.js is given as the source; the playlists themselves come from the manifest. */
export const masterPath = (trackId: string) => `/stream/${encodeURIComponent(trackId)}/master.m3u8`;

export const OFFLINE_MESSAGE = {
  offline: "You're offline. Playback resumes when you're back online.",
  unreachable: "Cadenza can't be reached. Check your connection.",
};

/** The listener-readable reason a stream answer stops playback. */
export function messageForStatus(status: number): string {
  switch (status) {
    case 451:
      return "This song isn't available in your country.";
    case 401:
      return "Your session has expired. Log in again to keep listening.";
    case 429:
      return "You've reached today's play limit. Try again later.";
    case 404:
      return "This track isn't available to play right now.";
    default:
      return "This track can't be played right now.";
  }
}
