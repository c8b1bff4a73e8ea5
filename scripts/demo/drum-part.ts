import type { NoteEvent } from "./form.ts";
import type { Random } from "./random.ts";
import type { DrumPattern } from "./styles.ts";
import type { VoiceName } from "./voices.ts";

/** Velocity of each pattern character. */
const HIT_VELOCITY: Record<string, number> = { x: 1, "-": 0.7, o: 0.4 };

/** Kick and snare voices of a pattern: the ones fills and ghost notes are played on. */
function findVoice(pattern: DrumPattern, names: readonly VoiceName[]): VoiceName | undefined {
  return names.find((name) => pattern[name] !== undefined);
}

/**
 * One bar of drums from `pattern`, humanised a little: velocities wander ±8 %, the occasional
 * ghost snare appears, and with `fill` the last beat becomes a crescendo of sixteenths.
 * `crash` adds a crash cymbal on the downbeat.
 */
export function playDrums(
  random: Random,
  pattern: DrumPattern,
  barBeat: number,
  options: { fill: boolean; crash: boolean },
): NoteEvent[] {
  const events: NoteEvent[] = [];
  const hit = (voice: VoiceName, step: number, velocity: number) =>
    events.push({ voice, beat: barBeat + step / 4, beats: 0, midi: 60, velocity });
  const snare = findVoice(pattern, ["snare", "clap", "brush"]);
  const kick = findVoice(pattern, ["kickClub", "kickRock", "kickBoom", "kickSoft"]);
  for (const [name, steps] of Object.entries(pattern) as [VoiceName, string][]) {
    for (let step = 0; step < 16; step++) {
      const velocity = HIT_VELOCITY[steps[step] ?? "."];
      if (velocity === undefined) continue;
      if (options.fill && step >= 12 && (name === snare || name === kick)) continue;
      hit(name, step, velocity * random.range(0.92, 1.08));
    }
  }
  if (snare && !options.fill && random.chance(0.2)) hit(snare, random.pick([3, 7, 11, 15]), 0.3);
  if (options.fill && snare) {
    for (let step = 12; step < 16; step++) hit(snare, step, 0.55 + 0.13 * (step - 12));
    if (kick) hit(kick, 12, 0.9);
  }
  if (options.crash) hit("crash", 0, 0.9);
  return events;
}
