import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { UndecodableInputError } from "./errors.ts";

/** What the encode needs to know about the source's first audio stream. */
export interface SourceInfo {
  /** ffmpeg's codec name: `flac`, `mp3`, `pcm_s16le`, … */
  codec: string;
  /** Duration from the container or stream header, in milliseconds (an estimate for some formats). */
  durationMs: number;
  /** Sample rate in Hz. */
  sampleRate: number;
  /** Channel count. */
  channels: number;
  /** Bits per sample of the decoded audio: 16 for lossy sources and 16-bit PCM, more for deep ones. */
  bitDepth: number;
}

interface ProbeStream {
  codec_name?: string;
  sample_rate?: string;
  channels?: number;
  bits_per_raw_sample?: string;
  bits_per_sample?: number;
  duration?: string;
}

interface ProbeOutput {
  streams?: ProbeStream[];
  format?: { duration?: string };
}

/**
 * Reads `ffprobe -print_format json -show_format -show_streams -select_streams a:0` output.
 * Throws UndecodableInputError when there is no usable audio stream.
 */
export function parseProbeOutput(json: string): SourceInfo {
  const probe = JSON.parse(json) as ProbeOutput;
  const stream = probe.streams?.[0];
  if (!stream) throw new UndecodableInputError("the file has no audio stream");
  const sampleRate = Number(stream.sample_rate);
  const channels = stream.channels ?? 0;
  if (!(sampleRate > 0) || !(channels > 0)) {
    throw new UndecodableInputError("the audio stream has no sample rate or channel count");
  }
  const seconds = Number(stream.duration ?? probe.format?.duration);
  // Lossy codecs report no depth (0): they decode to float, and 16 bits is their natural depth.
  const bitDepth = Number(stream.bits_per_raw_sample) || stream.bits_per_sample || 16;
  return {
    codec: stream.codec_name ?? "unknown",
    durationMs: Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : 0,
    sampleRate,
    channels,
    bitDepth,
  };
}

/** Probes a local file with ffprobe. Throws UndecodableInputError when ffprobe cannot read it. */
export async function probeSource(ffprobePath: string, file: string): Promise<SourceInfo> {
  const args = ["-v", "error", "-print_format", "json", "-show_format", "-show_streams"];
  args.push("-select_streams", "a:0", file);
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(ffprobePath, args, { maxBuffer: 8 * 1024 * 1024 }));
  } catch (error) {
    const { code, stderr } = error as { code?: unknown; stderr?: string };
    // A missing binary is our problem (ENOENT), not the input's.
    if (typeof code !== "number") throw error;
    throw new UndecodableInputError(`ffprobe cannot read the file: ${stderr?.trim() || `exit ${code}`}`);
  }
  return parseProbeOutput(stdout);
}
