import { describe, expect, it } from "vitest";
import { arrangeSong, countBars } from "./arrangement.ts";
import { planBars } from "./form.ts";
import { SAMPLE_RATE, type SectionKind, type SongSpec, type StyleName, synthesizeSong } from "./synth.ts";

/** 18 bars: 36 s at 120 BPM. */
const FORM: SongSpec["sections"] = [
  { kind: "intro", bars: 2 },
  { kind: "verse", bars: 4 },
  { kind: "chorus", bars: 4 },
  { kind: "bridge", bars: 2 },
  { kind: "chorus", bars: 4 },
  { kind: "outro", bars: 2 },
];

const spec = (style: StyleName, overrides: Partial<SongSpec> = {}): SongSpec => ({
  seed: 7,
  bpm: 120,
  key: 57,
  mode: "minor",
  progression: [1, 6, 3, 7],
  sections: FORM,
  style,
  ...overrides,
});

/** RMS of interleaved samples. */
const rms = (samples: Float32Array) => {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / samples.length);
};

/** Share of the signal above a few kHz: RMS of the left channel's first difference over its RMS. */
const brightness = (samples: Float32Array) => {
  let diff = 0;
  let level = 0;
  for (let i = 2; i < samples.length; i += 2) {
    diff += ((samples[i] ?? 0) - (samples[i - 2] ?? 0)) ** 2;
    level += (samples[i] ?? 0) ** 2;
  }
  return Math.sqrt(diff / level);
};

/** Interleaved samples of the first full bars of the first `kind` section (margins trimmed). */
const section = (song: SongSpec, lengthSec: number, pcm: Float32Array, kind: SectionKind, bars = 2) => {
  const bar = planBars(song.sections, song.progression, countBars(song, lengthSec)).find(
    (b) => b.kind === kind,
  );
  if (!bar) throw new Error(`no ${kind} in the song`);
  const barSec = (4 * 60) / song.bpm;
  const from = Math.round((bar.index * barSec + 0.1) * SAMPLE_RATE);
  const to = Math.round(((bar.index + bars) * barSec - 0.1) * SAMPLE_RATE);
  return pcm.subarray(2 * from, 2 * to);
};

const LENGTH_SEC = 36;
const songs = new Map<StyleName, Float32Array>();
const render = (style: StyleName) => {
  const cached = songs.get(style);
  if (cached) return cached;
  const pcm = synthesizeSong(spec(style), LENGTH_SEC);
  songs.set(style, pcm);
  return pcm;
};

describe("synthesizeSong", () => {
  it("renders the same samples for the same spec", () => {
    const again = synthesizeSong(spec("electronic"), LENGTH_SEC);
    expect(Buffer.compare(Buffer.from(again.buffer), Buffer.from(render("electronic").buffer))).toBe(0);
  });

  it("renders something else for another seed", () => {
    const other = synthesizeSong(spec("electronic", { seed: 8 }), LENGTH_SEC);
    expect(Buffer.compare(Buffer.from(other.buffer), Buffer.from(render("electronic").buffer))).not.toBe(0);
  });

  it("returns exactly the requested length as interleaved stereo at 44.1 kHz", () => {
    expect(render("rock").length).toBe(2 * LENGTH_SEC * SAMPLE_RATE);
    expect(synthesizeSong(spec("jazz"), 1.25).length).toBe(2 * Math.round(1.25 * SAMPLE_RATE));
  });

  it.each(["electronic", "rock", "jazz", "ambient", "hiphop"] as const)(
    "keeps %s peaks below −1 dBFS and is far from silent",
    (style) => {
      const pcm = render(style);
      let peak = 0;
      for (let i = 0; i < pcm.length; i++) peak = Math.max(peak, Math.abs(pcm[i] ?? 0));
      expect(peak).toBeLessThan(0.892);
      expect(peak).toBeGreaterThan(0.3);
      const db = 20 * Math.log10(rms(pcm));
      expect(db).toBeGreaterThan(-20);
      expect(db).toBeLessThan(-12);
    },
  );

  it("fades in from and out to silence", () => {
    const pcm = render("rock");
    expect(Math.abs(pcm[0] ?? 1)).toBeLessThan(1e-3);
    expect(Math.abs(pcm.at(-1) ?? 1)).toBeLessThan(1e-3);
  });

  it("is louder and brighter in the chorus than in the intro", () => {
    const song = spec("electronic");
    const pcm = render("electronic");
    const intro = section(song, LENGTH_SEC, pcm, "intro");
    const chorus = section(song, LENGTH_SEC, pcm, "chorus");
    expect(20 * Math.log10(rms(chorus) / rms(intro))).toBeGreaterThan(4);
    expect(brightness(chorus)).toBeGreaterThan(2 * brightness(intro));
  });

  it("has drums in an electronic chorus but none in an ambient one", () => {
    const drums = (style: StyleName) =>
      arrangeSong(spec(style), LENGTH_SEC).filter((e) =>
        /^(kick|snare|clap|hat|openHat|ride|brush)/.test(e.voice),
      );
    expect(drums("electronic").length).toBeGreaterThan(50);
    expect(drums("ambient")).toEqual([]);
    const chorusOf = (style: StyleName) => section(spec(style), LENGTH_SEC, render(style), "chorus");
    expect(brightness(chorusOf("electronic"))).toBeGreaterThan(3 * brightness(chorusOf("ambient")));
  });

  it("drops the drums in the bridge", () => {
    const song = spec("rock");
    const bars = planBars(song.sections, song.progression, countBars(song, LENGTH_SEC));
    const bridge = bars.filter((bar) => bar.kind === "bridge").map((bar) => bar.index);
    const first = (bridge[0] ?? 0) * 4;
    const drumsInBridge = arrangeSong(song, LENGTH_SEC).filter(
      (e) => e.voice.startsWith("kick") && e.beat >= first && e.beat < first + 4 * bridge.length,
    );
    expect(bridge.length).toBeGreaterThan(0);
    expect(drumsInBridge).toEqual([]);
  });

  it("sounds different in every style", () => {
    const styles = ["electronic", "rock", "jazz", "ambient", "hiphop"] as const;
    const fingerprints = styles.map((style) => {
      const chorus = section(spec(style), LENGTH_SEC, render(style), "chorus");
      return brightness(chorus).toFixed(3);
    });
    expect(new Set(fingerprints).size).toBe(styles.length);
    const voices = (style: StyleName) => new Set(arrangeSong(spec(style), LENGTH_SEC).map((e) => e.voice));
    expect(voices("jazz").has("upright")).toBe(true);
    expect(voices("rock").has("guitar")).toBe(true);
    expect(voices("hiphop").has("sub808")).toBe(true);
  });

  it("plays jazz in seventh chords and rock in triads", () => {
    const notesPerHit = (style: StyleName, voice: string) => {
      const hits = new Map<number, number>();
      for (const e of arrangeSong(spec(style), LENGTH_SEC).filter((e) => e.voice === voice)) {
        hits.set(e.beat, (hits.get(e.beat) ?? 0) + 1 + (e.chord?.length ?? 0));
      }
      return Math.max(...hits.values());
    };
    expect(notesPerHit("jazz", "keys")).toBe(4);
    expect(notesPerHit("rock", "pad")).toBe(3);
  });
});
