import { execFile } from "node:child_process";
import { promisify } from "node:util";

/** One channel of the test signal: three sines, a little white noise, a loud noise burst at 12–14 s. */
function channel(frequenciesHz: readonly number[], seed: number): string {
  const [a, b, c] = frequenciesHz;
  const noise = (i: number, amp: number) => `${amp}*(random(${i})*2-1)`;
  return [
    `0.25*sin(2*PI*${a}*t)`,
    `0.15*sin(2*PI*${b}*t)`,
    `0.1*sin(2*PI*${c}*t)`,
    noise(seed, 0.05),
    `if(between(t,12,14),${noise(seed + 1, 0.3)},0)`,
  ].join("+");
}

/**
 * Writes a stereo test source (16-bit PCM WAV unless the extension says otherwise) that gives
 * Opus something to chew on. For tests only: `durationS` in seconds, `sampleRate` in Hz.
 */
export async function generateTestSource(
  ffmpeg: string,
  path: string,
  durationS: number,
  sampleRate = 44100,
): Promise<void> {
  const exprs = `${channel([220, 330, 1250], 0)}|${channel([277, 415, 2500], 2)}`;
  const source = `aevalsrc=exprs='${exprs}':s=${sampleRate}:d=${durationS}`;
  await promisify(execFile)(ffmpeg, ["-v", "error", "-y", "-f", "lavfi", "-i", source, path]);
}

/** Decodes a media file to 48 kHz mono s16 and returns its duration in milliseconds (exact). */
export async function decodedDurationMs(ffmpeg: string, path: string): Promise<number> {
  const args = ["-v", "error", "-i", path, "-f", "s16le", "-ac", "1", "-ar", "48000", "-"];
  const { stdout } = await promisify(execFile)(ffmpeg, args, { encoding: "buffer", maxBuffer: 1 << 30 });
  return (stdout.byteLength / 2 / 48000) * 1000;
}
