import { describe, expect, it } from "vitest";
import { parseLoudnessSummary, SILENT_TRUE_PEAK_DBTP } from "./loudness.ts";

// Captured from ffmpeg 5.1 (`-af ebur128=peak=true:framelog=verbose`), tail of stderr.
const LOUD_STEREO = `size=N/A time=00:00:03.00 bitrate=N/A speed= 153x
video:0kB audio:563kB subtitle:0kB other streams:0kB global headers:0kB muxing overhead: unknown
[Parsed_ebur128_0 @ 0x55f53078e340] Summary:

  Integrated loudness:
    I:          -2.9 LUFS
    Threshold: -12.9 LUFS

  Loudness range:
    LRA:        20.0 LU
    Threshold: -22.9 LUFS
    LRA low:   -22.9 LUFS
    LRA high:   -2.9 LUFS

  True peak:
    Peak:       -0.9 dBFS
`;

const SILENCE = `[Parsed_ebur128_0 @ 0x55bff463cac0] Summary:

  Integrated loudness:
    I:         -70.0 LUFS
    Threshold:   0.0 LUFS

  Loudness range:
    LRA:         0.0 LU
    Threshold:   0.0 LUFS
    LRA low:     0.0 LUFS
    LRA high:    0.0 LUFS

  True peak:
    Peak:       -inf dBFS
`;

describe("parseLoudnessSummary", () => {
  it("reads integrated loudness and true peak from the summary", () => {
    expect(parseLoudnessSummary(LOUD_STEREO)).toEqual({ integrated_lufs: -2.9, true_peak_dbtp: -0.9 });
  });

  it("ignores the per-frame meter lines before the summary", () => {
    const frameLine =
      "[Parsed_ebur128_1 @ 0x5598] t: 24.9  TARGET:-23 LUFS  M: -27.5 S: -27.5  I: -27.5 LUFS  LRA: 0.0 LU  FTPK: -18.9 dBFS  TPK: -18.2 dBFS\n";
    expect(parseLoudnessSummary(frameLine.repeat(3) + LOUD_STEREO).integrated_lufs).toBe(-2.9);
  });

  it("publishes a silent source's -inf peak as a finite floor", () => {
    expect(parseLoudnessSummary(SILENCE)).toEqual({
      integrated_lufs: -70,
      true_peak_dbtp: SILENT_TRUE_PEAK_DBTP,
    });
  });

  it("throws when ffmpeg printed no summary", () => {
    expect(() => parseLoudnessSummary("Conversion failed!\n")).toThrow(/no EBU R128 summary/);
  });
});
