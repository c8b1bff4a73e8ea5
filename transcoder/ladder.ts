/**
 * The encode ladder: which renditions a job produces. Names, codecs and bitrates are part of the
 * Worker ⇄ transcoder protocol (docs/transcoder-protocol.md) and of the R2 key layout.
 */

/** Rendition names as they appear in R2 keys and in the publish description. */
export type RenditionName = "low" | "normal" | "high" | "very_high" | "lossless";

/** An Opus rung: always 48 kHz stereo, constrained VBR around the nominal bitrate. */
export interface OpusRung {
  name: RenditionName;
  codec: "opus";
  /** Nominal bitrate in kbit/s (what `-b:a` asks libopus for). */
  bitrateKbps: number;
  /** Output sample rate in Hz; Opus only runs at 48 kHz. */
  sampleRate: 48000;
  /** Output channel count. */
  channels: 2;
}

/** The FLAC rung: source sample rate, source bit depth up to 24, mono or stereo as the source. */
export interface FlacRung {
  name: "lossless";
  codec: "flac";
  /** Highest bit depth kept, in bits per sample; deeper sources are reduced to this. */
  maxBitDepth: 24;
}

export type Rung = OpusRung | FlacRung;

function opusRung(name: RenditionName, bitrateKbps: number): OpusRung {
  return { name, codec: "opus", bitrateKbps, sampleRate: 48000, channels: 2 };
}

/** Opus at 24 kbit/s: cellular data saver. */
export const LOW = opusRung("low", 24);
/** Opus at 96 kbit/s: the default quality. */
export const NORMAL = opusRung("normal", 96);
/** Opus at 160 kbit/s: the free tier's ceiling. */
export const HIGH = opusRung("high", 160);
/** Opus at 320 kbit/s: premium lossy. */
export const VERY_HIGH = opusRung("very_high", 320);
/** FLAC: premium lossless. */
export const LOSSLESS: FlacRung = { name: "lossless", codec: "flac", maxBitDepth: 24 };

/** Every rung, lowest first: what a music track gets. */
export const MUSIC_LADDER: readonly Rung[] = [LOW, NORMAL, HIGH, VERY_HIGH, LOSSLESS];

/** Speech (podcasts, planned) gains nothing from high bitrates or lossless. */
export const SPEECH_LADDER: readonly Rung[] = [LOW, NORMAL];

/** The ladder for a job's kind; an unknown kind gets the music ladder, the safe superset. */
export function ladderFor(kind: string): readonly Rung[] {
  return kind === "speech" ? SPEECH_LADDER : MUSIC_LADDER;
}
