/**
 * Loudness normalisation by volume scaling: every track is brought down to the same perceived
 * loudness (EBU R128, measured at encode time and sent with the manifest). An element's volume
 * cannot exceed 1, so tracks quieter than the target play at the listener's volume unchanged —
 * the loud ones come down to meet them, which is what listeners notice.
 */

/** A track's measured loudness, as the manifest gives it (null when not measured). */
export interface Loudness {
  /** Integrated loudness, LUFS. */
  integratedLufs: number | null;
  /** True peak, dBTP. */
  truePeakDbtp: number | null;
}

export const NO_LOUDNESS: Loudness = { integratedLufs: null, truePeakDbtp: null };

/** The level every track is normalised to, LUFS (Spotify's and YouTube's "normal"). */
export const TARGET_LUFS = -14;

/** The gain that brings `loudness` to the target, as a linear factor in 0..1 (1: leave as is). */
export function normalisationGain(loudness: Loudness): number {
  if (loudness.integratedLufs === null || !Number.isFinite(loudness.integratedLufs)) return 1;
  const gainDb = Math.min(0, TARGET_LUFS - loudness.integratedLufs);
  return 10 ** (gainDb / 20);
}

/** The element volume for the listener's `volume` (0..1), normalised when `normalise` is on. */
export function elementVolume(volume: number, loudness: Loudness, normalise: boolean): number {
  const v = Math.min(1, Math.max(0, Number.isFinite(volume) ? volume : 1));
  return normalise ? v * normalisationGain(loudness) : v;
}
