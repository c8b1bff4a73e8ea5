/** EBU R128 measurements of a source, as published with the encode. */
export interface Loudness {
  /** Integrated loudness in LUFS; ffmpeg reports -70 (the absolute gate) for silence. */
  integrated_lufs: number;
  /** Maximum true peak in dBTP. */
  true_peak_dbtp: number;
}

/** What a silent source's true peak (`-inf` from ffmpeg) is published as, in dBTP: 24-bit's floor. */
export const SILENT_TRUE_PEAK_DBTP = -144;

function parseDecibels(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (text === "-inf") return Number.NEGATIVE_INFINITY;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Reads the summary ffmpeg's `ebur128=peak=true` filter prints to stderr when it closes:
 *
 * ```
 * [Parsed_ebur128_1 @ 0x…] Summary:
 *   Integrated loudness:
 *     I:         -14.2 LUFS
 *   …
 *   True peak:
 *     Peak:       -1.1 dBFS
 * ```
 *
 * Throws when the summary is missing (the filter never ran to the end).
 */
export function parseLoudnessSummary(stderr: string): Loudness {
  const summaryAt = stderr.lastIndexOf("Summary:");
  const summary = summaryAt >= 0 ? stderr.slice(summaryAt) : "";
  const integrated = parseDecibels(/^\s*I:\s*(-inf|-?[\d.]+) LUFS/m.exec(summary)?.[1]);
  const peak = parseDecibels(/True peak:\s*\n\s*Peak:\s*(-inf|-?[\d.]+) dBFS/.exec(summary)?.[1]);
  if (integrated === undefined || peak === undefined) {
    throw new Error("ffmpeg printed no EBU R128 summary (integrated loudness and true peak) on stderr");
  }
  return {
    integrated_lufs: Math.max(integrated, -70),
    true_peak_dbtp: Math.max(peak, SILENT_TRUE_PEAK_DBTP),
  };
}
