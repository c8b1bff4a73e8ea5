import { describe, expect, it } from "vitest";
import { describeRendition, peakBitrateBps } from "./describe-encode.ts";
import { LOSSLESS, NORMAL } from "./ladder.ts";

describe("describeRendition", () => {
  it("describes an Opus rung with its nominal rate and measured average and peak", () => {
    const described = describeRendition(
      NORMAL,
      { sampleRate: 48000, channels: 2 },
      { initSize: 810, segmentSizes: [125000, 120000, 30000], segmentDurationsMs: [10000, 10000, 2500] },
    );
    expect(described).toEqual({
      name: "normal",
      codec: "opus",
      codecs: "opus",
      bitrate_kbps: 96,
      sample_rate: 48000,
      channels: 2,
      init_size: 810,
      segment_sizes: [125000, 120000, 30000],
      segment_durations_ms: [10000, 10000, 2500],
      average_bitrate_bps: Math.round((275000 * 8) / 22.5),
      peak_bitrate_bps: 100000,
    });
  });

  it("gives lossless its measured average as bitrate and fLaC as codec string", () => {
    const described = describeRendition(
      LOSSLESS,
      { sampleRate: 44100, channels: 2, bitDepth: 16 },
      { initSize: 779, segmentSizes: [1_000_000], segmentDurationsMs: [10000] },
    );
    expect(described).toMatchObject({ codec: "flac", codecs: "fLaC", bitrate_kbps: 800, sample_rate: 44100 });
  });

  it("refuses an empty segment", () => {
    const format = { sampleRate: 48000, channels: 2 };
    expect(() =>
      describeRendition(NORMAL, format, {
        initSize: 810,
        segmentSizes: [100, 0],
        segmentDurationsMs: [10000, 0],
      }),
    ).toThrow(/segment 1 is empty/);
  });
});

describe("peakBitrateBps", () => {
  it("is the highest full segment's bitrate", () => {
    expect(peakBitrateBps([100_000, 125_000, 110_000], [10_000, 10_000, 10_000], 10_000)).toBe(100_000);
  });

  it("counts a short last segment together with its neighbour, not alone", () => {
    // 400 bytes in 20 ms alone would be 160 kbit/s; with the previous segment it is ~96 kbit/s.
    const peak = peakBitrateBps([120_000, 120_000, 400], [10_000, 10_000, 20], 10_000);
    expect(peak).toBe(Math.round((120_400 * 8) / 10.02));
  });

  it("averages a rendition shorter than half the target", () => {
    expect(peakBitrateBps([30_000], [2_000], 10_000)).toBe(120_000);
  });
});
