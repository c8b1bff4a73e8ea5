import { join } from "node:path";
import type { Rung } from "./ladder.ts";
import type { SourceInfo } from "./probe.ts";

/** Audio format of one rendition as encoded. */
export interface RenditionFormat {
  /** Sample rate in Hz. */
  sampleRate: number;
  /** Channel count (1 or 2). */
  channels: number;
  /** FLAC only: bits per sample, 16 or 24. */
  bitDepth?: number;
}

/** One intermediate MP4 the encode writes, for the packager. */
export interface RungOutput {
  rung: Rung;
  /** Path of the intermediate (non-fragmented) MP4. */
  path: string;
  format: RenditionFormat;
}

export interface EncodePlan {
  inputPath: string;
  /** Directory the intermediate MP4s go to; must exist. */
  outputDir: string;
  ladder: readonly Rung[];
  source: Pick<SourceInfo, "sampleRate" | "channels" | "bitDepth">;
  /** Major version of the ffmpeg that runs the args (`5` for 5.1). */
  ffmpegMajorVersion: number;
}

/** The format a rung encodes a given source to. */
export function renditionFormatFor(rung: Rung, source: EncodePlan["source"]): RenditionFormat {
  if (rung.codec === "opus") return { sampleRate: rung.sampleRate, channels: rung.channels };
  return {
    sampleRate: source.sampleRate,
    channels: Math.min(source.channels, 2),
    bitDepth: source.bitDepth > 16 ? rung.maxBitDepth : 16,
  };
}

/**
 * Whether the MP4 muxer of this ffmpeg major version calls the codec "experimental" and refuses
 * it without `-strict experimental`: Opus-in-MP4 lost the mark in 4.3, FLAC-in-MP4 in 6.0
 * (Debian 12 ships 5.1, which still needs it for FLAC).
 */
export function needsStrictExperimental(codec: Rung["codec"], ffmpegMajorVersion: number): boolean {
  return codec === "flac" ? ffmpegMajorVersion < 6 : ffmpegMajorVersion < 5;
}

function codecArgs(rung: Rung, format: RenditionFormat): string[] {
  if (rung.codec === "opus") {
    return [
      "-c:a",
      "libopus",
      "-b:a",
      `${rung.bitrateKbps}k`,
      // Constrained VBR: varies with the music but keeps every rung near its nominal rate.
      "-vbr",
      "constrained",
      "-ar",
      String(format.sampleRate),
      "-ac",
      String(format.channels),
    ];
  }
  return [
    "-c:a",
    "flac",
    // The FLAC encoder writes 24 bits from s32 and 16 from s16.
    "-sample_fmt",
    format.bitDepth === 16 ? "s16" : "s32",
    "-ar",
    String(format.sampleRate),
    "-ac",
    String(format.channels),
  ];
}

/**
 * The argument list for the ffmpeg process that encodes a whole ladder: the source is decoded
 * once and split to every rung, each written to `{outputDir}/{rung}.mp4`. Progress goes to stdout
 * as `key=value` lines. Loudness is measured by a second process (`buildLoudnessArgs`) running
 * beside this one: ffmpeg 5.1 runs a whole filter graph and its encoders on one thread, and the
 * true-peak meter (4× oversampling) is heavy enough to be worth the second core.
 */
export function buildEncodeArgs(plan: EncodePlan): { args: string[]; outputs: RungOutput[] } {
  const outputs = plan.ladder.map((rung) => ({
    rung,
    path: join(plan.outputDir, `${rung.name}.mp4`),
    format: renditionFormatFor(rung, plan.source),
  }));
  const args = [
    "-hide_banner",
    "-nostdin",
    // Machine-readable progress (out_time_us=…) on stdout instead of the human status line.
    "-nostats",
    "-progress",
    "pipe:1",
    "-y",
    "-i",
    plan.inputPath,
  ];
  const single = outputs.length === 1;
  if (!single) {
    args.push(
      "-filter_complex",
      `[0:a:0]asplit=${outputs.length}${outputs.map((_, i) => `[r${i}]`).join("")}`,
    );
  }
  outputs.forEach((output, i) => {
    args.push("-map", single ? "0:a:0" : `[r${i}]`, ...codecArgs(output.rung, output.format));
    if (needsStrictExperimental(output.rung.codec, plan.ffmpegMajorVersion)) {
      args.push("-strict", "experimental");
    }
    // Tags and cover art stay with the original; renditions carry audio only.
    args.push("-map_metadata", "-1", "-f", "mp4", output.path);
  });
  return { args, outputs };
}

/**
 * The argument list for the loudness meter: EBU R128 integrated loudness and true peak of the
 * source's first audio stream; ffmpeg prints the summary to stderr when it closes.
 */
export function buildLoudnessArgs(inputPath: string): string[] {
  return [
    "-hide_banner",
    "-nostdin",
    "-nostats",
    "-i",
    inputPath,
    "-map",
    "0:a:0",
    // framelog=verbose keeps the ten-per-second meter lines out of stderr; only the summary stays.
    "-af",
    "ebur128=peak=true:framelog=verbose",
    "-f",
    "null",
    "-",
  ];
}
