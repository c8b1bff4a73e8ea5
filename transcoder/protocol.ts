/**
 * Wire shapes of the Worker ⇄ transcoder protocol (docs/transcoder-protocol.md). Field names are
 * the JSON names, hence snake_case.
 */
import type { RenditionName } from "./ladder.ts";
import type { Loudness } from "./loudness.ts";

/** Answer of `POST /internal/jobs/{id}/start`. */
export interface StartedJob {
  /** The job's status before this attempt; `succeeded` means there is nothing to do. */
  status: string;
  track_id: string;
  /** R2 key of the original, for `GET /internal/objects/{key}`. */
  original_key: string;
  /** Fresh id for this attempt: every object key and report carries it. */
  encode_id: string;
  /** `music` or `speech`: picks the ladder. */
  kind: string;
  /** The original's facts from the upload probe; absent or null means probe again. */
  source?: SourceFacts | null;
}

/** What the upload probe learnt about an original (Hz, channels, bits, ms). */
export interface SourceFacts {
  codec: string;
  duration_ms: number;
  sample_rate: number;
  channels: number;
  bit_depth: number;
}

/** One rendition in the publish description. */
export interface RenditionDescription {
  name: RenditionName;
  codec: "opus" | "flac";
  /** RFC 6381 codec string for HLS CODECS. */
  codecs: "opus" | "fLaC";
  /** Nominal rung in kbit/s; lossless: the measured average. */
  bitrate_kbps: number;
  /** Hz. */
  sample_rate: number;
  channels: number;
  /** Bytes of init.mp4. */
  init_size: number;
  /** Bytes per media segment, index 0..n-1. */
  segment_sizes: number[];
  /** Milliseconds per media segment. */
  segment_durations_ms: number[];
  /** Media bytes × 8 / duration, in bit/s. */
  average_bitrate_bps: number;
  /** Max over segments of bytes × 8 / segment duration, in bit/s. */
  peak_bitrate_bps: number;
}

/** Body of `POST /internal/jobs/{id}/publish`. */
export interface EncodeDescription {
  encode_id: string;
  /** Decoded duration of the source in milliseconds. */
  duration_ms: number;
  loudness: Loudness;
  renditions: RenditionDescription[];
}

/** The R2 key of one rendition object. */
export function renditionObjectKey(job: StartedJob, rendition: string, file: string): string {
  return `audio/${job.track_id}/${job.encode_id}/${rendition}/${file}`;
}

/** Answer of `POST /probe`: whether an upload decodes, and what it is. */
export type ProbeResult =
  | ({ ok: true } & SourceFacts)
  | { ok: false; reason: "undecodable" | "truncated"; message: string };
