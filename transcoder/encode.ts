import { UndecodableInputError } from "./errors.ts";
import { buildEncodeArgs, buildLoudnessArgs, type EncodePlan, type RungOutput } from "./ffmpeg-args.ts";
import { type Loudness, parseLoudnessSummary } from "./loudness.ts";
import { ProcessError, runProcess } from "./run-process.ts";

/** What one ffmpeg run over the whole ladder produced. */
export interface EncodeResult {
  outputs: RungOutput[];
  loudness: Loudness;
  /** How far ffmpeg got, in microseconds of output (the longest output, Opus padding included). */
  outTimeUs: number;
}

/** Reads ffmpeg's `-progress` line `out_time_us=…` (5.x also prints `out_time_ms=`, in µs too). */
export function parseOutTimeUs(line: string): number | undefined {
  const match = /^out_time_(?:us|ms)=(\d+)$/.exec(line.trim());
  return match ? Number(match[1]) : undefined;
}

// What ffmpeg says when the input, not our arguments or the machine, is the problem.
const INPUT_ERRORS =
  /Invalid data found when processing input|Error while decoding|matches no streams|End of file/;

/**
 * Encodes every rung in one ffmpeg process while a second one measures loudness. `onProgress`
 * gets the fraction done (0..1) against `durationMs`. Throws UndecodableInputError when ffmpeg
 * cannot decode the input or it decodes to nothing.
 */
export async function encodeLadder(
  ffmpegPath: string,
  plan: EncodePlan,
  durationMs: number,
  onProgress: (fraction: number) => void,
): Promise<EncodeResult> {
  const { args, outputs } = buildEncodeArgs(plan);
  let outTimeUs = 0;
  const [, meterStderr] = await Promise.all([
    runFfmpeg(ffmpegPath, args, (line) => {
      const us = parseOutTimeUs(line);
      if (us === undefined) return;
      outTimeUs = Math.max(outTimeUs, us);
      if (durationMs > 0) onProgress(Math.min(1, us / 1000 / durationMs));
    }),
    runFfmpeg(ffmpegPath, buildLoudnessArgs(plan.inputPath)),
  ]);
  if (outTimeUs === 0) throw new UndecodableInputError("the input decodes to no audio");
  onProgress(1);
  return { outputs, loudness: parseLoudnessSummary(meterStderr), outTimeUs };
}

/** Runs ffmpeg and returns its stderr; input problems become UndecodableInputError. */
async function runFfmpeg(
  ffmpegPath: string,
  args: string[],
  onStdoutLine?: (line: string) => void,
): Promise<string> {
  try {
    return await runProcess(ffmpegPath, args, { onStdoutLine });
  } catch (error) {
    if (error instanceof ProcessError && INPUT_ERRORS.test(error.stderr)) {
      throw new UndecodableInputError(`ffmpeg cannot decode the input: ${error.message}`);
    }
    throw error;
  }
}
