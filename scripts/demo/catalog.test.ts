import { describe, expect, it } from "vitest";
import { isCountryCode } from "../../workers/services/markets.ts";
import { DEMO_ALBUMS, isAvailableIn, listDemoTracks } from "./catalog.ts";

const tracks = listDemoTracks();

describe("demo catalog", () => {
  it("spans at least 4 artists, 5 albums and 14 tracks in several genres", () => {
    expect(new Set(DEMO_ALBUMS.map((a) => a.artist)).size).toBeGreaterThanOrEqual(4);
    expect(DEMO_ALBUMS.length).toBeGreaterThanOrEqual(5);
    expect(tracks.length).toBeGreaterThanOrEqual(14);
    expect(new Set(DEMO_ALBUMS.map((a) => a.genre)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(tracks.map((t) => t.song.style)).size).toBe(5);
  });

  it("keeps every track between 45 and 150 s and the whole catalog under 25 minutes", () => {
    for (const track of tracks) {
      expect(track.durationSec).toBeGreaterThanOrEqual(45);
      expect(track.durationSec).toBeLessThanOrEqual(150);
    }
    expect(tracks.reduce((sum, t) => sum + t.durationSec, 0)).toBeLessThan(25 * 60);
  });

  it("gives every track a unique, well-formed ISRC and a distinct song", () => {
    for (const track of tracks) expect(track.isrc).toMatch(/^[A-Z]{2}[A-Z0-9]{3}\d{7}$/);
    expect(new Set(tracks.map((t) => t.isrc)).size).toBe(tracks.length);
    expect(new Set(tracks.map((t) => JSON.stringify(t.song))).size).toBe(tracks.length);
  });

  it("includes an accented and a non-Latin artist name, and some explicit tracks", () => {
    expect(tracks.some((t) => /[À-ÿ]/.test(t.artist))).toBe(true);
    expect(tracks.some((t) => /\p{Script=Han}|\p{Script=Katakana}/u.test(t.artist))).toBe(true);
    expect(tracks.filter((t) => t.explicit).length).toBeGreaterThan(0);
  });

  it("licenses most tracks worldwide, one album only in DE/AT/CH and one track everywhere but the US", () => {
    const worldwide = tracks.filter((t) => t.markets === undefined);
    expect(worldwide.length).toBeGreaterThan(tracks.length / 2);
    const dach = tracks.filter((t) => t.markets?.join(",") === "DE,AT,CH");
    expect(new Set(dach.map((t) => t.album)).size).toBe(1);
    expect(dach.every((t) => isAvailableIn(t, "de") && !isAvailableIn(t, "GB"))).toBe(true);
    const notInUs = tracks.filter((t) => t.markets && !isAvailableIn(t, "US") && isAvailableIn(t, "SE"));
    expect(notInUs.length).toBeGreaterThan(0);
    for (const track of tracks)
      for (const code of track.markets ?? []) expect(isCountryCode(code)).toBe(true);
  });

  it("numbers tracks within their album and carries the album's details", () => {
    const album = DEMO_ALBUMS[0];
    const first = tracks[0];
    expect(first).toMatchObject({
      trackNumber: 1,
      album: album?.title,
      artist: album?.artist,
      genre: album?.genre,
    });
    expect(tracks.every((t) => /^\d{4}-\d{2}-\d{2}$/.test(t.releaseDate))).toBe(true);
  });
});
