import { describe, expect, it } from "vitest";
import { DEMO_SHOWS } from "./podcasts.ts";
import { speak } from "./speech.ts";

describe("demo podcasts", () => {
  it("has at least two shows of at least three episodes, with unique titles and dates", () => {
    expect(DEMO_SHOWS.length).toBeGreaterThanOrEqual(2);
    for (const show of DEMO_SHOWS) {
      expect(show.episodes.length).toBeGreaterThanOrEqual(3);
      expect(new Set(show.episodes.map((e) => e.title)).size).toBe(show.episodes.length);
      for (const episode of show.episodes) expect(episode.releaseDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it("speaks a script as a mono 16-bit WAV whose length follows the text", async () => {
    const short = await speak("Hello.");
    const long = await speak(DEMO_SHOWS[0]?.episodes[0]?.script ?? "");
    const view = (wav: Uint8Array) => new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
    expect(new TextDecoder().decode(long.slice(0, 4))).toBe("RIFF");
    expect(view(long).getUint16(22, true)).toBe(1);
    expect(view(long).getUint16(34, true)).toBe(16);
    const seconds = (wav: Uint8Array) => (wav.byteLength - 44) / (view(wav).getUint32(24, true) * 2);
    expect(seconds(short)).toBeLessThan(2);
    // A ~60-word script at 165 words a minute lasts about 20 s or more.
    expect(seconds(long)).toBeGreaterThan(15);
  });
});
