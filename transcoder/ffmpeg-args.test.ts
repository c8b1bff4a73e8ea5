import { describe, expect, it } from "vitest";
import {
  buildEncodeArgs,
  buildLoudnessArgs,
  type EncodePlan,
  needsStrictExperimental,
  renditionFormatFor,
} from "./ffmpeg-args.ts";
import { LOSSLESS, MUSIC_LADDER, NORMAL, SPEECH_LADDER } from "./ladder.ts";

const CD = { sampleRate: 44100, channels: 2, bitDepth: 16 };

function plan(overrides: Partial<EncodePlan> = {}): EncodePlan {
  return {
    inputPath: "/tmp/job/original.flac",
    outputDir: "/tmp/job/encoded",
    ladder: MUSIC_LADDER,
    source: CD,
    ffmpegMajorVersion: 7,
    ...overrides,
  };
}

/** The argument runs of each output file: everything after one output path up to the next. */
function outputSections(args: string[]): string[][] {
  const sections: string[][] = [];
  let current: string[] = [];
  const graphAt = args.indexOf("-filter_complex");
  for (const arg of args.slice(graphAt >= 0 ? graphAt + 2 : args.indexOf("-i") + 2)) {
    current.push(arg);
    if (arg.endsWith(".mp4") || arg === "-") {
      sections.push(current);
      current = [];
    }
  }
  return sections;
}

describe("buildEncodeArgs", () => {
  it("decodes the input once and writes one MP4 per rung", () => {
    const { args, outputs } = buildEncodeArgs(plan());
    expect(args.filter((arg) => arg === "-i")).toHaveLength(1);
    expect(outputs.map((o) => o.path)).toEqual(MUSIC_LADDER.map((r) => `/tmp/job/encoded/${r.name}.mp4`));
    const sections = outputSections(args);
    expect(sections).toHaveLength(MUSIC_LADDER.length);
    for (const [i, output] of outputs.entries()) {
      expect(sections[i]?.slice(0, 2)).toEqual(["-map", `[r${i}]`]);
      expect(sections[i]?.slice(-3)).toEqual(["-f", "mp4", output.path]);
    }
  });

  it("splits the decoded audio to every rung", () => {
    const { args } = buildEncodeArgs(plan());
    const graph = args[args.indexOf("-filter_complex") + 1];
    expect(graph).toBe("[0:a:0]asplit=5[r0][r1][r2][r3][r4]");
  });

  it("maps a single rung straight from the source, with no filter graph", () => {
    const { args } = buildEncodeArgs(plan({ ladder: [MUSIC_LADDER[0] as (typeof MUSIC_LADDER)[number]] }));
    expect(args).not.toContain("-filter_complex");
    expect(outputSections(args)[0]?.slice(0, 2)).toEqual(["-map", "0:a:0"]);
  });

  it("encodes every Opus rung with libopus in constrained VBR at its nominal bitrate, 48 kHz stereo", () => {
    const { args } = buildEncodeArgs(plan());
    const sections = outputSections(args);
    for (const [i, rung] of MUSIC_LADDER.entries()) {
      if (rung.codec !== "opus") continue;
      const section = sections[i]?.join(" ");
      expect(section).toContain(`-c:a libopus -b:a ${rung.bitrateKbps}k -vbr constrained -ar 48000 -ac 2`);
    }
  });

  it("keeps the source's rate and 16-bit depth in FLAC", () => {
    const { args } = buildEncodeArgs(plan());
    expect(outputSections(args)[4]?.join(" ")).toContain("-c:a flac -sample_fmt s16 -ar 44100 -ac 2");
  });

  it("keeps 24 bits of a deeper source and a mono source's single channel", () => {
    const { args } = buildEncodeArgs(plan({ source: { sampleRate: 96000, channels: 1, bitDepth: 32 } }));
    expect(outputSections(args)[4]?.join(" ")).toContain("-c:a flac -sample_fmt s32 -ar 96000 -ac 1");
  });

  it("adds -strict experimental to FLAC only for ffmpeg before 6", () => {
    const strictOutputs = (major: number) =>
      outputSections(buildEncodeArgs(plan({ ffmpegMajorVersion: major })).args)
        .map((section, i) => (section.join(" ").includes("-strict experimental") ? i : -1))
        .filter((i) => i >= 0);
    expect(strictOutputs(5)).toEqual([4]);
    expect(strictOutputs(6)).toEqual([]);
    expect(strictOutputs(7)).toEqual([]);
    expect(strictOutputs(4)).toEqual([0, 1, 2, 3, 4]);
  });

  it("writes only the speech ladder's two rungs for speech", () => {
    const { args, outputs } = buildEncodeArgs(plan({ ladder: SPEECH_LADDER }));
    expect(outputs.map((o) => o.rung.name)).toEqual(["low", "normal"]);
    expect(outputSections(args)).toHaveLength(2);
  });

  it("asks for machine-readable progress on stdout and never reads stdin", () => {
    const { args } = buildEncodeArgs(plan());
    expect(args.join(" ")).toContain("-progress pipe:1");
    expect(args).toContain("-nostdin");
  });
});

describe("renditionFormatFor", () => {
  it("downmixes a surround source to stereo FLAC", () => {
    expect(renditionFormatFor(LOSSLESS, { sampleRate: 48000, channels: 6, bitDepth: 24 })).toEqual({
      sampleRate: 48000,
      channels: 2,
      bitDepth: 24,
    });
  });

  it("always encodes Opus at 48 kHz stereo", () => {
    expect(renditionFormatFor(NORMAL, { sampleRate: 22050, channels: 1, bitDepth: 16 })).toEqual({
      sampleRate: 48000,
      channels: 2,
    });
  });
});

describe("needsStrictExperimental", () => {
  it("knows Opus-in-MP4 left experimental status before FLAC-in-MP4", () => {
    expect(needsStrictExperimental("opus", 4)).toBe(true);
    expect(needsStrictExperimental("opus", 5)).toBe(false);
    expect(needsStrictExperimental("flac", 5)).toBe(true);
    expect(needsStrictExperimental("flac", 6)).toBe(false);
  });
});

describe("buildLoudnessArgs", () => {
  it("meters the first audio stream with EBU R128 and true peak into a null output", () => {
    const args = buildLoudnessArgs("/tmp/in.flac");
    expect(args[args.indexOf("-i") + 1]).toBe("/tmp/in.flac");
    expect(args[args.indexOf("-af") + 1]).toBe("ebur128=peak=true:framelog=verbose");
    expect(args.slice(-3)).toEqual(["-f", "null", "-"]);
  });
});
